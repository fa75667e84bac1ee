import { RegionInfo } from 'aws-cdk-lib/region-info';
import type { KeyModel, SecretModel, WorkloadModel } from './model';

// Every cross-account identifier is derived here, from the names in the model. CDK cannot pass a token
// from a stack in one account to a stack in another, so nothing here reads a resource attribute.
// Nothing else in the library formats an ARN.

/** The AWS partitions, as the capturing group of an ARN pattern. */
export const PARTITION = '(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc)';

/** The partition of a region (`aws`, `aws-cn`, `aws-us-gov`, ...). */
export function partitionOf(region: string): string {
  const known = RegionInfo.get(region).partition;
  if (known) return known;
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

function domainSuffixOf(region: string): string {
  return RegionInfo.get(region).domainSuffix ?? (region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com');
}

export function accountRootArn(region: string, account: string): string {
  return `arn:${partitionOf(region)}:iam::${account}:root`;
}

export function roleArn(workload: WorkloadModel): string {
  return `arn:${partitionOf(workload.region)}:iam::${workload.account}:role${workload.rolePath}${workload.roleName}`;
}

/**
 * The role that reads a workload's secrets: its EKS Pod Identity target role, in the secrets' account,
 * when it has one, else the pod role itself. Secret and key policies grant to this role.
 */
export function readerRoleArn(workload: WorkloadModel): string {
  const target = workload.targetRole;
  return target ? `arn:${partitionOf(workload.region)}:iam::${target.account}:role${target.rolePath}${target.roleName}` : roleArn(workload);
}

/** The name of the role that reads a workload's secrets: its target role's, or the pod role's. */
export function readerRoleName(workload: WorkloadModel): string {
  return workload.targetRole?.roleName ?? workload.roleName;
}

/** The account of the role that reads a workload's secrets. */
export function readerAccount(workload: WorkloadModel): string {
  return workload.targetRole?.account ?? workload.account;
}

/** The IAM OIDC provider of a cluster's issuer (without `https://`), in the workload account. */
export function oidcProviderArn(workload: WorkloadModel, issuer: string): string {
  return `arn:${partitionOf(workload.region)}:iam::${workload.account}:oidc-provider/${issuer}`;
}

export function eksClusterArn(workload: WorkloadModel, clusterName: string): string {
  return `arn:${partitionOf(workload.region)}:eks:${workload.region}:${workload.account}:cluster/${clusterName}`;
}

/**
 * The ARN without the random suffix Secrets Manager appends: the form the CSI driver and External
 * Secrets address a secret in another account by.
 */
export function secretPartialArn(secret: SecretModel): string {
  return `arn:${partitionOf(secret.region)}:secretsmanager:${secret.region}:${secret.account}:secret:${secret.name}`;
}

/** How the library names an existing secret to its owners: its full ARN when given, else its ARN without the random suffix. */
export function existingSecretId(secret: SecretModel): string {
  return secret.existing!.secretId.startsWith('arn:') ? secret.existing!.secretId : secretPartialArn(secret);
}

/**
 * Matches the secret's real ARN, which ends in `-` and six random characters, and no other secret's.
 *
 * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_iam-policies.html#auth-and-access_resource
 */
export function secretArnPattern(secret: SecretModel): string {
  return `${secretPartialArn(secret)}-??????`;
}

/**
 * How a secret names its key (`KmsKeyId`): the exact key ARN when known, else the alias ARN.
 *
 * @see https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html#SecretsManager-CreateSecret-request-KmsKeyId
 */
export function kmsKeyIdOf(key: KeyModel): string {
  return key.keyArn ?? keyAliasArn(key);
}

export function keyAliasArn(key: KeyModel): string {
  return `arn:${partitionOf(key.region)}:kms:${key.region}:${key.account}:${key.alias!}`;
}

/**
 * The key's exact ARN when known (imported or pinned); otherwise every key of the key account in its
 * region, because the key's ID is unknown in another account at synth time.
 */
export function keyResourceForPolicies(key: KeyModel): string {
  return key.keyArn ?? `arn:${partitionOf(key.region)}:kms:${key.region}:${key.account}:key/*`;
}

/** The `kms:ViaService` value of Secrets Manager in the secret's region. */
export function secretsManagerEndpoint(secret: SecretModel): string {
  return `secretsmanager.${secret.region}.${domainSuffixOf(secret.region)}`;
}

/** The audience EKS puts in projected service account tokens for IRSA. */
export const IRSA_AUDIENCE = 'sts.amazonaws.com';

/** The service principal EKS Pod Identity assumes roles as. */
export const POD_IDENTITY_SERVICE = 'pods.eks.amazonaws.com';

export function serviceAccountSubject(workload: WorkloadModel): string {
  return `system:serviceaccount:${workload.namespace}:${workload.serviceAccount}`;
}
