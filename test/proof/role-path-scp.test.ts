import { RolePathServiceControlPolicyOptions } from '../../lib';
import { synthesize, withProps } from '../support/helpers';
import { call, type Decision, type Requester, roleSession, type Target } from './access-simulator';
import { type PolicyDocument } from './template-resolver';

// The role-path service control policy, attached as an SCP (to the OU of the reader roles' accounts, under
// a root with FullAWSAccess) and evaluated by the IAM engine with the IAM requests that create and change
// roles. Every denial has a control: the same request without the SCP is allowed, so the SCP denies it.

const WORKLOAD = '111111111111';
const SECRET = '222222222222';
const role = (account: string, pathAndName: string) => `arn:aws:iam::${account}:role/${pathAndName}`;
const execRole = (account: string, qualifier = 'hnb659fds') => role(account, `cdk-${qualifier}-cfn-exec-role-${account}-eu-west-1`);

const POD_ROLE = role(WORKLOAD, 'eks-secrets/pod-role');
const TARGET_ROLE = role(SECRET, 'eks-secrets/pod-role-target');
const DEPLOYER = execRole(WORKLOAD);
const SECRET_DEPLOYER = execRole(SECRET);
const SQUATTER = role(WORKLOAD, 'squatter');
const CI_DEPLOYER = role(WORKLOAD, 'ci/deployer');
const BOOTSTRAPPER = role(WORKLOAD, 'PlatformAdmin');

/** What every principal here may do by its own policies: administrators, as CDK's execution roles are by default. */
const ADMIN = [
  { name: 'AdministratorAccess', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } },
];

/** The execution role's trust as `cdk bootstrap` writes it: CloudFormation only. */
const CLOUDFORMATION_TRUST: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'cloudformation.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};
/** The trust a squatter would give a role it created or re-trusted. */
const SQUATTER_TRUST: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: SQUATTER }, Action: 'sts:AssumeRole' }],
};

function scp(options?: RolePathServiceControlPolicyOptions) {
  const props = withProps({ workload: { oidcIssuers: undefined, podIdentity: { clusterName: 'prod', targetRole: true } } });
  const construct = synthesize(props).access;
  return { name: 'role-path SCP', document: construct.rolePathServiceControlPolicy(options) as PolicyDocument };
}

const DEFAULT_SCP = scp();

/** A session of `roleArn` with administrator policies, in an account under `policy` (none: no SCP at all). */
function session(roleArn: string, policy: typeof DEFAULT_SCP | null = DEFAULT_SCP): Requester {
  const requester = roleSession(roleArn, ADMIN);
  return policy === null ? requester : { ...requester, serviceControlPolicies: [policy] };
}

const onRole = (arn: string, trust?: PolicyDocument): Target => ({
  arn,
  policy: trust && { kind: 'trust', name: `trust policy of ${arn}`, document: trust },
});

interface Row {
  readonly title: string;
  readonly who: string;
  readonly action: string;
  readonly role: string;
  readonly expected: Decision;
  readonly policy?: typeof DEFAULT_SCP;
}

const ROLE_CHANGES = [
  'iam:UpdateAssumeRolePolicy',
  'iam:AttachRolePolicy',
  'iam:PutRolePolicy',
  'iam:PutRolePermissionsBoundary',
  'iam:DeleteRolePermissionsBoundary',
];

