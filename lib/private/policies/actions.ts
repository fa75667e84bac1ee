// Every list of IAM actions a policy of the library names, in one place for a reviewer.

/** What a granted workload may do with a secret: read its value, and its metadata when asked for. */
export function secretReadActions(allowDescribeSecret: boolean): string | string[] {
  return allowDescribeSecret ? ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'] : 'secretsmanager:GetSecretValue';
}

/**
 * What key administrators may do: manage the key, its alias, rotation, deletion and policy, but not use
 * it. Named one by one rather than with `kms:Create*`-style wildcards, so that `kms:CreateGrant` (which
 * would let an administrator grant itself decryption) is not among them and a reviewer can read the list.
 *
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-administrators
 */
export const KEY_ADMINISTRATION_ACTIONS: readonly string[] = [
  'kms:CancelKeyDeletion',
  'kms:CreateAlias',
  'kms:DeleteAlias',
  'kms:DescribeKey',
  'kms:DisableKey',
  'kms:DisableKeyRotation',
  'kms:EnableKey',
  'kms:EnableKeyRotation',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:ListGrants',
  'kms:ListKeyPolicies',
  'kms:ListKeyRotations',
  'kms:ListResourceTags',
  'kms:PutKeyPolicy',
  'kms:RevokeGrant',
  'kms:RotateKeyOnDemand',
  'kms:ScheduleKeyDeletion',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:UpdateAlias',
  'kms:UpdateKeyDescription',
];

/**
 * IAM actions that would let someone create a reserved role, or change who may assume it or what it can do:
 * its trust, its inline and managed policies, and its permissions boundary.
 *
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html
 */
export const ROLE_RESERVED_ACTIONS: readonly string[] = [
  'iam:CreateRole',
  'iam:UpdateAssumeRolePolicy',
  'iam:AttachRolePolicy',
  'iam:PutRolePolicy',
  'iam:PutRolePermissionsBoundary',
  'iam:DeleteRolePermissionsBoundary',
];
