import { ModelBuilder } from '../../lib/private/build/model-builder';
import { rolePathServiceControlPolicy } from '../../lib/private/policies/role-path-scp';
import { addWorkload, BLUE_ISSUER, irsa } from '../build/model-fixtures';

const RESERVED_ACTIONS = ['iam:CreateRole', 'iam:UpdateAssumeRolePolicy', 'iam:AttachRolePolicy', 'iam:PutRolePolicy'];

test("the policy denies creating, re-trusting and widening roles on the pod roles' path to everyone but the CDK deploy role", () => {
  const workload = addWorkload(new ModelBuilder());

  expect(rolePathServiceControlPolicy([workload])).toEqual({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ReservePodRolePathForDeployRole',
        Effect: 'Deny',
        Action: RESERVED_ACTIONS,
        Resource: ['arn:aws:iam::*:role/eks-secrets/*'],
        Condition: { ArnNotLike: { 'aws:PrincipalArn': ['arn:aws:iam::*:role/cdk-*-cfn-exec-role-*'] } },
      },
    ],
  });
});

test('each role path is reserved once, in the order of the workloads', () => {
  const model = new ModelBuilder();
  const workloads = [
    addWorkload(model, irsa(BLUE_ISSUER), { rolePath: '/team/a/', roleName: 'a' }, 'G/A'),
    addWorkload(model, irsa(BLUE_ISSUER), { roleName: 'b' }, 'G/B'),
    addWorkload(model, irsa(BLUE_ISSUER), { rolePath: '/team/a/', roleName: 'c' }, 'G/C'),
  ];

  expect(rolePathServiceControlPolicy(workloads).Statement[0].Resource).toEqual([
    'arn:aws:iam::*:role/team/a/*',
    'arn:aws:iam::*:role/eks-secrets/*',
  ]);
});

test('workloads in two partitions reserve the path in each partition and exempt the deploy role of each', () => {
  const model = new ModelBuilder();
  const workloads = [
    addWorkload(model, irsa(BLUE_ISSUER), { roleName: 'a' }, 'G/A'),
    addWorkload(model, irsa('oidc.eks.cn-north-1.amazonaws.com.cn/id/BLUE'), { roleName: 'b', region: 'cn-north-1' }, 'G/B'),
  ];

  const [reserve] = rolePathServiceControlPolicy(workloads).Statement;

  expect(reserve.Resource).toEqual(['arn:aws:iam::*:role/eks-secrets/*', 'arn:aws-cn:iam::*:role/eks-secrets/*']);
  expect(reserve.Condition).toEqual({
    ArnNotLike: { 'aws:PrincipalArn': ['arn:aws:iam::*:role/cdk-*-cfn-exec-role-*', 'arn:aws-cn:iam::*:role/cdk-*-cfn-exec-role-*'] },
  });
});
