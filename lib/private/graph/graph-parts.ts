import { Stack } from 'aws-cdk-lib';
import { aws_kms as kms } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import type { IKeyPart, ISecretPart, IWorkloadPart } from '../../i-parts';
import { invalidProp, invalidUse } from '../input/errors';
import { KeyModel, policyLeftToOwners, SecretModel, WorkloadModel } from '../model/model';
import { ClusterObjects } from '../outputs/cluster-objects';
import { RenderedParts, RenderedSecretResources, RenderedWorkloadResources } from '../render/rendered-parts';
import { RenderedSecret } from '../render/secret';
import { RenderedTargetRole, RenderedWorkload } from '../render/workload';
import { deployGrantAfterRole, deploySecretAfterKey, deployWorkloadAfterTargetRole, RenderedStackOfPart, StackOfPart } from './wiring';

interface KeyEntry {
  readonly part: IKeyPart;
  /** Undefined for an existing key. */
  readonly key?: kms.CfnKey;
}

interface SecretEntry {
  readonly part: ISecretPart;
  readonly rendered: RenderedSecret;
}

interface WorkloadEntry {
  readonly part: IWorkloadPart;
  readonly rendered: RenderedWorkload;
  readonly target?: RenderedTargetRole;
  /** The objects applied through the workload's clusters (`applyThroughClusters`), which follow its grants. */
  readonly clusterObjects?: ClusterObjects;
}

/**
 * The parts of one graph, by model, with the resources they rendered; and the checks that a part given
 * back to the graph (a secret's key, a grant's workload) is one of its own.
 */
export class GraphParts implements RenderedParts {
  public readonly keys = new Map<KeyModel, KeyEntry>();
  public readonly secrets = new Map<SecretModel, SecretEntry>();
  public readonly workloads = new Map<WorkloadModel, WorkloadEntry>();
  private readonly ids = new Set<string>();
  private readonly models = new Map<IConstruct, KeyModel | SecretModel | WorkloadModel>();

  constructor(
    private readonly graphPath: string,
    /** Whether the app synthesizes a stack (`deployAccounts`); the order of deployment is set between those only. */
    private readonly rendered: (stack: Stack) => boolean = () => true,
  ) {}

  /** The path of a new part with this id, which no other part of the graph may have. */
  public pathFor(id: string): string {
    if (this.ids.has(id)) {
      throw invalidProp(
        this.graphPath,
        'id',
        id,
        'is already the id of another part of this graph: give each key, secret and workload its own id.',
      );
    }
    return `${this.graphPath}/${id}`;
  }

  public addKey(model: KeyModel, entry: KeyEntry): void {
    this.keys.set(model, entry);
    this.models.set(entry.part, model);
    this.ids.add(entry.part.node.id);
  }

  /** Adds the secret, whose stack deploys after its key's. */
  public addSecret(model: SecretModel, entry: SecretEntry): void {
    this.secrets.set(model, entry);
    deploySecretAfterKey(this.renderedStacks(), model);
    this.models.set(entry.part, model);
    this.ids.add(entry.part.node.id);
  }

  /** Adds the workload, whose stack deploys after its target role's. */
  public addWorkload(model: WorkloadModel, entry: WorkloadEntry): void {
    this.workloads.set(model, entry);
    deployWorkloadAfterTargetRole(this.renderedStacks(), model);
    this.models.set(entry.part, model);
    this.ids.add(entry.part.node.id);
  }

  /** The model of a key given as a secret's `key`, which must be a key of this graph. */
  public keyOf(where: string, value: unknown): KeyModel {
    const model = this.models.get(value as IConstruct);
    if (model === undefined || !this.keys.has(model as KeyModel)) {
      throw invalidProp(
        where,
        'key',
        value === undefined ? undefined : String(value),
        'is not a key of this graph: pass what `addKey()` of the same CrossAccountSecrets returned.',
      );
    }
    return model as KeyModel;
  }

  /**
   * The model of a workload given to `grantRead()` (a workload construct: `grantRead()` checked that), which
   * must be a workload of this graph.
   */
  public workloadOf(secret: SecretModel, workload: IWorkloadPart): WorkloadModel {
    const model = this.models.get(workload);
    if (model !== undefined && this.workloads.has(model as WorkloadModel)) return model as WorkloadModel;
    throw invalidUse(
      secret.path,
      `grantRead: the workload "${workload.node.path}" belongs to another CrossAccountSecrets graph: grant secrets to workloads of the same graph.`,
    );
  }

  /** The grant adds statements to the parts' documents, and managed policies or a resource policy as needed. */
  public addResourcesForGrant(workload: WorkloadModel, secret: SecretModel): void {
    deployGrantAfterRole(this.renderedStacks(), workload, secret);
    const reader = this.workloads.get(workload)!;
    reader.rendered.addResourcesForGrants();
    reader.target?.addResourcesForGrants();
    reader.clusterObjects?.update();
    this.secrets.get(secret)!.rendered.addResourcesForGrants();
  }

  public key(key: KeyModel): kms.CfnKey | undefined {
    return this.keys.get(key)?.key;
  }

  public secret(secret: SecretModel): RenderedSecretResources {
    const { rendered } = this.secrets.get(secret)!;
    return { secret: rendered.secret, resourcePolicy: rendered.resourcePolicy };
  }

  public workload(workload: WorkloadModel): RenderedWorkloadResources {
    const { rendered, target } = this.workloads.get(workload)!;
    return {
      role: rendered.role,
      permissionsPolicies: rendered.permissionsPolicies,
      podIdentityAssociations: rendered.podIdentityAssociations,
      targetRole: target?.role,
      targetPermissionsPolicies: target?.permissionsPolicies,
    };
  }

  /** `stacks()`, with none for a part of an account the app does not deploy. */
  private renderedStacks(): RenderedStackOfPart {
    const all = this.stacks();
    const only = (stack: Stack | undefined) => (stack && this.rendered(stack) ? stack : undefined);
    return {
      key: (key) => only(all.key(key)),
      secret: (secret) => only(all.secret(secret)),
      workload: (workload) => only(all.workload(workload)),
      targetRole: (workload) => only(all.targetRole(workload)),
    };
  }

  /** The stack each part is rendered in, for the order the stacks deploy in; none for a part without one. */
  public stacks(): StackOfPart {
    return {
      key: (key) => {
        const cfnKey = this.key(key);
        return cfnKey && Stack.of(cfnKey);
      },
      secret: (secret) => (policyLeftToOwners(secret) ? undefined : Stack.of(this.secrets.get(secret)!.part)),
      workload: (workload) => Stack.of(this.workloads.get(workload)!.part),
      targetRole: (workload) => {
        const target = this.workloads.get(workload)!.target;
        return target && Stack.of(target.role);
      },
    };
  }
}
