import { accountRootArn, readerRoleArn, secretArnPattern, secretsManagerEndpoint } from '../model/identifiers';
import { SecretModel, WorkloadModel } from '../model/model';

// An existing key's policy and an existing secret's key are their owners': the app cannot change them,
// so it warns, on the secret's stack, what the owners must do (and never drops a grant silently, as CDK's
// own `grant` does for imported keys).

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

/**
 * What the key's owners must add before a granted pod can decrypt the secret. It names the role that
 * reads the secret, which the key policy must admit: the pod role, or its target role when it has one.
 */
export function grantOnImportedKeyWarning(workload: WorkloadModel, secret: SecretModel): string {
  const key = secret.key!;
  const reader = workload.targetRole ? `The EKS Pod Identity target role` : `The pod role`;
  return (
    `${reader} ${readerRoleArn(workload)} reads "${secret.name}", encrypted with the existing key ${key.keyArn}: ` +
    `until the key's owners (account ${key.account}) add a statement allowing it kms:Decrypt with kms:ViaService ${secretsManagerEndpoint(secret)} ` +
    `for kms:EncryptionContext:SecretARN ${secretArnPattern(secret)}, GetSecretValue fails with AccessDeniedException; ${WHERE}.`
  );
}

/** The id of the warning about an imported secret whose key is not named. */
export const SECRET_WITHOUT_KEY_WARNING = 'cdk-eks-cross-account-secrets:secret-without-key';

export function secretWithoutKeyWarning(secret: SecretModel): string {
  return (
    `The existing secret "${secret.name}" was imported without its key: its readers are granted secretsmanager:GetSecretValue on ${secretArnPattern(secret)}, ` +
    'but cannot decrypt its value (kms:Decrypt), so GetSecretValue fails with AccessDeniedException. Name the key that encrypts it ' +
    '(`aws secretsmanager describe-secret` shows its KmsKeyId) with `key` in importSecret(): a key of this graph, or one from importKey({ keyArn }).'
  );
}
