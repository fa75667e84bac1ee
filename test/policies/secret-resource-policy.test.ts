import { ModelBuilder } from '../../lib/private/build/model-builder';
import { readersOf } from '../../lib/private/model/model';
import { secretResourcePolicy } from '../../lib/private/policies/secret-resource-policy';
import { GrantPrincipal, ReadableVersions } from '../../lib/workload-props';
import {
  addKey,
  addSecret,
  addWorkload,
  BLUE_ISSUER,
  GRANT,
  irsa,
  oneOfEach,
  podIdentity,
  SECRET_ACCOUNT,
  WORKLOAD_ACCOUNT,
} from '../build/model-fixtures';

const POD_ROLE = `arn:aws:iam::${WORKLOAD_ACCOUNT}:role/eks-secrets/pod-role`;

/** One secret read by several workloads, each given as its `addWorkload` input. */
function readBy(...inputs: Parameters<typeof addWorkload>[2][]) {
  const model = new ModelBuilder();
  const secret = addSecret(model, addKey(model));
  inputs.forEach((input, i) => model.grant(GRANT, addWorkload(model, irsa(BLUE_ISSUER), input, `G/Workload${i}`), secret));
  return readersOf(secret, model);
}

test('by default the secret admits the pod role through its account root narrowed by aws:PrincipalArn, to GetSecretValue only', () => {
  const { model, secret } = oneOfEach();

  expect(secretResourcePolicy(readersOf(secret, model))).toEqual({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'GetSecretValueForPodRole',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${WORKLOAD_ACCOUNT}:root` },
        Action: 'secretsmanager:GetSecretValue',
        Resource: '*',
        Condition: { ArnEquals: { 'aws:PrincipalArn': POD_ROLE } },
      },
    ],
  });
});

test('with the ROLE_ARN grant principal the secret names the pod role itself, with no condition', () => {
  const { model, secret } = oneOfEach({ workload: { grantPrincipal: GrantPrincipal.ROLE_ARN } });

  expect(secretResourcePolicy(readersOf(secret, model)).Statement).toEqual([
    {
      Sid: 'GetSecretValueForPodRole',
      Effect: 'Allow',
      Principal: { AWS: POD_ROLE },
      Action: 'secretsmanager:GetSecretValue',
      Resource: '*',
    },
  ]);
});

test('readable versions add the stage and version ID conditions to the principal condition', () => {
  const { model, secret } = oneOfEach({ workload: { readableVersions: ReadableVersions.CURRENT } });

  expect(secretResourcePolicy(readersOf(secret, model)).Statement[0].Condition).toEqual({
    ArnEquals: { 'aws:PrincipalArn': POD_ROLE },
    StringEqualsIfExists: { 'secretsmanager:VersionStage': 'AWSCURRENT' },
    Null: { 'secretsmanager:VersionId': 'true' },
  });
});

test('with ROLE_ARN, readable versions are the only condition', () => {
  const { model, secret } = oneOfEach({
    workload: { grantPrincipal: GrantPrincipal.ROLE_ARN, readableVersions: ReadableVersions.CURRENT_AND_PREVIOUS },
  });

  expect(secretResourcePolicy(readersOf(secret, model)).Statement[0].Condition).toEqual({
    StringEqualsIfExists: { 'secretsmanager:VersionStage': ['AWSCURRENT', 'AWSPREVIOUS'] },
    Null: { 'secretsmanager:VersionId': 'true' },
  });
});

test('a workload that asks for metadata may also describe the secret', () => {
  const { model, secret } = oneOfEach({ workload: { allowDescribeSecret: true } });

  expect(secretResourcePolicy(readersOf(secret, model)).Statement[0].Action).toEqual([
    'secretsmanager:GetSecretValue',
    'secretsmanager:DescribeSecret',
  ]);
});

test('workloads granted the same access share one statement that lists their roles, each account root once', () => {
  const readers = readBy({ roleName: 'web-role' }, { roleName: 'worker-role' }, { roleName: 'batch-role', account: '444444444444' });

  expect(secretResourcePolicy(readers).Statement).toEqual([
    {
      Sid: 'GetSecretValueForGrantedRoles',
      Effect: 'Allow',
      Principal: { AWS: [`arn:aws:iam::${WORKLOAD_ACCOUNT}:root`, 'arn:aws:iam::444444444444:root'] },
      Action: 'secretsmanager:GetSecretValue',
      Resource: '*',
      Condition: {
        ArnEquals: {
          'aws:PrincipalArn': [
            `arn:aws:iam::${WORKLOAD_ACCOUNT}:role/eks-secrets/web-role`,
            `arn:aws:iam::${WORKLOAD_ACCOUNT}:role/eks-secrets/worker-role`,
            'arn:aws:iam::444444444444:role/eks-secrets/batch-role',
          ],
        },
      },
    },
  ]);
});

test('workloads granted different access get one statement per kind, in the order first granted', () => {
  const readers = readBy(
    { roleName: 'web-role' },
    { roleName: 'admin-role', allowDescribeSecret: true },
    { roleName: 'strict-role', grantPrincipal: GrantPrincipal.ROLE_ARN },
    { roleName: 'worker-role' },
  );

  expect(secretResourcePolicy(readers).Statement.map((s) => [s.Sid, s.Principal, s.Action])).toEqual([
    ['GetSecretValueForGrantedRoles', { AWS: `arn:aws:iam::${WORKLOAD_ACCOUNT}:root` }, 'secretsmanager:GetSecretValue'],
    [
      'GetSecretValueForAdminRole',
      { AWS: `arn:aws:iam::${WORKLOAD_ACCOUNT}:root` },
      ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
    ],
    [
      'GetSecretValueForStrictRole',
      { AWS: `arn:aws:iam::${WORKLOAD_ACCOUNT}:role/eks-secrets/strict-role` },
      'secretsmanager:GetSecretValue',
    ],
  ]);
});

test('a workload with a target role is admitted through its target role, in the secret account', () => {
  const model = new ModelBuilder();
  const secret = addSecret(model, addKey(model));
  const workload = addWorkload(model, podIdentity(['blue'], { account: SECRET_ACCOUNT, roleName: 'reader' }));
  model.grant(GRANT, workload, secret);

  expect(secretResourcePolicy(readersOf(secret, model)).Statement).toEqual([
    {
      Sid: 'GetSecretValueForReader',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${SECRET_ACCOUNT}:root` },
      Action: 'secretsmanager:GetSecretValue',
      Resource: '*',
      Condition: { ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${SECRET_ACCOUNT}:role/eks-secrets/reader` } },
    },
  ]);
});
