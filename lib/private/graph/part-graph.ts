import { Stack } from 'aws-cdk-lib';
import type { IWorkloadPart } from '../../i-parts';
import { AccessModel, SecretModel, WorkloadModel } from '../model/model';

/**
 * What a part needs of its graph: the model to render from, the way to add a grant, and the stack of a
 * workload (where warnings about a grant go when its secret has no stack).
 */
export interface PartGraph {
  readonly model: () => AccessModel;
  grant(workload: IWorkloadPart, secret: SecretModel): void;
  stackOfWorkload(workload: WorkloadModel): Stack;
}
