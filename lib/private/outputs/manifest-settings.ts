import { ExternalSecretsApiVersion, KubernetesManifestsOptions } from '../../kubernetes-manifests-options';
import { invalidProp, invalidUse } from '../input/errors';
import { KUBERNETES_MANIFESTS_OPTIONS } from '../input/prop-names';
import * as types from '../input/types';
import { containerImage } from '../input/values';
import type { GrantModel, WorkloadModel } from '../model/model';

/** The AWS CLI's own image; 2.15.0 is the first AWS CLI v2 that reads EKS Pod Identity credentials. */
export const DEFAULT_CHECK_IMAGE = 'public.ecr.aws/aws-cli/aws-cli:2.15.0';

/**
 * Whether the cluster side of a workload uses EKS Pod Identity. A workload that trusts both IRSA and
 * Pod Identity (while it moves from one to the other) keeps IRSA here: the manifests switch last.
 */
export function usesPodIdentity(workload: WorkloadModel): boolean {
  return workload.oidcIssuers.length === 0;
}

/** `KubernetesManifestsOptions` with every default applied, validated. */
export interface ManifestSettings {
  readonly serviceAccount: boolean;
  readonly secretProviderClass: boolean;
  readonly externalSecrets: boolean;
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
export function manifestSettings(
  where: string,
  options: KubernetesManifestsOptions | undefined,
  grants: readonly GrantModel[],
  partOf: string,
): ManifestSettings {
  const o = options ?? {};
  types.knownProps(where, 'options', o, KUBERNETES_MANIFESTS_OPTIONS);
  const flag = (name: keyof KubernetesManifestsOptions, fallback: boolean): boolean =>
    o[name] === undefined ? fallback : types.boolean(where, `options.${name}`, o[name]);

  const podIdentity = grants.some((g) => usesPodIdentity(g.workload));
  if (podIdentity && o.externalSecrets === true) {
    throw invalidUse(
      where,
      "`options.externalSecrets` is true with EKS Pod Identity: External Secrets Operator would use its controller's identity, not the workload role; leave `options.externalSecrets` unset or false, or use IRSA.",
    );
  }
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
    externalSecrets: flag('externalSecrets', !podIdentity),
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
