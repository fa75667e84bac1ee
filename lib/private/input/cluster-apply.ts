import * as cdk from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import type { ApplyThroughClustersOptions } from '../../workload-props';
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
 * The `KubernetesManifest` class for the cluster, from its module: `aws_eks` clusters have
 * `kubectlLambdaRole`, `aws_eks_v2` clusters do not. Refuses a cluster that has no way to run kubectl.
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
  const v1 = 'kubectlLambdaRole' in cluster;
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

/**
 * `applyThroughClusters` of a workload (`prop`, such as `workload.applyThroughClusters`), checked against
 * its clusters given as constructs (`clustersProp`; already checked to be EKS clusters); undefined when
 * not asked for.
 */
export function clusterApply(
  where: string,
  prop: string,
  options: ApplyThroughClustersOptions | undefined,
  clustersProp: string,
  clusters: readonly IConstruct[],
): ClusterApply | undefined {
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
  };
  if (!apply.serviceAccount && !apply.secretProviderClass && !apply.externalSecrets) {
    throw invalidUse(
      where,
      `\`${prop}\` applies nothing: \`serviceAccount\` is false and no consumer is asked for; leave \`${prop}\` unset, or set one of \`serviceAccount\`, \`secretProviderClass\` and \`externalSecrets\`.`,
    );
  }
  return {
    ...apply,
    clusters: clusters.map((cluster, i) => ({ cluster, manifestClass: manifestClassOf(where, `${clustersProp}[${i}]`, cluster) })),
  };
}
