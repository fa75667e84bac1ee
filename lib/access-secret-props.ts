import { RemovalPolicy } from 'aws-cdk-lib';

/**
 * The secret, in account 2.
 */
export interface AccessSecretProps {
  /**
   * AWS account that owns the secret.
   */
  readonly account: string;

  /**
   * AWS region of the secret. The key is created in the same region.
   */
  readonly region: string;

  /**
   * Name of the secret.
   *
   * Up to 512 characters of A-Z, a-z, 0-9 and /_+=.@-. It must not end in a hyphen followed by six
   * characters, which Secrets Manager would take for the random suffix of the ARN.
   *
   * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/troubleshoot.html#ARN_secretnamehyphen
   */
  readonly secretName: string;

  /**
   * Description of the secret.
   *
   * @default - a description that names the workload that reads it
   */
  readonly description?: string;

  /**
   * What happens to the secret when it leaves the stack.
   *
   * `DESTROY` deletes it (after Secrets Manager's recovery window); only use it for experiments.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Principals of the secret's account (role or user ARNs) that may have Secrets Manager use the key for
   * this secret: the role CloudFormation deploys the secret stack with, and a rotation function's role.
   *
   * By default the key policy lets any principal of the secret's account whose IAM policies allow it use
   * the key through Secrets Manager for this secret, so that account's administrators can read the value,
   * re-encrypt or replicate the secret. With this list, only the named principals can: other principals of
   * the account that cannot assume or modify the listed roles can manage the secret (its policy, tags,
   * deletion) but cannot read its value. Whoever can assume a listed role, change its trust or policies
   * (`iam:UpdateAssumeRolePolicy`, `iam:AttachRolePolicy`), or deploy CloudFormation with it, reads the
   * value through it: protect the listed roles, for example with a service control policy that denies
   * those IAM actions on them. The deploying role must be listed, or CloudFormation cannot create the secret.
   *
   * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html#security-encryption-authz
   * @default - any principal of the secret's account that its IAM policies allow
   */
  readonly keyUserArns?: string[];
}
