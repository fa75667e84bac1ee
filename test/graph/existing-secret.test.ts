import { App, Annotations as CoreAnnotations, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { CrossAccountSecrets, GrantPrincipal, ImportedSecretOptions } from '../../lib';
import { BLUE, statements, synthesized } from '../support/graph';
import { newApp } from '../support/helpers';

const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:222222222222:secret:payments/db-AbCdEf';
const KEY_ARN = 'arn:aws:kms:eu-west-1:333333333333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const IMPORTED_SECRET = 'cdk-eks-cross-account-secrets:imported-secret';

type Extra = Partial<ImportedSecretOptions> & { readonly grantPrincipal?: GrantPrincipal };

function graph(importOptions: (secrets: CrossAccountSecrets) => ImportedSecretOptions, extra: Extra = {}) {
  const secrets = new CrossAccountSecrets(newApp(), 'Secrets');
  const { grantPrincipal, ...more } = extra;
  const db = secrets.importSecret('Db', { ...importOptions(secrets), ...more });
  const api = secrets.addWorkload('Api', {
    account: '111111111111',
    region: 'eu-west-1',
    namespace: 'payments',
    serviceAccount: 'api',
    oidcIssuers: [BLUE],
    grantPrincipal,
  });
  db.grantRead(api);
  return { secrets, db, api };
}

const byArn = (s: CrossAccountSecrets): ImportedSecretOptions => ({
  secretArn: SECRET_ARN,
  key: s.importKey('Shared', { keyArn: KEY_ARN }),
});
const withGraphKey = (s: CrossAccountSecrets): ImportedSecretOptions => ({
  secretArn: SECRET_ARN,
  key: s.addKey('Payments', { account: '333333333333', region: 'eu-west-1', alias: 'security/payments' }),
});

function resourcePolicies(secrets: CrossAccountSecrets): number {
  return secrets.stacks.map((s) => Template.fromStack(s).findResources('AWS::SecretsManager::ResourcePolicy')).flatMap(Object.keys).length;
}

function warnings(stack: Stack, id = '*'): string[] {
  return Annotations.fromStack(stack)
    .findWarning('*', Match.stringLikeRegexp(id === '*' ? '.*' : `\\[ack: ${id}\\]`))
    .map((w) => w.entry.data as string);
}

describe('an existing secret (importSecret): its resource policy is its owners', () => {
  test('by full ARN: nothing is rendered for the secret, in no stack; grants name its ARN pattern and key', () => {
    const { secrets, db, api } = graph(byArn);
    expect(resourcePolicies(secrets)).toBe(0);
    expect(secrets.stacks.map((s) => s.node.id)).toEqual(['Workloads-111111111111-eu-west-1']);
    expect([db.imported, db.secret, db.resourcePolicy, db.secretName]).toEqual([true, undefined, undefined, 'payments/db']);
    expect(() => Stack.of(db)).toThrow();
    const document = synthesized(api.permissionsPolicies[0]).PolicyDocument;
    expect(statements(document, 'GetSecretValuePaymentsDb')[0].Resource).toBe(
      'arn:aws:secretsmanager:eu-west-1:222222222222:secret:payments/db-??????',
    );
    expect(statements(document, 'DecryptViaSecretsManagerPaymentsDb')[0].Resource).toBe(KEY_ARN);
  });

  test('by account, region and name: the graph key gains the grant, and no secret stack is created', () => {
    const { secrets } = graph((s) => ({
      account: '222222222222',
      region: 'eu-west-1',
      secretName: 'payments/db',
      key: s.addKey('Payments', { account: '333333333333', region: 'eu-west-1', alias: 'security/payments' }),
    }));
    const keyStack = secrets.stacks.find((s) => s.stackName.includes('Keys'))!;
    expect(JSON.stringify(Template.fromStack(keyStack).toJSON())).toContain('payments/db-??????');
    expect(secrets.stacks.map((s) => s.node.id)).toEqual(['Keys-333333333333-eu-west-1', 'Workloads-111111111111-eu-west-1']);
    expect(Object.keys(secrets.secretPolicyStatements())).toEqual(['arn:aws:secretsmanager:eu-west-1:222222222222:secret:payments/db']);
  });

  test('secretPolicyStatements() holds exactly what the app would render into the policy it owned', () => {
    const owners = graph(withGraphKey);
    const managed = graph(withGraphKey, { manageResourcePolicy: true });
    const rendered = synthesized(managed.db.resourcePolicy!).ResourcePolicy;
    expect(owners.secrets.secretPolicyStatements()).toEqual({ [SECRET_ARN]: rendered });
    expect(rendered.Statement).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111111111111:root' },
        Action: 'secretsmanager:GetSecretValue',
        Condition: { ArnEquals: { 'aws:PrincipalArn': owners.api.roleArn } },
      }),
    ]);
  });

  test('secretPolicyStatements() leaves out secrets nobody is granted and secrets whose policy the app owns', () => {
    const secrets = new CrossAccountSecrets(newApp(), 'Secrets');
    secrets.importSecret('Idle', { secretArn: SECRET_ARN });
    expect(secrets.secretPolicyStatements()).toEqual({});
    expect(graph(byArn, { manageResourcePolicy: true }).secrets.secretPolicyStatements()).toEqual({});
  });

  test("the reader's stack warns what the owners must add, and the warning can be acknowledged", () => {
    const { api } = graph(byArn);
    expect(warnings(Stack.of(api), IMPORTED_SECRET)).toEqual([
      `The role ${api.roleArn} reads the existing secret ${SECRET_ARN}, whose resource policy this app neither replaces nor deletes: until the secret's owners (account 222222222222) add a statement allowing it secretsmanager:GetSecretValue to that policy, next to their own statements, GetSecretValue fails with AccessDeniedException; secretPolicyStatements() lists the exact statements (cdk synth writes them beside the templates, to <construct folder>/secret-policy-statements.json). To have this app own the whole policy instead, replacing every statement the owners have, set manageResourcePolicy in importSecret(). [ack: ${IMPORTED_SECRET}]`,
    ]);
    // The imported key's warning goes there too: the secret has no stack.
    expect(warnings(Stack.of(api), 'cdk-eks-cross-account-secrets:imported-key')).toHaveLength(1);

    const app = newApp();
    const secrets = new CrossAccountSecrets(app, 'Secrets');
    // Acknowledged on the graph, for all of its parts.
    CoreAnnotations.of(secrets).acknowledgeWarning(IMPORTED_SECRET, 'the secret team adds the statements');
    const db = secrets.importSecret('Db', { secretArn: SECRET_ARN });
    const quiet = secrets.addWorkload('Api', {
      account: '111111111111',
      region: 'eu-west-1',
      namespace: 'payments',
      serviceAccount: 'api',
      oidcIssuers: [BLUE],
    });
    db.grantRead(quiet);
    expect(warnings(Stack.of(quiet), IMPORTED_SECRET)).toEqual([]);
  });

  test('without its key: GetSecretValue only, and the reader is told the pod cannot decrypt and how to name the key', () => {
    const { api } = graph(() => ({ secretArn: SECRET_ARN }));
    const document = synthesized(api.permissionsPolicies[0]).PolicyDocument;
    expect(document.Statement.map((s: any) => s.Action)).toEqual(['secretsmanager:GetSecretValue']);
    expect(warnings(Stack.of(api), 'cdk-eks-cross-account-secrets:secret-without-key')).toEqual([
      'The existing secret "payments/db" was imported without its key: its readers are granted secretsmanager:GetSecretValue on arn:aws:secretsmanager:eu-west-1:222222222222:secret:payments/db-??????, but cannot decrypt its value (kms:Decrypt), so GetSecretValue fails with AccessDeniedException. Name the key that encrypts it (`aws secretsmanager describe-secret` shows its KmsKeyId) with `key` in importSecret(): a key of this graph, or one from importKey({ keyArn }). [ack: cdk-eks-cross-account-secrets:secret-without-key]',
    ]);
  });

  test('with ROLE_ARN, the workload and key stacks still deploy in order, and the app synthesizes', () => {
    const { secrets, api } = graph(withGraphKey, { grantPrincipal: GrantPrincipal.ROLE_ARN });
    const keyStack = secrets.stacks.find((s) => s.stackName.includes('Keys'))!;
    expect(keyStack.dependencies).toEqual([Stack.of(api)]);
    expect(() => (secrets.node.root as App).synth()).not.toThrow();
  });

  test('the access review lists the statements to add, says nothing replaces them, and does not offer keyUserArns', () => {
    const { secrets } = graph(withGraphKey);
    const review = secrets.accessReview();
    expect(review).toContain(`## Statements the owners of ${SECRET_ARN} must add (account 222222222222)`);
    expect(review).toContain(JSON.stringify(secrets.secretPolicyStatements()[SECRET_ARN].Statement, null, 2));
    expect(review).toContain("its resource policy stays its owners', and nothing in this app replaces or deletes it");
    expect(review).toContain('| `the existing secret (its owners add the statements)` | `' + SECRET_ARN + '` |');
    expect(review).toContain(
      "unless a `Deny` of its owners in the secret's resource policy stops them; narrowing this is for the owners of the secret and its key",
    );
    expect(review).not.toContain('set `keyUserArns`');
    expect(review).not.toMatch(/replaces any resource policy/);
  });

  test('the access review says the key is not named', () => {
    const { secrets } = graph(() => ({ secretArn: SECRET_ARN }));
    expect(secrets.accessReview()).toContain('4. **Key**: not named.');
  });
});

