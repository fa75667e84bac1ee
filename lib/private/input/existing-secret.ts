import { RemovalPolicy } from 'aws-cdk-lib';
import { partitionOf } from '../model/identifiers';
import { KeyModel, SecretModel } from '../model/model';
import { invalidProp, invalidUse } from './errors';
import { awsRegion } from './regions';
import * as types from './types';
import * as values from './values';

// An existing secret is named by its full ARN (with the six random characters Secrets Manager appends)
// or by its account, region and name. Nothing is rendered for it unless `manageResourcePolicy` asks for
// its whole resource policy.

/**
 * A full secret ARN: `arn:<partition>:secretsmanager:<region>:<account>:secret:<name>-<6 characters>`.
 *
 * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_iam-permissions.html#iam-resources
 */
const SECRET_ARN = /^arn:([a-z-]+):secretsmanager:([a-z]{2,4}(?:-[a-z]+)+-\d{1,2}):(\d{12}):secret:(.+)-([A-Za-z0-9]{6})$/;

/** What `importSecret()` gives, checked by the caller for its shape. */
export interface ExistingSecretInput {
  readonly secretArn?: string;
  readonly account?: string;
  readonly region?: string;
  readonly secretName?: string;
  readonly manageResourcePolicy?: boolean;
  /** Only checked: a stack group needs something to render. */
  readonly stackGroup?: string;
}

export function existingSecretModel(where: string, input: ExistingSecretInput, key: KeyModel | undefined): SecretModel {
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
    name = values.secretName(where, 'secretArn', match[4]);
    secretId = input.secretArn!;
  } else {
    account = values.account(where, 'account', input.account!);
    region = awsRegion(where, 'region', input.region!);
    name = values.secretName(where, 'secretName', input.secretName!);
    secretId = name;
  }
  const manageResourcePolicy =
    input.manageResourcePolicy === undefined ? false : types.boolean(where, 'manageResourcePolicy', input.manageResourcePolicy);
  if (!manageResourcePolicy && input.stackGroup !== undefined) {
    throw invalidProp(
      where,
      'stackGroup',
      input.stackGroup,
      "is set, but nothing is rendered for an existing secret whose resource policy is its owners': remove `stackGroup`, or set `manageResourcePolicy` to render the whole policy in that group.",
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
    existing: { secretId, manageResourcePolicy },
  };
}
