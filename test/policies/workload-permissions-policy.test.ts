import { ModelBuilder } from '../../lib/private/build/model-builder';
import { secretsOf } from '../../lib/private/model/model';
import { workloadPermissionsPolicy } from '../../lib/private/policies/workload-permissions-policy';
import { ReadableVersions } from '../../lib/workload-props';
import {
  addKey,
  addSecret,
  addWorkload,
  GRANT,
  importKey,
  irsa,
  BLUE_ISSUER,
  KEY_ACCOUNT,
  KEY_ID,
  oneOfEach,
  SECRET_ACCOUNT,
} from '../build/model-fixtures';

const DB_ARN = `arn:aws:secretsmanager:eu-west-1:${SECRET_ACCOUNT}:secret:app/db-??????`;
const API_ARN = `arn:aws:secretsmanager:eu-west-1:${SECRET_ACCOUNT}:secret:app/api-??????`;
const VIA_SECRETS_MANAGER = { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' };

test('the pod role may read its secret, and decrypt with its key only through Secrets Manager for that secret', () => {
  const { model, workload } = oneOfEach();

  expect(workloadPermissionsPolicy(workload, secretsOf(workload, model))).toEqual({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'GetSecretValueAppDb', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: DB_ARN },
      {
        Sid: 'DecryptViaSecretsManagerAppDb',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: `arn:aws:kms:eu-west-1:${KEY_ACCOUNT}:key/*`,
        Condition: { StringEquals: VIA_SECRETS_MANAGER, StringLike: { 'kms:EncryptionContext:SecretARN': DB_ARN } },
      },
    ],
  });
});

test('one statement reads every given secret, and one decrypts for every secret of their one key', () => {
  const model = new ModelBuilder();
  const key = addKey(model);
  const db = addSecret(model, key, { secretName: 'app/db' }, 'G/Db');
  const api = addSecret(model, key, { secretName: 'app/api' }, 'G/ApiKey');
  const workload = addWorkload(model);

  const policy = workloadPermissionsPolicy(workload, [db, api]);

  expect(policy.Statement).toEqual([
    { Sid: 'GetSecretValueGrantedSecrets', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: [DB_ARN, API_ARN] },
    {
      Sid: 'DecryptViaSecretsManagerGrantedSecrets',
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: `arn:aws:kms:eu-west-1:${KEY_ACCOUNT}:key/*`,
      Condition: { StringEquals: VIA_SECRETS_MANAGER, StringLike: { 'kms:EncryptionContext:SecretARN': [DB_ARN, API_ARN] } },
    },
  ]);
});

test('each key gets its own decrypt statement, named by its alias and limited to the secrets it encrypts', () => {
  const model = new ModelBuilder();
  const dbKey = addKey(model, { alias: 'db-key' }, 'G/DbKey');
  const apiKey = addKey(model, { alias: 'api-key' }, 'G/ApiKeyKey');
  const db = addSecret(model, dbKey, { secretName: 'app/db' }, 'G/Db');
  const api = addSecret(model, apiKey, { secretName: 'app/api' }, 'G/ApiKey');
  const workload = addWorkload(model);

  const decrypts = workloadPermissionsPolicy(workload, [db, api]).Statement.slice(1);

  expect(decrypts.map((s) => [s.Sid, s.Condition!.StringLike])).toEqual([
    ['DecryptViaSecretsManagerDbKey', { 'kms:EncryptionContext:SecretARN': DB_ARN }],
    ['DecryptViaSecretsManagerApiKey', { 'kms:EncryptionContext:SecretARN': API_ARN }],
  ]);
});

test('among several keys, an existing key is named by its whole key ID and an alias without its prefix', () => {
  const model = new ModelBuilder();
  const db = addSecret(model, importKey(model), { secretName: 'app/db' }, 'G/Db');
  const api = addSecret(model, addKey(model, { alias: 'team/api-key' }, 'G/ApiKeyKey'), { secretName: 'app/api' }, 'G/ApiKey');

  const decrypts = workloadPermissionsPolicy(addWorkload(model), [db, api]).Statement.slice(1);

  expect(decrypts.map((s) => s.Sid)).toEqual([
    `DecryptViaSecretsManagerKey${KEY_ID.replace(/-/g, '')}`,
    'DecryptViaSecretsManagerTeamApiKey',
  ]);
  expect(decrypts[0].Sid).toBe('DecryptViaSecretsManagerKey1234abcd12ab34cd56ef1234567890ab');
});