describe('an existing secret with manageResourcePolicy: the app owns its whole policy', () => {
  test("the secret's stack renders one resource policy on the ARN, retained on deletion and replacement", () => {
    const { secrets, db } = graph(byArn, { manageResourcePolicy: true });
    const template = Template.fromStack(Stack.of(db));
    template.resourceCountIs('AWS::SecretsManager::ResourcePolicy', 1);
    template.hasResource('AWS::SecretsManager::ResourcePolicy', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: { SecretId: SECRET_ARN, BlockPublicPolicy: true, ResourcePolicy: Match.objectLike({ Version: '2012-10-17' }) },
    });
    expect(Object.values(template.toJSON().Resources).map((r: any) => r.Type)).toEqual(['AWS::SecretsManager::ResourcePolicy']);
    expect(Stack.of(db).account).toBe('222222222222');
    expect(resourcePolicies(secrets)).toBe(1);
    expect(warnings(Stack.of(db), IMPORTED_SECRET)).toEqual([]);
  });

  test('a created secret keeps the resource policy CloudFormation deletes with it', () => {
    const secrets = new CrossAccountSecrets(newApp(), 'Secrets');
    const key = secrets.addKey('Payments', { account: '333333333333', region: 'eu-west-1', alias: 'security/payments' });
    const db = secrets.addSecret('Db', { account: '222222222222', region: 'eu-west-1', secretName: 'payments/db', key });
    db.grantRead(
      secrets.addWorkload('Api', {
        account: '111111111111',
        region: 'eu-west-1',
        namespace: 'a',
        serviceAccount: 'b',
        oidcIssuers: [BLUE],
      }),
    );
    Template.fromStack(Stack.of(db)).hasResource('AWS::SecretsManager::ResourcePolicy', { DeletionPolicy: Match.absent() });
  });

  test('stackGroup places the policy in the group stack', () => {
    const { db } = graph(byArn, { manageResourcePolicy: true, stackGroup: 'legacy' });
    expect(Stack.of(db).node.id).toBe('Secrets-legacy-222222222222-eu-west-1');
  });

  test('the access review says the policy replaces every statement and is retained', () => {
    const { secrets } = graph(byArn, { manageResourcePolicy: true });
    const review = secrets.accessReview();
    expect(review).toContain(
      "replaces every statement the secret's policy had; it is retained when the stack, the part or the last grant goes",
    );
    expect(review).not.toContain('must add (account 222222222222)');
    expect(review).toContain(
      '(the resource policy this app renders replaced any `Deny` its owners had); narrowing this is for the owners of the secret and its key',
    );
    expect(review).not.toContain('set `keyUserArns`');
  });
});

