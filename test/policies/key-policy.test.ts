import { Duration } from 'aws-cdk-lib';
import { ModelBuilder } from '../../lib/private/build/model-builder';
import { KEY_ADMINISTRATION_ACTIONS } from '../../lib/private/policies/actions';
import { keyPolicy } from '../../lib/private/policies/key-policy';
import { PolicyJson, PolicyStatement } from '../../lib/private/policies/policy-json';
import { GrantPrincipal } from '../../lib/workload-props';
import {
  addKey,
  addSecret,
  addWorkload,
  BLUE_ISSUER,
  GRANT,
  irsa,
  KEY_ACCOUNT,
  oneOfEach,
  podIdentity,
  SECRET_ACCOUNT,
  WORKLOAD_ACCOUNT,
} from '../build/model-fixtures';

const DB_ARN = `arn:aws:secretsmanager:eu-west-1:${SECRET_ACCOUNT}:secret:app/db-??????`;
const POD_ROLE = `arn:aws:iam::${WORKLOAD_ACCOUNT}:role/eks-secrets/pod-role`;

function decryptStatements(policy: PolicyJson): PolicyStatement[] {
  return policy.Statement.filter((s) => s.Sid.startsWith('DecryptViaSecretsManagerFor'));
}

function statement(policy: PolicyJson, sid: string): PolicyStatement {
  const found = policy.Statement.find((s) => s.Sid === sid);
  if (!found) throw new Error(`no statement ${sid} in ${policy.Statement.map((s) => s.Sid).join(', ')}`);
  return found;
}

