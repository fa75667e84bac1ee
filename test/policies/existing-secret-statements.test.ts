import { ModelBuilder } from '../../lib/private/build/model-builder';
import { existingSecretsStatements, existingSecretStatements } from '../../lib/private/policies/existing-secret-statements';
import { secretResourcePolicy } from '../../lib/private/policies/secret-resource-policy';
import { addKey, addWorkload, GRANT, SECRET_ACCOUNT, site } from '../build/model-fixtures';

const LEGACY_ARN = `arn:aws:secretsmanager:eu-west-1:${SECRET_ACCOUNT}:secret:app/legacy-AbCdEf`;

/** Two existing secrets, by ARN and by name, and one whose policy the app owns, all granted to one workload. */
function withExistingSecrets() {
  const model = new ModelBuilder();
  const key = addKey(model);
  const byArn = model.importSecret(site('G/Legacy'), { secretArn: LEGACY_ARN }, key);
  const byName = model.importSecret(site('G/Old'), { account: SECRET_ACCOUNT, region: 'eu-west-1', secretName: 'app/old' }, key);
  const owned = model.importSecret(site('G/Owned'), { secretArn: LEGACY_ARN.replace('legacy', 'owned'), manageResourcePolicy: true }, key);
  const workload = addWorkload(model);
  for (const secret of [byArn, byName, owned]) model.grant(GRANT, workload, secret);
  return { model, byArn, byName, owned, workload };
}

test('the owners of an existing secret are given exactly the statements of the policy the library would render', () => {
  const { model, byArn, workload } = withExistingSecrets();

  expect(existingSecretStatements(byArn, model)).toEqual(secretResourcePolicy([workload]));
  expect(existingSecretStatements(byArn, model)!.Statement.map((s) => s.Action)).toEqual(['secretsmanager:GetSecretValue']);
});

test("statements are keyed by the secret's full ARN when given, else by its ARN without the random suffix", () => {
  const { model } = withExistingSecrets();

  expect(Object.keys(existingSecretsStatements(model))).toEqual([
    LEGACY_ARN,
    `arn:aws:secretsmanager:eu-west-1:${SECRET_ACCOUNT}:secret:app/old`,
  ]);
});

test('a secret whose policy the app owns, and one nobody is granted, need nothing from their owners', () => {
  const { model, owned } = withExistingSecrets();
  const idle = model.importSecret(site('G/Idle'), { secretArn: LEGACY_ARN.replace('legacy', 'idle') }, undefined);

  expect(existingSecretStatements(owned, model)).toBeUndefined();
  expect(existingSecretStatements(idle, model)).toBeUndefined();
});
