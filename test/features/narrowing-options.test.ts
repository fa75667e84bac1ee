import { Stack } from 'aws-cdk-lib';
import { CrossAccountSecrets, GrantPrincipal, ReadableVersions } from '../../lib';
import { BLUE, exampleGraph, statements, synthesized } from '../support/graph';
import { newApp, onlyResource, synthesize, withProps } from '../support/helpers';

// The options and defaults that narrow access further: the role path that an organization can reserve,
// the strict role-ARN principal, key administration denials, the secret account's key users, and the
// version stages a pod may read.

const resourcePolicy = (props = withProps({})) =>
  onlyResource(synthesize(props).secret, 'AWS::SecretsManager::ResourcePolicy').properties.ResourcePolicy;
const keyPolicy = (props = withProps({})) => onlyResource(synthesize(props).key, 'AWS::KMS::Key').properties.KeyPolicy;
const rolePolicy = (props = withProps({})) => onlyResource(synthesize(props).workload, 'AWS::IAM::ManagedPolicy').properties.PolicyDocument;

describe('role path', () => {
  test('pod roles are on the /eks-secrets/ path by default, and every grant names that path', () => {
    const { workload, access } = synthesize();
    expect(onlyResource(workload, 'AWS::IAM::Role').properties.Path).toBe('/eks-secrets/');
    expect(access.roleArn).toBe('arn:aws:iam::111111111111:role/eks-secrets/pod-role');
    expect(statements(resourcePolicy())[0].Condition.ArnEquals['aws:PrincipalArn']).toBe(access.roleArn);
  });

  test('a custom path is used everywhere', () => {
    const props = withProps({ workload: { rolePath: '/team/payments/' } });
    expect(synthesize(props).access.roleArn).toBe('arn:aws:iam::111111111111:role/team/payments/pod-role');
    expect(onlyResource(synthesize(props).workload, 'AWS::IAM::Role').properties.Path).toBe('/team/payments/');
  });

  test.each(['eks-secrets', '/eks-secrets', '/a b/'])('rejects the path %j', (rolePath) => {
    expect(() => synthesize(withProps({ workload: { rolePath } }))).toThrow(
      /`workload.rolePath` .* is not an IAM path: start and end with "\/"/,
    );
  });

  test('the service control policy reserves the path for the CloudFormation execution role, by its exact ARN', () => {
    const [paths] = synthesize().access.rolePathServiceControlPolicy().Statement;
    expect(paths.Resource).toEqual(['arn:aws:iam::*:role/eks-secrets/*']);
    expect(paths.Condition).toEqual({
      ArnNotEquals: { 'aws:PrincipalArn': ['arn:aws:iam::111111111111:role/cdk-hnb659fds-cfn-exec-role-111111111111-eu-west-1'] },
    });
  });

  test('a graph reserves every path its workloads use', () => {
    const { secrets } = exampleGraph();
    secrets.addWorkload('Other', {
      account: '111111111111',
      region: 'eu-west-1',
      namespace: 'o',
      serviceAccount: 'a',
      oidcIssuers: [BLUE],
      rolePath: '/other/',
    });
    expect(secrets.rolePathServiceControlPolicy().Statement[0].Resource).toEqual([
      'arn:aws:iam::*:role/eks-secrets/*',
      'arn:aws:iam::*:role/other/*',
    ]);
  });
});

describe('strict principal: the role ARN itself', () => {
  const strict = withProps({ workload: { grantPrincipal: GrantPrincipal.ROLE_ARN } });

  test('the secret and key policies name the role ARN, with no aws:PrincipalArn condition', () => {
    const [read] = statements(resourcePolicy(strict));
    expect(read.Principal).toEqual({ AWS: 'arn:aws:iam::111111111111:role/eks-secrets/pod-role' });
    expect(read.Condition).toBeUndefined();
    const [decrypt] = statements(keyPolicy(strict), 'DecryptViaSecretsManagerForPodRole');
    expect(decrypt.Principal).toEqual({ AWS: 'arn:aws:iam::111111111111:role/eks-secrets/pod-role' });
    expect(decrypt.Condition.ArnEquals).toBeUndefined();
    expect(decrypt.Condition.StringEquals['kms:ViaService']).toBe('secretsmanager.eu-west-1.amazonaws.com');
  });

  test('the workload stack deploys first, because IAM and KMS reject policies naming a role that does not exist', () => {
    const { access } = synthesize(strict);
    expect(access.keyStack!.dependencies).toEqual([access.workloadStack]);
    // The secret's resource policy names the role too: the rule the graph follows, so it holds with an existing key.
    expect(access.secretStack.dependencies).toEqual([access.keyStack!, access.workloadStack]);
    expect(synthesize().access.keyStack!.dependencies).toEqual([]);
  });

  test('in a graph, strict and default workloads on one secret get one statement each', () => {
    const { secrets, db, api } = exampleGraph();
    const strictWorkload = secrets.addWorkload('Strict', {
      account: '111111111111',
      region: 'eu-west-1',
      namespace: 's',
      serviceAccount: 'a',
      oidcIssuers: [BLUE],
      grantPrincipal: GrantPrincipal.ROLE_ARN,
    });
    db.grantRead(strictWorkload);
    const policy = synthesized(db.resourcePolicy!).ResourcePolicy;
    expect(policy.Statement.map((s: any) => [s.Sid, s.Principal.AWS])).toEqual([
      ['GetSecretValueForGrantedRoles', ['arn:aws:iam::111111111111:root', 'arn:aws:iam::555555555555:root']],
      [expect.stringMatching(/^GetSecretValueForEksSA/), strictWorkload.roleArn],
    ]);
    expect(policy.Statement[0].Condition.ArnEquals['aws:PrincipalArn']).toContain(api.roleArn);
    expect(Stack.of(db).dependencies).toContain(Stack.of(strictWorkload));
  });

  test('rejects a value that is not a GrantPrincipal', () => {
    expect(() => synthesize(withProps({ workload: { grantPrincipal: 'ARN' as GrantPrincipal } }))).toThrow(
      /`workload.grantPrincipal` "ARN" is not one of ACCOUNT_ROOT_AND_PRINCIPAL_ARN, ROLE_ARN/,
    );
  });
});

