import { ExternalSecretsApiVersion, KubernetesManifestsOptions } from '../../kubernetes-manifests-options';
import { invalidProp } from '../input/errors';
import { KUBERNETES_MANIFESTS_OPTIONS } from '../input/prop-names';
import * as types from '../input/types';
import { containerImage } from '../input/values';
import type { WorkloadModel } from '../model/model';

/** The AWS CLI's own image; 2.15.0 is the first AWS CLI v2 that reads EKS Pod Identity credentials. */
export const DEFAULT_CHECK_IMAGE = 'public.ecr.aws/aws-cli/aws-cli:2.15.0';

/**
 * Whether the cluster side of a workload uses EKS Pod Identity. A workload that trusts both IRSA and
 * Pod Identity (while it moves from one to the other) keeps IRSA here: the manifests switch last.
 */
export function usesPodIdentity(workload: WorkloadModel): boolean {
  return workload.oidcIssuers.length === 0;
}

/**
 * Whether External Secrets Operator can read the workload's secrets as the workload. A SecretStore acts
 * as a service account only through `auth.jwt.serviceAccountRef`, which exchanges that account's token
 * for the role's credentials with AssumeRoleWithWebIdentity: IRSA. EKS Pod Identity hands credentials
 * only to the pods that run as the service account, and the operator runs as its own, so with Pod
 * Identity it would read with the controller's identity, not the workload role.
 * https://external-secrets.io/latest/provider/aws-access/ (EKS Service Account credentials)
 * https://github.com/external-secrets/external-secrets/issues/2951
 */
export function fitsExternalSecrets(workload: WorkloadModel): boolean {
  return !usesPodIdentity(workload);
}

/** `KubernetesManifestsOptions` with every default applied, validated. */
export interface ManifestSettings {
  readonly serviceAccount: boolean;
  readonly secretProviderClass: boolean;
  readonly externalSecrets: boolean;
  /** Whether the caller set `externalSecrets` to true: then at least one workload must fit it. */
  readonly externalSecretsAsked: boolean;
  readonly externalSecretsApiVersion: ExternalSecretsApiVersion;
  readonly checkJob: boolean;
  readonly checkJobImage: string;
  /** Value of the `app.kubernetes.io/part-of` label: the name of the setup the objects belong to. */
  readonly partOf: string;
}

/**
 * Validates the options (`where` is the construct path errors name) and applies the defaults.
 * `partOf` names the setup the objects belong to, such as the construct's stack name prefix.
 */
export function manifestSettings(where: string, options: KubernetesManifestsOptions | undefined, partOf: string): ManifestSettings {
  const o = options ?? {};
  types.knownProps(where, 'options', o, KUBERNETES_MANIFESTS_OPTIONS);
  const flag = (name: keyof KubernetesManifestsOptions, fallback: boolean): boolean =>
    o[name] === undefined ? fallback : types.boolean(where, `options.${name}`, o[name]);

  const versions = Object.values(ExternalSecretsApiVersion) as string[];
  const apiVersion = o.externalSecretsApiVersion ?? ExternalSecretsApiVersion.V1;
  if (!versions.includes(apiVersion)) {
    throw invalidProp(
      where,
      'options.externalSecretsApiVersion',
      apiVersion,
      'is not an External Secrets API version: use ExternalSecretsApiVersion.V1 or ExternalSecretsApiVersion.V1BETA1.',
    );
  }
  return {
    serviceAccount: flag('serviceAccount', true),
    secretProviderClass: flag('secretProviderClass', true),
    // Each workload gets the objects that fit its identity (`fitsExternalSecrets`), in any mix.
    externalSecrets: flag('externalSecrets', true),
    externalSecretsAsked: o.externalSecrets === true,
    externalSecretsApiVersion: apiVersion,
    checkJob: flag('checkJob', true),
    checkJobImage: o.checkJobImage === undefined ? DEFAULT_CHECK_IMAGE : containerImage(where, 'options.checkJobImage', o.checkJobImage),
    partOf: labelValue(partOf),
  };
}

/** A valid label value (at most 63 of A-Z, a-z, 0-9, "-", "_", ".", alphanumeric at both ends). */
function labelValue(text: string): string {
  return (
    text
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .slice(0, 63)
      .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '') || 'cross-account-secrets'
  );
}
