import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { CrossAccountSecrets } from '../../lib';
import { BLUE, statements, synthesized } from '../support/graph';

const ALIAS_ARN = 'arn:aws:kms:eu-west-1:333333333333:alias/security/payments';
const KEY_ARN = 'arn:aws:kms:eu-west-1:333333333333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

function graph(pinnedKeyArn?: string, context: Record<string, string> = {}) {
  const app = new App({ analyticsReporting: false, context: { '@aws-cdk/core:validateAgainstDefaultRules': true, ...context } });
  const secrets = new CrossAccountSecrets(app, 'Secrets');
  const key = secrets.addKey('Payments', { account: '333333333333', region: 'eu-west-1', alias: 'security/payments', pinnedKeyArn });
  const db = secrets.addSecret('Db', { account: '222222222222', region: 'eu-west-1', secretName: 'payments/db', key });
  const api = secrets.addWorkload('Api', {
    account: '111111111111',
    region: 'eu-west-1',
    namespace: 'payments',
    serviceAccount: 'api',
    oidcIssuers: [BLUE],
  });
  db.grantRead(api);
  const decrypt = () => statements(synthesized(api.permissionsPolicies[0]).PolicyDocument, 'DecryptViaSecretsManagerPaymentsDb')[0];
  return { secrets, key, db, api, decrypt };
}

describe('pinning the key ARN after the first deploy', () => {
  test('before pinning: the alias ARN and the key account wildcard', () => {
    const { db, decrypt, key } = graph();
    expect(synthesized(db.secret!).KmsKeyId).toBe(ALIAS_ARN);
    expect(decrypt().Resource).toBe('arn:aws:kms:eu-west-1:333333333333:key/*');
    expect(key.keyArn).toBeUndefined();
  });

  test('pinnedKeyArn: the exact key in the role policy and KmsKeyId; the key stack is unchanged', () => {
    const unpinned = graph();
    const pinned = graph(KEY_ARN);
    expect(synthesized(pinned.db.secret!).KmsKeyId).toBe(KEY_ARN);
    expect(pinned.decrypt().Resource).toBe(KEY_ARN);
    expect(pinned.key.keyArn).toBe(KEY_ARN);
    expect(pinned.key.imported).toBe(false);
    expect(Template.fromStack(Stack.of(pinned.key)).toJSON()).toEqual(Template.fromStack(Stack.of(unpinned.key)).toJSON());
    // Only the wildcard needed an acknowledged AwsSolutions-IAM5 finding; the exact ARN has none to acknowledge.
    expect(JSON.stringify(Template.fromStack(Stack.of(pinned.api)).toJSON())).not.toContain('key/*');
    expect(Annotations.fromStack(Stack.of(pinned.db)).findWarning('*', Match.anyValue())).toEqual([]);
    // Pinning changes nothing another account relies on, so the recorded fingerprint stays.
    const metadata = (part: typeof pinned.db) => Template.fromStack(Stack.of(part)).toJSON().Metadata;
    expect(metadata(pinned.db)).toEqual(metadata(unpinned.db));
  });

  test('the CDK context cdk-eks-cross-account-secrets:keyArn:<alias ARN> pins it too', () => {
    const { db, decrypt } = graph(undefined, { [`cdk-eks-cross-account-secrets:keyArn:${ALIAS_ARN}`]: KEY_ARN });
    expect(synthesized(db.secret!).KmsKeyId).toBe(KEY_ARN);
    expect(decrypt().Resource).toBe(KEY_ARN);
  });

  test("rejects a pinned key ARN of another account, naming the key's account and region", () => {
    expect(() => graph('arn:aws:kms:eu-west-1:999999999999:key/1234abcd-12ab-34cd-56ef-1234567890ab')).toThrow(
      /^\[Secrets\/Payments\] `pinnedKeyArn` "arn:aws:kms:eu-west-1:999999999999:key\/1234abcd-12ab-34cd-56ef-1234567890ab" is not in the key's account 333333333333 and region eu-west-1/,
    );
  });

  test('rejects an alias ARN as the pinned key, in the context too', () => {
    expect(() => graph(ALIAS_ARN)).toThrow(
      /`pinnedKeyArn` ".*alias\/security\/payments" is not a KMS key ARN: .*An alias ARN can move to another key/,
    );
    expect(() => graph(undefined, { [`cdk-eks-cross-account-secrets:keyArn:${ALIAS_ARN}`]: 'key/1234' })).toThrow(
      /`context cdk-eks-cross-account-secrets:keyArn:arn:aws:kms:eu-west-1:333333333333:alias\/security\/payments` "key\/1234" is not a KMS key ARN/,
    );
  });
});