const ROWS: Row[] = [
  // The squatter chain: create (or re-trust) a role with the exempted deployer's name, assume it, create the pod role.
  {
    title: 'a squatter creates the pod role directly',
    who: SQUATTER,
    action: 'iam:CreateRole',
    role: POD_ROLE,
    expected: 'ExplicitlyDenied',
  },
  {
    title: "a squatter creates a role with the exempted deployer's name",
    who: SQUATTER,
    action: 'iam:CreateRole',
    role: DEPLOYER,
    expected: 'ExplicitlyDenied',
  },
  ...ROLE_CHANGES.map((action) => ({
    title: `a squatter changes the exempted deployer role (${action})`,
    who: SQUATTER,
    action,
    role: DEPLOYER,
    expected: 'ExplicitlyDenied' as const,
  })),
  // The old exemption by name pattern: a role so named may still be created, but it exempts nothing.
  {
    title: 'a squatter creates a role named like a CDK execution role of no deployer',
    who: SQUATTER,
    action: 'iam:CreateRole',
    role: role(WORKLOAD, 'cdk-x-cfn-exec-role-y'),
    expected: 'Allowed',
  },
  {
    title: 'a session of that role creates the pod role',
    who: role(WORKLOAD, 'cdk-x-cfn-exec-role-y'),
    action: 'iam:CreateRole',
    role: POD_ROLE,
    expected: 'ExplicitlyDenied',
  },
  {
    title: "another CDK app's execution role (qualifier other1) creates the pod role",
    who: execRole(WORKLOAD, 'other1'),
    action: 'iam:CreateRole',
    role: POD_ROLE,
    expected: 'ExplicitlyDenied',
  },
  // The named deployers.
  { title: 'the named deployer creates the pod role', who: DEPLOYER, action: 'iam:CreateRole', role: POD_ROLE, expected: 'Allowed' },
  ...ROLE_CHANGES.map((action) => ({
    title: `the named deployer changes the pod role (${action})`,
    who: DEPLOYER,
    action,
    role: POD_ROLE,
    expected: 'Allowed' as const,
  })),
  {
    title: 'the named deployer changes its own trust',
    who: DEPLOYER,
    action: 'iam:UpdateAssumeRolePolicy',
    role: DEPLOYER,
    expected: 'Allowed',
  },
  {
    title: "the secret account's deployer creates the target role",
    who: SECRET_DEPLOYER,
    action: 'iam:CreateRole',
    role: TARGET_ROLE,
    expected: 'Allowed',
  },
  // Target-role accounts are covered.
  {
    title: "a squatter in the secret's account creates the target role",
    who: role(SECRET, 'squatter'),
    action: 'iam:CreateRole',
    role: TARGET_ROLE,
    expected: 'ExplicitlyDenied',
  },
  {
    title: "a squatter in the secret's account re-trusts its deployer",
    who: role(SECRET, 'squatter'),
    action: 'iam:UpdateAssumeRolePolicy',
    role: SECRET_DEPLOYER,
    expected: 'ExplicitlyDenied',
  },
  // Principals not named.
  {
    title: 'a CLI-credentials deployer, not named, creates the pod role',
    who: CI_DEPLOYER,
    action: 'iam:CreateRole',
    role: POD_ROLE,
    expected: 'ExplicitlyDenied',
  },
  {
    title: 'an administrator re-running cdk bootstrap, not named, changes the execution role',
    who: BOOTSTRAPPER,
    action: 'iam:AttachRolePolicy',
    role: DEPLOYER,
    expected: 'ExplicitlyDenied',
  },
];

const NAMED = scp({ deployerRoleArns: [CI_DEPLOYER], bootstrapperArns: [BOOTSTRAPPER] });
const NAMED_ROWS: Row[] = [
  {
    title: 'the deployer named in deployerRoleArns creates the pod role',
    who: CI_DEPLOYER,
    action: 'iam:CreateRole',
    role: POD_ROLE,
    expected: 'Allowed',
    policy: NAMED,
  },
  {
    title: "the synthesizer's execution role, not named then, creates the pod role",
    who: DEPLOYER,
    action: 'iam:CreateRole',
    role: POD_ROLE,
    expected: 'ExplicitlyDenied',
    policy: NAMED,
  },
  {
    title: 'the bootstrapper named in bootstrapperArns changes the deployer role',
    who: BOOTSTRAPPER,
    action: 'iam:UpdateAssumeRolePolicy',
    role: CI_DEPLOYER,
    expected: 'Allowed',
    policy: NAMED,
  },
  {
    title: 'the named bootstrapper creates the pod role',
    who: BOOTSTRAPPER,
    action: 'iam:CreateRole',
    role: POD_ROLE,
    expected: 'ExplicitlyDenied',
    policy: NAMED,
  },
  {
    title: 'a squatter re-trusts the named deployer',
    who: SQUATTER,
    action: 'iam:UpdateAssumeRolePolicy',
    role: CI_DEPLOYER,
    expected: 'ExplicitlyDenied',
    policy: NAMED,
  },
];

describe('role-path SCP, attached as an SCP', () => {
  test.each([...ROWS, ...NAMED_ROWS].map((row) => [row.title, row] as const))('%s', async (_, row) => {
    expect(await call(session(row.who, row.policy ?? DEFAULT_SCP), row.action, onRole(row.role))).toBe(row.expected);
  });

  test.each([...ROWS, ...NAMED_ROWS].filter((row) => row.expected !== 'Allowed').map((row) => [row.title, row] as const))(
    'control: without the SCP, %s is allowed',
    async (_, row) => {
      expect(await call(session(row.who, null), row.action, onRole(row.role))).toBe('Allowed');
    },
  );

  test("the step that matters is the deployer's name: a squatter cannot assume the bootstrap's execution role, only one it created or re-trusted", async () => {
    const squatter = session(SQUATTER);
    expect(await call(squatter, 'sts:AssumeRole', onRole(DEPLOYER, CLOUDFORMATION_TRUST))).toBe('ImplicitlyDenied');
    expect(await call(squatter, 'sts:AssumeRole', onRole(DEPLOYER, SQUATTER_TRUST))).toBe('Allowed');
    // Had the squatter got that role, the SCP would exempt its session by name: hence the second statement.
    expect(await call(session(DEPLOYER), 'iam:CreateRole', onRole(POD_ROLE))).toBe('Allowed');
  });

  test('the rows have both verdicts', () => {
    const verdicts = new Set([...ROWS, ...NAMED_ROWS].map((row) => row.expected));
    expect([...verdicts].sort()).toEqual(['Allowed', 'ExplicitlyDenied']);
  });
});
