// Every AWS quota the library checks or designs around, in one place, each with its documentation.
// The checks that compare rendered documents with these are in `render/limit-checks.ts`.

/**
 * Secrets Manager's quota for a resource policy: 20,480 characters, counted on the compact JSON.
 *
 * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_limits.html
 */
export const SECRET_POLICY_MAX_LENGTH = 20480;

/**
 * KMS's quota for a key policy: 32 KB (32,768 bytes), counted on the compact JSON in UTF-8.
 *
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/resource-limits.html#key-policy-limit
 */
export const KEY_POLICY_MAX_BYTES = 32768;

/**
 * IAM's quota for one customer managed policy, in characters without white space.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-entity-length
 */
export const MANAGED_POLICY_MAX_LENGTH = 6144;

/**
 * IAM's quota of customer managed policies per role: 10 by default, up to 25 on request.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-entities
 */
export const MANAGED_POLICIES_PER_ROLE = { default: 10, max: 25 } as const;

/**
 * IAM's quota for a role trust policy, in characters without white space: 2,048 by default, up to 4,096
 * on request.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-entity-length
 */
export const TRUST_POLICY_LENGTH = { default: 2048, max: 4096 } as const;

/** @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html */
export const STACK_MAX_RESOURCES = 500;
export const TEMPLATE_MAX_BYTES = 1_000_000;

/** CloudFormation allows 1,024 bytes of stack description, but aws-cdk-lib rejects more than 512 characters. */
export const STACK_DESCRIPTION_MAX_LENGTH = 512;

/**
 * AWS Organizations' quota for one service control policy: 5,120 characters, white space included (it
 * may be left out outside quoted strings, as the compact JSON does).
 *
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html
 */
export const SCP_MAX_LENGTH = 5120;
