import { accountRootArn, readerAccount, readerRoleArn } from '../model/identifiers';
import { WorkloadModel } from '../model/model';
import { oneOrMany, PolicyStatement } from './policy-json';

/**
 * How a resource policy (the secret's, or the key's) names the granted roles (each workload's reading
 * role: its pod role, or its Pod Identity target role), in one of two styles:
 *
 * - by account root narrowed with `aws:PrincipalArn` (the default): a recreated role keeps its access,
 *   and the roles' accounts are each named once;
 * - by role ARN (`GrantPrincipal.ROLE_ARN`): IAM stores the role's unique ID, so a role recreated under
 *   the same name is not admitted until the policy is saved again.
 *
 * A role ARN names its account, so a list of roots with a list of role ARNs admits no role of one
 * granted account through another's root.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
 */
export function grantPrincipal(roles: readonly WorkloadModel[]): Pick<PolicyStatement, 'Principal' | 'Condition'> {
  if (roles.every((w) => w.principalByRoleArn)) {
    return { Principal: { AWS: oneOrMany(roles.map(readerRoleArn)) } };
  }
  return {
    Principal: { AWS: oneOrMany(roles.map((w) => accountRootArn(w.region, readerAccount(w)))) },
    Condition: { ArnEquals: { 'aws:PrincipalArn': oneOrMany(roles.map(readerRoleArn)) } },
  };
}

/** Groups the roles by what their statement must say, keeping the order of first appearance. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return [...groups.values()];
}
