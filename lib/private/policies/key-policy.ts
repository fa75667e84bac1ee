import { accountRootArn, readerAccount, secretArnPattern, secretsManagerEndpoint } from '../model/identifiers';
import { AccessModel, KeyModel } from '../model/model';
import { KEY_ADMINISTRATION_ACTIONS } from './actions';
import { grantPrincipal, groupBy } from './grant-principals';
import { oneOrMany, PolicyJson, policyJson, PolicyStatement, sidFor } from './policy-json';

/**
 * Who may do what with the key. These kinds of statement, and nothing else:
 *
 * 1. administration for the key account (or the given administrators), so the key never becomes
 *    unmanageable, without the right to use it;
 * 2. two denials for everyone: no `PutKeyPolicy` that bypasses the lockout safety check, and no
 *    `ScheduleKeyDeletion` with a shorter waiting period than the key's (`PendingWindowInDays` only
 *    governs deletions CloudFormation starts);
 * 3. for the pod roles granted secrets this key encrypts, one statement per way of naming them:
 *    `kms:Decrypt`, only through Secrets Manager in the key's region, only from the roles' accounts, only
 *    for the granted secrets (encryption context). Each role's own policy and each secret's resource
 *    policy narrow this to the secrets granted to that role: cross-account, KMS requires both the key
 *    policy and the caller's IAM policy to allow a request;
 * 4. for each account that owns such secrets (or the principals of it the secrets name): what Secrets
 *    Manager needs to create and update them (`kms:GenerateDataKey`, `kms:Decrypt`), only for its secrets.
 *
 * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-bypass-policy-lockout-safety-check
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-schedule-key-deletion-pending-window-in-days
 */
export function keyPolicy(key: KeyModel, model: AccessModel): PolicyJson {
  const encrypted = model.secrets.filter((secret) => secret.key === key);
  const statements: PolicyStatement[] = [
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

  const grants = model.grants.filter((grant) => grant.secret.key === key);
  const readers = [...new Set(grants.map((grant) => grant.workload))];
  for (const roles of groupBy(readers, (w) => String(w.principalByRoleArn))) {
    const principal = grantPrincipal(roles);
    const theirs = grants.filter((grant) => roles.includes(grant.workload)).map((grant) => secretArnPattern(grant.secret));
    statements.push({
      Sid: sidFor(
        'DecryptViaSecretsManagerFor',
        roles.map((w) => w.targetRole?.roleName ?? w.roleName),
        'GrantedRoles',
      ),
      Effect: 'Allow',
      Principal: principal.Principal,
      Action: 'kms:Decrypt',
      Resource: '*',
      Condition: {
        ...principal.Condition,
        // The key lives in its secrets' region (the model enforces it), so one Secrets Manager endpoint.
        StringEquals: {
          'kms:ViaService': secretsManagerEndpoint(grants[0].secret),
          'kms:CallerAccount': oneOrMany(roles.map(readerAccount)),
        },
        StringLike: { 'kms:EncryptionContext:SecretARN': oneOrMany(theirs) },
      },
    });
  }

  for (const owned of groupBy(encrypted, (secret) => JSON.stringify([secret.account, secret.keyUserArns]))) {
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
  return policyJson(statements);
}
