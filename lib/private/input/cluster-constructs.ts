import { Stack, Stage, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { ClusterIdentity } from '../../workload-props';
import { invalidProp } from './errors';
import { FromProp } from './prop-path';
import * as types from './types';

// EKS clusters given as constructs of the app. The library reads what `aws_eks.Cluster` and
// `aws_eks_v2.Cluster` both have (`clusterName`, `clusterOpenIdConnectIssuerUrl`, `openIdConnectProvider`),
// so it imports neither module: `aws_eks_v2` does not exist in older aws-cdk-lib releases.

/** What a workload trusts, by the property each value came from. */
export interface ClusterTrust {
  readonly oidcIssuers: FromProp<string>[];
  readonly podIdentityClusters: FromProp<string>[];
}

interface EksClusterLike extends IConstruct {
  readonly clusterName: string;
  readonly clusterOpenIdConnectIssuerUrl: string;
  readonly openIdConnectProvider: unknown;
}

function isEksCluster(value: unknown): value is EksClusterLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    'node' in value &&
    'clusterName' in value &&
    'clusterOpenIdConnectIssuerUrl' in value &&
    'openIdConnectProvider' in value
  );
}

/**
 * The trust sources of clusters given as constructs, which must be in the workload's account and region
 * (`workload`, as given; checked here only where both sides are literals, the builder checks the rest),
 * their properties named with `prefix` (`workload.` in the one-of-each props, nothing in a graph).
 * With IRSA, reading `openIdConnectProvider` makes either module create the cluster's IAM OIDC provider
 * if it has none yet.
 */
export function trustOfClusters(
  where: string,
  prefix: string,
  clusters: readonly unknown[],
  identity: ClusterIdentity | undefined,
  workload: { readonly account?: unknown; readonly region?: unknown },
): ClusterTrust {
  types.oneOf(where, `${prefix}clusterIdentity`, identity, ClusterIdentity);
  const trust: ClusterTrust = { oidcIssuers: [], podIdentityClusters: [] };
  clusters.forEach((cluster, i) => {
    const at = `${prefix}clusters[${i}]`;
    if (!isEksCluster(cluster)) {
      throw invalidProp(where, at, String(cluster), 'is not an EKS cluster: give an aws_eks or aws_eks_v2 Cluster of this app.');
    }
    const stack = Stack.of(cluster);
    for (const [what, theirs, ours] of [
      ['account', stack.account, workload.account],
      ['region', stack.region, workload.region],
    ] as const) {
      if (typeof ours === 'string' && !Token.isUnresolved(ours) && !Token.isUnresolved(theirs) && theirs !== ours) {
        throw invalidProp(
          where,
          at,
          cluster.node.path,
          `is in ${what} ${theirs}, and the workload in ${ours}: CloudFormation resolves a cluster's values only in its own account and region; give its OIDC issuer URL or name as a literal instead.`,
        );
      }
    }
    if (identity === ClusterIdentity.POD_IDENTITY) {
      trust.podIdentityClusters.push({ prop: at, value: cluster.clusterName });
    } else {
      void cluster.openIdConnectProvider;
      trust.oidcIssuers.push({ prop: at, value: cluster.clusterOpenIdConnectIssuerUrl });
    }
  });
  return trust;
}

/**
 * Refuses a cluster construct of another stage than the workload's (`scope`): a stack can refer to a
 * stack of its own stage only, and aws-cdk-lib's error would name neither the property nor the fix.
 */
export function checkClustersStage(where: string, prop: string, clusters: readonly unknown[], scope: IConstruct): void {
  const stage = Stage.of(scope);
  clusters.forEach((cluster, i) => {
    if (!isEksCluster(cluster) || Stage.of(cluster) === stage) return;
    const name = (s: Stage | undefined) => (s?.node.path ? `stage ${s.node.path}` : 'the app, outside any stage');
    throw invalidProp(
      where,
      `${prop}[${i}]`,
      cluster.node.path,
      `is in ${name(Stage.of(cluster))}, and the workload in ${name(stage)}: a stack can refer only to stacks of its own stage; create the cluster in the workload's stage, or give its OIDC issuer URL or name as a literal instead.`,
    );
  });
}
