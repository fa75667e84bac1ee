import { ModelBuilder } from '../../lib/private/build/model-builder';
import { readerRoleAccounts, rolePathServiceControlPolicy } from '../../lib/private/policies/role-path-scp';
import { addWorkload, BLUE_ISSUER, irsa, podIdentity, SECRET_ACCOUNT } from '../build/model-fixtures';

const RESERVED_ACTIONS = [
  'iam:CreateRole',
  'iam:UpdateAssumeRolePolicy',
  'iam:AttachRolePolicy',
  'iam:PutRolePolicy',
  'iam:PutRolePermissionsBoundary',
  'iam:DeleteRolePermissionsBoundary',
];
const DEPLOYER = 'arn:aws:iam::111111111111:role/cdk-hnb659fds-cfn-exec-role-111111111111-eu-west-1';
const SECRET_DEPLOYER = 'arn:aws:iam::222222222222:role/cdk-hnb659fds-cfn-exec-role-222222222222-eu-west-1';
const BOOTSTRAPPER = 'arn:aws:iam::111111111111:role/PlatformAdmin';

const policy = (workloads = [addWorkload(new ModelBuilder())], deployerRoleArns = [DEPLOYER], bootstrapperArns: string[] = []) =>
  rolePathServiceControlPolicy(workloads, { deployerRoleArns, bootstrapperArns });

test("the policy denies creating, re-trusting and widening roles on the pod roles' path to all but the named deployer, and reserves the deployer role", () => {
  expect(policy()).toEqual({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ReserveReaderRolePathsForDeployers',
        Effect: 'Deny',
        Action: RESERVED_ACTIONS,
        Resource: ['arn:aws:iam::*:role/eks-secrets/*'],
        Condition: { ArnNotEquals: { 'aws:PrincipalArn': [DEPLOYER] } },
      },
      {
        Sid: 'ReserveDeployerRoles',
        Effect: 'Deny',
        Action: RESERVED_ACTIONS,
        Resource: [DEPLOYER],
        Condition: { ArnNotEquals: { 'aws:PrincipalArn': [DEPLOYER] } },
      },
    ],
  });
});

test('no statement exempts a principal by a name pattern', () => {
  for (const statement of policy().Statement) {
    expect(Object.keys(statement.Condition!)).toEqual(['ArnNotEquals']);
    for (const arn of [statement.Condition!.ArnNotEquals['aws:PrincipalArn']].flat()) expect(arn).not.toMatch(/[*?]/);
  }
});

test('bootstrappers may manage the deployer roles, but not create roles on the reserved paths', () => {
  const [paths, deployers] = policy(undefined, [DEPLOYER], [BOOTSTRAPPER]).Statement;

  expect(paths.Condition).toEqual({ ArnNotEquals: { 'aws:PrincipalArn': [DEPLOYER] } });
  expect(deployers.Condition).toEqual({ ArnNotEquals: { 'aws:PrincipalArn': [DEPLOYER, BOOTSTRAPPER] } });
});

test('several deployers are each exempted and each reserved, once', () => {
  const [paths, deployers] = policy(undefined, [DEPLOYER, SECRET_DEPLOYER, DEPLOYER]).Statement;

  expect(paths.Condition!.ArnNotEquals['aws:PrincipalArn']).toEqual([DEPLOYER, SECRET_DEPLOYER]);
  expect(deployers.Resource).toEqual([DEPLOYER, SECRET_DEPLOYER]);
});

test('each role path is reserved once, in the order of the workloads', () => {
  const model = new ModelBuilder();
  const workloads = [
    addWorkload(model, irsa(BLUE_ISSUER), { rolePath: '/team/a/', roleName: 'a' }, 'G/A'),
    addWorkload(model, irsa(BLUE_ISSUER), { roleName: 'b' }, 'G/B'),
    addWorkload(model, irsa(BLUE_ISSUER), { rolePath: '/team/a/', roleName: 'c' }, 'G/C'),
  ];

  expect(policy(workloads).Statement[0].Resource).toEqual(['arn:aws:iam::*:role/team/a/*', 'arn:aws:iam::*:role/eks-secrets/*']);
});

test("a Pod Identity target role's path is reserved with the pod roles'", () => {
  const model = new ModelBuilder();
  const workload = addWorkload(model, podIdentity(['prod'], { account: SECRET_ACCOUNT, roleName: 'api-target', sessionTags: true }), {
    rolePath: '/team/a/',
  });

  expect(workload.targetRole!.rolePath).toBe('/team/a/');
  expect(policy([workload]).Statement[0].Resource).toEqual(['arn:aws:iam::*:role/team/a/*']);
  expect(policy([{ ...workload, targetRole: { ...workload.targetRole!, rolePath: '/targets/' } }]).Statement[0].Resource).toEqual([
    'arn:aws:iam::*:role/team/a/*',
    'arn:aws:iam::*:role/targets/*',
  ]);
});

test('workloads in two partitions reserve the path in each partition', () => {
  const model = new ModelBuilder();
  const workloads = [
    addWorkload(model, irsa(BLUE_ISSUER), { roleName: 'a' }, 'G/A'),
    addWorkload(model, irsa('oidc.eks.cn-north-1.amazonaws.com.cn/id/BLUE'), { roleName: 'b', region: 'cn-north-1' }, 'G/B'),
  ];

  expect(policy(workloads).Statement[0].Resource).toEqual(['arn:aws:iam::*:role/eks-secrets/*', 'arn:aws-cn:iam::*:role/eks-secrets/*']);
});

test("the accounts to attach the policy above are the workload accounts and the target roles' accounts, sorted, each once", () => {
  const model = new ModelBuilder();
  const workloads = [
    addWorkload(
      model,
      podIdentity(['prod'], { account: SECRET_ACCOUNT, roleName: 'a-target', sessionTags: true }),
      { roleName: 'a' },
      'G/A',
    ),
    addWorkload(model, irsa(BLUE_ISSUER), { roleName: 'b', account: '555555555555' }, 'G/B'),
    addWorkload(model, irsa(BLUE_ISSUER), { roleName: 'c' }, 'G/C'),
  ];

  expect(readerRoleAccounts(workloads)).toEqual(['111111111111', SECRET_ACCOUNT, '555555555555']);
});
