import { isOtherAccount, readAwsPrincipal } from '../arns';
import { isPositive } from '../condition-strength';
import { isSecretsManagerKey } from '../key-scope';
import { Rule } from '../rule';
import { ConditionEntry, conditionsOn, Statement } from '../statements';

// IAM turns a role or user ARN in a resource policy's Principal into the principal's unique ID;
// once the role is deleted the policy no longer matches it, even after a role of the same name is
// created again. An `aws:PrincipalArn` condition is compared by ARN and survives re-creation.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles
// An account root as principal lets that account's IAM policies decide, so without a narrowing
// condition every principal the other account allows gets the grant. `*` (or `Allow` with
// `NotPrincipal`) admits every account, anonymous principals included, unless a condition pins the
// principal or its account.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
// Only positive conditions narrow (see ../condition-strength.ts). Key policies are looked at for keys
// used for Secrets Manager (see ../key-scope.ts).

/** Condition keys that narrow an account root to particular principals, or to a service acting for them. */
const NARROWING =
  /^(aws:PrincipalArn|aws:PrincipalTag\/.+|aws:userid|aws:username|kms:ViaService|kms:EncryptionContext(:.+|Keys)|kms:GrantIsForAWSResource)$/i;

/** Condition keys that pin the principal or its account, which is what narrows `*`. */
const PINNING_PRINCIPAL =
  /^(aws:PrincipalArn|aws:PrincipalAccount|aws:PrincipalOrgID|aws:PrincipalOrgPaths|aws:userid|kms:CallerAccount)$/i;

const narrows = (entry: ConditionEntry) => isPositive(entry) && !entry.values.includes('*');

function problemsOf(statement: Statement, ownAccount: string | undefined): string[] {
  const narrowed = statement.conditionsUnknown || conditionsOn(statement, NARROWING).some(narrows);
  const pinned = statement.conditionsUnknown || conditionsOn(statement, PINNING_PRINCIPAL).some(narrows);
  return statement.principals.aws.flatMap((text) => {
    const principal = readAwsPrincipal(text);
    if (principal.kind === 'wildcard') {
      if (pinned) return [];
      return [
        statement.notPrincipals
          ? 'Allow with NotPrincipal admits every principal of every account but those listed, with no condition pinning the principal or its account'
          : 'admits every AWS account (`*`) with no condition pinning the principal or its account',
      ];
    }
    if (!isOtherAccount(principal.account, ownAccount)) return [];
    if (principal.kind === 'role' || principal.kind === 'user') return [`names ${principal.kind} ${text} of account ${principal.account}`];
    if (principal.kind === 'root' && !narrowed) return [`admits account ${principal.account} with no condition narrowing it`];
    return [];
  });
}

export const resourcePolicyPrincipals: Rule = {
  id: 'EKSSEC5',
  explanation:
    'A secret policy, or the policy of a key for secrets, names a role or user of another account as principal (IAM stores its unique ID, so access breaks silently when the role is recreated), another account root without a condition that narrows it to the principals meant, or every account (`*`, or `Allow` with `NotPrincipal`) without a condition that pins the principal.',
  fix: 'Name the account root and add ArnEquals `aws:PrincipalArn` = the role ARN (or a `kms:ViaService` and encryption-context condition for a service that acts for the account).',
  docUrl: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles',
  thisLibrary:
    'This library names role ARNs as principals only with `grantPrincipal: GrantPrincipal.ROLE_ARN`, chosen so that a role recreated under the same name is not admitted until the policies are saved again: one finding on each secret policy and each key policy that grants to such a workload. Acknowledge EKSSEC5 on those resources if you chose that.',
  check: (view, context) =>
    view.policies
      .filter((site) => site.kind === 'secret' || (site.kind === 'key' && isSecretsManagerKey(site, view, context)))
      .flatMap((site) =>
        site.statements
          .filter((statement) => statement.allow)
          .map((statement) => ({ statement, problems: problemsOf(statement, view.env.account) }))
          .filter(({ problems }) => problems.length > 0)
          .map(({ statement, problems }) => ({ logicalId: site.logicalId, location: statement.location, detail: problems.join('; ') })),
      ),
};
