import { existingSecretId } from '../model/identifiers';
import { AccessModel, policyLeftToOwners, readersOf, SecretModel } from '../model/model';
import { PolicyJson } from './policy-json';
import { secretResourcePolicy } from './secret-resource-policy';

// An existing secret's resource policy belongs to its owners: PutResourcePolicy sets a secret's whole
// policy and DeleteResourcePolicy leaves it with none, so rendering it would drop their statements on
// deploy and all of them on removal. Unless the app was told to own the policy, the library writes out
// the statements they must add, and warns on the readers' stacks.
// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutResourcePolicy.html
// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DeleteResourcePolicy.html

/**
 * The statements the owners of an existing secret must add to its resource policy: exactly those the
 * library renders into the policy of a secret it creates, for the same readers. Undefined when the app
 * manages the secret's policy, or no workload is granted the secret.
 */
export function existingSecretStatements(secret: SecretModel, model: AccessModel): PolicyJson | undefined {
  const readers = readersOf(secret, model);
  if (!policyLeftToOwners(secret) || readers.length === 0) return undefined;
  return secretResourcePolicy(readers);
}

/** The statements for every existing secret whose policy is its owners', by `existingSecretId`. */
export function existingSecretsStatements(model: AccessModel): Record<string, PolicyJson> {
  const all: Record<string, PolicyJson> = {};
  for (const secret of model.secrets) {
    const statements = existingSecretStatements(secret, model);
    if (statements) all[existingSecretId(secret)] = statements;
  }
  return all;
}
