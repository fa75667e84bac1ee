import * as cdk from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { ApplyThroughClustersOptions, ClusterIdentity, WorkloadCommonProps } from '../../workload-props';
import { invalidProp, invalidUse } from './errors';
import { APPLY_THROUGH_CLUSTERS_OPTIONS } from './prop-names';
import * as types from './types';

// `applyThroughClusters`: which objects to apply, and through which module's `KubernetesManifest`. The
// library imports neither EKS module by name: `aws_eks_v2` is not in older aws-cdk-lib releases, so it is
// read from the aws-cdk-lib the app runs with, and a missing one is an error that says so.

/** What `aws_eks.KubernetesManifest` and `aws_eks_v2.KubernetesManifest` both take (the props used here). */
export type KubernetesManifestClass = new (
  scope: Construct,
  id: string,
  props: { readonly cluster: unknown; readonly manifest: Record<string, unknown>[]; readonly overwrite?: boolean },
) => IConstruct;

/** A cluster to apply through, with the `KubernetesManifest` class of its module. */
export interface ApplyCluster {
  readonly cluster: IConstruct;
  readonly manifestClass: KubernetesManifestClass;
}

/** `ApplyThroughClustersOptions` validated, with its defaults, and the clusters to apply through. */
export interface ClusterApply {
  /** The property path errors name, such as `workload.applyThroughClusters`. */
  readonly prop: string;
  readonly clusters: readonly ApplyCluster[];
  readonly serviceAccount: boolean;
  readonly secretProviderClass: boolean;
  readonly externalSecrets: boolean;
  readonly overwrite: boolean;
  /**
   * Whether the workload's pods on these clusters get the role through EKS Pod Identity (`clusterIdentity`),
   * which the applied objects then use, even when the workload also trusts OIDC issuers given as text.
   */
  readonly podIdentity: boolean;
}

/** The jsii type name of the value's class or nearest base class, such as `aws-cdk-lib.aws_eks_v2.Cluster`. */
function jsiiFqn(value: object): string | undefined {
  for (let proto = Object.getPrototypeOf(value); proto; proto = Object.getPrototypeOf(proto)) {
    const fqn = proto.constructor?.[Symbol.for('jsii.rtti')]?.fqn;
    if (typeof fqn === 'string') return fqn;
  }
  return undefined;
}

/**
 * The `KubernetesManifest` class for the cluster, from its module. Refuses a cluster that has no way to
 * run kubectl.
 */
function manifestClassOf(where: string, at: string, cluster: IConstruct): KubernetesManifestClass {
  const fqn = jsiiFqn(cluster);
  const path = cluster.node.path;
  if (fqn?.startsWith('@aws-cdk/aws-eks-v2-alpha.')) {
    throw invalidProp(
      where,
      at,
      path,
      "is an @aws-cdk/aws-eks-v2-alpha cluster: objects are applied through aws-cdk-lib's aws_eks and aws_eks_v2 clusters only; move the cluster to aws-cdk-lib's aws_eks_v2, or leave `applyThroughClusters` unset and apply the files `kubernetes/*.yaml`.",
    );
  }
  // By its jsii type name (`aws-cdk-lib.aws_eks.Cluster`, `...FargateCluster`, `aws-cdk-lib.aws_eks_v2.Cluster`);
  // by shape for a subclass the app defines outside jsii: only aws_eks clusters have `kubectlLambdaRole`.
  const named = /^aws-cdk-lib\.(aws_eks|aws_eks_v2)\./.exec(fqn ?? '')?.[1];
  const v1 = named ? named === 'aws_eks' : 'kubectlLambdaRole' in cluster;
  const module = v1 ? 'aws_eks' : 'aws_eks_v2';
  const manifestClass = (cdk as unknown as Record<string, { KubernetesManifest?: KubernetesManifestClass } | undefined>)[module]
    ?.KubernetesManifest;
  if (!manifestClass) {
    throw invalidProp(
      where,
      at,
      path,
      `is an ${module} cluster, and the aws-cdk-lib this app runs with has no ${module} module: upgrade aws-cdk-lib, or leave \`applyThroughClusters\` unset and apply the files \`kubernetes/*.yaml\`.`,
    );
  }
  // An aws_eks Cluster always has its kubectl provider; an aws_eks_v2 Cluster only when asked for one.
  // (Imported clusters are not taken by `clusters`: they have no OIDC issuer URL to read.)
  if (!v1 && (cluster as { kubectlProvider?: unknown }).kubectlProvider === undefined) {
    throw invalidProp(
      where,
      at,
      path,
      'has no kubectl provider, which applying objects through the cluster needs: create it with `kubectlProviderOptions` (aws_eks_v2 creates its kubectl provider only then), or leave `applyThroughClusters` unset and apply the files `kubernetes/*.yaml`.',
    );
  }
  return manifestClass;
}

