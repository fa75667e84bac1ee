import type { IWorkloadPart } from '../../i-parts';
import { AccessModel, SecretModel } from '../model/model';

/** What a part needs of its graph: the model to render from, and the way to add a grant. */
export interface PartGraph {
  readonly model: () => AccessModel;
  grant(workload: IWorkloadPart, secret: SecretModel): void;
}
