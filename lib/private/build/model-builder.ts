import { AccessModel, GrantModel, KeyModel, SecretModel, WorkloadModel } from '../model/model';

/**
 * The model a `CrossAccountSecrets` graph holds: its parts and grants, in the order they were added.
 * Parts validate their options into models as they are added; the stacks read this at synth.
 */
export class GraphState implements AccessModel {
  public readonly keys: KeyModel[] = [];
  public readonly secrets: SecretModel[] = [];
  public readonly workloads: WorkloadModel[] = [];
  public readonly grants: GrantModel[] = [];

  /** Adds the grant; granting the same secret to the same workload again changes nothing. */
  public grant(workload: WorkloadModel, secret: SecretModel): boolean {
    if (this.grants.some((g) => g.workload === workload && g.secret === secret)) return false;
    this.grants.push({ workload, secret });
    return true;
  }
}

/** What a part needs of its graph: the model to render from, and the way to add a grant. */
export interface PartGraph {
  readonly access: () => AccessModel;
  grant(workload: WorkloadModel, secret: SecretModel): void;
}
