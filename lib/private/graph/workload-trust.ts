import { IConstruct } from 'constructs';
import type { WorkloadOptions } from '../../workload-options';
import { ModelBuilder, WorkloadTrust } from '../build/model-builder';
import { clusterApplyOf } from '../input/cluster-apply';
import { checkClustersStage, trustOfClusters } from '../input/cluster-constructs';
import * as propNames from '../input/prop-names';
import * as types from '../input/types';
import { WorkloadModel } from '../model/model';
import { ClusterObjectsProps } from '../outputs/cluster-objects';

/**
 * Refuses a property `addWorkload()`'s options (and their target role) do not have, such as a misspelt one,
 * and a cluster construct of another stage than the graph's.
 */
export function checkWorkloadOptions(where: string, options: WorkloadOptions, graph: IConstruct): void {
  types.knownProps(where, '', options, propNames.WORKLOAD_OPTIONS);
  if (options.podIdentityTargetRole !== undefined) {
    types.knownProps(where, 'podIdentityTargetRole', options.podIdentityTargetRole, propNames.TARGET_ROLE_OPTIONS);
  }
  checkClustersStage(where, 'clusters', types.list(where, 'clusters', options.clusters), graph);
}

/**
 * How `addWorkload()`'s options name the workload's trust: its OIDC issuers and Pod Identity clusters as
 * strings or tokens, the clusters given as constructs, a Pod Identity target role, and the OIDC providers
 * to create; each value with the property it came from, for the builder's errors.
 */
export function trustOfWorkloadOptions(where: string, options: WorkloadOptions): WorkloadTrust {
  const fromClusters = trustOfClusters(where, '', types.list(where, 'clusters', options.clusters), options.clusterIdentity, options);
  const target = options.podIdentityTargetRole;
  return {
    oidcIssuers: [...types.fromPropList(where, 'oidcIssuers', options.oidcIssuers), ...fromClusters.oidcIssuers],
    podIdentityClusters: [
      ...types.fromPropList(where, 'podIdentityClusters', options.podIdentityClusters),
      ...fromClusters.podIdentityClusters,
    ],
    oidcIssuersProp: 'oidcIssuers',
    podIdentityClustersProp: 'podIdentityClusters',
    targetRole: target && {
      prop: 'podIdentityTargetRole',
      value: { account: target.account, roleName: target.roleName, sessionTags: !target.disableSessionTags },
    },
    createOidcProviders: { prop: 'createOidcProvider', value: options.createOidcProvider === true },
  };
}

/**
 * `addWorkload()`'s `applyThroughClusters`, checked against its `clusters`: what the workload part applies
 * through them, with the workload's grants as they are added; undefined when not asked for.
 */
export function clusterObjectsOfOptions(
  where: string,
  options: WorkloadOptions,
  partOf: string,
  builder: ModelBuilder,
  workload: WorkloadModel,
): ClusterObjectsProps | undefined {
  const apply = clusterApplyOf(where, '', options, workload);
  const grants = () => builder.grantedSecrets(workload).map((secret) => ({ workload, secret }));
  return apply && { where, apply, partOf, grants };
}
