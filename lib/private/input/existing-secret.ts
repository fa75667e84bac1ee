import { RemovalPolicy } from 'aws-cdk-lib';
import { invalidProp, invalidUse } from './errors';
import { partitionOf, secretArnPattern } from '../model/identifiers';
import { KeyModel, SecretModel } from '../model/model';
import * as v from './values';

// An existing secret is named by its full ARN (with the six random characters Secrets Manager appends)
// or by its account, region and name. Only its resource policy is rendered, in its own account.

/**
 * A full secret ARN: `arn:<partition>:secretsmanager:<region>:<account>:secret:<name>-<6 characters>`.
 *
 * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_iam-permissions.html#iam-resources
 */
const SECRET_ARN = /^arn:([a-z-]+):secretsmanager:([a-z]{2,4}(?:-[a-z]+)+-\d{1,2}):(\d{12}):secret:(.+)-([A-Za-z0-9]{6})$/;

/** What `importSecret()` gives, checked by the caller for its shape. */
export interface ImportedSecretInput {
  readonly secretArn?: string;
  readonly account?: string;
  readonly region?: string;
  readonly secretName?: string;
}

export function importedSecretModel(where: string, input: ImportedSecretInput, key: KeyModel | undefined): SecretModel {
  const byArn = input.secretArn !== undefined;
  const byName = [input.account, input.region, input.secretName].some((x) => x !== undefined);
  if (byArn === byName) {
    throw invalidUse(
      where,
      `\`secretArn\` and \`account\`/\`region\`/\`secretName\` are both ${byArn ? 'set' : 'missing'}: give the secret's full ARN as \`secretArn\`, or its \`account\`, \`region\` and \`secretName\`.`,
    );
  }
  let account: string, region: string, name: string, secretId: string;
  if (byArn) {
    const match = typeof input.secretArn === 'string' ? SECRET_ARN.exec(input.secretArn) : null;
    if (!match || match[1] !== partitionOf(match[2])) {
      throw invalidProp(
        where,
        'secretArn',
        input.secretArn,
        'is not the full ARN of a secret: give "arn:<partition>:secretsmanager:<region>:<account>:secret:<name>-<6 characters>", as `aws secretsmanager describe-secret` shows it, or give `account`, `region` and `secretName` instead.',
      );
    }
    [, , region, account] = match;
    name = v.secretName(where, 'secretArn', match[4]);
    secretId = input.secretArn!;
  } else {
    account = v.account(where, 'account', input.account!);
    region = v.region(where, 'region', input.region!);
    name = v.secretName(where, 'secretName', input.secretName!);
    secretId = name;
  }
  if (key && key.region !== region) {
    throw invalidUse(
      where,
      `the secret's region "${region}" differs from the region "${key.region}" of its key ${key.alias}: Secrets Manager only uses keys of the secret's region; name the key that encrypts it.`,
    );
  }
  return {
    path: where,
    account,
    region,
    name,
    description: `Existing secret ${name}`,
    key,
    removalPolicy: RemovalPolicy.RETAIN,
    imported: { secretId },
  };
}

/** The id of the warning about an imported secret whose key is not named. */
export const SECRET_WITHOUT_KEY_WARNING = 'cdk-eks-cross-account-secrets:secret-without-key';

export function secretWithoutKeyWarning(secret: SecretModel): string {
  return (
    `The existing secret "${secret.name}" was imported without its key: its readers are granted secretsmanager:GetSecretValue on ${secretArnPattern(secret)}, ` +
    'but cannot decrypt its value (kms:Decrypt), so GetSecretValue fails with AccessDeniedException. Name the key that encrypts it ' +
    '(`aws secretsmanager describe-secret` shows its KmsKeyId) with `key` in importSecret(): a key of this graph, or one from importKey({ keyArn }).'
  );
}
