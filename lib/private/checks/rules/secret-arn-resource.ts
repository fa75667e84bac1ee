import { parseArn } from '../arns';
import { isPositive } from '../condition-strength';
import { Rule } from '../rule';
import { conditionsOn, coversAction, Statement } from '../statements';

// Secrets Manager appends `-` and six random characters to the secret's name in its ARN, so a
// resource without them matches no secret, `name-*` also matches `name-<anything>`, and `name-??????`
// matches exactly the secret of that name.
// Tag-based access (ABAC) grants GetSecretValue on `*` narrowed by the secret's tags, such as
// `secretsmanager:ResourceTag/<key>` = `${aws:PrincipalTag/<key>}`; such a `*` is not "every secret".
// https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access-abac.html
// https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_iam-permissions.html
// https://docs.aws.amazon.com/secretsmanager/latest/userguide/permissions_grant-limited-resources.html

/** A complete secret ARN ends in the six random characters; `-??????` stands for them. */
const SUFFIX = /-(\?{6}|[A-Za-z0-9]{6})$/;

const RESOURCE_TAG = /^(secretsmanager|aws):ResourceTag\/.+$/i;

/** A positive condition on the secret's tags (not a bare `*`): the statement reaches only secrets tagged so. */
function narrowedByTags(statement: Statement): boolean {
  return conditionsOn(statement, RESOURCE_TAG).some((entry) => isPositive(entry) && entry.values.every((value) => !/^[*?]*$/.test(value)));
}

/** What is wrong with one `Resource` entry for GetSecretValue, if anything. */
function resourceProblem(resource: string, byTags: boolean): string | undefined {
  if (resource === '*') return byTags ? undefined : 'on `*`: every secret the policy can reach';
  const arn = parseArn(resource);
  if (!arn || !['secretsmanager', '*'].includes(arn.service)) return undefined;
  if (!arn.resource.startsWith('secret:')) return arn.resource.includes('*') && !byTags ? `on ${resource}: every secret` : undefined;
  const name = arn.resource.slice('secret:'.length);
  // A secret's own ARN from CloudFormation (`Ref`) is complete.
  if (/^\{\{[^}]*\}\}$/.test(name) || SUFFIX.test(name)) return undefined;
  if (name.endsWith('*')) return byTags ? undefined : `on ${resource}: the trailing \`*\` also matches other secrets`;
  return `on ${resource}: without the random suffix it matches no secret`;
}

function problemsOf(statement: Statement): string[] {
  const byTags = narrowedByTags(statement);
  if (statement.notResources) return byTags ? [] : ['with NotResource: every secret but those listed'];
  return statement.resources
    .map((resource) => resourceProblem(resource, byTags))
    .filter((problem): problem is string => problem !== undefined);
}

export const secretArnResource: Rule = {
  id: 'EKSSEC3',
  explanation:
    "An identity policy grants `secretsmanager:GetSecretValue` on `*`, on a secret ARN without its random suffix (which matches no secret), or on one ending in `*` (which matches other secrets too), with no condition on the secrets' tags that narrows it.",
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
