/**
 * The API version of the External Secrets Operator objects (`SecretStore`, `ExternalSecret`).
 *
 * @see https://external-secrets.io/latest/introduction/stability-support/
 */
export enum ExternalSecretsApiVersion {
  /** `external-secrets.io/v1`, served since External Secrets Operator v0.16.0. */
  V1 = 'external-secrets.io/v1',

  /**
   * `external-secrets.io/v1beta1`, for External Secrets Operator releases before v0.16.0. Releases from
   * v0.17.0 on no longer serve it unless configured to.
   */
  V1BETA1 = 'external-secrets.io/v1beta1',
}

/**
 * Which Kubernetes manifests `kubernetesManifests()`, `kubernetesManifestsYaml()` and
 * `kubernetesManifestFiles()` produce, of `CrossAccountSecretAccess` and of `CrossAccountSecrets`.
 *
 * Each workload gets the consumers that fit its own identity, so IRSA and EKS Pod Identity workloads
 * can be mixed in one graph.
 */
export interface KubernetesManifestsOptions {
  /**
   * The ServiceAccount of each workload, annotated with the role ARN for IRSA (no annotation with EKS Pod
   * Identity).
   *
   * @default true
   */
  readonly serviceAccount?: boolean;

  /**
   * A `SecretProviderClass` per workload for the AWS provider of the Secrets Store CSI driver, listing each
   * secret it reads by ARN.
   *
   * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/integrating_csi_driver.html
   * @default true
   */
  readonly secretProviderClass?: boolean;

  /**
   * A `SecretStore` per IRSA workload and an `ExternalSecret` per secret it reads, for External Secrets
   * Operator, addressing each secret by ARN.
   *
   * Only for workloads that use IRSA: the SecretStore authenticates as the workload's service account
   * (`auth.jwt.serviceAccountRef`). With EKS Pod Identity, External Secrets Operator would use its
   * controller's own identity, not the workload's role, so workloads that use Pod Identity only get no
   * External Secrets objects. True when every workload uses Pod Identity only is an error.
   *
   * @see https://external-secrets.io/latest/provider/aws-access/
   * @default true
   */
  readonly externalSecrets?: boolean;

  /**
   * API version of the External Secrets Operator objects.
   *
   * @default ExternalSecretsApiVersion.V1
   */
  readonly externalSecretsApiVersion?: ExternalSecretsApiVersion;

  /**
   * A `Job` per workload that runs as its service account and reads the version ID (never the value) of
   * each secret the workload may read, with the AWS CLI. It needs neither the CSI driver nor External
   * Secrets Operator, and is deleted ten minutes after it finishes, so applying the file again runs it
   * again.
   *
   * @default true
   */
  readonly checkJob?: boolean;

  /**
   * Container image of the check Job: an image with the AWS CLI as its entry point.
   *
   * With EKS Pod Identity, the AWS CLI must be version 2.15.0 or later.
   *
   * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-minimum-sdk.html
   * @default 'public.ecr.aws/aws-cli/aws-cli:2.15.0'
   */
  readonly checkJobImage?: string;
}
