import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { invalidProp, invalidUse } from './errors';
import type { FromProp } from './prop-path';
import { nearest } from './suggest';

// Run-time shape checks. TypeScript checks these at compile time, but JavaScript, the jsii languages
// (Python, Java, .NET, Go) and props read from JSON files do not: a string "false" is truthy, a number
// has no Duration methods, and a misspelt property name is silently ignored. Each check takes the
// construct path, the property path as the user wrote it, and the value, and names the property.

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  // An object literal's prototype is some realm's Object.prototype, whose own prototype is null.
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/** A plain object (an object literal, or a jsii struct), not a class instance, array or primitive. */
export function object(where: string, prop: string, value: unknown): Record<string, unknown> {
  if (value === undefined || value === null) {
    throw invalidProp(where, prop, value, `is missing: give \`${prop}\` as an object of settings.`);
  }
  if (!isPlainObject(value)) {
    throw invalidProp(where, prop, value, `is ${kind(value)}, not an object: give \`${prop}\` as an object of settings.`);
  }
  return value;
}

/** A plain object whose every property name is one of `known`; suggests the closest name for a typo. */
export function knownProps(where: string, prop: string, value: unknown, known: readonly string[]): void {
  const props = object(where, prop, value);
  for (const name of Object.keys(props)) {
    if (known.includes(name)) continue;
    const guess = nearest(name, known);
    const owner = prop ? `\`${prop}\`` : 'the props';
    throw invalidProp(
      where,
      prop ? `${prop}.${name}` : name,
      props[name],
      guess === undefined
        ? `is not a property of ${owner}: use ${known.map((k) => `\`${k}\``).join(', ')}.`
        : `is not a property of ${owner}: did you mean \`${guess}\`?`,
    );
  }
}

/** What a value is, with its article: "a string", "an object", "a list", "an App object". */
export function kind(value: unknown): string {
  let what: string = typeof value;
  if (Array.isArray(value)) what = 'list';
  else if (typeof value === 'object' && value !== null) {
    const name = (value as { constructor?: { name?: string } }).constructor?.name;
    what = name && name !== 'Object' ? `${name} object` : 'object';
  }
  return `${/^[aeiou]/i.test(what) ? 'an' : 'a'} ${what}`;
}

export function boolean(where: string, prop: string, value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') {
    throw invalidProp(where, prop, value, `is a string, not a boolean: write ${value} without quotes.`);
  }
  throw invalidProp(where, prop, value, `is ${kind(value)}, not a boolean: use true or false.`);
}

export function stringList(where: string, prop: string, value: unknown): string[] {
  if (typeof value === 'string') {
    throw invalidProp(where, prop, value, `is a string, not a list: give a list, such as [${JSON.stringify(value)}].`);
  }
  if (!Array.isArray(value)) {
    throw invalidProp(where, prop, value, `is ${kind(value)}, not a list: give a list of strings.`);
  }
  value.forEach((item: unknown, i) => {
    if (typeof item !== 'string') throw invalidProp(where, `${prop}[${i}]`, item, `is ${kind(item)}, not a string.`);
  });
  return [...(value as string[])];
}

/** Removal policies a Secrets Manager secret, a KMS key and its alias, and an IAM OIDC provider accept. */
const REMOVAL_POLICIES = [RemovalPolicy.RETAIN, RemovalPolicy.DESTROY, RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE];

export function removalPolicy(where: string, prop: string, value: unknown, what = 'Secrets Manager secrets and KMS keys'): RemovalPolicy {
  const allowed = 'use RemovalPolicy.RETAIN, RemovalPolicy.DESTROY or RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE';
  if (value === RemovalPolicy.SNAPSHOT) {
    // CloudFormation snapshots only resources that support snapshots (EC2 volumes, ElastiCache, RDS,
    // Redshift, ...), not AWS::SecretsManager::Secret, AWS::KMS::Key or AWS::IAM::OIDCProvider:
    // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-deletionpolicy.html
    throw invalidProp(where, prop, value, `is RemovalPolicy.SNAPSHOT: ${what} cannot be snapshotted; ${allowed}.`);
  }
  if (!(REMOVAL_POLICIES as unknown[]).includes(value)) {
    throw invalidProp(where, prop, value, `is not a removal policy: ${allowed}.`);
  }
  return value as RemovalPolicy;
}

/** The readable Duration factory for a number of seconds, for the hint when a number is given. */
function durationHint(seconds: number): string {
  if (!Number.isInteger(seconds) || seconds <= 0) return 'Duration.hours(1)';
  if (seconds % 86400 === 0) return `Duration.days(${seconds / 86400})`;
  if (seconds % 3600 === 0) return `Duration.hours(${seconds / 3600})`;
  if (seconds % 60 === 0) return `Duration.minutes(${seconds / 60})`;
  return `Duration.seconds(${seconds})`;
}

/**
 * A `Duration`. Checked by shape rather than `instanceof`, because an app may load two copies of
 * aws-cdk-lib (its own and a library's), whose classes differ.
 */
export function duration(where: string, prop: string, value: unknown): Duration {
  if (typeof value === 'number') {
    throw invalidProp(
      where,
      prop,
      value,
      `is a number, not a Duration: use a Duration, such as ${durationHint(value)} for ${value} seconds.`,
    );
  }
  const d = value as Partial<Duration> | null | undefined;
  if (typeof d !== 'object' || d === null || typeof d.toSeconds !== 'function' || typeof d.isUnresolved !== 'function') {
    throw invalidProp(where, prop, value, `is ${kind(value)}, not a Duration: use a Duration, such as Duration.hours(1).`);
  }
  return value as Duration;
}

/**
 * The props of an account's stack: `{ access: props, ... }`. Giving the access props themselves (with
 * `workload`, `secret` and `key` at the top) is the likely mistake, so it gets its own message.
 */
export function accessStackProps(where: string, value: unknown): void {
  const props = object(where, 'props', value);
  if (props.access === undefined && ['workload', 'secret', 'key'].some((part) => part in props)) {
    throw invalidUse(
      where,
      'got the access props themselves: wrap them as `{ access: props }`, the same props you give CrossAccountSecretAccess.',
    );
  }
}

/** A list of strings, each with the property path it came from (`oidcIssuers[0]`); missing is empty. */
export function fromPropList(where: string, prop: string, values: string[] | undefined): FromProp<string>[] {
  if (values === undefined) return [];
  if (!Array.isArray(values))
    throw invalidProp(where, prop, JSON.stringify(values), 'is not a list: give a list of strings, such as ["a"].');
  return values.map((value, i) => ({ prop: `${prop}[${i}]`, value }));
}

/** A list, or nothing (empty); anything else is an error that names the property. */
export function list(where: string, prop: string, value: unknown): readonly unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalidProp(where, prop, String(value), 'is not a list: give a list, such as [cluster].');
  return value;
}

/** One of an enum's values, or undefined when not given. */
export function oneOf<T extends string>(where: string, prop: string, value: T | undefined, values: Record<string, T>): T | undefined {
  if (value === undefined || Object.values(values).includes(value)) return value;
  throw invalidProp(where, prop, value, `is not one of ${Object.values(values).join(', ')}.`);
}
