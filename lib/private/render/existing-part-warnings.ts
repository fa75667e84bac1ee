import { accountRootArn, existingSecretId, readerRoleArn, secretArnPattern, secretsManagerEndpoint } from '../model/identifiers';
import { SecretModel, WorkloadModel } from '../model/model';
import { secretReadActions } from '../policies/actions';

// An existing key's policy, an existing secret's key and (unless the app was told to own it) an existing
// secret's resource policy are their owners': the app does not change them, so it warns what the owners
// must do (and never drops a grant silently, as CDK's own `grant` does for imported keys). The warnings go
// on the secret's stack, or on the reader's when the secret has none.

/** The id of the warnings about imported keys, for `Annotations.acknowledgeWarning`. */
export const IMPORTED_KEY_WARNING = 'cdk-eks-cross-account-secrets:imported-key';

const WHERE =
  'keyPolicyStatements() lists the exact statements (cdk synth writes them beside the templates, to <construct folder>/key-policy-statements.json)';

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

/** The id of the warnings about existing secrets whose resource policy is their owners', for `Annotations.acknowledgeWarning`. */
export const IMPORTED_SECRET_WARNING = 'cdk-eks-cross-account-secrets:imported-secret';

/** What an existing secret's owners must add to its resource policy before a granted pod can read it. */
export function grantOnImportedSecretWarning(workload: WorkloadModel, secret: SecretModel): string {
  return (
    `The role ${readerRoleArn(workload)} reads the existing secret ${existingSecretId(secret)}, whose resource policy this app neither replaces nor deletes: ` +
    `until the secret's owners (account ${secret.account}) add a statement allowing it ${[secretReadActions(workload.allowDescribeSecret)].flat().join(' and ')} to that policy, next to their own statements, ` +
    'GetSecretValue fails with AccessDeniedException; secretPolicyStatements() lists the exact statements (cdk synth writes them beside the templates, to <construct folder>/secret-policy-statements.json). ' +
    'To have this app own the whole policy instead, replacing every statement the owners have, set manageResourcePolicy in importSecret().'
  );
}
