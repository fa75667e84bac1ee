import { ConditionEntry } from './statements';

// How much a condition narrows. A key missing from the request makes a negated operator
// (StringNotEquals, ArnNotLike, ...) true, `...IfExists` true, and `Null` tests only whether the key is
// there; `ForAllValues:` is true for a missing or empty key. None of them pins a key to a value.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html

const POSITIVE = /^(ForAnyValue:)?(StringEquals|StringEqualsIgnoreCase|StringLike|ArnEquals|ArnLike)$/i;
const EXACT = /^(ForAnyValue:)?(StringEquals|StringEqualsIgnoreCase|ArnEquals)$/i;

/** A value with an IAM wildcard (`*` or `?`), other than inside a policy variable such as `${aws:PrincipalTag/team}`. */
export function hasWildcard(value: string): boolean {
  return /[*?]/.test(value.replace(/\$\{[^}]*\}/g, ''));
}

/** The condition can only be true when the key is in the request and matches one of the values (patterns allowed). */
export function isPositive(entry: ConditionEntry): boolean {
  return POSITIVE.test(entry.operator) && entry.values.length > 0;
}

/** The condition pins the key to the values listed: a positive equality, no `IfExists`, no wildcard. */
export function pinsExactly(entry: ConditionEntry): boolean {
  return EXACT.test(entry.operator) && entry.values.length > 0 && !entry.values.some(hasWildcard);
}
