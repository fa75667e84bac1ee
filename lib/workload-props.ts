import { Duration } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * EKS Pod Identity as the way the pod gets its role.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html
 */
export interface AccessPodIdentityProps {
  /**
   * Name of the EKS cluster in the workload account and region.
   *
   * The role trusts `pods.eks.amazonaws.com` only for sessions tagged with this cluster's ARN (which names
   * the workload account), the namespace and the service account (`aws:RequestTag/...`, as the EKS user
   * guide documents); an `AWS::EKS::PodIdentityAssociation` binds the namespace and service account to the
   * role. The trust has no `aws:SourceAccount`: AWS does not document it for `pods.eks.amazonaws.com`.
   *
   * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html
   */
  readonly clusterName: string;

  /**
   * Read the secret through an EKS Pod Identity target role in the secret's account.
   *
   * EKS assumes the pod role (whose only permission is then to assume the target role), then the target
   * role, and hands the pod the target role's credentials: the secret is read by a role of its own
   * account, which the secret and key policies name. Role-chained sessions last at most one hour, and
   * EKS caches the credentials for up to 59 minutes, so revoking a grant takes up to that long.
   *
   * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-assign-target-role.html
   * @default false
   */
  readonly targetRole?: boolean;

  /**
   * Name of the target role in the secret's account.
   *
   * @default - the pod role's name followed by `-target`
   */
  readonly targetRoleName?: string;

  /**
   * Disable the session tags EKS Pod Identity sets (the association's `DisableSessionTags`). Only with a
   * target role: EKS then pins the target role's trust with `sts:ExternalId`
   * (`region/account/cluster/namespace/service-account`) instead of the tags, while the pod role's own
   * trust can no longer name the namespace and service account. Then whoever holds the pod role's
   * credentials can choose the external ID: only the `iam:PassRole` needed to create a Pod Identity
   * association for the pod role keeps other service accounts out, so restrict `eks:CreatePodIdentityAssociation`
   * and `iam:PassRole` on the pod role (a service control policy). The external ID's format is taken from the
   * EKS user guide; the EKS API reference describes it as the association's unique identifier instead.
   *
   * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-assign-target-role.html
   * @default false
   */
  readonly disableSessionTags?: boolean;
}

/**
 * What every workload gives, in `CrossAccountSecretAccess` (`AccessWorkloadProps`) and in a graph's
 * `addWorkload()` (`WorkloadOptions`): where its pod role is created, which service account may assume
 * it, and how the secrets' policies name it.
 */
export interface WorkloadCommonProps {
  /**
   * AWS account of the EKS cluster, where the pod role is created.
   *
   * Twelve digits, as a literal: the secret and key policies name it.
   */
  readonly account: string;

  /** AWS region of the EKS cluster. */
  readonly region: string;

  /**
   * Kubernetes namespace of the service account that may assume the role: an RFC 1123 label, which
   * becomes part of the `sub` condition of the trust policy.
   */
  readonly namespace: string;

  /** Name of the Kubernetes service account that may assume the role: an RFC 1123 subdomain. */
  readonly serviceAccount: string;

  /**
   * Name of the pod role.
   *
   * The secret and key policies name the role by ARN, so the name must be known at synth time.
   *
   * @default - `eks-<namespace>-<serviceAccount>-<hash>`, the hash covering the namespace and service account apart and the clusters trusted, within 64 characters
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
   * ARN of a managed policy to set as the role's permissions boundary, which must allow
   * `secretsmanager:GetSecretValue` and `kms:Decrypt`, or the pod cannot read the secret.
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

  /**
   * IAM path of the pod role, such as `/eks-secrets/`. Grants name the role by its ARN, which includes
   * the path, so an organization can reserve the path with a service control policy and keep anyone else
   * from creating a role that the secret and key policies would admit.
   *
   * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-friendly-names
   * @default '/eks-secrets/'
   */
  readonly rolePath?: string;

  /**
   * How the secret's resource policy and the key policy name the pod role.
   *
   * @default GrantPrincipal.ACCOUNT_ROOT_AND_PRINCIPAL_ARN
   */
  readonly grantPrincipal?: GrantPrincipal;

  /**
   * Which versions of the secret the pod may read. `CURRENT` keeps a pod from reading the pending value
   * during a rotation.
   *
   * @default ReadableVersions.ANY
   */
  readonly readableVersions?: ReadableVersions;

  /**
   * How the workload's pods on the clusters given as constructs (`clusters`) get the pod role.
   *
   * @default ClusterIdentity.IRSA
   */
  readonly clusterIdentity?: ClusterIdentity;

  /**
   * Apply the workload's Kubernetes objects through its clusters given as constructs (`clusters`).
   *
   * @default - nothing is applied through the clusters; apply the files `cdk synth` writes (`kubernetes/*.yaml`)
   */
  readonly applyThroughClusters?: ApplyThroughClustersOptions;
}

/**
 * Which of a workload's Kubernetes objects are applied through its clusters given as constructs
 * (`clusters`): a `KubernetesManifest` of the cluster's module per object and cluster, in the workload's
 * stack, after the pod role (and its Pod Identity associations), the ServiceAccount first. They are the
 * files' objects, for `clusterIdentity`, follow the grants, and are deleted with the option or the workload.
 * The namespace must exist (create it in the cluster's stack, which deploys first), and the cluster needs
 * a kubectl provider (`aws_eks_v2` creates one only with `kubectlProviderOptions`).
 *
 * @see https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_eks_v2.KubernetesManifest.html
 */
