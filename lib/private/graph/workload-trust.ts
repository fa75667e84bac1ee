import type { WorkloadOptions } from '../../workload-options';
import { WorkloadTrust } from '../build/model-builder';
import { trustOfClusters } from '../input/cluster-constructs';
import * as types from '../input/types';

/**
 * How `addWorkload()`'s options name the workload's trust: its OIDC issuers and Pod Identity clusters as
 * strings or tokens, the clusters given as constructs, a Pod Identity target role, and the OIDC providers
 * to create; each value with the property it came from, for the builder's errors.
 */
export function trustOfWorkloadOptions(where: string, options: WorkloadOptions): WorkloadTrust {
  const fromClusters = trustOfClusters(
    where,
    'clusters',
    types.list(where, 'clusters', options.clusters),
    options.clusterIdentity,
    options,
  );
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
