import { parseArn } from '../arns';
import { Rule } from '../rule';
import { coversAction, Statement } from '../statements';

// Secrets Manager appends `-` and six random characters to the secret's name in its ARN, so a
// resource without them matches no secret, `name-*` also matches `name-<anything>`, and `name-??????`
// matches exactly the secret of that name.
// https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_iam-permissions.html
// https://docs.aws.amazon.com/secretsmanager/latest/userguide/permissions_grant-limited-resources.html

/** A complete secret ARN ends in the six random characters; `-??????` stands for them. */
const SUFFIX = /-(\?{6}|[A-Za-z0-9]{6})$/;

/** What is wrong with one `Resource` entry for GetSecretValue, if anything. */
function resourceProblem(resource: string): string | undefined {
  if (resource === '*') return 'on `*`: every secret the policy can reach';
  const arn = parseArn(resource);
  if (!arn || !['secretsmanager', '*'].includes(arn.service)) return undefined;
  if (!arn.resource.startsWith('secret:')) return arn.resource.includes('*') ? `on ${resource}: every secret` : undefined;
  const name = arn.resource.slice('secret:'.length);
  // A secret's own ARN from CloudFormation (`Ref`) is complete.
  if (/^\{\{[^}]*\}\}$/.test(name) || SUFFIX.test(name)) return undefined;
  if (name.endsWith('*')) return `on ${resource}: the trailing \`*\` also matches other secrets`;
  return `on ${resource}: without the random suffix it matches no secret`;
}

function problemsOf(statement: Statement): string[] {
  if (statement.notResources) return ['with NotResource: every secret but those listed'];
  return statement.resources.map(resourceProblem).filter((problem): problem is string => problem !== undefined);
}

export const secretArnResource: Rule = {
  id: 'EKSSEC3',
  explanation:
    'An identity policy grants `secretsmanager:GetSecretValue` on `*`, on a secret ARN without its random suffix (which matches no secret), or on one ending in `*` (which matches other secrets too).',
  fix: 'Grant it on `arn:<partition>:secretsmanager:<region>:<account>:secret:<name>-??????` (or on the complete ARN).',
  docUrl: 'https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_iam-permissions.html',
  check: (view) =>
    view.policies
      .filter((site) => site.kind === 'identity')
      .flatMap((site) =>
        site.statements
          .filter((statement) => statement.allow && coversAction(statement, 'secretsmanager:GetSecretValue'))
          .map((statement) => ({ statement, problems: problemsOf(statement) }))
          .filter(({ problems }) => problems.length > 0)
          .map(({ statement, problems }) => ({
            logicalId: site.logicalId,
            location: statement.location,
            detail: `grants secretsmanager:GetSecretValue ${problems.join('; ')}`,
          })),
      ),
};
