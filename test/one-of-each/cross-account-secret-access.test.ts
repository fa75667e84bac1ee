import { Template } from 'aws-cdk-lib/assertions';
import { KeyStack, SecretStack, WorkloadStack } from '../../lib';
import { newApp, onlyResource, seedProps, synthesize, withProps } from '../support/helpers';

describe('CrossAccountSecretAccess', () => {
  test('creates one stack per account, named after the construct', () => {
    const { access } = synthesize();
    expect([access.workloadStack, access.secretStack, access.keyStack!].map((s) => [s.stackName, s.account])).toEqual([
      ['TestApp-Workload', '111111111111'],
      ['TestApp-Secret', '222222222222'],
      ['TestApp-Key', '333333333333'],
    ]);
  });

  test('exposes the identifiers a user needs, derived from the names', () => {
    const { access } = synthesize();
    expect({
      roleArn: access.roleArn,
      secretArnPattern: access.secretArnPattern,
      secretPartialArn: access.secretPartialArn,
      keyAlias: access.keyAlias,
      keyAliasArn: access.keyAliasArn,
    }).toEqual({
      roleArn: 'arn:aws:iam::111111111111:role/eks-secrets/pod-role',
      secretArnPattern: 'arn:aws:secretsmanager:eu-west-1:222222222222:secret:testsecret-??????',
      secretPartialArn: 'arn:aws:secretsmanager:eu-west-1:222222222222:secret:testsecret',
      keyAlias: 'alias/testapp-secrets',
      keyAliasArn: 'arn:aws:kms:eu-west-1:333333333333:alias/testapp-secrets',
    });
  });

  // Three teams can deploy their parts from three repositories: each stack alone renders the same template.
  test.each([
    ['workload', WorkloadStack],
    ['secret', SecretStack],
    ['key', KeyStack],
  ] as const)('the %s stack can be created on its own from the same props, with the same template', (part, StackClass) => {
    const props = seedProps();
    const alone = new StackClass(newApp(), 'Alone', { access: props });
    expect(Template.fromStack(alone).toJSON()).toEqual(synthesize(props)[part].toJSON());
  });

  test('deploys the key before the secret', () => {
    const { access, app } = synthesize();
    expect(access.secretStack.dependencies).toEqual([access.keyStack!]);
    expect(access.keyStack!.dependencies).toEqual([]);
    const manifest = app.synth().manifest.artifacts!;
    expect(manifest[access.secretStack.artifactId].dependencies).toContain(access.keyStack!.artifactId);
  });

  test('no template references another stack (no Fn::ImportValue, no Fn::GetStackOutput, no exports)', () => {
    const { workload, secret, key } = synthesize();
    for (const template of [workload, secret, key]) {
      const text = JSON.stringify(template.toJSON());
      expect(text).not.toContain('Fn::ImportValue');
      expect(text).not.toContain('Fn::GetStackOutput');
      expect(text).not.toContain('"Export"');
    }
  });

  test('the identifiers in each account agree with each other', () => {
    const { workload, secret, key, access } = synthesize();
    const rolePolicy = JSON.stringify(onlyResource(workload, 'AWS::IAM::ManagedPolicy').properties);
    const secretPolicy = JSON.stringify(onlyResource(secret, 'AWS::SecretsManager::ResourcePolicy').properties);
    const keyPolicy = JSON.stringify(onlyResource(key, 'AWS::KMS::Key').properties);
    expect(rolePolicy).toContain(access.secretArnPattern);
    expect(secretPolicy).toContain(access.roleArn);
    expect(keyPolicy).toContain(access.roleArn);
    expect(keyPolicy).toContain(access.secretArnPattern);
    expect(onlyResource(secret, 'AWS::SecretsManager::Secret').properties.KmsKeyId).toBe(access.keyAliasArn);
    expect(onlyResource(key, 'AWS::KMS::Alias').properties.AliasName).toBe(access.keyAlias);
  });

  describe('when accounts coincide', () => {
    test.each([
      ['workload and secret', { workload: '111111111111', secret: '111111111111', key: '333333333333' }],
      ['secret and key', { workload: '111111111111', secret: '222222222222', key: '222222222222' }],
      ['all three', { workload: '111111111111', secret: '111111111111', key: '111111111111' }],
    ])('%s: the policies keep every grant, each for its own account', (_name, accounts) => {
      const { workload, secret, key } = synthesize(
        withProps({ workload: { account: accounts.workload }, secret: { account: accounts.secret }, key: { account: accounts.key } }),
      );
      const rolePolicy = onlyResource(workload, 'AWS::IAM::ManagedPolicy').properties.PolicyDocument.Statement;
      expect(rolePolicy.map((s: any) => s.Resource)).toEqual([
        `arn:aws:secretsmanager:eu-west-1:${accounts.secret}:secret:testsecret-??????`,
        `arn:aws:kms:eu-west-1:${accounts.key}:key/*`,
      ]);
      const secretStatement = onlyResource(secret, 'AWS::SecretsManager::ResourcePolicy').properties.ResourcePolicy.Statement[0];
      expect(secretStatement.Principal).toEqual({ AWS: `arn:aws:iam::${accounts.workload}:root` });
      const keyStatements = onlyResource(key, 'AWS::KMS::Key').properties.KeyPolicy.Statement;
      expect(keyStatements.map((s: any) => [s.Sid, s.Principal.AWS])).toEqual([
        ['KeyAdministration', `arn:aws:iam::${accounts.key}:root`],
        ['DenyPolicyLockoutBypass', '*'],
        ['DenyShortDeletionWindow', '*'],
        ['DecryptViaSecretsManagerForPodRole', `arn:aws:iam::${accounts.workload}:root`],
        [`SecretsManagerEncryptFor${accounts.secret}`, `arn:aws:iam::${accounts.secret}:root`],
      ]);
      expect(keyStatements[3].Condition.StringEquals['kms:CallerAccount']).toBe(accounts.workload);
    });
  });
});
