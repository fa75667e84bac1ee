import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { onlyResource, synthesize, withProps } from '../support/helpers';

const SECRET_PATTERN = 'arn:aws:secretsmanager:eu-west-1:222222222222:secret:testsecret-??????';

function statements(props = withProps({})) {
  return onlyResource(synthesize(props).key, 'AWS::KMS::Key').properties.KeyPolicy.Statement as any[];
}

function statement(sid: string, props = withProps({})) {
  const found = statements(props).find((s) => s.Sid === sid);
  if (!found) throw new Error(`no statement ${sid}`);
  return found;
}

describe('key', () => {
  test('is a symmetric encryption key with rotation on and a 30-day deletion window', () => {
    synthesize().key.hasResourceProperties('AWS::KMS::Key', {
      KeySpec: 'SYMMETRIC_DEFAULT',
      KeyUsage: 'ENCRYPT_DECRYPT',
      EnableKeyRotation: true,
      PendingWindowInDays: 30,
    });
  });

  test('and its alias are retained by default', () => {
    const { key } = synthesize();
    key.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    key.hasResource('AWS::KMS::Alias', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  test('follows an explicit removal policy and pending window', () => {
    const { key } = synthesize(withProps({ key: { removalPolicy: RemovalPolicy.DESTROY, pendingWindow: Duration.days(7) } }));
    key.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Delete', Properties: { PendingWindowInDays: 7 } });
    key.hasResource('AWS::KMS::Alias', { DeletionPolicy: 'Delete' });
  });

  test('alias points at the key, with the alias/ prefix added', () => {
    const { key } = synthesize();
    const keyId = onlyResource(key, 'AWS::KMS::Key').logicalId;
    key.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/testapp-secrets', TargetKeyId: { Ref: keyId } });
  });

  test('is in the key account and the secret region', () => {
    const { access } = synthesize();
    expect([access.keyStack!.account, access.keyStack!.region]).toEqual(['333333333333', 'eu-west-1']);
    expect(access.keyStack!.keyAliasArn).toBe('arn:aws:kms:eu-west-1:333333333333:alias/testapp-secrets');
  });
});

describe('key stack', () => {
  test('warns when the key account root is not among the administrators (lockout safety check)', () => {
    const { access } = synthesize(withProps({ key: { administratorArns: ['arn:aws:iam::333333333333:role/KeyAdmin'] } }));
    Annotations.fromStack(access.keyStack!).hasWarning('*', Match.stringLikeRegexp('does not include the key account root'));
    expect(Annotations.fromStack(synthesize().access.keyStack!).findWarning('*', Match.anyValue())).toEqual([]);
  });
});

describe('key policy', () => {
  test('has exactly these statements: administration, two denials, the pod role, and Secrets Manager for the secret account', () => {
    expect(statements().map((s) => s.Sid)).toEqual([
      'KeyAdministration',
      'DenyPolicyLockoutBypass',
      'DenyShortDeletionWindow',
      'DecryptViaSecretsManagerForPodRole',
      'SecretsManagerEncryptFor222222222222',
    ]);
  });

  test('lets the key account administer the key, but not use it', () => {
    const admin = statement('KeyAdministration');
    expect(admin.Principal).toEqual({ AWS: 'arn:aws:iam::333333333333:root' });
    expect(admin.Action).toEqual(expect.arrayContaining(['kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion', 'kms:EnableKeyRotation']));
    for (const use of ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:ReEncryptFrom', 'kms:CreateGrant', 'kms:*']) {
      expect(admin.Action).not.toContain(use);
    }
    expect(admin.Action.some((action: string) => action.includes('*'))).toBe(false);
  });

  test('gives administration to the given administrators instead of the account root', () => {
    const admins = [
      'arn:aws:iam::333333333333:role/KeyAdmin',
      'arn:aws:iam::333333333333:role/cdk-hnb659fds-cfn-exec-role-333333333333-eu-west-1',
    ];
    expect(statement('KeyAdministration', withProps({ key: { administratorArns: admins } })).Principal).toEqual({ AWS: admins });
  });

  test('lets the pod role decrypt only via Secrets Manager in the secret region, from its account, for this secret', () => {
    expect(statement('DecryptViaSecretsManagerForPodRole')).toEqual({
      Sid: 'DecryptViaSecretsManagerForPodRole',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111111111111:root' },
      Action: 'kms:Decrypt',
      Resource: '*',
      Condition: {
        ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/eks-secrets/pod-role' },
        StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com', 'kms:CallerAccount': '111111111111' },
        StringLike: { 'kms:EncryptionContext:SecretARN': SECRET_PATTERN },
      },
    });
  });

  test('lets Secrets Manager in the secret account encrypt and decrypt only this secret', () => {
    expect(statement('SecretsManagerEncryptFor222222222222')).toEqual({
      Sid: 'SecretsManagerEncryptFor222222222222',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::222222222222:root' },
      Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
      Resource: '*',
      Condition: {
        StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com', 'kms:CallerAccount': '222222222222' },
        StringLike: { 'kms:EncryptionContext:SecretARN': SECRET_PATTERN },
      },
    });
  });

  test('denies everyone a key policy that bypasses the lockout safety check', () => {
    expect(statement('DenyPolicyLockoutBypass')).toEqual({
      Sid: 'DenyPolicyLockoutBypass',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 'kms:PutKeyPolicy',
      Resource: '*',
      Condition: { Bool: { 'kms:BypassPolicyLockoutSafetyCheck': 'true' } },
    });
  });

  test('denies everyone a deletion with a shorter waiting period than the key pending window', () => {
    const deny = (props = withProps({})) => statement('DenyShortDeletionWindow', props);
    expect(deny()).toEqual({
      Sid: 'DenyShortDeletionWindow',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 'kms:ScheduleKeyDeletion',
      Resource: '*',
      Condition: { NumericLessThan: { 'kms:ScheduleKeyDeletionPendingWindowInDays': '30' } },
    });
    expect(deny(withProps({ key: { pendingWindow: Duration.days(7) } })).Condition.NumericLessThan).toEqual({
      'kms:ScheduleKeyDeletionPendingWindowInDays': '7',
    });
  });

  test('allows no other principal', () => {
    const principals = statements()
      .filter((s) => s.Effect === 'Allow')
      .flatMap((s) => [s.Principal.AWS].flat());
    expect(new Set(principals)).toEqual(
      new Set(['arn:aws:iam::333333333333:root', 'arn:aws:iam::111111111111:root', 'arn:aws:iam::222222222222:root']),
    );
  });
});