describe('readable versions', () => {
  test('by default any version may be read: no version condition', () => {
    expect(statements(rolePolicy())[0].Condition).toBeUndefined();
    expect(statements(resourcePolicy())[0].Condition).toEqual({ ArnEquals: expect.anything() });
  });

  test.each([
    [ReadableVersions.CURRENT, 'AWSCURRENT'],
    [ReadableVersions.CURRENT_AND_PREVIOUS, ['AWSCURRENT', 'AWSPREVIOUS']],
  ])('%s: the role and the secret policy allow only those stages and no version by ID', (readableVersions, stages) => {
    const props = withProps({ workload: { readableVersions } });
    const expected = { StringEqualsIfExists: { 'secretsmanager:VersionStage': stages }, Null: { 'secretsmanager:VersionId': 'true' } };
    expect(statements(rolePolicy(props))[0].Condition).toEqual(expected);
    expect(statements(resourcePolicy(props))[0].Condition).toEqual({ ArnEquals: expect.anything(), ...expected });
  });

  test('rejects a value that is not ReadableVersions', () => {
    expect(() => synthesize(withProps({ workload: { readableVersions: 'LATEST' as ReadableVersions } }))).toThrow(
      /`workload.readableVersions` "LATEST" is not one of ANY, CURRENT, CURRENT_AND_PREVIOUS/,
    );
  });
});

describe("the secret account's use of the key", () => {
  test('by default any principal of the secret account that IAM allows can have Secrets Manager use the key for the secret', () => {
    expect(statements(keyPolicy(), 'SecretsManagerEncryptFor222222222222')[0].Condition.ArnEquals).toBeUndefined();
  });

  test('keyUserArns narrows it to the named principals', () => {
    const users = [
      'arn:aws:iam::222222222222:role/cdk-hnb659fds-cfn-exec-role-222222222222-eu-west-1',
      'arn:aws:iam::222222222222:role/rotation',
    ];
    const [owner] = statements(keyPolicy(withProps({ secret: { keyUserArns: users } })), 'SecretsManagerEncryptFor222222222222');
    expect(owner.Condition.ArnEquals).toEqual({ 'aws:PrincipalArn': users });
    expect(owner.Principal).toEqual({ AWS: 'arn:aws:iam::222222222222:root' });
  });

  test.each([
    [
      ['arn:aws:iam::111111111111:role/x'],
      /`secret.keyUserArns\[0\]` "arn:aws:iam::111111111111:role\/x" is not in the secret account 222222222222/,
    ],
    [[], /`secret.keyUserArns` .* is empty/],
    [['rotation'], /`secret.keyUserArns\[0\]` "rotation" is not an IAM principal ARN/],
  ])('rejects %j', (keyUserArns, message) => {
    expect(() => synthesize(withProps({ secret: { keyUserArns } }))).toThrow(message);
  });

  test('in a graph, secrets of one account with different key users get one statement each', () => {
    const secrets = new CrossAccountSecrets(newApp(), 'Secrets');
    const key = secrets.addKey('K', { account: '333333333333', region: 'eu-west-1', alias: 'k' });
    secrets.addSecret('A', {
      account: '222222222222',
      region: 'eu-west-1',
      secretName: 'a',
      key,
      keyUserArns: ['arn:aws:iam::222222222222:role/r'],
    });
    secrets.addSecret('B', { account: '222222222222', region: 'eu-west-1', secretName: 'b', key });
    const policy = synthesized(key.key!).KeyPolicy;
    expect(
      statements(policy)
        .filter((s: any) => s.Sid.startsWith('SecretsManagerEncryptFor'))
        .map((s: any) => [s.Sid, s.Condition.ArnEquals]),
    ).toEqual([
      ['SecretsManagerEncryptFor222222222222', { 'aws:PrincipalArn': 'arn:aws:iam::222222222222:role/r' }],
      ['SecretsManagerEncryptFor2222222222222', undefined],
    ]);
  });
});
