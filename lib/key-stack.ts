import { CfnOutput, Stack } from 'aws-cdk-lib';
import { aws_kms as kms } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AccessStackProps } from './access-stack-props';
import { modelForStack } from './private/build/from-access-props';
import { recordStandaloneStack } from './private/graph/access-record';
import { invalidUse, pathOf } from './private/input/errors';
import { keyAliasArn } from './private/model/identifiers';
import { renderKey } from './private/render/key';
import { claimKeyAlias } from './private/render/physical-names';
import { accountStackProps } from './private/render/stack-props';
import { checkStackNameUnique } from './private/render/unique-stack-names';

/**
 * The key account's part (account 3): a symmetric customer managed KMS key with rotation on and a
 * 30-day deletion window, its key policy, and its alias (which the secret names the key by).
 *
 * `CrossAccountSecretAccess` creates it; create it yourself to deploy the key account's part from its
 * own repository, with the same props as the other two accounts.
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
    const model = modelForStack(pathOf(scope, id), props);
    const key = model.keys[0];
    if (key.existing) {
      throw invalidUse(
        pathOf(scope, id),
        '`key.keyArn` names an existing key: there is no key stack to deploy; its owners add the statements of `keyPolicyStatements()` to its key policy instead.',
      );
    }
    super(scope, id, accountStackProps(props, key, `KMS key ${key.label} for Secrets Manager secrets read from other accounts`));
    claimKeyAlias(this, key, 'key.alias');
    recordStandaloneStack(this, scope, model, { key: () => this });
    checkStackNameUnique(this, 'stackName');
    this.keyAliasArn = keyAliasArn(key);
    ({ key: this.key, alias: this.alias } = renderKey(this, key, () => model));
    new CfnOutput(this, 'KeyArn', { value: this.key.attrArn, description: 'ARN of the key' });
  }
}
