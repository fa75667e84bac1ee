import type { AccessKmsKeyProps } from '../../access-kms-key-props';
import type { AccessSecretProps } from '../../access-secret-props';
import type { CrossAccountSecretAccessProps } from '../../cross-account-secret-access-props';
import type { KeyOptions } from '../../key-options';
import type { KubernetesManifestsOptions } from '../../kubernetes-manifests-options';
import type { RolePathServiceControlPolicyOptions } from '../../role-path-scp-options';
import type { ImportedSecretOptions, SecretOptions } from '../../secret-options';
import type { PodIdentityTargetRoleOptions, WorkloadOptions } from '../../workload-options';
import type { AccessPodIdentityProps, AccessWorkloadProps, ApplyThroughClustersOptions, WorkloadCommonProps } from '../../workload-props';

// The property names of each props interface, for the run-time check that rejects unknown (misspelt)
// names. A `Record` over `keyof` makes the compiler keep each list exactly equal to its interface.

type Names<T> = Record<keyof T, true>;

function names<T>(record: Names<T>): readonly string[] {
  return Object.keys(record);
}

export const ACCESS_PROPS = names<CrossAccountSecretAccessProps>({ workload: true, secret: true, key: true, writeOutputs: true });

const WORKLOAD_COMMON: Names<WorkloadCommonProps> = {
  account: true,
  region: true,
  namespace: true,
  serviceAccount: true,
  roleName: true,
  allowDescribeSecret: true,
  permissionsBoundaryArn: true,
  maxSessionDuration: true,
  rolePath: true,
  grantPrincipal: true,
  readableVersions: true,
  clusterIdentity: true,
  applyThroughClusters: true,
};

export const WORKLOAD_PROPS = names<AccessWorkloadProps>({ ...WORKLOAD_COMMON, oidcIssuers: true, podIdentity: true, clusters: true });

export const WORKLOAD_OPTIONS = names<WorkloadOptions>({
  ...WORKLOAD_COMMON,
  oidcIssuers: true,
  podIdentityClusters: true,
  maxManagedPolicies: true,
  maxTrustPolicyLength: true,
  podIdentityTargetRole: true,
  stackGroup: true,
  createOidcProvider: true,
  clusters: true,
});

export const TARGET_ROLE_OPTIONS = names<PodIdentityTargetRoleOptions>({ account: true, roleName: true, disableSessionTags: true });

export const POD_IDENTITY_PROPS = names<AccessPodIdentityProps>({
  clusterName: true,
  targetRole: true,
  targetRoleName: true,
  disableSessionTags: true,
});

/** The settings of a secret to create, which both front doors take (a `Pick` of each, so both must have them). */
type SecretSettings = 'account' | 'region' | 'secretName' | 'description' | 'removalPolicy' | 'keyUserArns';
const SECRET_SETTINGS: Names<Pick<SecretOptions, SecretSettings> & Pick<AccessSecretProps, SecretSettings>> = {
  account: true,
  region: true,
  secretName: true,
  description: true,
  removalPolicy: true,
  keyUserArns: true,
};

export const SECRET_PROPS = names<AccessSecretProps>(SECRET_SETTINGS);

export const SECRET_OPTIONS = names<SecretOptions>({ ...SECRET_SETTINGS, key: true, stackGroup: true });

export const IMPORTED_SECRET_OPTIONS = names<ImportedSecretOptions>({
  secretArn: true,
  account: true,
  region: true,
  secretName: true,
  key: true,
  manageResourcePolicy: true,
  stackGroup: true,
});

/** The settings of a key to create, which both front doors take (a `Pick` of each, so both must have them). */
type KeySettings = 'account' | 'region' | 'alias' | 'administratorArns' | 'description' | 'removalPolicy' | 'pendingWindow';
const KEY_SETTINGS: Names<Pick<KeyOptions, KeySettings> & Pick<AccessKmsKeyProps, KeySettings>> = {
  account: true,
  region: true,
  alias: true,
  administratorArns: true,
  description: true,
  removalPolicy: true,
  pendingWindow: true,
};

export const KEY_PROPS = names<AccessKmsKeyProps>({ ...KEY_SETTINGS, keyArn: true });

export const KEY_OPTIONS = names<KeyOptions>({ ...KEY_SETTINGS, pinnedKeyArn: true, stackGroup: true });

export const KUBERNETES_MANIFESTS_OPTIONS = names<KubernetesManifestsOptions>({
  serviceAccount: true,
  secretProviderClass: true,
  externalSecrets: true,
  externalSecretsApiVersion: true,
  checkJob: true,
  checkJobImage: true,
});

export const ROLE_PATH_SCP_OPTIONS = names<RolePathServiceControlPolicyOptions>({ deployerRoleArns: true, bootstrapperArns: true });

export const APPLY_THROUGH_CLUSTERS_OPTIONS = names<ApplyThroughClustersOptions>({
  serviceAccount: true,
  secretProviderClass: true,
  externalSecrets: true,
  overwrite: true,
});
