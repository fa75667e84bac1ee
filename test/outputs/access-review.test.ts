import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CrossAccountSecretAccess, CrossAccountSecrets, GrantPrincipal } from '../../lib';
import { newApp, synthesize, withProps } from '../support/helpers';

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
    ['EKS Pod Identity', withProps({ workload: { oidcIssuers: undefined, podIdentity: { clusterName: 'prod' } } })],
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
    const { text } = review(withProps({ workload: { oidcIssuers: undefined, podIdentity: { clusterName: 'prod' } } }));
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
    expect(text).toContain('that cannot assume or modify these principals can manage the secret but cannot read its value');
  });

  test('the review of the seed scenario matches its snapshot', () => {
    expect(review().text).toMatchSnapshot();
  });
});

describe('the access review says what holds in each mode', () => {
  const podIdentity = { oidcIssuers: undefined, podIdentity: { clusterName: 'prod' } };
  const targetRole = (disableSessionTags?: boolean) =>
    withProps({ workload: { oidcIssuers: undefined, podIdentity: { clusterName: 'prod', targetRole: true, disableSessionTags } } });
  const ONLY_THAT_IDENTITY = 'the trust policy lets only that identity assume it';

  test.each([
    ['IRSA', withProps({})],
    ['EKS Pod Identity', withProps({ workload: podIdentity })],
    ['a target role with session tags', targetRole()],
  ])('%s: only the one service account can obtain the pod role', (_name, props) => {
    const { text } = review(props);
    expect(text).toContain(`**Pod role** \`arn:aws:iam::111111111111:role/eks-secrets/pod-role\`: ${ONLY_THAT_IDENTITY};`);
    expect(text).not.toContain('any EKS Pod Identity association');
  });

  test('a target role with session tags: the target role trusts the pod role for that identity', () => {
    const { text } = review(targetRole());
    expect(text).toContain(
      'its only permission is to assume its EKS Pod Identity **target role** `arn:aws:iam::222222222222:role/eks-secrets/pod-role-target` (account 222222222222), which trusts only this pod role for that identity',
    );
  });

  test('a target role without session tags: says who can obtain the pod role, and that the external ID is chosen by its caller', () => {
    const { text } = review(targetRole(true));
    expect(text).not.toContain(ONLY_THAT_IDENTITY);
    expect(text).toContain(
      'the pods of any EKS Pod Identity association in account 111111111111 that names this role get its credentials, and whoever can create one (`eks:CreatePodIdentityAssociation` with `iam:PassRole` on this role) chooses which pods',
    );
    expect(text).toContain('may call `sts:AssumeRole` on the target role with any external ID, including the one its trust pins');
    expect(text).toContain('which trusts only this pod role with the external ID of that identity');
  });

  test('key and secret in one account: that account is the owner, not an administrator who cannot use the key', () => {
    const { text } = review(withProps({ key: { account: '222222222222' } }));
    expect(text).not.toContain('cannot use it');
    expect(text).toContain(
      "- Key `alias/testapp-secrets` and `testsecret` are all in account 222222222222: that account's principals are the owners of that secret (above)",
    );
  });

  test('key and secret in separate accounts: the key administrators cannot use the key, but can change its policy', () => {
    expect(review().text).toContain(
      '- Administrators of key `alias/testapp-secrets` (account 333333333333) cannot use it, but can change its policy (`kms:PutKeyPolicy`) to let themselves.',
    );
  });

  test('role ARN principals: the policies name the role itself, and no path needs reserving', () => {
    const { text } = review(withProps({ workload: { grantPrincipal: GrantPrincipal.ROLE_ARN } }));
    expect(text).toContain('its resource policy admits the role, by its role ARN as principal, for `secretsmanager:GetSecretValue` only');
    expect(text).toContain("which IAM stores as the role's unique ID");
    expect(text).not.toContain('reserve the path');
  });

  test('account root and principal ARN (the default): any role created under that name is admitted, so the path must be reserved', () => {
    expect(review().text).toContain('any role created as `/eks-secrets/pod-role` in account 111111111111 is admitted');
  });

  test('named key users: promises only against principals that cannot assume or modify them, and says to protect them', () => {
    const { text } = review(withProps({ secret: { keyUserArns: ['arn:aws:iam::222222222222:role/deployer'] } }));
    expect(text).toContain(
      '- Secret `testsecret` (account 222222222222): besides the roles granted it, only `arn:aws:iam::222222222222:role/deployer` can have Secrets Manager use the key for it (a role granted another secret of the same key cannot). Principals of account 222222222222 that cannot assume or modify these principals can manage the secret but cannot read its value',
    );
    expect(text).toContain('protect them, for example with a service control policy denying `iam:UpdateAssumeRolePolicy`');
    expect(text).not.toContain('set `keyUserArns`');
  });

  test('without named key users: says the secret account can read, and how to narrow it', () => {
    expect(review().text).toContain(
      'can read the value (the key policy lets Secrets Manager use the key for that account); set `keyUserArns` to narrow',
    );
  });

  test('an existing secret: no advice to set keyUserArns, which importSecret() does not take', () => {
    const secrets = new CrossAccountSecrets(newApp(), 'Secrets');
    const key = secrets.addKey('Payments', { account: '333333333333', region: 'eu-west-1', alias: 'security/payments' });
    const db = secrets.importSecret('Db', { secretArn: 'arn:aws:secretsmanager:eu-west-1:222222222222:secret:payments/db-AbCdEf', key });
    const api = secrets.addWorkload('Api', {
      account: '111111111111',
      region: 'eu-west-1',
      namespace: 'payments',
      serviceAccount: 'api',
      oidcIssuers: ['https://oidc.eks.eu-west-1.amazonaws.com/id/BLUE'],
    });
    db.grantRead(api);
    const text = secrets.accessReview();
    expect(text).toContain('principals of account 222222222222 whose IAM policies allow');
    expect(text).not.toContain('keyUserArns');
  });

  test('an existing key: lists what its owners must add, and claims nothing about its administrators', () => {
    const props = withProps({
      key: { alias: undefined, keyArn: 'arn:aws:kms:eu-west-1:333333333333:key/1234abcd-12ab-34cd-56ef-1234567890ab' },
    });
    const text = new CrossAccountSecretAccess(newApp(), 'TestApp', props).accessReview();
    expect(text).toContain(
      '## Statements the owners of arn:aws:kms:eu-west-1:333333333333:key/1234abcd-12ab-34cd-56ef-1234567890ab must add',
    );
    expect(text).not.toContain('Administrators of key');
  });

  test.each([
    ['IRSA', withProps({}), '111111111111, 222222222222, 333333333333'],
    [
      'a target role in the secret account, with the key there too',
      withProps({ ...targetRole(), key: { account: '222222222222' } }),
      '111111111111, 222222222222',
    ],
  ])('%s: names the deployers of every account, who can rewrite every policy', (_name, props, accounts) => {
    expect(review(props).text).toContain(
      `- Whoever deploys these stacks can rewrite every policy above: the CloudFormation execution roles of accounts ${accounts}, and whoever may deploy with them`,
    );
  });
});