export interface ApplyThroughClustersOptions {
  /**
   * The ServiceAccount, annotated with the role ARN for IRSA (no annotation with EKS Pod Identity).
   *
   * @default true
   */
  readonly serviceAccount?: boolean;

  /**
   * The `SecretProviderClass` for the Secrets Store CSI driver, whose AWS provider must be installed
   * first: an object whose CRD is missing fails the deployment.
   *
   * @default false
   */
  readonly secretProviderClass?: boolean;

  /**
   * A `SecretStore` and an `ExternalSecret` per secret for External Secrets Operator, which must be
   * installed first. IRSA only: with EKS Pod Identity the operator would read as itself, so true is an error.
   *
   * @default false
   */
  readonly externalSecrets?: boolean;

  /**
   * Take over objects that already exist (`kubectl apply`). With false, objects are created with
   * `kubectl create`, and one that exists fails the deployment instead of being overwritten.
   *
   * @default false
   */
  readonly overwrite?: boolean;
}

/**
 * The workload: the pod that reads the secret, in account 1.
 */
export interface AccessWorkloadProps extends WorkloadCommonProps {
  /**
   * OIDC issuer URLs of the clusters whose pods assume the role through IAM roles for service accounts
   * (IRSA), as in a graph's `addWorkload()`.
   *
   * With or without `https://`, such as `["https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE"]`.
   * The IAM OIDC provider of each issuer must already exist in the workload account (EKS clusters
   * create it with `eksctl utils associate-iam-oidc-provider` or the cluster's IaC); the role trusts them.
   * Several issuers trust the same service account on several clusters (blue/green) with one role.
   * Give exactly one of `oidcIssuers`, `podIdentity` and `clusters`.
   *
   * @see https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts.html
   * @default - no IRSA trust; `podIdentity` or `clusters` must be given
   */
  readonly oidcIssuers?: string[];

  /**
   * Use EKS Pod Identity instead of IRSA.
   *
   * Give exactly one of `oidcIssuers`, `podIdentity` and `clusters`.
   *
   * @default - no Pod Identity; `oidcIssuers` or `clusters` must be given
   */
  readonly podIdentity?: AccessPodIdentityProps;

  /**
   * EKS clusters of this app (`aws_eks.Cluster` or `aws_eks_v2.Cluster`) in the workload account and
   * region, instead of `oidcIssuers` or `podIdentity`, as in a graph's `addWorkload()`: the role trusts
   * them by `clusterIdentity`, reading each cluster's OIDC issuer (IRSA; a cluster's IAM OIDC provider is
   * created if it has none yet) or its name (EKS Pod Identity). Their values are resolved by CloudFormation
   * in the workload account.
   *
   * @default - none: give `oidcIssuers` or `podIdentity`
   */
  readonly clusters?: IConstruct[];
}

/**
 * How a workload's pods on a cluster given as a construct get the pod role.
 */
export enum ClusterIdentity {
  /**
   * IAM roles for service accounts: the role trusts the cluster's IAM OIDC provider for the service account.
   *
   * @see https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts.html
   */
  IRSA = 'IRSA',

  /**
   * EKS Pod Identity: an association binds the service account to the role. The cluster needs the EKS Pod
   * Identity Agent add-on.
   *
   * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-agent-setup.html
   */
  POD_IDENTITY = 'POD_IDENTITY',
}

/**
 * How the secret's resource policy and the key policy name a granted pod role.
 */
export enum GrantPrincipal {
  /**
   * The role's account root, narrowed by `aws:PrincipalArn` to the role's ARN. A deleted and recreated role
   * keeps its access, so the three accounts can deploy in any order; but any role later created under the
   * same path and name is admitted too: reserve the role path with a service control policy
   * (`rolePathServiceControlPolicy()`).
   *
   * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
   */
  ACCOUNT_ROOT_AND_PRINCIPAL_ARN = 'ACCOUNT_ROOT_AND_PRINCIPAL_ARN',

  /**
   * The role's ARN itself as the principal. IAM resolves it to the role's unique ID when the policy is
   * saved, so a role created later under the same name is not admitted; but the role must exist first
   * (deploy the workload stack before the secret and key stacks), and a recreated role loses access until
   * the secret and key stacks are deployed again.
   *
   * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles
   */
  ROLE_ARN = 'ROLE_ARN',
}

/**
 * Which versions of a secret the pod may read.
 *
 * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/whats-in-a-secret.html#term_version
 */
export enum ReadableVersions {
  /** Any version, by stage or by version ID, including `AWSPENDING` during a rotation. */
  ANY = 'ANY',
  /** Only the `AWSCURRENT` version: requests for another stage, or for a version ID, are denied. */
  CURRENT = 'CURRENT',
  /** The `AWSCURRENT` and `AWSPREVIOUS` versions, never `AWSPENDING` or a version by ID. */
  CURRENT_AND_PREVIOUS = 'CURRENT_AND_PREVIOUS',
}
