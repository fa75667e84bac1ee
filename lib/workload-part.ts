import { aws_eks as eks, aws_iam as iam } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { IWorkloadPart } from './i-parts';
import type { PartGraph } from './private/graph/part-graph';
import { roleArn } from './private/model/identifiers';
import { WorkloadModel } from './private/model/model';
import { ClusterObjects, ClusterObjectsProps } from './private/outputs/cluster-objects';
import { GRAPH_WORKLOAD_PROPS, RenderedTargetRole, RenderedWorkload } from './private/render/workload';

/** Where a workload's parts outside its stack go: its target role, and the objects applied through its clusters. */
interface WorkloadPartPlaces {
  /** The scope of the EKS Pod Identity target role, in the secrets' account, when the workload has one. */
  readonly targetScope?: Construct;
  /** What to apply through the workload's clusters (`applyThroughClusters`), when asked for. */
  readonly clusterObjects?: ClusterObjectsProps;
}

/**
 * A workload of a `CrossAccountSecrets` graph: the pod role with its trust policy, its permissions as
 * customer managed policies, and a Pod Identity association per Pod Identity cluster. Create it with
 * `addWorkload()`, and grant it secrets with `secret.grantRead(workload)`.
 */
export class WorkloadPart extends Construct implements IWorkloadPart {
  /** @internal */
  public static _create(
    scope: Construct,
    id: string,
    model: WorkloadModel,
    graph: PartGraph,
    parts: WorkloadPartPlaces = {},
  ): WorkloadPart {
    return new WorkloadPart(scope, id, model, graph, parts);
  }

  /** Name of the pod role. */
  public readonly roleName: string;

  /** ARN of the pod role, for the ServiceAccount's `eks.amazonaws.com/role-arn` annotation. */
  public readonly roleArn: string;

  /** The pod role. */
  public readonly role: iam.CfnRole;

  /** @internal */
  public readonly _model: WorkloadModel;

  /** @internal */
  public readonly _rendered: RenderedWorkload;

  /** @internal */
  public readonly _target?: RenderedTargetRole;

  /** The EKS Pod Identity target role in the secrets' account, when the workload reads through one. */
  public readonly targetRole?: iam.CfnRole;

  /** @internal */
  public readonly _clusterObjects?: ClusterObjects;

  private constructor(scope: Construct, id: string, model: WorkloadModel, graph: PartGraph, parts: WorkloadPartPlaces) {
    super(scope, id);
    const { targetScope, clusterObjects } = parts;
    this._model = model;
    this.roleName = model.roleName;
    this.roleArn = roleArn(model);
    this._rendered = new RenderedWorkload(this, model, graph.model, GRAPH_WORKLOAD_PROPS);
    this.role = this._rendered.role;
    this.oidcProviders = graph.oidcProviders(model, this.role);

    if (targetScope) {
      this._target = new RenderedTargetRole(new Construct(targetScope, `${id}TargetRole`), model, graph.model, GRAPH_WORKLOAD_PROPS);
      this.targetRole = this._target.role;
    }
    if (clusterObjects) {
      this._clusterObjects = new ClusterObjects(this, model, this._rendered, clusterObjects);
    }
  }

  /**
   * The IAM OIDC providers of `oidcIssuers` when `createOidcProvider` is set; else empty. The graph creates
   * one provider per account and issuer, shared by every workload that asks for it, in its default
   * workload stack of that account.
   */
  public readonly oidcProviders: iam.CfnOIDCProvider[];

  /** The role's customer managed policies, as many as its granted secrets need. */
  public get permissionsPolicies(): iam.CfnManagedPolicy[] {
    return [...this._rendered.permissionsPolicies];
  }

  /** The Pod Identity associations, one per Pod Identity cluster. */
  public get podIdentityAssociations(): eks.CfnPodIdentityAssociation[] {
    return [...this._rendered.podIdentityAssociations];
  }
}
