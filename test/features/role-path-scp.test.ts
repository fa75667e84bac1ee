import { App, CliCredentialsStackSynthesizer, DefaultStackSynthesizer, Lazy } from 'aws-cdk-lib';
import { CrossAccountSecretAccess, CrossAccountSecrets, RolePathServiceControlPolicyOptions } from '../../lib';
import { exampleGraph } from '../support/graph';
import { newApp, seedProps, withProps } from '../support/helpers';

// Who the role-path service control policy exempts: the deployers named by the stacks' synthesizers, or
// the ARNs given; and which accounts it must cover.

const execRole = (account: string, qualifier = 'hnb659fds', region = 'eu-west-1', partition = 'aws') =>
  `arn:${partition}:iam::${account}:role/cdk-${qualifier}-cfn-exec-role-${account}-${region}`;

const access = (app: App = newApp(), props = seedProps()) => new CrossAccountSecretAccess(app, 'TestApp', props);
const exempted = (policy: { [key: string]: any }) => policy.Statement[0].Condition.ArnNotEquals['aws:PrincipalArn'];
const targetRoleProps = () => withProps({ workload: { oidcIssuers: undefined, podIdentity: { clusterName: 'prod', targetRole: true } } });

describe('deployers taken from the synthesizers', () => {
  test("by default the workload stack's CloudFormation execution role, with qualifier, account, region and partition filled in", () => {
    const policy = access().rolePathServiceControlPolicy();

    expect(exempted(policy)).toEqual([execRole('111111111111')]);
    expect(policy.Statement[1].Resource).toEqual([execRole('111111111111')]);
  });

  test('a custom bootstrap qualifier from the context is in the execution role name', () => {
    const app = new App({ context: { '@aws-cdk/core:bootstrapQualifier': 'team1' } });

    expect(exempted(access(app).rolePathServiceControlPolicy())).toEqual([execRole('111111111111', 'team1')]);
  });

  test("a DefaultStackSynthesizer's own execution role is used, in the partition of the stack's region", () => {
    const app = new App({
      defaultStackSynthesizer: new DefaultStackSynthesizer({
        cloudFormationExecutionRole: 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/deploy/cfn-${AWS::Region}',
      }),
    });
    const props = withProps({
      workload: { region: 'cn-north-1', oidcIssuers: ['https://oidc.eks.cn-north-1.amazonaws.com.cn/id/X'] },
      secret: { region: 'cn-north-1' },
    });

    expect(exempted(access(app, props).rolePathServiceControlPolicy())).toEqual([
      'arn:aws-cn:iam::111111111111:role/deploy/cfn-cn-north-1',
    ]);
  });

  test("with aws-cdk-lib's peer floor, where synthesizers have no cloudFormationExecutionRole, the DefaultStackSynthesizer's own getter names the role", () => {
    class FloorSynthesizer extends DefaultStackSynthesizer {
      public override get cloudFormationExecutionRole(): string | undefined {
        return undefined;
      }
    }
    const app = new App({ defaultStackSynthesizer: new FloorSynthesizer() });

    expect(exempted(access(app).rolePathServiceControlPolicy())).toEqual([execRole('111111111111')]);
  });

  test("with a Pod Identity target role, the secret stack's execution role is a deployer and the secret's account is covered", () => {
    const construct = access(newApp(), targetRoleProps());
    const policy = construct.rolePathServiceControlPolicy();

    expect(exempted(policy)).toEqual([execRole('111111111111'), execRole('222222222222')]);
    expect(policy.Statement[0].Resource).toEqual(['arn:aws:iam::*:role/eks-secrets/*']);
    expect(construct.rolePathServiceControlPolicyAccounts()).toEqual(['111111111111', '222222222222']);
  });

  test('a graph takes the execution role of every stack that holds a pod role or a target role, and of no other stack', () => {
    const { secrets } = exampleGraph();
    secrets.addWorkload('Target', {
      account: '666666666666',
      region: 'eu-west-1',
      namespace: 't',
      serviceAccount: 't',
      podIdentityClusters: ['prod'],
      podIdentityTargetRole: { account: '222222222222' },
    });

    expect(exempted(secrets.rolePathServiceControlPolicy())).toEqual([
      execRole('111111111111'),
      execRole('555555555555'),
      execRole('666666666666'),
      execRole('222222222222'),
    ]);
    expect(secrets.rolePathServiceControlPolicyAccounts()).toEqual(['111111111111', '222222222222', '555555555555', '666666666666']);
  });

  test('a graph with IRSA workloads only covers their accounts', () => {
    const { secrets } = exampleGraph();

    expect(secrets.rolePathServiceControlPolicyAccounts()).toEqual(['111111111111', '555555555555']);
  });
});

