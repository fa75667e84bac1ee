import { Duration, RemovalPolicy } from 'aws-cdk-lib';

/**
 * The customer managed KMS key that encrypts the secret, in account 3.
 */
export interface AccessKmsKeyProps {
  /**
   * AWS account that owns the key (the security team's account).
   */
  readonly account: string;

  /**
   * AWS region of the key. It must be the secret's region: Secrets Manager only uses keys in its own region.
   *
   * @default - the secret's region
   */
  readonly region?: string;

  /**
   * Alias of the key to create, with or without the `alias/` prefix. Give exactly one of `alias` and `keyArn`.
   *
   * The secret names the key by its alias ARN, because the key's ID is not known in another account at
   * synth time. Must not be in the reserved `alias/aws/` namespace.
   *
   * @default - none: `keyArn` names an existing key
   */
  readonly alias?: string;

  /**
   * ARN of an existing key to use instead of creating one. Give exactly one of `alias` and `keyArn`.
   *
   * No key stack is created: the key's owners add the statements of `keyPolicyStatements()` to its key
   * policy. The pod role's policy and the secret's `KmsKeyId` name this exact key.
   *
   * @see https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-id-key-ARN
   * @default - none: `alias` names the key to create
   */
  readonly keyArn?: string;

  /**
   * IAM principals (account root, role or user ARNs) that administer the key.
   *
   * They may manage the key and its policy but not use it. The principal that deploys the key stack
   * (normally the CDK CloudFormation execution role of the key account) must be among them, or KMS
   * rejects the key policy with its lockout safety check.
   *
   * @see https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-administrators
   * @default - the root of the key account, so IAM policies in that account decide who administers it
   */
  readonly administratorArns?: string[];

  /**
   * Description of the key.
   *
   * @default - a description that names the secret it encrypts
   */
  readonly description?: string;

  /**
   * What happens to the key and its alias when they leave the stack.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Waiting period before a key scheduled for deletion is deleted, from 7 to 30 days.
   *
   * @default Duration.days(30)
   */
  readonly pendingWindow?: Duration;
}