describe('administration', () => {
  test('the key account administers the key by default, with the administration actions on the key', () => {
    const { model, key } = oneOfEach();

    expect(statement(keyPolicy(key, model), 'KeyAdministration')).toEqual({
      Sid: 'KeyAdministration',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${KEY_ACCOUNT}:root` },
      Action: [...KEY_ADMINISTRATION_ACTIONS],
      Resource: '*',
    });
  });

  test('the administration actions manage the key but never use it or grant its use', () => {
    const { model, key } = oneOfEach();
    const actions = [statement(keyPolicy(key, model), 'KeyAdministration').Action].flat();

    expect(actions).toEqual(
      expect.arrayContaining(['kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion', 'kms:EnableKeyRotation', 'kms:UpdateAlias']),
    );
    for (const use of ['kms:Decrypt', 'kms:Encrypt', 'kms:CreateGrant', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:GenerateDataKey']) {
      expect(actions).not.toContain(use);
    }
    expect(actions.filter((action) => action.includes('*'))).toEqual([]);
  });

  test('given administrators replace the key account root', () => {
    const admins = [`arn:aws:iam::${KEY_ACCOUNT}:role/KeyAdmin`, `arn:aws:iam::${KEY_ACCOUNT}:role/Breakglass`];
    const { model, key } = oneOfEach({ key: { administratorArns: admins } });

    expect(statement(keyPolicy(key, model), 'KeyAdministration').Principal).toEqual({ AWS: admins });
  });

  test('everyone is denied bypassing the policy lockout safety check', () => {
    const { model, key } = oneOfEach();

    expect(statement(keyPolicy(key, model), 'DenyPolicyLockoutBypass')).toEqual({
      Sid: 'DenyPolicyLockoutBypass',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 'kms:PutKeyPolicy',
      Resource: '*',
      Condition: { Bool: { 'kms:BypassPolicyLockoutSafetyCheck': 'true' } },
    });
  });

  test("everyone is denied scheduling deletion with a shorter waiting period than the key's", () => {
    const { model, key } = oneOfEach();

    expect(statement(keyPolicy(key, model), 'DenyShortDeletionWindow')).toEqual({
      Sid: 'DenyShortDeletionWindow',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 'kms:ScheduleKeyDeletion',
      Resource: '*',
      Condition: { NumericLessThan: { 'kms:ScheduleKeyDeletionPendingWindowInDays': '30' } },
    });
  });
  test("the deletion window denial follows the key's pending window", () => {
    const { model, key } = oneOfEach({ key: { pendingWindow: Duration.days(7) } });

    expect(statement(keyPolicy(key, model), 'DenyShortDeletionWindow').Condition).toEqual({
      NumericLessThan: { 'kms:ScheduleKeyDeletionPendingWindowInDays': '7' },
    });
  });
});

describe('decryption by the granted roles', () => {
  test('the pod role may decrypt only through Secrets Manager in the key region, from its account, for its secret', () => {
    const { model, key } = oneOfEach();

    expect(statement(keyPolicy(key, model), 'DecryptViaSecretsManagerForPodRole')).toEqual({
      Sid: 'DecryptViaSecretsManagerForPodRole',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${WORKLOAD_ACCOUNT}:root` },
      Action: 'kms:Decrypt',
      Resource: '*',
      Condition: {
        ArnEquals: { 'aws:PrincipalArn': POD_ROLE },
        StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com', 'kms:CallerAccount': WORKLOAD_ACCOUNT },
        StringLike: { 'kms:EncryptionContext:SecretARN': DB_ARN },
      },
    });
  });

  test('with the ROLE_ARN grant principal the decrypt statement names the pod role, without aws:PrincipalArn', () => {
    const { model, key } = oneOfEach({ workload: { grantPrincipal: GrantPrincipal.ROLE_ARN } });
    const decrypt = statement(keyPolicy(key, model), 'DecryptViaSecretsManagerForPodRole');

    expect(decrypt.Principal).toEqual({ AWS: POD_ROLE });
    expect(decrypt.Condition).toEqual({
      StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com', 'kms:CallerAccount': WORKLOAD_ACCOUNT },
      StringLike: { 'kms:EncryptionContext:SecretARN': DB_ARN },
    });
  });

  test('a key with no grants has no decrypt statement for roles', () => {
    const model = new ModelBuilder();
    const key = addKey(model);
    addSecret(model, key);

    expect(keyPolicy(key, model).Statement.map((s) => s.Sid)).toEqual([
      'KeyAdministration',
      'DenyPolicyLockoutBypass',
      'DenyShortDeletionWindow',
      `SecretsManagerEncryptFor${SECRET_ACCOUNT}`,
    ]);
  });

  test('the decrypt statement names only the granted secrets of this key', () => {
    const model = new ModelBuilder();
    const key = addKey(model);
    const otherKey = addKey(model, { alias: 'other' }, 'G/Other');
    const db = addSecret(model, key, { secretName: 'app/db' }, 'G/Db');
    addSecret(model, key, { secretName: 'app/not-granted' }, 'G/NotGranted');
    const elsewhere = addSecret(model, otherKey, { secretName: 'app/elsewhere' }, 'G/Elsewhere');
    const workload = addWorkload(model);
    model.grant(GRANT, workload, db);
    model.grant(GRANT, workload, elsewhere);

    expect(statement(keyPolicy(key, model), 'DecryptViaSecretsManagerForPodRole').Condition!.StringLike).toEqual({
      'kms:EncryptionContext:SecretARN': DB_ARN,
    });
  });

  test('readers of the same secrets share one decrypt statement listing their accounts and those secrets', () => {
    const model = new ModelBuilder();
    const key = addKey(model);
    const db = addSecret(model, key, { secretName: 'app/db' }, 'G/Db');
    const api = addSecret(model, key, { secretName: 'app/api' }, 'G/ApiKey');
    const web = addWorkload(model, irsa(BLUE_ISSUER), { roleName: 'web-role' }, 'G/Web');
    const batch = addWorkload(model, irsa(BLUE_ISSUER), { roleName: 'batch-role', account: '444444444444' }, 'G/Batch');
    for (const [workload, secret] of [
      [web, db],
      [batch, db],
      [batch, api],
      [web, api],
    ] as const)
      model.grant(GRANT, workload, secret);

    expect(decryptStatements(keyPolicy(key, model))).toEqual([
      {
        Sid: 'DecryptViaSecretsManagerForReadersOfAppDb',
        Effect: 'Allow',
        Principal: { AWS: [`arn:aws:iam::${WORKLOAD_ACCOUNT}:root`, 'arn:aws:iam::444444444444:root'] },
        Action: 'kms:Decrypt',
        Resource: '*',
        Condition: {
          ArnEquals: {
            'aws:PrincipalArn': [
              `arn:aws:iam::${WORKLOAD_ACCOUNT}:role/eks-secrets/web-role`,
              'arn:aws:iam::444444444444:role/eks-secrets/batch-role',
            ],
          },
          StringEquals: {
            'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com',
            'kms:CallerAccount': [WORKLOAD_ACCOUNT, '444444444444'],
          },
          StringLike: {
            'kms:EncryptionContext:SecretARN': [DB_ARN, `arn:aws:secretsmanager:eu-west-1:${SECRET_ACCOUNT}:secret:app/api-??????`],
          },
        },
      },
    ]);
  });

  test('roles named by ARN and roles named by account root get separate decrypt statements', () => {
    const model = new ModelBuilder();
    const secret = addSecret(model, addKey(model));
    model.grant(GRANT, addWorkload(model, irsa(BLUE_ISSUER), { roleName: 'web-role' }, 'G/Web'), secret);
    model.grant(
      GRANT,
      addWorkload(model, irsa(BLUE_ISSUER), { roleName: 'strict-role', grantPrincipal: GrantPrincipal.ROLE_ARN }, 'G/Strict'),
      secret,
    );

    const decrypts = keyPolicy(model.keys[0], model).Statement.filter((s) => s.Action === 'kms:Decrypt');

    expect(decrypts.map((s) => [s.Sid, s.Principal])).toEqual([
      ['DecryptViaSecretsManagerForWebRole', { AWS: `arn:aws:iam::${WORKLOAD_ACCOUNT}:root` }],
      ['DecryptViaSecretsManagerForStrictRole', { AWS: `arn:aws:iam::${WORKLOAD_ACCOUNT}:role/eks-secrets/strict-role` }],
    ]);
  });

  test('a workload with a target role decrypts through its target role, from the secret account', () => {
    const model = new ModelBuilder();
    const key = addKey(model);
    const secret = addSecret(model, key);
    model.grant(GRANT, addWorkload(model, podIdentity(['blue'], { account: SECRET_ACCOUNT, roleName: 'reader' })), secret);

    const decrypt = statement(keyPolicy(key, model), 'DecryptViaSecretsManagerForReader');

    expect(decrypt.Principal).toEqual({ AWS: `arn:aws:iam::${SECRET_ACCOUNT}:root` });
    expect(decrypt.Condition!.ArnEquals).toEqual({ 'aws:PrincipalArn': `arn:aws:iam::${SECRET_ACCOUNT}:role/eks-secrets/reader` });
    expect(decrypt.Condition!.StringEquals['kms:CallerAccount']).toBe(SECRET_ACCOUNT);
  });

  test('the Secrets Manager endpoint and ARNs follow the partition of the key region', () => {
    const model = new ModelBuilder();
    const key = addKey(model, { region: 'cn-north-1' });
    const secret = addSecret(model, key, { region: 'cn-north-1' });
    model.grant(GRANT, addWorkload(model, irsa('oidc.eks.cn-north-1.amazonaws.com.cn/id/BLUE'), { region: 'cn-north-1' }), secret);

    const decrypt = statement(keyPolicy(key, model), 'DecryptViaSecretsManagerForPodRole');

    expect(decrypt.Principal).toEqual({ AWS: `arn:aws-cn:iam::${WORKLOAD_ACCOUNT}:root` });
    expect(decrypt.Condition!.StringEquals['kms:ViaService']).toBe('secretsmanager.cn-north-1.amazonaws.com.cn');
    expect(decrypt.Condition!.StringLike).toEqual({
      'kms:EncryptionContext:SecretARN': `arn:aws-cn:secretsmanager:cn-north-1:${SECRET_ACCOUNT}:secret:app/db-??????`,
    });
  });
});

