import type { CrossAccountSecretAccessProps } from '../cross-account-secret-access-props';
import type { KeyProps } from '../key-props';
import type { KubernetesManifestsOptions } from '../kubernetes-manifests-options';
import type { SecretProps } from '../secret-props';
import type { PodIdentityProps, WorkloadProps } from '../workload-props';

// The property names of each props interface, for the run-time check that rejects unknown (misspelt)
// names. A `Record` over `keyof` makes the compiler keep each list exactly equal to its interface.

type Names<T> = Record<keyof T, true>;

function names<T>(record: Names<T>): readonly string[] {
  return Object.keys(record);
}

export const ACCESS_PROPS = names<CrossAccountSecretAccessProps>({ workload: true, secret: true, key: true });

export const WORKLOAD_PROPS = names<WorkloadProps>({
  account: true,
  region: true,
  oidcIssuer: true,
  podIdentity: true,
  namespace: true,
  serviceAccount: true,
  roleName: true,
  allowDescribeSecret: true,
  permissionsBoundaryArn: true,
  maxSessionDuration: true,
});

export const POD_IDENTITY_PROPS = names<PodIdentityProps>({ clusterName: true });

export const SECRET_PROPS = names<SecretProps>({
  account: true,
  region: true,
  secretName: true,
  description: true,
  removalPolicy: true,
});

export const KEY_PROPS = names<KeyProps>({
  account: true,
  region: true,
  alias: true,
  administratorArns: true,
  description: true,
  removalPolicy: true,
  pendingWindow: true,
});

export const KUBERNETES_MANIFESTS_OPTIONS = names<KubernetesManifestsOptions>({
  serviceAccount: true,
  secretProviderClass: true,
  externalSecrets: true,
  externalSecretsApiVersion: true,
  checkJob: true,
  checkJobImage: true,
});
