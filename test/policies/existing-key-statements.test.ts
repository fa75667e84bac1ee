import { ModelBuilder } from '../../lib/private/build/model-builder';
import { existingKeysStatements, existingKeyStatements } from '../../lib/private/policies/existing-key-statements';
import { keyPolicy } from '../../lib/private/policies/key-policy';
import { addKey, addSecret, addWorkload, GRANT, importKey, KEY_ACCOUNT, KEY_ID, SECRET_ACCOUNT } from '../build/model-fixtures';

const KEY_ARN = `arn:aws:kms:eu-west-1:${KEY_ACCOUNT}:key/${KEY_ID}`;

/** An existing key encrypting a secret granted to a workload, and a created key encrypting another. */
function withExistingKey() {
  const model = new ModelBuilder();
  const existing = importKey(model);
  const created = addKey(model);
  const legacy = addSecret(model, existing, { secretName: 'app/legacy' }, 'G/Legacy');
  const db = addSecret(model, created, { secretName: 'app/db' }, 'G/Db');
  const workload = addWorkload(model);
  model.grant(GRANT, workload, legacy);
  model.grant(GRANT, workload, db);
  return { model, existing, created };
}

test("the owners of an existing key are given the grants' statements, without administration or denials", () => {
  const { model, existing } = withExistingKey();

  expect(existingKeyStatements(existing, model)!.Statement.map((s) => s.Sid)).toEqual([
    'DecryptViaSecretsManagerForPodRole',
    `SecretsManagerEncryptFor${SECRET_ACCOUNT}`,
  ]);
});

test('the statements are those the library writes into the policy of a key it creates, for the same grants', () => {
  const { model, existing } = withExistingKey();
  const full = keyPolicy(existing, model).Statement;

  expect(existingKeyStatements(existing, model)).toEqual({
    Version: '2012-10-17',
    Statement: full.filter((s) => s.Sid === 'DecryptViaSecretsManagerForPodRole' || s.Sid === `SecretsManagerEncryptFor${SECRET_ACCOUNT}`),
  });
  expect(existingKeyStatements(existing, model)!.Statement[0].Condition!.StringLike).toEqual({
    'kms:EncryptionContext:SecretARN': `arn:aws:secretsmanager:eu-west-1:${SECRET_ACCOUNT}:secret:app/legacy-??????`,
  });
});

test("the owners are asked to admit each reader only for its own secrets, not its key's other secrets", () => {
  const model = new ModelBuilder();
  const existing = importKey(model);
  const legacy = addSecret(model, existing, { secretName: 'app/legacy' }, 'G/Legacy');
  const sibling = addSecret(model, existing, { secretName: 'app/sibling' }, 'G/Sibling');
  model.grant(GRANT, addWorkload(model, undefined, { roleName: 'legacy-reader' }, 'G/A'), legacy);
  model.grant(GRANT, addWorkload(model, undefined, { roleName: 'sibling-reader' }, 'G/B'), sibling);

  const decrypts = existingKeyStatements(existing, model)!.Statement.filter((s) => s.Action === 'kms:Decrypt');

  expect(
    decrypts.map((s) => [s.Condition!.ArnEquals['aws:PrincipalArn'], s.Condition!.StringLike['kms:EncryptionContext:SecretARN']]),
  ).toEqual([
    [
      'arn:aws:iam::111111111111:role/eks-secrets/legacy-reader',
      `arn:aws:secretsmanager:eu-west-1:${SECRET_ACCOUNT}:secret:app/legacy-??????`,
    ],
    [
      'arn:aws:iam::111111111111:role/eks-secrets/sibling-reader',
      `arn:aws:secretsmanager:eu-west-1:${SECRET_ACCOUNT}:secret:app/sibling-??????`,
    ],
  ]);
});

test('an existing key that encrypts no secret of the model has no statements', () => {
  const model = new ModelBuilder();
  const existing = importKey(model);

  expect(existingKeyStatements(existing, model)).toBeUndefined();
});

test('an existing key that encrypts an ungranted secret still lets Secrets Manager use it for that secret', () => {
  const model = new ModelBuilder();
  const existing = importKey(model);
  addSecret(model, existing);

  expect(existingKeyStatements(existing, model)!.Statement.map((s) => s.Sid)).toEqual([`SecretsManagerEncryptFor${SECRET_ACCOUNT}`]);
});

test('the statements of every existing key are keyed by key ARN, and keys the app creates are left out', () => {
  const { model, existing } = withExistingKey();

  expect(existingKeysStatements(model)).toEqual({ [KEY_ARN]: existingKeyStatements(existing, model) });
});
