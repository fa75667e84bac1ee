import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { synthesize, withProps } from '../support/helpers';

interface GrantingStatement {
  readonly stackName: string;
  readonly logicalId: string;
  readonly sid: string;
}

/** Every Allow statement of every policy document in the templates: trust, identity, resource and key policies. */
function grantingStatements(stacks: Array<{ stackName: string; template: Template }>): GrantingStatement[] {
  const documentProperties = ['AssumeRolePolicyDocument', 'PolicyDocument', 'ResourcePolicy', 'KeyPolicy'];
  return stacks.flatMap(({ stackName, template }) =>
    Object.entries(template.toJSON().Resources as Record<string, { Properties?: Record<string, any> }>).flatMap(([logicalId, resource]) =>
      documentProperties
        .map((property) => resource.Properties?.[property])
        .filter((document) => document?.Statement)
        .flatMap((document) =>
          document.Statement.filter((s: any) => s.Effect === 'Allow').map((s: any) => ({ stackName, logicalId, sid: s.Sid })),
        ),
    ),
  );
}

function review(props = withProps({})) {
  const s = synthesize(props);
  const stacks = [
    { stackName: s.access.workloadStack.stackName, template: s.workload },
    { stackName: s.access.secretStack.stackName, template: s.secret },
    { stackName: s.access.keyStack!.stackName, template: s.key },
  ];
  return { text: s.access.accessReview(), statements: grantingStatements(stacks) };
}

describe('access review', () => {
  test.each([
    ['IRSA', withProps({})],
    ['EKS Pod Identity', withProps({ workload: { oidcIssuer: undefined, podIdentity: { clusterName: 'prod' } } })],
    [
      'coinciding accounts and other names',
      withProps({ secret: { account: '111111111111', secretName: 'team/db' }, workload: { roleName: 'payments-api' } }),
    ],
  ])('names every statement that grants access in the templates, by stack and logical ID (%s)', (_name, props) => {
    const { text, statements } = review(props);
    expect(statements.length).toBeGreaterThanOrEqual(6);
    const rows = text.split('\n').filter((line) => line.startsWith('| `'));
    for (const { stackName, logicalId, sid } of statements) {
      expect(rows.filter((row) => row.startsWith(`| \`${stackName}\` | \`${logicalId}\` | \`${sid}\` |`))).toHaveLength(1);
    }
    expect(rows).toHaveLength(statements.length);
  });

  test('shows the chain from Kubernetes identity to role to secret to key', () => {
    const { text } = review();
    const order = [
      'service account `testapp` in namespace `testnamespace`',
      '`arn:aws:iam::111111111111:role/eks-secrets/pod-role`',
      '`arn:aws:secretsmanager:eu-west-1:222222222222:secret:testsecret`',
      '`arn:aws:kms:eu-west-1:333333333333:alias/testapp-secrets`',
    ].map((part) => text.indexOf(part));
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  test('with EKS Pod Identity, names the cluster and the association that binds the service account', () => {
    const { text } = review(withProps({ workload: { oidcIssuer: undefined, podIdentity: { clusterName: 'prod' } } }));
    expect(text).toContain(
      'service account `testapp` in namespace `testnamespace` of EKS cluster `prod`, through EKS Pod Identity (association `PodIdentityAssociation` in `TestApp-Workload`)',
    );
  });

  test('lists the conditions that narrow each grant', () => {
    const { text } = review();
    expect(text).toContain('StringEquals `oidc.eks.eu-west-1.amazonaws.com/id/CLUSTERNODETESTID:aud` = `sts.amazonaws.com`');
    expect(text).toContain('ArnEquals `aws:PrincipalArn` = `arn:aws:iam::111111111111:role/eks-secrets/pod-role`');
    expect(text).toContain('StringEquals `kms:ViaService` = `secretsmanager.eu-west-1.amazonaws.com`');
  });

  test('says what the defaults protect, and follows the settings', () => {
    expect(review().text).toMatch(/removal policy \*\*retain\*\*.*BlockPublicPolicy/);
    expect(review().text).toContain('deletion waits **30 days**');
    expect(review().text).toContain('automatic rotation **on**');
  });

  test('follows non-default settings', () => {
    const { text } = review(withProps({ secret: { removalPolicy: RemovalPolicy.DESTROY }, key: { pendingWindow: Duration.days(7) } }));
    expect(text).toMatch(/Secret `Secret` in `TestApp-Secret`: removal policy \*\*destroy\*\*/);
    expect(text).toContain('deletion waits **7 days**');
  });

  test('says the key admits the role only for its own secrets, and whom keyUserArns leaves out', () => {
    const deployer = 'arn:aws:iam::222222222222:role/deployer';
    const { text } = review(withProps({ secret: { keyUserArns: [deployer] } }));
    expect(text).toContain('lets this role use the key only for the secrets granted to it.');
    expect(text).toContain(
      `besides the roles granted it, only \`${deployer}\` can have Secrets Manager use the key for it (a role granted another secret of the same key cannot)`,
    );
    expect(text).toContain('that cannot assume or change those principals can manage the secret but cannot read its value');
  });

  test('the review of the seed scenario matches its snapshot', () => {
    expect(review().text).toMatchSnapshot();
  });
});
