import { App, Duration } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { WorkloadStack } from '../../lib';
import { ISSUER, onlyResource, synthesize, withProps } from '../support/helpers';

describe('pod role trust policy (IRSA)', () => {
  test('trusts only the cluster OIDC provider of the workload account, with sts:AssumeRoleWithWebIdentity', () => {
    const { workload } = synthesize();
    const trust = onlyResource(workload, 'AWS::IAM::Role').properties.AssumeRolePolicyDocument;
    expect(trust.Statement).toHaveLength(1);
    expect(trust.Statement[0]).toMatchObject({
      Effect: 'Allow',
      Principal: { Federated: `arn:aws:iam::111111111111:oidc-provider/${ISSUER}` },
      Action: 'sts:AssumeRoleWithWebIdentity',
    });
  });

  test('pins sub and aud to the service account with StringEquals, and nothing else', () => {
    const { workload } = synthesize();
    const trust = onlyResource(workload, 'AWS::IAM::Role').properties.AssumeRolePolicyDocument;
    expect(trust.Statement[0].Condition).toEqual({
      StringEquals: {
        [`${ISSUER}:sub`]: 'system:serviceaccount:testnamespace:testapp',
        [`${ISSUER}:aud`]: 'sts.amazonaws.com',
      },
    });
  });

  test('accepts the issuer without https:// and renders the same trust policy', () => {
    const withScheme = onlyResource(synthesize().workload, 'AWS::IAM::Role').properties.AssumeRolePolicyDocument;
    const withoutScheme = onlyResource(synthesize(withProps({ workload: { oidcIssuers: [ISSUER] } })).workload, 'AWS::IAM::Role').properties
      .AssumeRolePolicyDocument;
    expect(withoutScheme).toEqual(withScheme);
  });

  test('trusts every issuer of `oidcIssuers`, each pinned to the service account, as a graph workload does', () => {
    const green = 'oidc.eks.eu-west-1.amazonaws.com/id/GREEN';
    const props = withProps({ workload: { oidcIssuers: [`https://${ISSUER}`, `https://${green}`] } });
    const trust = onlyResource(synthesize(props).workload, 'AWS::IAM::Role').properties.AssumeRolePolicyDocument;
    const federated = trust.Statement.map((s: { Principal: { Federated: string } }) => s.Principal.Federated);
    expect(federated).toEqual([ISSUER, green].map((i) => `arn:aws:iam::111111111111:oidc-provider/${i}`));
    expect(JSON.stringify(trust)).toContain(`"${green}:sub":"system:serviceaccount:testnamespace:testapp"`);
  });
});

describe('pod role', () => {
  test('has the given name, no inline policies, and one customer managed policy', () => {
    const { workload } = synthesize();
    const role = onlyResource(workload, 'AWS::IAM::Role');
    const policy = onlyResource(workload, 'AWS::IAM::ManagedPolicy');
    expect(role.properties.RoleName).toBe('pod-role');
    expect(role.properties.Policies).toBeUndefined();
    expect(role.properties.ManagedPolicyArns).toEqual([{ Ref: policy.logicalId }]);
    workload.resourceCountIs('AWS::IAM::Policy', 0);
  });

  test('defaults its name deterministically from namespace, service account and cluster', () => {
    const name = () =>
      onlyResource(synthesize(withProps({ workload: { roleName: undefined } })).workload, 'AWS::IAM::Role').properties.RoleName;
    expect(name()).toMatch(/^eks-testnamespace-testapp-[0-9a-f]{8}$/);
    expect(name()).toBe(name());
  });

  test.each([
    ['namespace a-b with service account c, and namespace a with service account b-c', { namespace: 'a', serviceAccount: 'b-c' }],
    ['the same service account on another cluster', { oidcIssuers: ['https://oidc.eks.eu-west-1.amazonaws.com/id/GREEN'] }],
    ['the same service account through Pod Identity', { oidcIssuers: undefined, podIdentity: { clusterName: 'prod' } }],
  ])('gives different default names to different identities: %s', (_name, other) => {
    const base = { roleName: undefined, namespace: 'a-b', serviceAccount: 'c' };
    const name = (overrides: object) =>
      onlyResource(synthesize(withProps({ workload: { ...base, ...overrides } })).workload, 'AWS::IAM::Role').properties.RoleName;
    expect(name({})).toMatch(/^eks-a-b-c-[0-9a-f]{8}$/);
    expect(name(other)).not.toBe(name({}));
  });

  test('shortens a long default name with a stable hash, within 64 characters', () => {
    const props = withProps({ workload: { roleName: undefined, namespace: 'n'.repeat(40), serviceAccount: 's'.repeat(40) } });
    const first = onlyResource(synthesize(props).workload, 'AWS::IAM::Role').properties.RoleName;
    const second = onlyResource(synthesize(props).workload, 'AWS::IAM::Role').properties.RoleName;
    expect(first).toHaveLength(64);
    expect(first).toMatch(/^eks-n+-s+-[0-9a-f]{8}$/);
    expect(second).toBe(first);
  });

  test('sets a permissions boundary and max session duration when given', () => {
    const boundary = 'arn:aws:iam::111111111111:policy/Boundary';
    const { workload } = synthesize(withProps({ workload: { permissionsBoundaryArn: boundary, maxSessionDuration: Duration.hours(2) } }));
    workload.hasResourceProperties('AWS::IAM::Role', { PermissionsBoundary: boundary, MaxSessionDuration: 7200 });
  });

  test('has no permissions boundary by default and a one-hour max session', () => {
    const { workload } = synthesize();
    workload.hasResourceProperties('AWS::IAM::Role', { PermissionsBoundary: Match.absent(), MaxSessionDuration: 3600 });
  });

  test('is deleted with the stack (the secret and key grants survive re-creation by ARN)', () => {
    const { workload } = synthesize();
    workload.hasResource('AWS::IAM::Role', { DeletionPolicy: Match.absent() });
  });
});

