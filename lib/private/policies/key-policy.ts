import { accountRootArn, readerAccount, readerRoleName, secretArnPattern, secretsManagerEndpoint } from '../model/identifiers';
import {
  AccessModel,
  grantedSecretsEncryptedWith,
  KeyModel,
  readersOf,
  SecretModel,
  secretsEncryptedWith,
  WorkloadModel,
} from '../model/model';
import { KEY_ADMINISTRATION_ACTIONS } from './actions';
import { grantPrincipal, groupBy } from './grant-principals';
import { oneOrMany, PolicyJson, policyJson, PolicyStatement, sidFor, sidPart } from './policy-json';

/**
 * Who may do what with the key. These kinds of statement, and nothing else:
 *
 * 1. administration for the key account (or the given administrators), so the key never becomes
 *    unmanageable, without the right to use it;
 * 2. two denials for everyone: no `PutKeyPolicy` that bypasses the lockout safety check, and no
 *    `ScheduleKeyDeletion` with a shorter waiting period than the key's (`PendingWindowInDays` only
 *    governs deletions CloudFormation starts);
 * 3. for the pod roles granted secrets this key encrypts: `kms:Decrypt`, only through Secrets Manager in
 *    the key's region, only from the roles' accounts, and each role only for the secrets granted to it
 *    (encryption context): one statement per set of readers (and way of naming them), listing the secrets
 *    those readers, and only they, are granted. The key policy alone must be exact: within the secret's
 *    own account an identity policy that allows `GetSecretValue` and `kms:Decrypt` on `*` needs nothing
 *    more from the secret's resource policy, so a reader admitted for another secret's context could
 *    read that secret;
 * 4. for each account that owns such secrets (or the principals of it the secrets name): what Secrets
 *    Manager needs to create and update them (`kms:GenerateDataKey`, `kms:Decrypt`), only for its secrets.
 *
 * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-bypass-policy-lockout-safety-check
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-schedule-key-deletion-pending-window-in-days
 */
export function keyPolicy(key: KeyModel, model: AccessModel): PolicyJson {
  return policyJson([...ownKeyStatements(key), ...keyGrantStatements(key, model)]);
}

/** Kinds 1 and 2: what protects a key this app creates. The owners of an existing key keep their own. */
function ownKeyStatements(key: KeyModel): PolicyStatement[] {
  return [
    {
      Sid: 'KeyAdministration',
      Effect: 'Allow',
      Principal: { AWS: oneOrMany(key.administratorArns) },
      Action: [...KEY_ADMINISTRATION_ACTIONS],
      Resource: '*',
    },
    {
      Sid: 'DenyPolicyLockoutBypass',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 'kms:PutKeyPolicy',
      Resource: '*',
      Condition: { Bool: { 'kms:BypassPolicyLockoutSafetyCheck': 'true' } },
    },
    {
      Sid: 'DenyShortDeletionWindow',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 'kms:ScheduleKeyDeletion',
      Resource: '*',
      Condition: { NumericLessThan: { 'kms:ScheduleKeyDeletionPendingWindowInDays': String(key.pendingWindowDays) } },
    },
  ];
}

/**
 * Kinds 3 and 4: what the grants need of the key, the same for a key this app creates and for the
 * statements the owners of an existing key add (`existingKeyStatements`).
 */
export function keyGrantStatements(key: KeyModel, model: AccessModel): PolicyStatement[] {
  const statements: PolicyStatement[] = [];
  for (const { readers, secrets } of decryptGroups(key, model)) {
    const principal = grantPrincipal(readers);
    statements.push({
      Sid: sidFor('DecryptViaSecretsManagerFor', readers.map(readerRoleName), `ReadersOf${sidPart(secrets[0].name)}`),
      Effect: 'Allow',
      Principal: principal.Principal,
      Action: 'kms:Decrypt',
      Resource: '*',
      Condition: {
        ...principal.Condition,
        // The key lives in its secrets' region (the model enforces it), so one Secrets Manager endpoint.
        StringEquals: {
          'kms:ViaService': secretsManagerEndpoint(secrets[0]),
          'kms:CallerAccount': oneOrMany(readers.map(readerAccount)),
        },
        StringLike: { 'kms:EncryptionContext:SecretARN': oneOrMany(secrets.map(secretArnPattern)) },
      },
    });
  }

  for (const owned of groupBy(secretsEncryptedWith(key, model), (secret) => JSON.stringify([secret.account, secret.keyUserArns]))) {
    const [{ account, keyUserArns }] = owned;
    statements.push({
      Sid: `SecretsManagerEncryptFor${account}`,
      Effect: 'Allow',
      Principal: { AWS: accountRootArn(key.region, account) },
      Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
      Resource: '*',
      Condition: {
        ...(keyUserArns ? { ArnEquals: { 'aws:PrincipalArn': oneOrMany(keyUserArns) } } : {}),
        StringEquals: { 'kms:ViaService': secretsManagerEndpoint(owned[0]), 'kms:CallerAccount': account },
        StringLike: { 'kms:EncryptionContext:SecretARN': oneOrMany(owned.map(secretArnPattern)) },
      },
    });
  }
  return statements;
}

/** The readers one decrypt statement admits, and the secrets (of the key) it admits them for. */
interface DecryptGroup {
  readonly readers: WorkloadModel[];
  readonly secrets: SecretModel[];
}

/**
 * The key's granted secrets, grouped by who reads them: secrets with the same readers (named the same
 * way) share a statement that lists those readers and those secrets' encryption contexts. A statement
 * admits each of its readers for each of its secrets, and every such pair is granted: a reader is admitted
 * for no other secret of the key, whatever its own account's IAM policies allow. Groups keep the order
 * of the grants.
 */
function decryptGroups(key: KeyModel, model: AccessModel): DecryptGroup[] {
  const groups = new Map<string, DecryptGroup>();
  for (const secret of grantedSecretsEncryptedWith(key, model)) {
    const readers = readersOf(secret, model);
    for (const styled of groupBy(readers, (w) => String(w.principalByRoleArn))) {
      const id = JSON.stringify([styled[0].principalByRoleArn, styled.map((w) => w.path).sort()]);
      const group = groups.get(id);
      if (group) group.secrets.push(secret);
      else groups.set(id, { readers: styled, secrets: [secret] });
    }
  }
  return [...groups.values()];
}
