import { parseArn } from '../arns';
import { RuleCheck } from '../finding';
import { conditionsOn, Statement } from '../statements';

// EKSSEC9. IAM ARNs leave the region field empty because IAM resources are global:
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
    ...statement.resources,
    ...conditionsOn(statement, 'aws:PrincipalArn').flatMap((entry) => entry.values),
  ];
  return [...new Set(malformed(candidates))];
}

export const iamArnForm: RuleCheck = (view) =>
  view.policies.flatMap((site) =>
    site.statements
      .map((statement) => ({ statement, arns: problemsOf(statement) }))
      .filter(({ arns }) => arns.length > 0)
      .map(({ statement, arns }) => ({
        logicalId: site.logicalId,
        location: statement.location,
        detail: `IAM ARN without the empty region field: ${arns.join(', ')}`,
      })),
  );
