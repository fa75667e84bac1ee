import { RemovalPolicy } from 'aws-cdk-lib';
import type { IKeyPart } from './i-parts';

/**
 * A secret of a `CrossAccountSecrets` graph, for `addSecret()`.
 */
export interface SecretOptions {
  /**
   * AWS account that owns the secret.
   */
  readonly account: string;

  /**
   * AWS region of the secret: the key's region.
   */
  readonly region: string;

  /**
   * Name of the secret, unique in its account and region.
   *
   * Up to 512 characters of A-Z, a-z, 0-9 and /_+=.@-. It must not end in a hyphen followed by six
   * characters, which Secrets Manager would take for the random suffix of the ARN.
   *
   * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/troubleshoot.html#ARN_secretnamehyphen
   */
  readonly secretName: string;

  /**
   * The key that encrypts the secret, from `addKey()` of the same graph.
   */
  readonly key: IKeyPart;

  /**
   * Description of the secret.
   *
   * @default - a description that names the key
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

  /**
   * Name of the stack group the secret is rendered in.
   *
   * @default - the default stack of the secret's account and region
   */
  readonly stackGroup?: string;
}

/**
 * An existing secret, for `importSecret()`: give `secretArn`, or `account`, `region` and `secretName`.
 */
export interface ImportedSecretOptions {
  /**
   * The secret's full ARN, with the six random characters Secrets Manager appends to its name.
   *
   * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_iam-permissions.html#iam-resources
   * @default - none: give `account`, `region` and `secretName`
   */
  readonly secretArn?: string;

  /**
   * AWS account that owns the secret.
   *
   * @default - from `secretArn`
   */
  readonly account?: string;

  /**
   * AWS region of the secret.
   *
   * @default - from `secretArn`
   */
  readonly region?: string;

  /**
   * Name of the secret.
   *
   * @default - from `secretArn`
   */
  readonly secretName?: string;

  /**
   * The key that encrypts the secret: from `addKey()` or `importKey()` of the same graph. It must be a
   * customer managed key: a secret encrypted with `aws/secretsmanager` cannot be read from another account.
   *
   * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples_cross.html
   * @default - none: readers are granted GetSecretValue but cannot decrypt the value, and a warning says so
   */
  readonly key?: IKeyPart;

  /**
   * Whether this app owns the secret's whole resource policy, instead of leaving it to the secret's owners.
   *
   * By default nothing is rendered for an existing secret: its resource policy stays its owners', who add
   * the statements of `secretPolicyStatements()` next to their own, and the readers' stacks warn until then.
   *
   * With `true`, the secret's stack renders its resource policy (`AWS::SecretsManager::ResourcePolicy`, with
   * `BlockPublicPolicy`), and that policy is the library's statements only. A secret has one resource policy:
   * every statement its owners had (other consumers, `Deny` guardrails) is replaced, and each update of the
   * stack's policy puts the whole policy again, over statements added by hand. CloudFormation documents that a
   * secret's current policy must be removed before this resource attaches one, so the owners first delete it
   * (`aws secretsmanager delete-resource-policy`), keeping a copy of what they lose. The policy is
   * retained (`DeletionPolicy` and `UpdateReplacePolicy` `Retain`): when the stack, the part or the last grant
   * goes, the secret keeps the policy as last deployed, still admitting the roles it named, until its owners
   * change or delete it. Removing one grant of several updates it.
   *
   * @see https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutResourcePolicy.html
   * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-secretsmanager-resourcepolicy.html
   * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-deletionpolicy.html
   * @default false
   */
  readonly manageResourcePolicy?: boolean;

  /**
   * Name of the stack group the secret's resource policy is rendered in; only with `manageResourcePolicy`.
   *
   * @default - the default stack of the secret's account and region
   */
  readonly stackGroup?: string;
}
