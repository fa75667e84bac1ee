import { Annotations, CfnOutput, Stack } from 'aws-cdk-lib';
import { aws_kms as kms } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AccessStackProps } from './access-stack-props';
import { accountStackProps } from './private/account-stack-props';
import { pathOf } from './private/errors';
import { accountRootArn, keyAliasArn } from './private/identifiers';
import { accessModel } from './private/model';
import { keyPolicy } from './private/policies/key-policy';

/**
 * The key account's part (account 3): a symmetric customer managed KMS key with rotation on and a
 * 30-day deletion window, its key policy, and its alias (which the secret names the key by).
 *
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html
 */
export class KeyStack extends Stack {
  /** The key. */
  public readonly key: kms.CfnKey;

  /** The key's alias. */
  public readonly alias: kms.CfnAlias;

  /** ARN of the key's alias, derived from its name. */
  public readonly keyAliasArn: string;

  constructor(scope: Construct, id: string, props: AccessStackProps) {
    const model = accessModel(pathOf(scope, id), props.access);
    const key = model.keys[0];
    super(scope, id, accountStackProps(props, key, `KMS key ${key.alias} for Secrets Manager secrets read from other accounts`));
    this.keyAliasArn = keyAliasArn(key);
    if (!key.administratorArns.includes(accountRootArn(key.region, key.account))) {
      Annotations.of(this).addWarningV2(
        'cdk-eks-cross-account-secrets:key-administrators',
        'key.administratorArns does not include the key account root: make sure the role CloudFormation deploys this stack with is among them, or KMS rejects the key policy (lockout safety check), and that the administrators cannot all be deleted, or the key becomes unmanageable.',
      );
    }

    this.key = new kms.CfnKey(this, 'Key', {
      description: key.description,
      keySpec: 'SYMMETRIC_DEFAULT',
      keyUsage: 'ENCRYPT_DECRYPT',
      enableKeyRotation: true,
      pendingWindowInDays: key.pendingWindowDays,
      keyPolicy: keyPolicy(key, model.secrets, model.grants),
    });
    this.key.applyRemovalPolicy(key.removalPolicy);

    this.alias = new kms.CfnAlias(this, 'Alias', { aliasName: key.alias, targetKeyId: this.key.ref });
    // The secret names the key by this alias: removing the alias but keeping the key would leave the
    // secret unreadable, so the alias follows the key's removal policy.
    this.alias.applyRemovalPolicy(key.removalPolicy);

    new CfnOutput(this, 'KeyArn', { value: this.key.attrArn, description: 'ARN of the key' });
  }
}
