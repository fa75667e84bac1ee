/**
 * Which Kubernetes manifests `CrossAccountSecretAccess.kubernetesManifests()` produces.
 */
export interface KubernetesManifestsOptions {
  /**
   * The ServiceAccount, annotated with the role ARN for IRSA (no annotation with EKS Pod Identity).
   *
   * @default true
   */
  readonly serviceAccount?: boolean;

  /**
   * A `SecretProviderClass` for the AWS provider of the Secrets Store CSI driver, addressing the secret by ARN.
   *
   * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/integrating_csi_driver.html
   * @default true
   */
  readonly secretProviderClass?: boolean;

  /**
   * A `SecretStore` and an `ExternalSecret` for External Secrets Operator, addressing the secret by ARN.
   *
   * Only with IRSA: the SecretStore authenticates as the workload's service account. With EKS Pod
   * Identity, External Secrets Operator uses its controller's own identity, not the workload's role.
   *
   * @see https://external-secrets.io/latest/provider/aws-secrets-manager/
   * @default - true with IRSA, false with EKS Pod Identity
   */
  readonly externalSecrets?: boolean;

  /**
   * A sample Pod that runs as the service account, mounts the secret with the CSI driver (when the
   * SecretProviderClass is produced) and reads the secret's version by ARN with the AWS CLI.
   *
   * @default true
   */
  readonly samplePod?: boolean;

  /**
   * Container image of the sample Pod.
   *
   * @default 'public.ecr.aws/aws-cli/aws-cli:2.15.0'
   */
  readonly samplePodImage?: string;
}
