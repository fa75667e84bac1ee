import { parseArn } from '../arns';
import { Rule } from '../rule';
import { conditionsOn, Statement } from '../statements';

// IAM ARNs leave the region field empty because IAM resources are global:
// `arn:aws:iam::111111111111:role/name`. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns

function malformed(values: readonly string[]): string[] {
  return values.filter((value) => {
    const arn = parseArn(value);
    return arn !== undefined && arn.service === 'iam' && !arn.wellFormed;
  });
}

function problemsOf(statement: Statement): string[] {
  const candidates = [
    ...statement.principals.aws,
    ...statement.principals.federated,
    ...(statement.notPrincipals?.aws ?? []),
    ...statement.resources,
    ...conditionsOn(statement, 'aws:PrincipalArn').flatMap((entry) => entry.values),
  ];
  return [...new Set(malformed(candidates))];
}

export const iamArnForm: Rule = {
  id: 'EKSSEC9',
  explanation:
    'An IAM ARN in a principal, resource or `aws:PrincipalArn` condition lacks its empty region field (`arn:aws:iam:111111111111:role/x`): it names no IAM identity, so the policy is rejected or matches nothing.',
  fix: 'Write IAM ARNs as `arn:<partition>:iam::<account>:<type>/<name>`, with two colons before the account.',
  docUrl: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns',
  check: (view) =>
    view.policies.flatMap((site) =>
      site.statements
        .map((statement) => ({ statement, arns: problemsOf(statement) }))
        .filter(({ arns }) => arns.length > 0)
        .map(({ statement, arns }) => ({
          logicalId: site.logicalId,
          location: statement.location,
          detail: `IAM ARN without the empty region field: ${arns.join(', ')}`,
        })),
    ),
};
