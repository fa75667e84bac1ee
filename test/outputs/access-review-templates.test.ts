import { CfnResource, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CrossAccountSecretAccess, GrantPrincipal, ReadableVersions } from '../../lib';
import { statementRow } from '../../lib/private/outputs/access-review';
import { exampleGraph } from '../support/graph';
import { newApp, seedProps, synthesize, withProps } from '../support/helpers';

// The access review is what a security team signs off. It is built from the model, so each row it shows
// is checked here against the statement the synthesized template really holds (same stack, logical ID
// and Sid, rendered the same way): a review that claims a policy the templates do not carry fails.

const DOCUMENTS = ['AssumeRolePolicyDocument', 'PolicyDocument', 'ResourcePolicy', 'KeyPolicy'];

/** Every statement of every policy in the stacks, rendered as a review row. */
function templateRows(stacks: readonly Stack[]): string[] {
  return stacks.flatMap((stack) =>
    Object.entries(Template.fromStack(stack).toJSON().Resources as Record<string, { Properties?: Record<string, any> }>).flatMap(
      ([logicalId, resource]) =>
        DOCUMENTS.map((p) => resource.Properties?.[p])
          .filter((document) => document?.Statement)
          .flatMap((document) => document.Statement.map((s: any) => statementRow({ stackName: stack.stackName, logicalId }, s))),
    ),
  );
}

function reviewRows(review: string): string[] {
  return review.split('\n').filter((line) => line.startsWith('| `'));
}

const oneOfEach = (access: CrossAccountSecretAccess) => [access.workloadStack, access.secretStack, access.keyStack!];

describe('every row of the access review is a statement the templates hold', () => {
  test.each([
    ['IRSA (the seed scenario)', withProps({})],
    [
      'EKS Pod Identity with DescribeSecret',
      withProps({ workload: { oidcIssuers: undefined, podIdentity: { clusterName: 'prod' }, allowDescribeSecret: true } }),
    ],
    [
      'role ARN principals, current version only, named key users',
      withProps({
        workload: { grantPrincipal: GrantPrincipal.ROLE_ARN, readableVersions: ReadableVersions.CURRENT },
        secret: { keyUserArns: ['arn:aws:iam::222222222222:role/deployer'] },
      }),
    ],
    ['one account for all three', withProps({ secret: { account: '111111111111' }, key: { account: '111111111111' } })],
  ])('%s', (_name, props) => {
    const { access } = synthesize(props);
    const rows = reviewRows(access.accessReview());
    const held = templateRows(oneOfEach(access));
    expect(rows.length).toBeGreaterThanOrEqual(6);
    for (const row of rows) expect(held).toContain(row);
    // And every Allow statement of the templates is in the review.
    for (const row of held.filter((r) => !r.includes('`Deny'))) expect(rows).toContain(row);
  });

  test('a graph: the rows of every grant and key', () => {
    const { secrets } = exampleGraph();
    const held = templateRows(secrets.stacks);
    const rows = reviewRows(secrets.accessReview());
    for (const row of rows) expect(held).toContain(row);
  });

  test('a template changed after construction (an escape hatch) no longer matches the review', () => {
    const access = new CrossAccountSecretAccess(newApp(), 'TestApp', seedProps());
    const key = access.keyStack!.key;
    const policy = access.keyStack!.resolve(key.keyPolicy);
    policy.Statement[3].Condition.StringEquals['kms:ViaService'] = 'ssm.eu-west-1.amazonaws.com';
    (key as CfnResource).addPropertyOverride('KeyPolicy', policy);
    const held = templateRows(oneOfEach(access));
    const stale = reviewRows(access.accessReview()).filter((row) => !held.includes(row));
    expect(stale).toHaveLength(1);
    expect(stale[0]).toContain('`DecryptViaSecretsManagerForPodRole`');
  });
});