describe('pod role permissions', () => {
  test('are exactly GetSecretValue on the secret pattern and Decrypt of account 3 keys via Secrets Manager for this secret', () => {
    const { workload } = synthesize();
    expect(onlyResource(workload, 'AWS::IAM::ManagedPolicy').properties.PolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'GetSecretValueTestsecret',
          Effect: 'Allow',
          Action: 'secretsmanager:GetSecretValue',
          Resource: 'arn:aws:secretsmanager:eu-west-1:222222222222:secret:testsecret-??????',
        },
        {
          Sid: 'DecryptViaSecretsManagerTestsecret',
          Effect: 'Allow',
          Action: 'kms:Decrypt',
          Resource: 'arn:aws:kms:eu-west-1:333333333333:key/*',
          Condition: {
            StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' },
            StringLike: { 'kms:EncryptionContext:SecretARN': 'arn:aws:secretsmanager:eu-west-1:222222222222:secret:testsecret-??????' },
          },
        },
      ],
    });
  });

  test('name the secret with its random-suffix wildcard, never the bare name', () => {
    const { workload } = synthesize();
    const text = JSON.stringify(onlyResource(workload, 'AWS::IAM::ManagedPolicy').properties.PolicyDocument);
    expect(text).not.toMatch(/secret:testsecret"/);
    expect(text).toContain('secret:testsecret-??????');
  });

  test('use the Secrets Manager endpoint of the secret region, not the workload region', () => {
    const { workload } = synthesize(
      withProps({ workload: { region: 'us-east-1', oidcIssuers: ['https://oidc.eks.us-east-1.amazonaws.com/id/X'] } }),
    );
    const statements = onlyResource(workload, 'AWS::IAM::ManagedPolicy').properties.PolicyDocument.Statement;
    expect(statements[1].Condition.StringEquals['kms:ViaService']).toBe('secretsmanager.eu-west-1.amazonaws.com');
  });

  test('use the partition of the regions (aws-cn)', () => {
    const { workload } = synthesize(
      withProps({
        workload: { region: 'cn-north-1', oidcIssuers: ['https://oidc.eks.cn-north-1.amazonaws.com.cn/id/X'] },
        secret: { region: 'cn-north-1' },
      }),
    );
    const statements = onlyResource(workload, 'AWS::IAM::ManagedPolicy').properties.PolicyDocument.Statement;
    expect(statements[0].Resource).toBe('arn:aws-cn:secretsmanager:cn-north-1:222222222222:secret:testsecret-??????');
    expect(statements[1].Condition.StringEquals['kms:ViaService']).toBe('secretsmanager.cn-north-1.amazonaws.com.cn');
  });
});

describe('workload stack', () => {
  test('is in the workload account and region', () => {
    const { access } = synthesize();
    expect(access.workloadStack.account).toBe('111111111111');
    expect(access.workloadStack.region).toBe('eu-west-1');
  });

  test('outputs the role ARN', () => {
    const { workload } = synthesize();
    workload.hasOutput('RoleArn', { Value: { 'Fn::GetAtt': [onlyResource(workload, 'AWS::IAM::Role').logicalId, 'Arn'] } });
  });

  test('creates no Pod Identity association for IRSA', () => {
    synthesize().workload.resourceCountIs('AWS::EKS::PodIdentityAssociation', 0);
  });

  test('standalone stack reports bad input under its own path', () => {
    expect(() => new WorkloadStack(new App(), 'Workload', { access: withProps({ workload: { account: '1' } }) })).toThrow(
      /^\[Workload\] `workload.account` "1"/,
    );
  });

  test('reads the secret metadata too when allowDescribeSecret is set (for the CSI driver rotation)', () => {
    const { workload, secret } = synthesize(withProps({ workload: { allowDescribeSecret: true } }));
    const both = ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'];
    expect(onlyResource(workload, 'AWS::IAM::ManagedPolicy').properties.PolicyDocument.Statement[0].Action).toEqual(both);
    expect(onlyResource(secret, 'AWS::SecretsManager::ResourcePolicy').properties.ResourcePolicy.Statement[0].Action).toEqual(both);
  });
});

describe('the trust policy limit of the one-of-each props', () => {
  test('a trust over the limit points to the graph, whose addWorkload() takes the raised quota: the props have no such setting', () => {
    const oidcIssuers = Array.from({ length: 12 }, (_, i) => `https://oidc.eks.eu-west-1.amazonaws.com/id/${String(i).padStart(32, 'C')}`);
    expect(() => synthesize(withProps({ workload: { oidcIssuers } }))).toThrow(
      /over the 2,048 IAM allows: ask AWS to raise the account's "Role trust policy length" quota \(up to 4,096\) and give the workload to a `CrossAccountSecrets` graph with `maxTrustPolicyLength` set to the new quota, or trust fewer clusters/,
    );
  });
});