describe('importSecret rejects', () => {
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
    [
      'manageResourcePolicy as a string',
      { secretArn: SECRET_ARN, manageResourcePolicy: 'true' },
      /^\[Secrets\/Db\] `manageResourcePolicy` "true" is a string, not a boolean: write true without quotes/,
    ],
    [
      'a stack group for a secret that renders nothing',
      { secretArn: SECRET_ARN, stackGroup: 'legacy' },
      /`stackGroup` "legacy" is set, but nothing is rendered for an existing secret whose resource policy is its owners': remove `stackGroup`, or set `manageResourcePolicy`/,
    ],
    [
      'a misspelt option',
      { secretArn: SECRET_ARN, manageResourcePolicies: true },
      /`manageResourcePolicies` .*did you mean `manageResourcePolicy`\?/,
    ],
  ])('%s', (_, options, message) => {
    const secrets = new CrossAccountSecrets(newApp(), 'Secrets');
    expect(() => secrets.importSecret('Db', options as ImportedSecretOptions)).toThrow(message);
  });

  test("a key of another region than the secret's", () => {
    const secrets = new CrossAccountSecrets(newApp(), 'Secrets');
    const key = secrets.importKey('Shared', { keyArn: KEY_ARN.replace('eu-west-1', 'eu-west-2') });
    expect(() => secrets.importSecret('Db', { secretArn: SECRET_ARN, key })).toThrow(
      /the region "eu-west-1" of `secretArn` differs from the region "eu-west-2" of its key/,
    );
  });
});