/** A workload's `applyThroughClusters`, with what it is checked against, by the property names the user wrote. */
export interface ClusterApplyInput {
  /** The construct path errors name. */
  readonly where: string;
  /** Such as `applyThroughClusters` or `workload.applyThroughClusters`. */
  readonly prop: string;
  readonly options: ApplyThroughClustersOptions | undefined;
  /** The clusters given as constructs, already checked to be EKS clusters, and their property. */
  readonly clusters: readonly IConstruct[];
  readonly clustersProp: string;
  readonly identity: ClusterIdentity | undefined;
  readonly identityProp: string;
  /** The workload's service account, which only one workload may have applied through a cluster. */
  readonly namespace: string;
  readonly serviceAccount: string;
}

/**
 * `clusterApply` of a workload's props or options, whose properties are named with `prefix` (`workload.`
 * in the one-of-each props, nothing in a graph's `addWorkload()`).
 */
export function clusterApplyOf(
  where: string,
  prefix: string,
  props: Pick<WorkloadCommonProps, 'applyThroughClusters' | 'clusterIdentity'> & { readonly clusters?: readonly IConstruct[] },
  workload: { readonly namespace: string; readonly serviceAccount: string },
): ClusterApply | undefined {
  return clusterApply({
    where,
    prop: `${prefix}applyThroughClusters`,
    options: props.applyThroughClusters,
    clusters: props.clusters ?? [],
    clustersProp: `${prefix}clusters`,
    identity: props.clusterIdentity,
    identityProp: `${prefix}clusterIdentity`,
    namespace: workload.namespace,
    serviceAccount: workload.serviceAccount,
  });
}

/** Who applies which service account through each cluster: the path of the workload, by `<namespace>/<name>`. */
const appliedServiceAccounts = new WeakMap<IConstruct, Map<string, string>>();

/** `applyThroughClusters` of a workload, checked against its clusters; undefined when not asked for. */
export function clusterApply(input: ClusterApplyInput): ClusterApply | undefined {
  const { where, prop, options, clusters, clustersProp } = input;
  if (options === undefined) return undefined;
  types.object(where, prop, options);
  types.knownProps(where, prop, options, APPLY_THROUGH_CLUSTERS_OPTIONS);
  if (clusters.length === 0) {
    throw invalidUse(
      where,
      `\`${prop}\` needs \`${clustersProp}\`: objects are applied through clusters given as constructs of this app; for clusters named by issuer or name, leave \`${prop}\` unset and apply the files \`kubernetes/*.yaml\`.`,
    );
  }
  const flag = (name: keyof ApplyThroughClustersOptions, fallback: boolean): boolean =>
    options[name] === undefined ? fallback : types.boolean(where, `${prop}.${name}`, options[name]);
  const apply = {
    prop,
    serviceAccount: flag('serviceAccount', true),
    secretProviderClass: flag('secretProviderClass', false),
    externalSecrets: flag('externalSecrets', false),
    overwrite: flag('overwrite', false),
    podIdentity: input.identity === ClusterIdentity.POD_IDENTITY,
  };
  if (!apply.serviceAccount && !apply.secretProviderClass && !apply.externalSecrets) {
    throw invalidUse(
      where,
      `\`${prop}\` applies nothing: \`serviceAccount\` is false and no consumer is asked for; leave \`${prop}\` unset, or set one of \`serviceAccount\`, \`secretProviderClass\` and \`externalSecrets\`.`,
    );
  }
  if (apply.externalSecrets && apply.podIdentity) {
    throw invalidUse(
      where,
      `\`${prop}.externalSecrets\` is true, but \`${input.identityProp}\` is POD_IDENTITY: a SecretStore can act as a workload's service account only with IRSA (with EKS Pod Identity the operator would read with its controller's identity, not the workload role); leave \`${prop}.externalSecrets\` unset or false.`,
    );
  }
  return {
    ...apply,
    clusters: clusters.map((cluster, i) => {
      const at = `${clustersProp}[${i}]`;
      if (clusters.indexOf(cluster) !== i) {
        throw invalidProp(
          where,
          at,
          cluster.node.path,
          `is also \`${clustersProp}[${clusters.indexOf(cluster)}]\`: give each cluster once.`,
        );
      }
      claimServiceAccount(input, at, cluster);
      return { cluster, manifestClass: manifestClassOf(where, at, cluster) };
    }),
  };
}

/**
 * Refuses a second workload that would apply the same service account through the cluster: a service
 * account is bound to one role, and two manifests of it would each create it and delete it.
 */
function claimServiceAccount(input: ClusterApplyInput, at: string, cluster: IConstruct): void {
  const claims = appliedServiceAccounts.get(cluster) ?? new Map<string, string>();
  appliedServiceAccounts.set(cluster, claims);
  const account = `${input.namespace}/${input.serviceAccount}`;
  const other = claims.get(account);
  if (other !== undefined && other !== input.where) {
    throw invalidProp(
      input.where,
      at,
      cluster.node.path,
      `already has service account ${account} applied through it, by ${other}: a service account is bound to one role; give this workload another \`serviceAccount\`, or apply through the cluster from one workload only.`,
    );
  }
  claims.set(account, input.where);
}
