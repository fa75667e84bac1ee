import { ModelBuilder } from '../../lib/private/build/model-builder';
import { assumeTargetRolePolicy, targetRoleTrustPolicy } from '../../lib/private/policies/target-role-policies';
import { addWorkload, podIdentity, SECRET_ACCOUNT, WORKLOAD_ACCOUNT } from '../build/model-fixtures';

const POD_ROLE = `arn:aws:iam::${WORKLOAD_ACCOUNT}:role/eks-secrets/pod-role`;
const TARGET_ROLE = `arn:aws:iam::${SECRET_ACCOUNT}:role/eks-secrets/reader`;

function targetRoleWorkload(clusters: string[], sessionTags?: boolean) {
  return addWorkload(new ModelBuilder(), podIdentity(clusters, { account: SECRET_ACCOUNT, roleName: 'reader', sessionTags }));
}

test("the pod role may only assume and tag a session of its target role, in the secrets' account", () => {
  expect(assumeTargetRolePolicy(targetRoleWorkload(['blue']))).toEqual({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'AssumePodIdentityTargetRole', Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: TARGET_ROLE },
    ],
  });
});

test("the target role's path is the pod role's path", () => {
  const workload = addWorkload(new ModelBuilder(), podIdentity(['blue'], { account: SECRET_ACCOUNT, roleName: 'reader' }), {
    rolePath: '/team/a/',
  });

  expect(assumeTargetRolePolicy(workload).Statement[0].Resource).toBe(`arn:aws:iam::${SECRET_ACCOUNT}:role/team/a/reader`);
});

test('with session tags, the target role trusts only the pod role, through its account root, for sessions tagged with the cluster, namespace and service account', () => {
  expect(targetRoleTrustPolicy(targetRoleWorkload(['blue']))).toEqual({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'PodIdentityRoleWithSessionTags',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${WORKLOAD_ACCOUNT}:root` },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Condition: {
          ArnEquals: { 'aws:PrincipalArn': POD_ROLE },
          StringEquals: {
            'aws:RequestTag/eks-cluster-arn': `arn:aws:eks:eu-west-1:${WORKLOAD_ACCOUNT}:cluster/blue`,
            'aws:RequestTag/kubernetes-namespace': 'shop',
            'aws:RequestTag/kubernetes-service-account': 'api',
          },
        },
      },
    ],
  });
});

test('without session tags, the target role trusts only the pod role with the external ID EKS sets, and lets only it tag sessions', () => {
  expect(targetRoleTrustPolicy(targetRoleWorkload(['blue'], false))).toEqual({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'PodIdentityRoleWithExternalId',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${WORKLOAD_ACCOUNT}:root` },
        Action: 'sts:AssumeRole',
        Condition: {
          ArnEquals: { 'aws:PrincipalArn': POD_ROLE },
          StringEquals: { 'sts:ExternalId': `eu-west-1/${WORKLOAD_ACCOUNT}/blue/shop/api` },
        },
      },
      {
        Sid: 'PodIdentityRoleTagSession',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${WORKLOAD_ACCOUNT}:root` },
        Action: 'sts:TagSession',
        Condition: { ArnEquals: { 'aws:PrincipalArn': POD_ROLE } },
      },
    ],
  });
});

test('without session tags, the target role accepts the external ID of each cluster', () => {
  const [assume] = targetRoleTrustPolicy(targetRoleWorkload(['blue', 'green'], false)).Statement;

  expect(assume.Condition!.StringEquals).toEqual({
    'sts:ExternalId': [`eu-west-1/${WORKLOAD_ACCOUNT}/blue/shop/api`, `eu-west-1/${WORKLOAD_ACCOUNT}/green/shop/api`],
  });
});

test('with session tags, the target role accepts the ARN of each cluster', () => {
  const [assume] = targetRoleTrustPolicy(targetRoleWorkload(['blue', 'green'])).Statement;

  expect(assume.Condition!.StringEquals['aws:RequestTag/eks-cluster-arn']).toEqual([
    `arn:aws:eks:eu-west-1:${WORKLOAD_ACCOUNT}:cluster/blue`,
    `arn:aws:eks:eu-west-1:${WORKLOAD_ACCOUNT}:cluster/green`,
  ]);
});
