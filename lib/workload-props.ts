import { Duration } from 'aws-cdk-lib';

/**
 * EKS Pod Identity as the way the pod gets its role.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html
 */
export interface PodIdentityProps {
  /**
   * Name of the EKS cluster in the workload account and region.
   *
   * The role trusts `pods.eks.amazonaws.com` only from the workload account (`aws:SourceAccount`) and for
   * sessions tagged with this cluster's ARN, the namespace and the service account; an
   * `AWS::EKS::PodIdentityAssociation` binds the namespace and service account to the role.
   */
  readonly clusterName: string;
}

/**
 * The workload: the pod that reads the secret, in account 1.
 */
export interface WorkloadProps {
  /**
   * AWS account of the EKS cluster, where the pod role is created.
   *
   * Twelve digits, as a literal: the secret and key policies name it.
   */
  readonly account: string;

  /**
   * AWS region of the EKS cluster.
   */
  readonly region: string;

  /**
   * OIDC issuer URL of the cluster, for IAM roles for service accounts (IRSA).
   *
   * With or without `https://`, such as `https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE`.
   * The IAM OIDC provider for this issuer must already exist in the workload account (EKS clusters
   * create it with `eksctl utils associate-iam-oidc-provider` or the cluster's IaC); the role trusts it.
   * Give exactly one of `oidcIssuer` and `podIdentity`.
   *
   * @see https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts.html
   * @default - no IRSA trust; `podIdentity` must be given
   */
  readonly oidcIssuer?: string;

  /**
   * Use EKS Pod Identity instead of IRSA.
   *
   * Give exactly one of `oidcIssuer` and `podIdentity`.
   *
   * @default - no Pod Identity; `oidcIssuer` must be given
   */
  readonly podIdentity?: PodIdentityProps;

  /**
   * Kubernetes namespace of the service account that may assume the role.
   *
   * Must be an RFC 1123 label. It becomes part of the `sub` condition of the trust policy.
   */
  readonly namespace: string;

  /**
   * Name of the Kubernetes service account that may assume the role.
   *
   * Must be an RFC 1123 subdomain.
   */
  readonly serviceAccount: string;

  /**
   * Name of the pod role.
   *
   * The secret and key policies name the role by ARN, so the name must be known at synth time.
   *
   * @default - `eks-<namespace>-<serviceAccount>`, shortened with a hash when longer than 64 characters
   */
  readonly roleName?: string;

  /**
   * Also allow `secretsmanager:DescribeSecret` on the secret (its metadata, never its value).
   *
   * The AWS provider of the Secrets Store CSI driver calls it when it re-mounts or rotates a secret that
   * is already mounted (with the driver's secret rotation enabled); without it those calls fail. Added to
   * both the role's policy and the secret's resource policy.
   *
   * @see https://github.com/aws/secrets-store-csi-driver-provider-aws#configure-access-to-your-secrets
   * @default false
   */
  readonly allowDescribeSecret?: boolean;

  /**
   * ARN of a managed policy to set as the role's permissions boundary.
   *
   * The boundary must allow `secretsmanager:GetSecretValue` and `kms:Decrypt`, or the pod cannot read
   * the secret.
   *
   * @default - no permissions boundary
   */
  readonly permissionsBoundaryArn?: string;

  /**
   * Maximum session duration of the role, from 1 to 12 hours.
   *
   * @default Duration.hours(1)
   */
  readonly maxSessionDuration?: Duration;
}
