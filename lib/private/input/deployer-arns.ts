import { PARTITION } from '../model/identifiers';
import { invalidProp } from './errors';
import { concrete } from './literals';
import { ROLE_PATH_SCP_OPTIONS } from './prop-names';
import * as types from './types';

// The principals the role-path service control policy exempts. An SCP condition on `aws:PrincipalArn`
// compares the ARN of the role (or user) that makes the request, never a session's ARN, so each must be
// an exact role or user ARN: a wildcard would exempt every role whose name matches it, and anyone who may
// create roles could create one.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn

/** IAM names and paths: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns */
const PATH_AND_NAME = '(?:[\\w+=,.@-]+\\/)*[\\w+=,.@-]{1,64}';
const ROLE_ARN = new RegExp(`^arn:${PARTITION}:iam::\\d{12}:role\\/${PATH_AND_NAME}$`);
const ROLE_OR_USER_ARN = new RegExp(`^arn:${PARTITION}:iam::\\d{12}:(role|user)\\/${PATH_AND_NAME}$`);

/** The deployer and bootstrapper ARNs given to `rolePathServiceControlPolicy()`, checked; undefined where left out. */
export interface DeployerArns {
  readonly deployerRoleArns?: string[];
  readonly bootstrapperArns: string[];
}

export function deployerArnOptions(where: string, options: unknown): DeployerArns {
  if (options === undefined) return { bootstrapperArns: [] };
  types.knownProps(where, '', options, ROLE_PATH_SCP_OPTIONS);
  const { deployerRoleArns, bootstrapperArns } = options as Record<string, unknown>;
  return {
    deployerRoleArns: deployerRoleArns === undefined ? undefined : arnList(where, 'deployerRoleArns', deployerRoleArns, false),
    bootstrapperArns: bootstrapperArns === undefined ? [] : arnList(where, 'bootstrapperArns', bootstrapperArns, true),
  };
}

/** One exact IAM role ARN (`user` too when `users`); a role session's ARN gets a hint. */
export function principalArn(where: string, prop: string, value: string, users: boolean): string {
  const what = users ? 'an IAM role or user ARN' : 'an IAM role ARN';
  concrete(where, prop, value, what);
  if ((users ? ROLE_OR_USER_ARN : ROLE_ARN).test(value)) return value;
  const problem = /:assumed-role\//.test(value)
    ? `is a role session's ARN: the policy compares \`aws:PrincipalArn\`, which is the role's ARN, so give "arn:<partition>:iam::<account>:role/<path><name>".`
    : /[*?]/.test(value)
      ? `has a wildcard: name each principal by its exact ARN, because anyone who may create roles could create one whose name matches a pattern.`
      : `is not ${what}: use an exact ARN such as "arn:aws:iam::111111111111:role/${users ? 'Bootstrapper' : 'Deployer'}".`;
  throw invalidProp(where, prop, value, problem);
}

function arnList(where: string, prop: string, value: unknown, users: boolean): string[] {
  const arns = types.stringList(where, prop, value);
  if (arns.length === 0 && !users) {
    throw invalidProp(
      where,
      prop,
      value,
      "is empty: name at least one deployer role, or leave it out to take them from the stacks' synthesizers.",
    );
  }
  return [...new Set(arns.map((arn, i) => principalArn(where, `${prop}[${i}]`, arn, users)))];
}

/** Whether a value is one exact IAM role ARN. */
export function isRoleArn(value: string): boolean {
  return ROLE_ARN.test(value);
}
