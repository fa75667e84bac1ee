import { Names } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { ClusterApply } from '../input/cluster-apply';
import { invalidUse } from '../input/errors';
import { GrantModel, WorkloadModel } from '../model/model';
import { Manifest, manifestFiles } from './kubernetes-manifests';
import { fitsExternalSecrets, manifestSettings } from './manifest-settings';

// The cluster side applied through the cluster (`applyThroughClusters`): the same objects as the files
// `cdk synth` writes, from the same function, as a `KubernetesManifest` of the cluster's module per
// cluster, in the workload's stack. A `KubernetesManifest` labels its objects when it is created (the
// prune label), so its objects cannot change afterwards: each grant replaces the manifests of its
// workload, under the same construct ids, so their logical IDs stay the same.
// https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_eks_v2.KubernetesManifest.html

/** The ServiceAccount, and the consumers' objects, which need it, as two manifests per cluster. */
const SERVICE_ACCOUNT_ID = 'ServiceAccount';
const CONSUMERS_ID = 'Consumers';

export interface ClusterObjectsProps {
  /** The construct path errors name. */
  readonly where: string;
  readonly apply: ClusterApply;
  /** The grants of this workload, at the time of asking. */
  readonly grants: () => readonly GrantModel[];
  /** What the objects are applied after: the pod role and its Pod Identity associations. */
  readonly after: readonly IConstruct[];
  /** The `app.kubernetes.io/part-of` label, as the files have it. */
  readonly partOf: string;
}

/** A workload's objects applied through its clusters; `update()` after each grant. */
export class ClusterObjects {
  private readonly holders: ReadonlyArray<{ readonly scope: Construct; readonly apply: ClusterApply['clusters'][number] }>;

  constructor(
    scope: Construct,
    workload: WorkloadModel,
    private readonly props: ClusterObjectsProps,
  ) {
    const { apply, where } = props;
    if (apply.externalSecrets && !fitsExternalSecrets(workload)) {
      throw invalidUse(
        where,
        `\`${apply.prop}.externalSecrets\` is true, but ${workload.namespace}/${workload.serviceAccount} uses EKS Pod Identity only, and a SecretStore can act as a workload's service account only with IRSA (with Pod Identity the operator would read with its controller's identity, not the workload role); leave \`${apply.prop}.externalSecrets\` unset or false.`,
      );
    }
    const root = new Construct(scope, 'ClusterObjects');
    this.holders = apply.clusters.map((cluster) => ({
      scope: new Construct(root, Names.nodeUniqueId(cluster.cluster.node)),
      apply: cluster,
    }));
    this.update();
  }

  /** The objects of the files for this workload's grants, split into the ServiceAccount and the rest. */
  private objects(): { serviceAccount: Manifest[]; consumers: Manifest[] } {
    const { apply, where, partOf } = this.props;
    const settings = manifestSettings(
      where,
      {
        serviceAccount: apply.serviceAccount,
        secretProviderClass: apply.secretProviderClass,
        externalSecrets: apply.externalSecrets,
        checkJob: false,
      },
      partOf,
    );
    const files = manifestFiles(where, this.props.grants(), settings);
    return {
      serviceAccount: files.filter((f) => f.fileName === 'service-accounts.yaml').flatMap((f) => [...f.objects]),
      consumers: files.filter((f) => f.fileName !== 'service-accounts.yaml').flatMap((f) => [...f.objects]),
    };
  }

  /** Replaces each cluster's manifests with the objects of the grants so far. */
  public update(): void {
    for (const { scope, apply } of this.holders) {
      // Fresh objects per cluster: each manifest adds its own prune label to the objects it is given.
      const { serviceAccount, consumers } = this.objects();
      scope.node.tryRemoveChild(SERVICE_ACCOUNT_ID);
      scope.node.tryRemoveChild(CONSUMERS_ID);
      const add = (id: string, manifest: Manifest[], after: readonly IConstruct[]) => {
        if (manifest.length === 0) return undefined;
        const applied = new apply.manifestClass(scope, id, { cluster: apply.cluster, manifest, overwrite: this.props.apply.overwrite });
        applied.node.addDependency(...after);
        return applied;
      };
      const account = add(SERVICE_ACCOUNT_ID, serviceAccount, this.props.after);
      add(CONSUMERS_ID, consumers, account ? [...this.props.after, account] : this.props.after);
    }
  }
}
