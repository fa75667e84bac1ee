import { pinsExactly } from '../condition-strength';
import { hasPlaceholder, render } from '../intrinsics';
import { Rule } from '../rule';
import { ConditionEntry, conditionsOn, coversAction, Statement } from '../statements';
import { TemplateView } from '../template-view';

// EKS documents the IRSA trust policy with StringEquals on `<issuer>:sub` and `<issuer>:aud`:
// https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html
// Without `sub`, every service account of the cluster matches; StringLike makes `*` and `?` wildcards.
// Only a positive equality pins a key (see ../condition-strength.ts): `Null` or StringNotEquals on
// `sub` leaves every other service account in.
// A part of the condition these checks cannot read (an intrinsic that is not a `CfnJson` of the
// template) counts as pinning nothing. That is its worst case, and the only one to assume: a statement's
// condition operators and keys are ANDed, so what is unread can narrow the trust but never widen it.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html

/** The OIDC provider of an EKS cluster, in a `Federated` principal or a condition key. */
const EKS_ISSUER = /oidc\.eks\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/id\//i;
const OIDC_PROVIDER_TYPES = ['AWS::IAM::OIDCProvider', 'Custom::AWSCDKOpenIdConnectProvider'];

function isEksWebIdentityTrust(statement: Statement, view: TemplateView): boolean {
  if (!statement.allow || !coversAction(statement, 'sts:AssumeRoleWithWebIdentity')) return false;
  const federated = statement.principals.federated;
  if (federated.some((principal) => EKS_ISSUER.test(principal)) || statement.conditions.some((entry) => EKS_ISSUER.test(entry.key))) {
    return true;
  }
  // The issuer of a cluster built in the same app (or imported) is a token: judge the trust as IRSA
  // unless a literal part shows another issuer (GitHub Actions, Cognito, Google, ...).
  const namesOtherIssuer = statement.conditions.some((entry) => literalIssuerOf(entry.key) !== undefined);
  return !namesOtherIssuer && federated.some((principal) => isTokenIssuerProvider(principal, view));
}

/** The issuer of a web identity condition key (`token.actions.githubusercontent.com:sub`), when it is a literal host. */
function literalIssuerOf(key: string): string | undefined {
  const issuer = key.slice(0, Math.max(0, key.lastIndexOf(':')));
  return issuer.includes('.') && !hasPlaceholder(issuer) ? issuer : undefined;
}

/**
 * A `Federated` principal whose issuer only CloudFormation knows: `arn:…:oidc-provider/{{Select}}`, or a
 * reference to a provider resource (or to anything else) whose URL is not a literal of another issuer.
 */
function isTokenIssuerProvider(principal: string, view: TemplateView): boolean {
  if (!hasPlaceholder(principal)) return false;
  const marker = principal.indexOf('oidc-provider/');
  if (marker >= 0) return hasPlaceholder(principal.slice(marker));
  const provider = view.resources.find(
    (resource) =>
      OIDC_PROVIDER_TYPES.includes(resource.type) &&
      (principal === `{{${resource.logicalId}}}` || principal.startsWith(`{{${resource.logicalId}.`)),
  );
  const url = provider ? render(provider.properties.Url, view.env) : undefined;
  return url === undefined || hasPlaceholder(url) || EKS_ISSUER.test(url);
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
  if (statement.conditionsUnknown && problems.length > 0) {
    problems.unshift(
      'part of the condition is an intrinsic these checks cannot read (not a `CfnJson` of this template), so it counts as pinning nothing',
    );
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
          .filter((statement) => isEksWebIdentityTrust(statement, view))
          .map((statement) => ({ logicalId: site.logicalId, location: statement.location, problems: problemsOf(statement) }))
          .filter((hit) => hit.problems.length > 0)
          .map(({ logicalId, location, problems }) => ({ logicalId, location, detail: problems.join('; ') })),
      ),
};
