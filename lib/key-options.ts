import { Duration, RemovalPolicy } from 'aws-cdk-lib';

/**
 * A customer managed KMS key of a `CrossAccountSecrets` graph, for `addKey()`.
 */
export interface KeyOptions {
  /**
   * AWS account that owns the key (the security team's account).
   */
  readonly account: string;

  /**
   * AWS region of the key: it can only encrypt secrets of this region.
   */
  readonly region: string;

  /**
   * Alias of the key, with or without the `alias/` prefix.
   *
   * Secrets name the key by its alias ARN, because the key's ID is not known in another account at synth
   * time. Must not be in the reserved `alias/aws/` namespace, and must be unique in its account and region.
   */
  readonly alias: string;

  /**
   * IAM principals (account root, role or user ARNs) of the key account that administer the key.
   *
   * They may manage the key and its policy but not use it. The principal that deploys the key's stack
   * must be among them, or KMS rejects the key policy with its lockout safety check.
   *
   * @see https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-administrators
   * @default - the root of the key account, so IAM policies in that account decide who administers it
   */
  readonly administratorArns?: string[];

  /**
   * Description of the key.
   *
   * @default - a description that says the key encrypts Secrets Manager secrets read from other accounts
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

  /**
   * The key's ARN, once the key exists: pin it after the first deploy so that the pod roles' policies and
   * the secrets' `KmsKeyId` name this exact key instead of the key account's keys (`key/*`) and the alias.
   * The CDK context value `cdk-eks-cross-account-secrets:keyArn:<alias ARN>` pins it too.
   *
   * @see https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-id-key-ARN
   * @default - not pinned: the key is named by its alias ARN and the key account's keys
   */
  readonly pinnedKeyArn?: string;

  /**
   * Name of the stack group the key is rendered in.
   *
   * The keys of one account and region share a stack; keys with a group get a stack of their own per
   * group, so a large graph can be split across stacks without moving parts that are already deployed.
   *
   * @default - the default stack of the key's account and region
   */
  readonly stackGroup?: string;
}

/**
 * An existing KMS key, for `importKey()`.
 */
export interface ImportedKeyOptions {
  /**
   * ARN of the existing key, `arn:<partition>:kms:<region>:<account>:key/<key ID>` (a multi-Region key's
   * ID starts with `mrk-`). It fixes the key's account and region: secrets it encrypts must be in that region.
   *
   * @see https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-id-key-ARN
   */
  readonly keyArn: string;
}