test('an existing key is named by its exact ARN, not a wildcard', () => {
  const model = new ModelBuilder();
  const secret = addSecret(model, importKey(model));
  const workload = addWorkload(model);

  const [, decrypt] = workloadPermissionsPolicy(workload, [secret]).Statement;

  expect(decrypt.Resource).toBe(`arn:aws:kms:eu-west-1:${KEY_ACCOUNT}:key/${KEY_ID}`);
});

test('a pinned key is named by its exact ARN', () => {
  const model = new ModelBuilder();
  const arn = `arn:aws:kms:eu-west-1:${KEY_ACCOUNT}:key/${KEY_ID}`;
  const key = model.addKey(
    { where: 'G/Key', prop: (name) => name },
    { account: KEY_ACCOUNT, region: 'eu-west-1', alias: 'app-secrets' },
    { description: 'd', keyArnProp: 'keyArn', pin: () => arn },
  );
  const secret = addSecret(model, key);

  expect(workloadPermissionsPolicy(addWorkload(model), [secret]).Statement[1].Resource).toBe(arn);
});

test('an imported secret whose key is not named gets no decrypt statement', () => {
  const model = new ModelBuilder();
  const secret = model.importSecret(
    { where: 'G/Legacy', prop: (name) => name },
    { account: SECRET_ACCOUNT, region: 'eu-west-1', secretName: 'app/legacy' },
    undefined,
  );
  const workload = addWorkload(model);
  model.grant(GRANT, workload, secret);

  expect(workloadPermissionsPolicy(workload, [secret]).Statement).toEqual([
    {
      Sid: 'GetSecretValueAppLegacy',
      Effect: 'Allow',
      Action: 'secretsmanager:GetSecretValue',
      Resource: `arn:aws:secretsmanager:eu-west-1:${SECRET_ACCOUNT}:secret:app/legacy-??????`,
    },
  ]);
});

test('a workload that asks for metadata may also describe its secrets', () => {
  const { model, workload } = oneOfEach({ workload: { allowDescribeSecret: true } });

  expect(workloadPermissionsPolicy(workload, secretsOf(workload, model)).Statement[0].Action).toEqual([
    'secretsmanager:GetSecretValue',
    'secretsmanager:DescribeSecret',
  ]);
});

test('readable versions limit the read to those stages and forbid reading by version ID', () => {
  const { model, workload } = oneOfEach({ workload: { readableVersions: ReadableVersions.CURRENT_AND_PREVIOUS } });

  const [read, decrypt] = workloadPermissionsPolicy(workload, secretsOf(workload, model)).Statement;

  expect(read.Condition).toEqual({
    StringEqualsIfExists: { 'secretsmanager:VersionStage': ['AWSCURRENT', 'AWSPREVIOUS'] },
    Null: { 'secretsmanager:VersionId': 'true' },
  });
  expect(Object.keys(decrypt.Condition!)).toEqual(['StringEquals', 'StringLike']);
});

test('the current version alone is one stage', () => {
  const { model, workload } = oneOfEach({ workload: { readableVersions: ReadableVersions.CURRENT } });

  expect(workloadPermissionsPolicy(workload, secretsOf(workload, model)).Statement[0].Condition).toEqual({
    StringEqualsIfExists: { 'secretsmanager:VersionStage': 'AWSCURRENT' },
    Null: { 'secretsmanager:VersionId': 'true' },
  });
});

test('ARNs and the Secrets Manager endpoint follow the partition of the secret region', () => {
  const model = new ModelBuilder();
  const secret = addSecret(model, addKey(model, { region: 'cn-north-1' }), { region: 'cn-north-1' });
  const workload = addWorkload(model, irsa(BLUE_ISSUER), { region: 'cn-northwest-1' });

  const [read, decrypt] = workloadPermissionsPolicy(workload, [secret]).Statement;

  expect(read.Resource).toBe(`arn:aws-cn:secretsmanager:cn-north-1:${SECRET_ACCOUNT}:secret:app/db-??????`);
  expect(decrypt.Resource).toBe(`arn:aws-cn:kms:cn-north-1:${KEY_ACCOUNT}:key/*`);
  expect(decrypt.Condition!.StringEquals).toEqual({ 'kms:ViaService': 'secretsmanager.cn-north-1.amazonaws.com.cn' });
});