describe('deployers given', () => {
  const deployer = 'arn:aws:iam::111111111111:role/ci/deployer';
  const bootstrapper = 'arn:aws:iam::111111111111:user/platform-admin';

  test("named deployers replace the synthesizers' execution roles, and bootstrappers may manage them", () => {
    const policy = access().rolePathServiceControlPolicy({ deployerRoleArns: [deployer, deployer], bootstrapperArns: [bootstrapper] });

    expect(exempted(policy)).toEqual([deployer]);
    expect(policy.Statement[1].Resource).toEqual([deployer]);
    expect(policy.Statement[1].Condition.ArnNotEquals['aws:PrincipalArn']).toEqual([deployer, bootstrapper]);
  });

  test('with CliCredentialsStackSynthesizer, naming the deployer is required, and then enough', () => {
    const app = new App({ defaultStackSynthesizer: new CliCredentialsStackSynthesizer() });
    const construct = access(app);

    expect(() => construct.rolePathServiceControlPolicy()).toThrow(
      /^\[TestApp\] cannot tell who deploys the stack TestApp\/Workload: its CliCredentialsStackSynthesizer names no CloudFormation execution role, .* pass the ARNs of the roles that deploy it as `deployerRoleArns`/,
    );
    expect(exempted(construct.rolePathServiceControlPolicy({ deployerRoleArns: [deployer] }))).toEqual([deployer]);
  });

  test('the graph needs the option too when its synthesizer names no execution role', () => {
    const { secrets } = exampleGraph(
      new CrossAccountSecrets(new App({ defaultStackSynthesizer: new CliCredentialsStackSynthesizer() }), 'Secrets'),
    );

    expect(() => secrets.rolePathServiceControlPolicy()).toThrow(
      /^\[Secrets\] cannot tell who deploys the stack Secrets\/Workloads-111111111111-eu-west-1/,
    );
  });

  test('a synthesizer that names an execution role which is not a literal role ARN is an error that says to pass the option', () => {
    class OddSynthesizer extends CliCredentialsStackSynthesizer {
      public override get cloudFormationExecutionRole(): string {
        return 'arn:aws:iam::${AWS::AccountId}:role/exec';
      }
    }
    const construct = access(new App({ defaultStackSynthesizer: new OddSynthesizer() }));

    expect(() => construct.rolePathServiceControlPolicy()).toThrow(
      /names the CloudFormation execution role "arn:aws:iam::\$\{AWS::AccountId\}:role\/exec", which is not one literal role ARN at synth; pass .* `deployerRoleArns`/,
    );
  });
});

describe('wrong input', () => {
  const policyWith = (options: unknown) => () => access().rolePathServiceControlPolicy(options as RolePathServiceControlPolicyOptions);

  test.each([
    [
      { deployerRoleArns: ['arn:aws:iam::111111111111:role/cdk-*-cfn-exec-role-*'] },
      /`deployerRoleArns\[0\]` .* has a wildcard: name each principal by its exact ARN/,
    ],
    [
      { deployerRoleArns: ['arn:aws:sts::111111111111:assumed-role/deployer/session'] },
      /`deployerRoleArns\[0\]` .* is a role session's ARN: the policy compares `aws:PrincipalArn`, which is the role's ARN/,
    ],
    [
      { deployerRoleArns: ['arn:aws:iam::111111111111:user/deployer'] },
      /`deployerRoleArns\[0\]` .* is not an IAM role ARN: use an exact ARN/,
    ],
    [{ deployerRoleArns: ['deployer'] }, /`deployerRoleArns\[0\]` "deployer" is not an IAM role ARN/],
    [{ deployerRoleArns: [Lazy.string({ produce: () => 'x' })] }, /`deployerRoleArns\[0\]` .* is an unresolved token/],
    [{ deployerRoleArns: [] }, /`deployerRoleArns` \[\] is empty: name at least one deployer role, or leave it out/],
    [{ deployerRoleArns: 'arn:aws:iam::111111111111:role/deployer' }, /`deployerRoleArns` .* is a string, not a list/],
    [{ bootstrapperArns: ['arn:aws:iam::111111111111:root'] }, /`bootstrapperArns\[0\]` .* is not an IAM role or user ARN/],
    [{ bootstrapperArns: ['arn:aws:iam::*:role/Admin'] }, /`bootstrapperArns\[0\]` .* has a wildcard/],
    [
      { deployerRoleArn: ['arn:aws:iam::111111111111:role/deployer'] },
      /`deployerRoleArn` .* is not a property of the props: did you mean `deployerRoleArns`\?/,
    ],
  ])('rejects %j', (options, message) => {
    expect(policyWith(options)).toThrow(message);
  });

  test('a graph without workloads has no role path to reserve', () => {
    const secrets = new CrossAccountSecrets(newApp(), 'Secrets');
    secrets.addKey('Key', { account: '333333333333', region: 'eu-west-1', alias: 'k' });

    expect(() => secrets.rolePathServiceControlPolicy()).toThrow(
      /^\[Secrets\] has no workloads, so no role is admitted by name and there is no role path to reserve: call `rolePathServiceControlPolicy\(\)` after `addWorkload\(\)`/,
    );
    expect(secrets.rolePathServiceControlPolicyAccounts()).toEqual([]);
  });
});

test('a policy over the 5,120 characters of one SCP is an error that says how to shorten it', () => {
  const secrets = new CrossAccountSecrets(newApp(), 'Secrets');
  const workload = (i: number, region: string) =>
    secrets.addWorkload(`W${i}${region}`, {
      account: `${100000000000 + i}`,
      region,
      namespace: 'n',
      serviceAccount: `s${i}`,
      roleName: `w${i}-${region}`,
      podIdentityClusters: ['prod'],
    });
  for (let i = 0; i < 10; i++) workload(i, 'eu-west-1');
  expect(JSON.stringify(secrets.rolePathServiceControlPolicy()).length).toBeLessThanOrEqual(5120);
  for (let i = 0; i < 10; i++) workload(i, 'eu-central-1');

  expect(() => secrets.rolePathServiceControlPolicy()).toThrow(
    /^\[Secrets\] the role-path service control policy is \d+ characters without white space, over the 5120 AWS Organizations allows for one SCP: it names 20 deployer roles .* Name fewer deployers with `deployerRoleArns`/,
  );
  const oneDeployerPerAccount = Array.from({ length: 10 }, (_, i) => `arn:aws:iam::${100000000000 + i}:role/deployer`);
  expect(secrets.rolePathServiceControlPolicy({ deployerRoleArns: oneDeployerPerAccount }).Statement[1].Resource).toHaveLength(10);
});
