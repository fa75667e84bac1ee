import { Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { CrossAccountSecretAccess, CrossAccountSecrets, KeyStack } from '../../lib';
import { call, checkDocument, roleSession } from '../proof/access-simulator';
import { PolicyDocument } from '../proof/template-resolver';
import { BLUE, statements, synthesized } from '../support/graph';
import { newApp, seedProps, withProps } from '../support/helpers';

const KEY_ARN = 'arn:aws:kms:eu-west-1:333333333333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const MRK_ARN = 'arn:aws:kms:eu-west-1:333333333333:key/mrk-1234abcd12ab34cd56ef1234567890ab';
const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:222222222222:secret:payments/db-AbCdEf';

function importedGraph(keyArn = KEY_ARN) {
  const secrets = new CrossAccountSecrets(newApp(), 'Secrets');
  const key = secrets.importKey('Shared', { keyArn });
  const db = secrets.addSecret('Db', { account: '222222222222', region: 'eu-west-1', secretName: 'payments/db', key });
  const api = secrets.addWorkload('Api', {
    account: '111111111111',
    region: 'eu-west-1',
    namespace: 'payments',
    serviceAccount: 'api',
    oidcIssuers: [BLUE],
  });
  db.grantRead(api);
  return { secrets, key, db, api };
}

function resourcesOfType(stacks: Stack[], type: string): unknown[] {
  return stacks.flatMap((stack) => Object.values(Template.fromStack(stack).findResources(type)));
}

describe('an existing key (importKey)', () => {
  test('creates no key stack and no KMS resource', () => {
    const { secrets, key } = importedGraph();
    expect(secrets.stacks.map((s) => s.stackName)).toEqual([
      'Secrets-Secrets-222222222222-eu-west-1',
      'Secrets-Workloads-111111111111-eu-west-1',
    ]);
    expect(resourcesOfType(secrets.stacks, 'AWS::KMS::Key')).toEqual([]);
    expect(resourcesOfType(secrets.stacks, 'AWS::KMS::Alias')).toEqual([]);
    expect([key.imported, key.keyArn, key.key, key.alias, key.keyAlias, key.keyAliasArn]).toEqual([
      true,
      KEY_ARN,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  test("the secret's KmsKeyId and the pod role's kms:Decrypt name the exact key ARN", () => {
    const { db, api } = importedGraph();
    expect(synthesized(db.secret!).KmsKeyId).toBe(KEY_ARN);
    const [decrypt] = statements(synthesized(api.permissionsPolicies[0]).PolicyDocument, 'DecryptViaSecretsManagerPaymentsDb');
    expect(decrypt.Resource).toBe(KEY_ARN);
    expect(JSON.stringify(synthesized(api.permissionsPolicies[0]))).not.toContain('key/*');
  });

  test('the secret and its resource policy still deploy, with no dependency on a key stack', () => {
    const { db, api } = importedGraph();
    expect(synthesized(db.resourcePolicy!).SecretId).toEqual({ Ref: Stack.of(db).resolve(db.secret!.logicalId) });
    expect(Stack.of(db).dependencies.map((s) => s.stackName)).toEqual([]);
    expect(Stack.of(api).dependencies).toEqual([]);
  });

  test('keyPolicyStatements() lists exactly the grant statements, as a valid key policy fragment', async () => {
    const { secrets } = importedGraph();
    const all = secrets.keyPolicyStatements();
    expect(Object.keys(all)).toEqual([KEY_ARN]);
    const document = all[KEY_ARN];
    expect(document.Statement.map((s: { Sid: string }) => s.Sid)).toEqual(
      ['DecryptViaSecretsManagerForEksPaymentsApi', 'SecretsManagerEncryptFor222222222222'].map((sid) =>
        expect.stringMatching(new RegExp(`^${sid}`)),
      ),
    );
    expect(document.Statement[0].Condition.StringLike).toEqual({
      'kms:EncryptionContext:SecretARN': 'arn:aws:secretsmanager:eu-west-1:222222222222:secret:payments/db-??????',
    });
    expect(document.Statement[1].Action).toEqual(['kms:GenerateDataKey', 'kms:Decrypt']);
    await expect(checkDocument('key policy statements', document, 'resource')).resolves.toBeUndefined();
  });

  test('a key that encrypts no secret yet has no statements to add', () => {
    const secrets = new CrossAccountSecrets(newApp(), 'Secrets');
    secrets.importKey('Shared', { keyArn: KEY_ARN });
    expect(secrets.keyPolicyStatements()).toEqual({});
  });

  test('the pod can decrypt once the owners add the statements, and not before', async () => {
    const { secrets, api } = importedGraph();
    const permissions = synthesized(api.permissionsPolicies[0]).PolicyDocument;
    const session = roleSession(api.roleArn, [{ name: 'pod role permissions', document: permissions }]);
    const ownersPolicy = {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'EnableIamPolicies', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::333333333333:root' }, Action: 'kms:*', Resource: '*' },
      ],
    };
    const added = { ...ownersPolicy, Statement: [...ownersPolicy.Statement, ...secrets.keyPolicyStatements()[KEY_ARN].Statement] };
    const decrypt = (document: PolicyDocument, secretArn = SECRET_ARN) =>
      call(
        session,
        'kms:Decrypt',
        { arn: KEY_ARN, policy: { kind: 'resource', name: 'key policy', document } },
        {
          'kms:CallerAccount': '111111111111',
          'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com',
          'kms:EncryptionContext:SecretARN': secretArn,
        },
      );
    expect(await decrypt(ownersPolicy)).not.toBe('Allowed');
    expect(await decrypt(added)).toBe('Allowed');
    expect(await decrypt(added, 'arn:aws:secretsmanager:eu-west-1:222222222222:secret:payments/other-AbCdEf')).not.toBe('Allowed');
  });

  test("the secret's stack warns what the key's owners must add, for the secret and for each reader", () => {
    const { db } = importedGraph();
    const warnings = Annotations.fromStack(Stack.of(db)).findWarning('*', Match.anyValue());
    expect(warnings.map((w) => w.entry.data)).toEqual([
      'Secret "payments/db" is encrypted with the existing key arn:aws:kms:eu-west-1:333333333333:key/1234abcd-12ab-34cd-56ef-1234567890ab, whose policy this app cannot change: before this stack deploys, the key\'s owners (account 333333333333) must add a statement allowing arn:aws:iam::222222222222:root kms:GenerateDataKey and kms:Decrypt with kms:ViaService secretsmanager.eu-west-1.amazonaws.com for kms:EncryptionContext:SecretARN arn:aws:secretsmanager:eu-west-1:222222222222:secret:payments/db-??????; keyPolicyStatements() lists the exact statements (cdk synth writes them beside the templates, to <construct folder>/key-policy-statements.json). [ack: cdk-eks-cross-account-secrets:imported-key]',
      expect.stringMatching(
        /^The pod role arn:aws:iam::111111111111:role\/eks-secrets\/eks-payments-api-[0-9a-f]{8} reads "payments\/db", encrypted with the existing key arn:aws:kms:eu-west-1:333333333333:key\/1234abcd-12ab-34cd-56ef-1234567890ab: until the key's owners \(account 333333333333\) add a statement allowing it kms:Decrypt with kms:ViaService secretsmanager\.eu-west-1\.amazonaws\.com for kms:EncryptionContext:SecretARN arn:aws:secretsmanager:eu-west-1:222222222222:secret:payments\/db-\?\?\?\?\?\?, GetSecretValue fails with AccessDeniedException; keyPolicyStatements\(\) lists/,
      ),
    ]);
  });

  test('with a target role, the warning names the target role the key policy must admit, not the pod role', () => {
    const secrets = new CrossAccountSecrets(newApp(), 'Secrets');
    const key = secrets.importKey('Shared', { keyArn: KEY_ARN });
    const db = secrets.addSecret('Db', { account: '222222222222', region: 'eu-west-1', secretName: 'payments/db', key });
    const api = secrets.addWorkload('Api', {
      account: '111111111111',
      region: 'eu-west-1',
      namespace: 'payments',
      serviceAccount: 'api',
      podIdentityClusters: ['prod'],
      podIdentityTargetRole: { account: '222222222222', roleName: 'payments-api-reader' },
    });
    db.grantRead(api);
    const warnings = Annotations.fromStack(Stack.of(db))
      .findWarning('*', Match.anyValue())
      .map((w) => String(w.entry.data));
    const grant = warnings.filter((w) => w.includes('reads "payments/db"'));
    expect(grant).toHaveLength(1);
    expect(grant[0]).toMatch(
      /^The EKS Pod Identity target role arn:aws:iam::222222222222:role\/eks-secrets\/payments-api-reader reads "payments\/db", encrypted with the existing key /,
    );
    expect(grant[0]).not.toContain('111111111111');
  });

  test('the access review lists the statements the owners must add, and no administration of the key', () => {
    const { secrets } = importedGraph();
    const review = secrets.accessReview();
    expect(review).toContain(`## Statements the owners of ${KEY_ARN} must add (account 333333333333)`);
    expect(review).toContain('"Sid": "SecretsManagerEncryptFor222222222222"');
    expect(review).toContain(`4. **Key** \`${KEY_ARN}\``);
    expect(review).not.toContain('## Administration of');
  });

  test('accepts a multi-Region key ARN', () => {
    const { db } = importedGraph(MRK_ARN);
    expect(synthesized(db.secret!).KmsKeyId).toBe(MRK_ARN);
  });

  test.each([
    [
      'an alias ARN',
      'arn:aws:kms:eu-west-1:333333333333:alias/shared',
      /`keyArn` "arn:aws:kms:eu-west-1:333333333333:alias\/shared" is not a KMS key ARN: .*An alias ARN can move to another key/,
    ],
    [
      'a key ID',
      '1234abcd-12ab-34cd-56ef-1234567890ab',
      /`keyArn` "1234abcd-12ab-34cd-56ef-1234567890ab" is not a KMS key ARN: use the key ARN/,
    ],
    ['a short mrk ID', 'arn:aws:kms:eu-west-1:333333333333:key/mrk-1234', /is not a KMS key ARN/],
    [
      'a wrong partition',
      'arn:aws-cn:kms:eu-west-1:333333333333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      /names partition "aws-cn", but region eu-west-1 is in "aws"/,
    ],
    ['a short account', 'arn:aws:kms:eu-west-1:3333:key/1234abcd-12ab-34cd-56ef-1234567890ab', /is not a KMS key ARN/],
  ])('rejects %s as keyArn', (_, keyArn, message) => {
    const secrets = new CrossAccountSecrets(newApp(), 'Secrets');
    expect(() => secrets.importKey('Shared', { keyArn })).toThrow(message);
  });

  test("rejects a secret outside the imported key's region", () => {
    const secrets = new CrossAccountSecrets(newApp(), 'Secrets');
    const key = secrets.importKey('Shared', { keyArn: KEY_ARN });
    expect(() => secrets.addSecret('Db', { account: '222222222222', region: 'eu-west-2', secretName: 'db', key })).toThrow(
      /`region` "eu-west-2" differs from the region "eu-west-1" of its key key\/1234abcd-12ab-34cd-56ef-1234567890ab/,
    );
  });

  test('a key ARN given as alias points to importKey', () => {
    const secrets = new CrossAccountSecrets(newApp(), 'Secrets');
    expect(() => secrets.addKey('Shared', { account: '333333333333', region: 'eu-west-1', alias: KEY_ARN })).toThrow(
      /`alias` "arn:aws:kms:.*" is a key ARN, not an alias: to use an existing key, give its ARN as `keyArn` of `importKey\(\)` instead/,
    );
  });
});

describe('an existing key in CrossAccountSecretAccess (key.keyArn)', () => {
  const EXISTING = 'arn:aws:kms:eu-west-1:333333333333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  const props = () => withProps({ key: { alias: undefined, keyArn: EXISTING } });

  test('creates no key stack; the secret and the role name the key ARN; the statements and warnings are there', () => {
    const access = new CrossAccountSecretAccess(newApp(), 'TestApp', props());
    expect(access.keyStack).toBeUndefined();
    expect([access.keyArn, access.keyAlias, access.keyAliasArn]).toEqual([EXISTING, undefined, undefined]);
    expect(Template.fromStack(access.secretStack).toJSON().Resources.Secret.Properties.KmsKeyId).toBe(EXISTING);
    expect(JSON.stringify(Template.fromStack(access.workloadStack).toJSON())).toContain(`"Resource":"${EXISTING}"`);
    expect(Object.keys(access.keyPolicyStatements())).toEqual([EXISTING]);
    expect(access.secretStack.dependencies).toEqual([]);
    const warnings = Annotations.fromStack(access.secretStack).findWarning('*', Match.stringLikeRegexp('existing key'));
    expect(warnings.map((w) => w.entry.data)).toEqual([
      expect.stringMatching(/^Secret "testsecret" is encrypted with the existing key/),
      expect.stringMatching(/^The pod role arn:aws:iam::111111111111:role\/eks-secrets\/pod-role reads "testsecret"/),
    ]);
    expect(access.accessReview()).toContain(`## Statements the owners of ${EXISTING} must add`);
  });

  test('a created key has no statements for others to add', () => {
    expect(new CrossAccountSecretAccess(newApp(), 'TestApp', seedProps()).keyPolicyStatements()).toEqual({});
  });

  test.each([
    [
      'both alias and keyArn',
      withProps({ key: { keyArn: EXISTING } }),
      /^\[TestApp\] `key.keyArn` and `key.alias` are both set: .*give exactly one of `key.alias` \(a key to create\) and `key.keyArn` \(an existing key\)\.$/,
    ],
    [
      'neither alias nor keyArn',
      withProps({ key: { alias: undefined } }),
      /^\[TestApp\] `key.alias` and `key.keyArn` are both missing: give `key.alias` to create a key, or `key.keyArn` to use an existing one\.$/,
    ],
    [
      'a key setting with keyArn',
      withProps({ key: { alias: undefined, keyArn: EXISTING, description: 'x' } }),
      /`key.keyArn` and `key.description` are both set/,
    ],
    [
      'a key ARN of another account',
      withProps({ key: { alias: undefined, keyArn: EXISTING.replace('333333333333', '999999999999') } }),
      /`key.keyArn` ".*" is not in the key's account 333333333333 and region eu-west-1/,
    ],
    [
      'a key ARN given as alias',
      withProps({ key: { alias: EXISTING } }),
      /`key.alias` ".*" is a key ARN, not an alias: to use an existing key, give its ARN as `key.keyArn` instead/,
    ],
  ])('rejects %s', (_, given, message) => {
    expect(() => new CrossAccountSecretAccess(newApp(), 'TestApp', given)).toThrow(message);
  });

  test('a standalone KeyStack for an existing key is an error that says why', () => {
    expect(() => new KeyStack(newApp(), 'Key', { access: props() })).toThrow(
      /^\[Key\] `key.keyArn` names an existing key: there is no key stack to deploy/,
    );
  });
});
