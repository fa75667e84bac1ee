import { CfnOutput, Stack } from 'aws-cdk-lib';
import { aws_secretsmanager as secretsmanager } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AccessStackProps } from './access-stack-props';
import { accountStackProps } from './private/account-stack-props';
import { pathOf } from './private/errors';
import { keyAliasArn, secretArnPattern, secretPartialArn } from './private/identifiers';
import { accessModel } from './private/model';
import { secretResourcePolicy } from './private/policies/secret-resource-policy';

/**
 * The secret account's part (account 2): the secret, encrypted with the key in the key account and
 * holding a generated value (no plaintext in the template), and its resource policy with
 * `BlockPublicPolicy` on. Deploy it after the key stack: Secrets Manager needs the key to exist.
 *
 * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples_cross.html
 */
export class SecretStack extends Stack {
  /** The secret. */
  public readonly secret: secretsmanager.CfnSecret;

  /** The secret's resource policy. */
  public readonly resourcePolicy: secretsmanager.CfnResourcePolicy;

  /** Pattern that matches the secret's ARN (`...:secret:<name>-??????`), for policies. */
  public readonly secretArnPattern: string;

  /** The secret's ARN without its random suffix, the form clients in other accounts address it by. */
  public readonly secretPartialArn: string;

  constructor(scope: Construct, id: string, props: AccessStackProps) {
    const model = accessModel(pathOf(scope, id), props.access);
    const secret = model.secrets[0];
    super(
      scope,
      id,
      accountStackProps(props, secret, `Secret ${secret.name}, encrypted with ${secret.key.alias} of account ${secret.key.account}`),
    );
    this.secretArnPattern = secretArnPattern(secret);
    this.secretPartialArn = secretPartialArn(secret);

    this.secret = new secretsmanager.CfnSecret(this, 'Secret', {
      name: secret.name,
      description: secret.description,
      // CreateSecret accepts the alias ARN of a key in another account; the key ID is not known here.
      // https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html#SecretsManager-CreateSecret-request-KmsKeyId
      kmsKeyId: keyAliasArn(secret.key),
      generateSecretString: { passwordLength: 32 },
    });
    this.secret.applyRemovalPolicy(secret.removalPolicy);

    this.resourcePolicy = new secretsmanager.CfnResourcePolicy(this, 'ResourcePolicy', {
      secretId: this.secret.ref,
      resourcePolicy: secretResourcePolicy(secret, model.grants),
      blockPublicPolicy: true,
    });

    new CfnOutput(this, 'SecretArn', { value: this.secret.ref, description: 'Full ARN of the secret, with its random suffix' });
  }
}