describe('use by Secrets Manager for the secret accounts', () => {
  test('the secret account may have Secrets Manager generate data keys and decrypt, only for its secrets of this key', () => {
    const { model, key } = oneOfEach();

    expect(statement(keyPolicy(key, model), `SecretsManagerEncryptFor${SECRET_ACCOUNT}`)).toEqual({
      Sid: `SecretsManagerEncryptFor${SECRET_ACCOUNT}`,
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${SECRET_ACCOUNT}:root` },
      Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
      Resource: '*',
      Condition: {
        StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com', 'kms:CallerAccount': SECRET_ACCOUNT },
        StringLike: { 'kms:EncryptionContext:SecretARN': DB_ARN },
      },
    });
  });

  test('`keyUserArns` narrows the secret account to the named principals', () => {
    const users = [`arn:aws:iam::${SECRET_ACCOUNT}:role/Deployer`];
    const { model, key } = oneOfEach({ secret: { keyUserArns: users } });

    expect(statement(keyPolicy(key, model), `SecretsManagerEncryptFor${SECRET_ACCOUNT}`).Condition).toEqual({
      ArnEquals: { 'aws:PrincipalArn': users[0] },
      StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com', 'kms:CallerAccount': SECRET_ACCOUNT },
      StringLike: { 'kms:EncryptionContext:SecretARN': DB_ARN },
    });
  });

  test('secrets of one account with different key users get separate statements, each naming its own secrets', () => {
    const model = new ModelBuilder();
    const key = addKey(model);
    addSecret(model, key, { secretName: 'app/db', keyUserArns: [`arn:aws:iam::${SECRET_ACCOUNT}:role/Deployer`] }, 'G/Db');
    addSecret(model, key, { secretName: 'app/api' }, 'G/ApiKey');

    const encrypts = keyPolicy(key, model).Statement.filter((s) => s.Sid.startsWith('SecretsManagerEncryptFor'));

    expect(encrypts.map((s) => [s.Sid, s.Condition!.ArnEquals, s.Condition!.StringLike])).toEqual([
      [
        `SecretsManagerEncryptFor${SECRET_ACCOUNT}`,
        { 'aws:PrincipalArn': `arn:aws:iam::${SECRET_ACCOUNT}:role/Deployer` },
        { 'kms:EncryptionContext:SecretARN': DB_ARN },
      ],
      [
        `SecretsManagerEncryptFor${SECRET_ACCOUNT}2`,
        undefined,
        { 'kms:EncryptionContext:SecretARN': `arn:aws:secretsmanager:eu-west-1:${SECRET_ACCOUNT}:secret:app/api-??????` },
      ],
    ]);
  });

  test('each secret account gets its own statement', () => {
    const model = new ModelBuilder();
    const key = addKey(model);
    addSecret(model, key, { secretName: 'app/db' }, 'G/Db');
    addSecret(model, key, { secretName: 'app/api', account: '444444444444' }, 'G/ApiKey');

    const encrypts = keyPolicy(key, model).Statement.filter((s) => s.Sid.startsWith('SecretsManagerEncryptFor'));

    expect(encrypts.map((s) => [s.Sid, s.Principal, s.Condition!.StringEquals['kms:CallerAccount']])).toEqual([
      [`SecretsManagerEncryptFor${SECRET_ACCOUNT}`, { AWS: `arn:aws:iam::${SECRET_ACCOUNT}:root` }, SECRET_ACCOUNT],
      ['SecretsManagerEncryptFor444444444444', { AWS: 'arn:aws:iam::444444444444:root' }, '444444444444'],
    ]);
  });

  test('secrets of another key are not named', () => {
    const model = new ModelBuilder();
    const key = addKey(model);
    addSecret(model, addKey(model, { alias: 'other' }, 'G/Other'));

    expect(keyPolicy(key, model).Statement.map((s) => s.Sid)).toEqual([
      'KeyAdministration',
      'DenyPolicyLockoutBypass',
      'DenyShortDeletionWindow',
    ]);
  });
});

describe('decryption packed exactly as granted', () => {
  const API_ARN = `arn:aws:secretsmanager:eu-west-1:${SECRET_ACCOUNT}:secret:app/api-??????`;
  const roleArnOf = (account: string, name: string) => `arn:aws:iam::${account}:role/eks-secrets/${name}`;

  /** Every (role ARN, caller account, secret pattern) a decrypt statement admits: its principals times its contexts. */
  function admitted(policy: PolicyJson): string[] {
    return decryptStatements(policy).flatMap((s) => {
      const roles = [s.Condition!.ArnEquals?.['aws:PrincipalArn'] ?? s.Principal!.AWS!].flat();
      const accounts = [s.Condition!.StringEquals['kms:CallerAccount']].flat();
      const contexts = [s.Condition!.StringLike['kms:EncryptionContext:SecretARN']].flat();
      // A role ARN names its account: a role is only admitted from its own account, whatever the statement lists.
      expect(roles.map((role) => role.split(':')[4]).sort()).toEqual(expect.arrayContaining([...new Set(accounts)].sort()));
      return roles.flatMap((role) => (accounts.includes(role.split(':')[4]) ? contexts.map((c) => `${role} ${c}`) : []));
    });
  }

  test('a reader of one secret of the key is not admitted for its sibling in its own account', () => {
    const model = new ModelBuilder();
    const key = addKey(model);
    const db = addSecret(model, key, { secretName: 'app/db', keyUserArns: [`arn:aws:iam::${SECRET_ACCOUNT}:role/Deployer`] }, 'G/Db');
    const x = addSecret(model, key, { secretName: 'other/x', account: '444444444444' }, 'G/X');
    model.grant(GRANT, addWorkload(model, irsa(BLUE_ISSUER), { roleName: 'role-a', account: SECRET_ACCOUNT }, 'G/A'), x);
    model.grant(GRANT, addWorkload(model, irsa(BLUE_ISSUER), { roleName: 'role-b' }, 'G/B'), db);

    expect(admitted(keyPolicy(key, model)).sort()).toEqual(
      [
        `${roleArnOf(SECRET_ACCOUNT, 'role-a')} arn:aws:secretsmanager:eu-west-1:444444444444:secret:other/x-??????`,
        `${roleArnOf(WORKLOAD_ACCOUNT, 'role-b')} ${DB_ARN}`,
      ].sort(),
    );
  });

  test('each statement admits exactly granted pairs, and all of them, when reader sets overlap', () => {
    const model = new ModelBuilder();
    const key = addKey(model);
    const db = addSecret(model, key, { secretName: 'app/db' }, 'G/Db');
    const api = addSecret(model, key, { secretName: 'app/api' }, 'G/ApiKey');
    const cache = addSecret(model, key, { secretName: 'app/cache', account: '444444444444' }, 'G/Cache');
    const web = addWorkload(model, irsa(BLUE_ISSUER), { roleName: 'web' }, 'G/Web');
    const batch = addWorkload(model, irsa(BLUE_ISSUER), { roleName: 'batch', account: SECRET_ACCOUNT }, 'G/Batch');
    const strict = addWorkload(model, irsa(BLUE_ISSUER), { roleName: 'strict', grantPrincipal: GrantPrincipal.ROLE_ARN }, 'G/Strict');
    const grants = [
      [web, db],
      [batch, db],
      [web, api],
      [strict, api],
      [batch, cache],
      [strict, db],
    ] as const;
    for (const [workload, secret] of grants) model.grant(GRANT, workload, secret);

    const pattern = (name: string, account = SECRET_ACCOUNT) => `arn:aws:secretsmanager:eu-west-1:${account}:secret:${name}-??????`;
    const expected = grants.map(
      ([workload, secret]) => `${roleArnOf(workload.account, workload.roleName)} ${pattern(secret.name, secret.account)}`,
    );
    const policy = keyPolicy(key, model);

    expect(admitted(policy).sort()).toEqual(expected.sort());
    // db: {web, batch} and {strict}; api: {web} and {strict}; cache: {batch}. Strict reads db and api alone.
    expect(decryptStatements(policy).map((s) => s.Sid)).toEqual([
      'DecryptViaSecretsManagerForReadersOfAppDb',
      'DecryptViaSecretsManagerForStrict',
      'DecryptViaSecretsManagerForWeb',
      'DecryptViaSecretsManagerForBatch',
    ]);
    expect(statement(policy, 'DecryptViaSecretsManagerForStrict').Condition!.StringLike).toEqual({
      'kms:EncryptionContext:SecretARN': [DB_ARN, API_ARN],
    });
  });

  test('a key whose secrets all have the same readers gets one decrypt statement', () => {
    const model = new ModelBuilder();
    const key = addKey(model);
    const secrets = ['app/db', 'app/api', 'app/cache'].map((name, i) => addSecret(model, key, { secretName: name }, `G/S${i}`));
    const readers = ['a', 'b', 'c'].map((name) => addWorkload(model, irsa(BLUE_ISSUER), { roleName: name }, `G/${name}`));
    // Granted in different orders: the set of readers is what counts.
    for (const secret of secrets)
      for (const reader of secret === secrets[1] ? [...readers].reverse() : readers) model.grant(GRANT, reader, secret);

    const decrypts = decryptStatements(keyPolicy(key, model));

    expect(decrypts).toHaveLength(1);
    expect(decrypts[0].Condition!.ArnEquals['aws:PrincipalArn']).toEqual(['a', 'b', 'c'].map((n) => roleArnOf(WORKLOAD_ACCOUNT, n)));
    expect(decrypts[0].Condition!.StringLike['kms:EncryptionContext:SecretARN']).toHaveLength(3);
  });

  test('secrets with different readers get separate statements, each naming only its readers and their accounts', () => {
    const model = new ModelBuilder();
    const key = addKey(model);
    const db = addSecret(model, key, { secretName: 'app/db' }, 'G/Db');
    const api = addSecret(model, key, { secretName: 'app/api' }, 'G/ApiKey');
    model.grant(GRANT, addWorkload(model, irsa(BLUE_ISSUER), { roleName: 'web' }, 'G/Web'), db);
    model.grant(GRANT, addWorkload(model, irsa(BLUE_ISSUER), { roleName: 'batch', account: '444444444444' }, 'G/Batch'), api);

    const decrypts = decryptStatements(keyPolicy(key, model));

    expect(decrypts.map((s) => [s.Sid, s.Principal, s.Condition!.StringEquals['kms:CallerAccount'], s.Condition!.StringLike])).toEqual([
      [
        'DecryptViaSecretsManagerForWeb',
        { AWS: `arn:aws:iam::${WORKLOAD_ACCOUNT}:root` },
        WORKLOAD_ACCOUNT,
        { 'kms:EncryptionContext:SecretARN': DB_ARN },
      ],
      [
        'DecryptViaSecretsManagerForBatch',
        { AWS: 'arn:aws:iam::444444444444:root' },
        '444444444444',
        { 'kms:EncryptionContext:SecretARN': API_ARN },
      ],
    ]);
  });

  test('a further reader of one secret moves that secret to a statement of its own, leaving the others as they were', () => {
    const model = new ModelBuilder();
    const key = addKey(model);
    const db = addSecret(model, key, { secretName: 'app/db' }, 'G/Db');
    const api = addSecret(model, key, { secretName: 'app/api' }, 'G/ApiKey');
    const web = addWorkload(model, irsa(BLUE_ISSUER), { roleName: 'web' }, 'G/Web');
    model.grant(GRANT, web, db);
    model.grant(GRANT, web, api);
    const before = decryptStatements(keyPolicy(key, model));
    model.grant(GRANT, addWorkload(model, irsa(BLUE_ISSUER), { roleName: 'batch' }, 'G/Batch'), api);

    const after = decryptStatements(keyPolicy(key, model));

    expect(before.map((s) => s.Sid)).toEqual(['DecryptViaSecretsManagerForWeb']);
    expect(after.map((s) => [s.Sid, s.Condition!.StringLike['kms:EncryptionContext:SecretARN']])).toEqual([
      ['DecryptViaSecretsManagerForWeb', DB_ARN],
      ['DecryptViaSecretsManagerForReadersOfAppApi', API_ARN],
    ]);
  });
});
