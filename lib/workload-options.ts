import { IConstruct } from 'constructs';
import { WorkloadCommonProps } from './workload-props';

/**
 * An EKS Pod Identity target role in the account of a workload's secrets.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-assign-target-role.html
 */
export interface PodIdentityTargetRoleOptions {
  /**
   * Account of the target role: the account of every secret granted to the workload.
   */
  readonly account: string;

  /**
   * Name of the target role.
   *
   * @default - the pod role's name followed by `-target`
   */
  readonly roleName?: string;

  /**
   * Disable the session tags EKS Pod Identity sets; the target role's trust then pins `sts:ExternalId`.
   *
   * @default false
   */
  readonly disableSessionTags?: boolean;
}

/**
 * A workload of a `CrossAccountSecrets` graph, for `addWorkload()`: one Kubernetes service account, on
 * one or more clusters of one account and region, and the pod role it gets.
 */
export interface WorkloadOptions extends WorkloadCommonProps {
  /**
   * OIDC issuer URLs of the clusters whose pods assume the role through IAM roles for service accounts.
   *
   * With or without `https://`. The IAM OIDC provider of each must already exist in the workload account.
   * Several issuers trust the same service account on several clusters (blue/green) with one role.
   * Give `oidcIssuers`, `podIdentityClusters`, or both (while moving from IRSA to Pod Identity).
   *
   * @see https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts.html
   * @default - no IRSA trust
   */
  readonly oidcIssuers?: string[];

  /**
   * Names of the EKS clusters (in the workload account and region) whose pods get the role through EKS
   * Pod Identity. Each gets an `AWS::EKS::PodIdentityAssociation` for the service account.
   *
   * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html
   * @default - no Pod Identity trust
   */
  readonly podIdentityClusters?: string[];

  /**
   * How many managed policies IAM lets the account attach to one role: 10 by default, up to 25 once AWS
   * raises the quota on request. A workload with many secrets splits its permissions across managed
   * policies of at most 6,144 characters each; synth fails when they would need more than this.
   *
   * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-entities
   * @default 10
   */
  readonly maxManagedPolicies?: number;

  /**
   * The longest role trust policy IAM accepts in the account, in characters without white space: 2,048 by
   * default, up to 4,096 once AWS raises the quota on request. Each trusted cluster adds a few hundred.
   *
   * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-entity-length
   * @default 2048
   */
  readonly maxTrustPolicyLength?: number;

  /**
   * Read the secrets through an EKS Pod Identity target role in their account (role chaining by EKS).
   * Needs `podIdentityClusters` and no `oidcIssuers`; every secret granted must be in the target role's
   * account. The secret and key policies then name the target role, not the pod role.
   *
   * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-assign-target-role.html
   * @default - the pod role reads the secrets itself
   */
  readonly podIdentityTargetRole?: PodIdentityTargetRoleOptions;

  /**
   * Name of the stack group the workload is rendered in.
   *
   * The workloads of one account and region share a stack, which CloudFormation limits to 500 resources.
   * A large fleet names groups (per team, say), so adding a workload never moves another between stacks.
   *
   * @default - the default stack of the workload's account and region
   */
  readonly stackGroup?: string;

  /**
   * Whether to create the IAM OIDC provider of each of `oidcIssuers` in the workload account, for clusters
   * that have none yet: client ID `sts.amazonaws.com`, no thumbprint (IAM verifies the issuer's TLS
   * certificate against its trusted root CAs, and uses thumbprints only for issuers those do not sign).
   * An account has one provider per issuer: leave it off when `eksctl` or the cluster's stack created it.
   * The graph creates one provider per account and issuer, however many of its workloads ask, in its
   * default workload stack of the account, and keeps it when it leaves (`oidcProviderRemovalPolicy`);
   * another graph or stage asking for the same provider is an error.
   *
   * @see https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateOpenIDConnectProvider.html
   * @see https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateOpenIDConnectProviderThumbprint.html
   * @see https://docs.aws.amazon.com/eks/latest/userguide/enable-iam-roles-for-service-accounts.html
   * @default false - the providers exist already
   */
  readonly createOidcProvider?: boolean;

  /**
   * EKS clusters of this app (`aws_eks.Cluster` or `aws_eks_v2.Cluster`) in the workload account and
   * region, trusted by `clusterIdentity`: their OIDC issuers join `oidcIssuers` (IRSA; a cluster's IAM OIDC
   * provider is created if it has none yet), or their names join `podIdentityClusters` (EKS Pod Identity).
   * Their values are resolved by CloudFormation in the workload account; a Pod Identity target role, in
   * another account, needs the clusters' names as literals.
   *
   * @default - none
   */
  readonly clusters?: IConstruct[];
}
