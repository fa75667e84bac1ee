import { Token } from 'aws-cdk-lib';
import { invalidProp } from './errors';

// A value every identifier is derived from: a literal string (never a token), of the expected shape.

export function concrete(where: string, prop: string, value: string, what: string): string {
  if (typeof value !== 'string') {
    throw invalidProp(where, prop, value, `is not a string: give ${what}.`);
  }
  if (Token.isUnresolved(value)) {
    throw invalidProp(
      where,
      prop,
      value,
      `is an unresolved token: give ${what} as a literal, because identifiers in other accounts are derived from it at synth time.`,
    );
  }
  return value;
}

export function matching(where: string, prop: string, value: string, what: string, pattern: RegExp, allowed: string): string {
  concrete(where, prop, value, what);
  if (!pattern.test(value)) {
    throw invalidProp(where, prop, value, `is not ${what}: ${allowed}.`);
  }
  return value;
}
