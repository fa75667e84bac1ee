import { accountRootArn, roleArn, secretArnPattern, secretsManagerEndpoint } from '../model/identifiers';
import { AccessModel, KeyModel, SecretModel, WorkloadModel } from '../model/model';
import { keyPolicy } from './key-policy';
import { PolicyDocument, policyDocument } from './policy-json';

// An imported key's policy belongs to its owners: this app cannot change it (and must not drop the
// grant silently, as CDK's own `grant` does for imported keys). So the library writes out the
// statements they must add, and warns on the secret's stack.

/** The statements of the key policy that only protect a key this app creates; its owners keep their own. */
const OWN_KEY_ONLY = new Set(['KeyAdministration', 'DenyPolicyLockoutBypass', 'DenyShortDeletionWindow']);

/**
 * The statements the owners of an imported key must add to its key policy: exactly those the library
 * would write into the policy of a key it creates, for the same grants (pod roles' decryption through
 * Secrets Manager, and Secrets Manager's use of the key for the secrets' accounts). Undefined when the
 * key encrypts no secret of the model.
 */
export function importedKeyStatements(key: KeyModel, model: AccessModel): PolicyDocument | undefined {
  if (!model.secrets.some((secret) => secret.key === key)) return undefined;
  return policyDocument(keyPolicy(key, model).Statement.filter((s) => !OWN_KEY_ONLY.has(s.Sid)));
}

/** The statements for every imported key of the model, by key ARN. */
export function importedKeysStatements(model: AccessModel): Record<string, PolicyDocument> {
  const all: Record<string, PolicyDocument> = {};
  for (const key of model.keys.filter((k) => k.imported)) {
    const statements = importedKeyStatements(key, model);
    if (statements) all[key.keyArn!] = statements;
  }
  return all;
}

/** The id of the warnings about imported keys, for `Annotations.acknowledgeWarning`. */
export const IMPORTED_KEY_WARNING = 'cdk-eks-cross-account-secrets:imported-key';

const WHERE =
  'keyPolicyStatements() lists the exact statements (write it next to the templates as cdk.out/<graph id>.key-policy-statements.json)';

/** What the key's owners must add before a secret encrypted with it can be created. */
export function secretOnImportedKeyWarning(secret: SecretModel): string {
  const key = secret.key!;
  return (
    `Secret "${secret.name}" is encrypted with the existing key ${key.keyArn}, whose policy this app cannot change: ` +
    `before this stack deploys, the key's owners (account ${key.account}) must add a statement allowing ${accountRootArn(key.region, secret.account)} ` +
    `kms:GenerateDataKey and kms:Decrypt with kms:ViaService ${secretsManagerEndpoint(secret)} for kms:EncryptionContext:SecretARN ${secretArnPattern(secret)}; ${WHERE}.`
  );
}

/** What the key's owners must add before a granted pod can decrypt the secret. */
export function grantOnImportedKeyWarning(workload: WorkloadModel, secret: SecretModel): string {
  const key = secret.key!;
  return (
    `The pod role ${roleArn(workload)} reads "${secret.name}", encrypted with the existing key ${key.keyArn}: ` +
    `until the key's owners (account ${key.account}) add a statement allowing it kms:Decrypt with kms:ViaService ${secretsManagerEndpoint(secret)} ` +
    `for kms:EncryptionContext:SecretARN ${secretArnPattern(secret)}, GetSecretValue fails with AccessDeniedException; ${WHERE}.`
  );
}
