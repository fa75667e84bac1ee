import { Names } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { ApplyCluster, ClusterApply } from '../input/cluster-apply';
import { GrantModel, WorkloadModel } from '../model/model';
import { RenderedWorkload } from '../render/workload';
import { Manifest, manifestFiles } from './kubernetes-manifests';
import { ManifestSettings, manifestSettings } from './manifest-settings';

// The cluster side applied through the cluster (`applyThroughClusters`): the objects of the files `cdk synth`
// writes, from the same function, each as a `KubernetesManifest` of the cluster's module, in the workload's
// stack. One manifest per object, named by its kind and name, so that CloudFormation's own lifecycle is the
// object's: a new object is created (`kubectl create`, which fails on an object that exists unless
// `overwrite`), a changed one is applied, and one the grants no longer give is deleted (`kubectl delete`).
// A manifest of several objects would leave a removed one in the cluster: its update runs
// `kubectl apply --prune`, an alpha feature whose default allowlist of kinds has no custom resources and
// no ServiceAccount. https://kubernetes.io/docs/reference/kubectl/generated/kubectl_apply/ (`--prune-allowlist`)
// A `KubernetesManifest` labels its objects when it is created (the prune label), so its objects cannot
// change afterwards: each grant replaces the workload's manifests, under the same construct ids, so their
// logical IDs stay the same.
// https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_eks_v2.KubernetesManifest.html

export interface ClusterObjectsProps {
  /** The construct path errors name. */
  readonly where: string;
  readonly apply: ClusterApply;
  /** The grants of this workload, at the time of asking. */
  readonly grants: () => readonly GrantModel[];
  /** The `app.kubernetes.io/part-of` label, as the files have it. */
  readonly partOf: string;
}

/** A workload's objects applied through its clusters; `update()` after each grant. */
export class ClusterObjects {
  private readonly holders: ReadonlyArray<{ readonly scope: Construct; readonly cluster: ApplyCluster }>;
  /** What the objects are applied after: the pod role and its Pod Identity associations. */
  private readonly after: readonly IConstruct[];
  private readonly settings: ManifestSettings;

  constructor(
    scope: Construct,
    private readonly workload: WorkloadModel,
    rendered: RenderedWorkload,
    private readonly props: ClusterObjectsProps,
  ) {
    this.after = [rendered.role, ...rendered.podIdentityAssociations];
    const { apply, where, partOf } = props;
    const options = {
      serviceAccount: apply.serviceAccount,
      secretProviderClass: apply.secretProviderClass,
      externalSecrets: apply.externalSecrets,
    };
    this.settings = manifestSettings(where, { ...options, checkJob: false }, partOf);
    const root = new Construct(scope, 'ClusterObjects');
    this.holders = props.apply.clusters.map((cluster) => ({
      scope: new Construct(root, Names.nodeUniqueId(cluster.cluster.node)),
      cluster,
    }));
    this.update();
  }

  /**
   * The objects of the files for this workload's grants, the ServiceAccount first. With EKS Pod Identity on
   * these clusters (`clusterIdentity`), the objects are those of a Pod Identity workload, even when the
   * workload also trusts OIDC issuers given as text (for which its files keep IRSA).
   */
  private objects(): { serviceAccounts: Manifest[]; consumers: Manifest[] } {
    const asApplied: WorkloadModel = this.props.apply.podIdentity ? { ...this.workload, oidcIssuers: [] } : this.workload;
    const grants = this.props.grants().map((grant) => ({ ...grant, workload: asApplied }));
    const objects = manifestFiles(this.props.where, grants, this.settings).flatMap((file) => [...file.objects]);
    return {
      serviceAccounts: objects.filter((object) => object.kind === 'ServiceAccount'),
      consumers: objects.filter((object) => object.kind !== 'ServiceAccount'),
    };
  }

  /** Replaces each cluster's manifests with the objects of the grants so far. */
  public update(): void {
    const { serviceAccounts, consumers } = this.objects();
    for (const { scope, cluster } of this.holders) {
      for (const child of [...scope.node.children]) scope.node.tryRemoveChild(child.node.id);
      // A copy per cluster: each manifest adds its own prune label to the objects it is given.
      const accounts = serviceAccounts.map((object) => this.applyObject(scope, cluster, structuredClone(object), this.after));
      for (const object of consumers) this.applyObject(scope, cluster, structuredClone(object), [...this.after, ...accounts]);
    }
  }

  private applyObject(
    scope: Construct,
    { cluster, manifestClass }: ApplyCluster,
    object: Manifest,
    after: readonly IConstruct[],
  ): IConstruct {
    const { name } = object.metadata as { name: string };
    const manifest = new manifestClass(scope, `${object.kind}-${name}`, {
      cluster,
      manifest: [object],
      overwrite: this.props.apply.overwrite,
    });
    manifest.node.addDependency(...after);
    return manifest;
  }
}
