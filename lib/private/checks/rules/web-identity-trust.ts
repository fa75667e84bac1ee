import { pinsExactly } from '../condition-strength';
import { Rule } from '../rule';
import { ConditionEntry, conditionsOn, coversAction, Statement } from '../statements';

// EKS documents the IRSA trust policy with StringEquals on `<issuer>:sub` and `<issuer>:aud`:
// https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html
// Without `sub`, every service account of the cluster matches; StringLike makes `*` and `?` wildcards.
// Only a positive equality pins a key (see ../condition-strength.ts): `Null` or StringNotEquals on
// `sub` leaves every other service account in.

/** The OIDC provider of an EKS cluster, in a `Federated` principal or a condition key. */
const EKS_ISSUER = /oidc\.eks\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/id\//i;

function isEksWebIdentityTrust(statement: Statement): boolean {
  return (
    statement.allow &&
    coversAction(statement, 'sts:AssumeRoleWithWebIdentity') &&
    (statement.principals.federated.some((principal) => EKS_ISSUER.test(principal)) ||
      statement.conditions.some((entry) => EKS_ISSUER.test(entry.key)))
  );
}

const isLike = (entry: ConditionEntry) => /StringLike/i.test(entry.operator);
const hasWildcard = (entry: ConditionEntry) => entry.values.some((value) => /[*?]/.test(value));

const operatorsOf = (entries: readonly ConditionEntry[]) => [...new Set(entries.map((entry) => entry.operator))].join(', ');

function problemsOf(statement: Statement): string[] {
  const problems: string[] = [];
  const subs = conditionsOn(statement, /:sub$/i);
  const auds = conditionsOn(statement, /:aud$/i);
  const likes = subs.filter(isLike);
  if (!subs.some(pinsExactly) && likes.length === 0) {
    problems.push(
      subs.length === 0
        ? 'no `sub` condition: every service account of the cluster can assume the role'
        : `\`sub\` only tested with ${operatorsOf(subs)}, which pins no service account: every other service account of the cluster can assume the role`,
    );
  }
  for (const sub of likes) {
    problems.push(
      hasWildcard(sub)
        ? `\`sub\` matched with ${sub.operator} ${JSON.stringify(sub.values.join(', '))}: a wildcard admits other service accounts`
        : `\`sub\` matched with ${sub.operator} instead of StringEquals`,
    );
  }
  if (auds.length === 0) problems.push('no `aud` condition: tokens issued for any audience are accepted');
  else if (!auds.some((aud) => pinsExactly(aud) || isLike(aud)))
    problems.push(`\`aud\` only tested with ${operatorsOf(auds)}: tokens issued for other audiences are accepted`);
  for (const aud of auds.filter((entry) => isLike(entry) && hasWildcard(entry))) {
    problems.push(`\`aud\` matched with ${aud.operator} ${JSON.stringify(aud.values.join(', '))}`);
  }
  return problems;
}

export const webIdentityTrust: Rule = {
  id: 'EKSSEC1',
  explanation:
    'An IRSA trust policy does not pin one service account: without `sub` (or with StringLike or a wildcard on it) other service accounts of the cluster can assume the role, and without `aud` tokens minted for other audiences are accepted.',
  fix: 'Use StringEquals on `<issuer>:sub` = `system:serviceaccount:<namespace>:<service account>` and on `<issuer>:aud` = `sts.amazonaws.com`.',
  docUrl: 'https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html',
  check: (view) =>
    view.policies
      .filter((site) => site.kind === 'trust')
      .flatMap((site) =>
        site.statements
          // A condition block CloudFormation computes at deploy time (CDK's CfnJson) cannot be judged here.
          .filter((statement) => isEksWebIdentityTrust(statement) && !statement.conditionsUnknown)
          .map((statement) => ({ logicalId: site.logicalId, location: statement.location, problems: problemsOf(statement) }))
          .filter((hit) => hit.problems.length > 0)
          .map(({ logicalId, location, problems }) => ({ logicalId, location, detail: problems.join('; ') })),
      ),
};
