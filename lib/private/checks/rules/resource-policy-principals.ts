import { isOtherAccount, readAwsPrincipal } from '../arns';
import { Rule } from '../rule';
import { conditionsOn, Statement } from '../statements';

// IAM turns a role or user ARN in a resource policy's Principal into the principal's unique ID;
// once the role is deleted the policy no longer matches it, even after a role of the same name is
// created again. An `aws:PrincipalArn` condition is compared by ARN and survives re-creation.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles
// An account root as principal lets that account's IAM policies decide, so without a narrowing
// condition every principal the other account allows gets the grant.

/** Condition keys that narrow an account root to particular principals, or to a service acting for them. */
const NARROWING =
  /^(aws:PrincipalArn|aws:PrincipalTag\/.+|aws:userid|aws:username|kms:ViaService|kms:EncryptionContext(:.+|Keys)|kms:GrantIsForAWSResource)$/i;

function problemsOf(statement: Statement, ownAccount: string | undefined): string[] {
  const narrowed = statement.conditionsUnknown || conditionsOn(statement, NARROWING).length > 0;
  return statement.principals.aws.flatMap((text) => {
    const principal = readAwsPrincipal(text);
    if (!isOtherAccount(principal.account, ownAccount)) return [];
    if (principal.kind === 'role' || principal.kind === 'user') return [`names ${principal.kind} ${text} of account ${principal.account}`];
    if (principal.kind === 'root' && !narrowed) return [`admits account ${principal.account} with no condition narrowing it`];
    return [];
  });
}

export const resourcePolicyPrincipals: Rule = {
  id: 'EKSSEC5',
  explanation:
    'A secret or key policy names a role or user of another account as principal (IAM stores its unique ID, so access breaks silently when the role is recreated), or another account root without a condition that narrows it to the principals meant.',
  fix: 'Name the account root and add ArnEquals `aws:PrincipalArn` = the role ARN (or a `kms:ViaService` and encryption-context condition for a service that acts for the account).',
  docUrl: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles',
  check: (view) =>
    view.policies
      .filter((site) => site.kind === 'secret' || site.kind === 'key')
      .flatMap((site) =>
        site.statements
          .filter((statement) => statement.allow)
          .map((statement) => ({ statement, problems: problemsOf(statement, view.env.account) }))
          .filter(({ problems }) => problems.length > 0)
          .map(({ statement, problems }) => ({ logicalId: site.logicalId, location: statement.location, detail: problems.join('; ') })),
      ),
};
