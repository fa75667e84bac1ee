import { Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { CrossAccountSecrets } from '../../lib';
import { BLUE, statements, synthesized } from '../support/graph';
import { newApp } from '../support/helpers';

const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:222222222222:secret:payments/db-AbCdEf';
const KEY_ARN = 'arn:aws:kms:eu-west-1:333333333333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

function graph(importOptions: (secrets: CrossAccountSecrets) => Parameters<CrossAccountSecrets['importSecret']>[1]) {
  const secrets = new CrossAccountSecrets(newApp(), 'Secrets');
  const db = secrets.importSecret('Db', importOptions(secrets));
  const api = secrets.addWorkload('Api', {
    account: '111111111111',
    region: 'eu-west-1',
    namespace: 'payments',
    serviceAccount: 'api',
    oidcIssuers: [BLUE],
  });
  db.grantRead(api);
  return { secrets, db, api };
}

describe('an existing secret (importSecret)', () => {
  test('by full ARN: only the resource policy, on the ARN; grants on the ARN pattern', () => {
    const { db, api } = graph((s) => ({ secretArn: SECRET_ARN, key: s.importKey('Shared', { keyArn: KEY_ARN }) }));
    const template = Template.fromStack(Stack.of(db));
    expect(Object.values(template.toJSON().Resources).map((r: any) => r.Type)).toEqual(['AWS::SecretsManager::ResourcePolicy']);
    expect(synthesized(db.resourcePolicy!).SecretId).toBe(SECRET_ARN);
    expect(synthesized(db.resourcePolicy!).BlockPublicPolicy).toBe(true);
    expect([db.imported, db.secret, db.secretName]).toEqual([true, undefined, 'payments/db']);
    const document = synthesized(api.permissionsPolicies[0]).PolicyDocument;
    expect(statements(document, 'GetSecretValuePaymentsDb')[0].Resource).toBe(
      'arn:aws:secretsmanager:eu-west-1:222222222222:secret:payments/db-??????',
    );
    expect(statements(document, 'DecryptViaSecretsManagerPaymentsDb')[0].Resource).toBe(KEY_ARN);
  });

  test('by account, region and name: the resource policy names the secret by name, in its own account', () => {
    const { db, secrets } = graph((s) => ({
      account: '222222222222',
      region: 'eu-west-1',
      secretName: 'payments/db',
      key: s.addKey('Payments', { account: '333333333333', region: 'eu-west-1', alias: 'security/payments' }),
    }));
    expect(synthesized(db.resourcePolicy!).SecretId).toBe('payments/db');
    expect(Stack.of(db).account).toBe('222222222222');
    // The key this graph creates gains the grant in its policy, as for a secret it creates.
    const keyStack = secrets.stacks.find((s) => s.stackName.includes('Keys'))!;
    expect(JSON.stringify(Template.fromStack(keyStack).toJSON())).toContain('payments/db-??????');
    expect(Stack.of(db).dependencies).toEqual([]);
  });

  test('without its key: GetSecretValue only, and a warning that says the pod cannot decrypt and how to name the key', () => {
    const { db, api } = graph(() => ({ secretArn: SECRET_ARN }));
    const document = synthesized(api.permissionsPolicies[0]).PolicyDocument;
    expect(document.Statement.map((s: any) => s.Action)).toEqual(['secretsmanager:GetSecretValue']);
    const warnings = Annotations.fromStack(Stack.of(db)).findWarning('*', Match.anyValue());
    expect(warnings.map((w) => w.entry.data)).toEqual([
      'The existing secret "payments/db" was imported without its key: its readers are granted secretsmanager:GetSecretValue on arn:aws:secretsmanager:eu-west-1:222222222222:secret:payments/db-??????, but cannot decrypt its value (kms:Decrypt), so GetSecretValue fails with AccessDeniedException. Name the key that encrypts it (`aws secretsmanager describe-secret` shows its KmsKeyId) with `key` in importSecret(): a key of this graph, or one from importKey({ keyArn }). [ack: cdk-eks-cross-account-secrets:secret-without-key]',
    ]);
  });

  test('the access review says the key is not named', () => {
    const { secrets } = graph(() => ({ secretArn: SECRET_ARN }));
    expect(secrets.accessReview()).toContain('4. **Key**: not named.');
  });

  test.each([
    [
      'both ARN and name',
      { secretArn: SECRET_ARN, secretName: 'payments/db' },
      /^\[Secrets\/Db\] `secretArn` and `account`\/`region`\/`secretName` are both set/,
    ],
    ['neither', {}, /`secretArn` and `account`\/`region`\/`secretName` are both missing/],
    [
      'a partial ARN',
      { secretArn: 'arn:aws:secretsmanager:eu-west-1:222222222222:secret:payments/db' },
      /`secretArn` ".*" is not the full ARN of a secret/,
    ],
    ['a wrong partition', { secretArn: SECRET_ARN.replace('arn:aws:', 'arn:aws-cn:') }, /`secretArn` ".*" is not the full ARN of a secret/],
    ['a bad account', { account: '22', region: 'eu-west-1', secretName: 'x' }, /`account` "22" is not an AWS account ID/],
  ])('rejects %s', (_, options, message) => {
    const secrets = new CrossAccountSecrets(newApp(), 'Secrets');
    expect(() => secrets.importSecret('Db', options)).toThrow(message);
  });

  test("rejects a key of another region than the secret's", () => {
    const secrets = new CrossAccountSecrets(newApp(), 'Secrets');
    const key = secrets.importKey('Shared', { keyArn: KEY_ARN.replace('eu-west-1', 'eu-west-2') });
    expect(() => secrets.importSecret('Db', { secretArn: SECRET_ARN, key })).toThrow(
      /the region "eu-west-1" of `secretArn` differs from the region "eu-west-2" of its key/,
    );
  });
});
