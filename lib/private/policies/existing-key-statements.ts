import { AccessModel, KeyModel, secretsEncryptedWith } from '../model/model';
import { keyGrantStatements } from './key-policy';
import { PolicyJson, policyJson } from './policy-json';

// An imported key's policy belongs to its owners: this app cannot change it (and must not drop the
// grant silently, as CDK's own `grant` does for imported keys). So the library writes out the
// statements they must add, and warns on the secret's stack.

/**
 * The statements the owners of an imported key must add to its key policy: exactly those the library
 * would write into the policy of a key it creates, for the same grants (pod roles' decryption through
 * Secrets Manager, and Secrets Manager's use of the key for the secrets' accounts). Undefined when the
 * key encrypts no secret of the model.
 */
export function existingKeyStatements(key: KeyModel, model: AccessModel): PolicyJson | undefined {
  if (secretsEncryptedWith(key, model).length === 0) return undefined;
  return policyJson(keyGrantStatements(key, model));
}

/** The statements for every imported key of the model, by key ARN. */
export function existingKeysStatements(model: AccessModel): Record<string, PolicyJson> {
  const all: Record<string, PolicyJson> = {};
  for (const key of model.keys.filter((k) => k.existing)) {
    const statements = existingKeyStatements(key, model);
    if (statements) all[key.keyArn!] = statements;
  }
  return all;
}
