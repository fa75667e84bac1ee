import { RemovalPolicy } from 'aws-cdk-lib';

/**
 * The secret, in account 2.
 */
export interface SecretProps {
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
}
