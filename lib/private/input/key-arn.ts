import { RemovalPolicy, Token } from 'aws-cdk-lib';
import { PARTITION, partitionOf } from '../model/identifiers';
import { KeyModel } from '../model/model';
import { invalidProp } from './errors';

// Existing keys are named by their key ARN. A key ARN fixes the key's partition, region and account, so
// an imported key's model is derived from it alone.

/**
 * A KMS key ARN: `arn:<partition>:kms:<region>:<account>:key/<key ID>`, where the key ID is a UUID, or
 * `mrk-` and 32 hexadecimal digits for a multi-Region key.
 *
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-id-key-ARN
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/multi-region-keys-overview.html#mrk-key-id
 */
const KEY_ARN = new RegExp(
  `^arn:${PARTITION}:kms:([a-z]{2,4}(?:-[a-z]+)+-\\d{1,2}):(\\d{12}):key\\/((?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})|(?:mrk-[0-9a-f]{32}))$`,
);

const SHAPE =
  'use the key ARN, "arn:<partition>:kms:<region>:<account>:key/<key ID>", with a key ID such as "1234abcd-12ab-34cd-56ef-1234567890ab" or, for a multi-Region key, "mrk-" and 32 hexadecimal digits';

/** The parts of a valid key ARN. */
export interface ParsedKeyArn {
  readonly arn: string;
  readonly region: string;
  readonly account: string;
  /** `key/<key ID>`. */
  readonly resource: string;
}

export function parseKeyArn(where: string, prop: string, value: string): ParsedKeyArn {
  if (typeof value !== 'string' || Token.isUnresolved(value)) {
    throw invalidProp(where, prop, value, `is not a literal string: ${SHAPE}.`);
  }
  const match = KEY_ARN.exec(value);
  if (!match) {
    const hint = value.includes(':alias/')
      ? ' An alias ARN can move to another key: look up the key ARN with `aws kms describe-key --key-id <alias ARN>`.'
      : '';
    throw invalidProp(where, prop, value, `is not a KMS key ARN: ${SHAPE}.${hint}`);
  }
  const [, partition, region, account, resource] = match;
  if (partition !== partitionOf(region)) {
    throw invalidProp(where, prop, value, `names partition "${partition}", but region ${region} is in "${partitionOf(region)}".`);
  }
  return { arn: value, region, account, resource: `key/${resource}` };
}

/** A key ARN given where an alias is expected: say how to name an existing key instead. */
export function rejectKeyArnAsAlias(where: string, prop: string, value: unknown, keyArnProp: string): void {
  if (typeof value === 'string' && value.startsWith('arn:') && value.includes(':key/')) {
    throw invalidProp(
      where,
      prop,
      value,
      `is a key ARN, not an alias: to use an existing key, give its ARN as \`${keyArnProp}\` instead (the library then creates no key and lists the key policy statements its owners must add).`,
    );
  }
}

/** The key ARN, checked against the account and region the key is declared in. */
export function checkKeyArnIn(where: string, prop: string, value: string, account: string, region: string): string {
  const parsed = parseKeyArn(where, prop, value);
  if (parsed.account !== account || parsed.region !== region) {
    throw invalidProp(
      where,
      prop,
      value,
      `is not in the key's account ${account} and region ${region}: give the ARN of this key, as \`aws kms describe-key\` in account ${account} shows it.`,
    );
  }
  return parsed.arn;
}

/**
 * The model of a key that exists outside the app. Its `label` is its `key/<key ID>` resource: it names
 * the key in sids and the review; no alias is created. Nothing renders it: its owners add the statements
 * of `keyPolicyStatements()` to its policy.
 */
export function existingKeyModel(where: string, prop: string, keyArn: string): KeyModel {
  const parsed = parseKeyArn(where, prop, keyArn);
  return {
    path: where,
    account: parsed.account,
    region: parsed.region,
    label: parsed.resource,
    keyArn: parsed.arn,
    existing: { keyArn: parsed.arn },
    administratorArns: [],
    description: `Existing key ${parsed.arn}`,
    removalPolicy: RemovalPolicy.RETAIN,
    pendingWindowDays: 30,
  };
}
