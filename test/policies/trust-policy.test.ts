import { ModelBuilder } from '../../lib/private/build/model-builder';
import { trustPolicy } from '../../lib/private/policies/trust-policy';
import { addWorkload, BLUE_ISSUER, GREEN_ISSUER, irsa, podIdentity, SECRET_ACCOUNT, WORKLOAD_ACCOUNT } from '../build/model-fixtures';

const POD_IDENTITY_TAGS = {
  'aws:RequestTag/eks-cluster-arn': `arn:aws:eks:eu-west-1:${WORKLOAD_ACCOUNT}:cluster/blue`,
  'aws:RequestTag/kubernetes-namespace': 'shop',
  'aws:RequestTag/kubernetes-service-account': 'api',
};

describe('IRSA', () => {
  test('the trust policy lets the OIDC provider of the issuer assume the role with a web identity', () => {
    const policy = trustPolicy(addWorkload(new ModelBuilder(), irsa(BLUE_ISSUER)));

    expect(policy).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'ServiceAccountWebIdentity',
          Effect: 'Allow',
          Principal: { Federated: `arn:aws:iam::${WORKLOAD_ACCOUNT}:oidc-provider/${BLUE_ISSUER}` },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: {
              [`${BLUE_ISSUER}:sub`]: 'system:serviceaccount:shop:api',
              [`${BLUE_ISSUER}:aud`]: 'sts.amazonaws.com',
            },
          },
        },
      ],
    });
  });

  test('the trust policy pins sub and aud to the service account on every issuer', () => {
    const policy = trustPolicy(addWorkload(new ModelBuilder(), irsa(BLUE_ISSUER, GREEN_ISSUER)));

    expect(policy.Statement.map((s) => [s.Principal, s.Condition])).toEqual(
      [BLUE_ISSUER, GREEN_ISSUER].map((issuer) => [
        { Federated: `arn:aws:iam::${WORKLOAD_ACCOUNT}:oidc-provider/${issuer}` },
        { StringEquals: { [`${issuer}:sub`]: 'system:serviceaccount:shop:api', [`${issuer}:aud`]: 'sts.amazonaws.com' } },
      ]),
    );
  });

  test('the statement of each further issuer gets a numbered Sid', () => {
    const policy = trustPolicy(addWorkload(new ModelBuilder(), irsa(BLUE_ISSUER, GREEN_ISSUER)));

    expect(policy.Statement.map((s) => s.Sid)).toEqual(['ServiceAccountWebIdentity', 'ServiceAccountWebIdentity2']);
  });

  test('an issuer given with https:// is trusted by its provider name, without the scheme', () => {
    const policy = trustPolicy(addWorkload(new ModelBuilder(), irsa(`https://${BLUE_ISSUER}`)));

    expect(policy.Statement[0].Principal).toEqual({ Federated: `arn:aws:iam::${WORKLOAD_ACCOUNT}:oidc-provider/${BLUE_ISSUER}` });
    expect(Object.keys(policy.Statement[0].Condition!.StringEquals)).toEqual([`${BLUE_ISSUER}:sub`, `${BLUE_ISSUER}:aud`]);
  });

  test('the OIDC provider ARN is in the partition of the workload region', () => {
    const issuer = 'oidc.eks.cn-north-1.amazonaws.com.cn/id/BLUE';
    const policy = trustPolicy(addWorkload(new ModelBuilder(), irsa(issuer), { region: 'cn-north-1' }));

    expect(policy.Statement[0].Principal).toEqual({ Federated: `arn:aws-cn:iam::${WORKLOAD_ACCOUNT}:oidc-provider/${issuer}` });
  });
});

describe('EKS Pod Identity', () => {
  test('the trust policy lets the EKS Pod Identity service assume and tag sessions tagged with the cluster, namespace and service account', () => {
    const policy = trustPolicy(addWorkload(new ModelBuilder(), podIdentity(['blue'])));

    expect(policy).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'EksPodIdentity',
          Effect: 'Allow',
          Principal: { Service: 'pods.eks.amazonaws.com' },
          Action: ['sts:AssumeRole', 'sts:TagSession'],
          Condition: { StringEquals: POD_IDENTITY_TAGS },
        },
      ],
    });
  });

  test('one Pod Identity statement lists the ARNs of every cluster', () => {
    const policy = trustPolicy(addWorkload(new ModelBuilder(), podIdentity(['blue', 'green'])));

    expect(policy.Statement).toHaveLength(1);
    expect(policy.Statement[0].Condition!.StringEquals['aws:RequestTag/eks-cluster-arn']).toEqual([
      `arn:aws:eks:eu-west-1:${WORKLOAD_ACCOUNT}:cluster/blue`,
      `arn:aws:eks:eu-west-1:${WORKLOAD_ACCOUNT}:cluster/green`,
    ]);
  });

  test('with a target role that disables session tags, the Pod Identity statement has no condition', () => {
    const workload = addWorkload(new ModelBuilder(), podIdentity(['blue'], { account: SECRET_ACCOUNT, sessionTags: false }));

    expect(trustPolicy(workload).Statement).toEqual([
      {
        Sid: 'EksPodIdentity',
        Effect: 'Allow',
        Principal: { Service: 'pods.eks.amazonaws.com' },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
      },
    ]);
  });

  test('with a target role that keeps session tags, the Pod Identity statement keeps its tag conditions', () => {
    const workload = addWorkload(new ModelBuilder(), podIdentity(['blue'], { account: SECRET_ACCOUNT }));

    expect(trustPolicy(workload).Statement[0].Condition).toEqual({ StringEquals: POD_IDENTITY_TAGS });
  });
});

describe('IRSA and EKS Pod Identity together', () => {
  test('the trust policy has the IRSA statements first, then the one Pod Identity statement', () => {
    const workload = addWorkload(new ModelBuilder(), {
      ...irsa(BLUE_ISSUER, GREEN_ISSUER),
      podIdentityClusters: podIdentity(['blue']).podIdentityClusters,
    });
    const policy = trustPolicy(workload);

    expect(policy.Statement.map((s) => [s.Sid, s.Action])).toEqual([
      ['ServiceAccountWebIdentity', 'sts:AssumeRoleWithWebIdentity'],
      ['ServiceAccountWebIdentity2', 'sts:AssumeRoleWithWebIdentity'],
      ['EksPodIdentity', ['sts:AssumeRole', 'sts:TagSession']],
    ]);
    expect(policy.Statement[2].Condition).toEqual({ StringEquals: POD_IDENTITY_TAGS });
    expect(policy.Statement[0].Condition!.StringEquals[`${BLUE_ISSUER}:sub`]).toBe('system:serviceaccount:shop:api');
  });
});
