import { accountRootArn, roleArn, secretArnPattern, secretsManagerEndpoint } from '../identifiers';
import { AccessModel, KeyModel } from '../model';
import { oneOrMany, PolicyDocument, policyDocument, PolicyStatement, sidFor } from './policy-document';

/**
 * What key administrators may do: manage the key, its alias, rotation, deletion and policy, but not use
 * it. Named one by one rather than with `kms:Create*`-style wildcards, so that `kms:CreateGrant` (which
 * would let an administrator grant itself decryption) is not among them and a reviewer can read the list.
 *
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-administrators
 */
export const KEY_ADMINISTRATION_ACTIONS: readonly string[] = [
  'kms:CancelKeyDeletion',
  'kms:CreateAlias',
  'kms:DeleteAlias',
  'kms:DescribeKey',
  'kms:DisableKey',
  'kms:DisableKeyRotation',
  'kms:EnableKey',
  'kms:EnableKeyRotation',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:ListGrants',
  'kms:ListKeyPolicies',
  'kms:ListKeyRotations',
  'kms:ListResourceTags',
  'kms:PutKeyPolicy',
  'kms:RevokeGrant',
  'kms:RotateKeyOnDemand',
  'kms:ScheduleKeyDeletion',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:UpdateAlias',
  'kms:UpdateKeyDescription',
];

/**
 * Who may do what with the key. Three kinds of statement, and nothing else:
 *
 * 1. administration for the key account (or the given administrators), so the key never becomes
 *    unmanageable, without the right to use it;
 * 2. for the pod roles granted secrets this key encrypts, in one statement whose `aws:PrincipalArn`
 *    lists them: `kms:Decrypt`, only through Secrets Manager in the key's region, only from the roles'
 *    accounts, only for the granted secrets (encryption context). Each role's own policy and each
 *    secret's resource policy narrow this to the secrets granted to that role; cross-account, KMS
 *    requires both the key policy and the caller's IAM policy to allow a request;
 * 3. for each account that owns such secrets: what Secrets Manager needs to create and update them
 *    (`kms:GenerateDataKey`, `kms:Decrypt`), on behalf of that account, only for its secrets.
 *
 * Principals are account roots narrowed by `aws:PrincipalArn`, so a recreated role keeps access.
 *
 * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html
 */
export function keyPolicy(key: KeyModel, model: AccessModel): PolicyDocument {
  const encrypted = model.secrets.filter((secret) => secret.key === key);
  const statements: PolicyStatement[] = [
    {
      Sid: 'KeyAdministration',
      Effect: 'Allow',
      Principal: { AWS: oneOrMany(key.administratorArns) },
      Action: [...KEY_ADMINISTRATION_ACTIONS],
      Resource: '*',
    },
  ];

  const grants = model.grants.filter((grant) => grant.secret.key === key);
  const readers = [...new Set(grants.map((grant) => grant.workload))];
  if (readers.length > 0) {
    statements.push({
      Sid: sidFor(
        'DecryptViaSecretsManagerFor',
        readers.map((w) => w.roleName),
        'GrantedRoles',
      ),
      Effect: 'Allow',
      Principal: { AWS: oneOrMany(readers.map((w) => accountRootArn(w.region, w.account))) },
      Action: 'kms:Decrypt',
      Resource: '*',
      Condition: {
        ArnEquals: { 'aws:PrincipalArn': oneOrMany(readers.map(roleArn)) },
        // The key lives in its secrets' region (the model enforces it), so one Secrets Manager endpoint.
        StringEquals: {
          'kms:ViaService': secretsManagerEndpoint(grants[0].secret),
          'kms:CallerAccount': oneOrMany(readers.map((w) => w.account)),
        },
        StringLike: { 'kms:EncryptionContext:SecretARN': oneOrMany(grants.map((grant) => secretArnPattern(grant.secret))) },
      },
    });
  }

  for (const account of new Set(encrypted.map((secret) => secret.account))) {
    const owned = encrypted.filter((secret) => secret.account === account);
    statements.push({
      Sid: `SecretsManagerEncryptFor${account}`,
      Effect: 'Allow',
      Principal: { AWS: accountRootArn(key.region, account) },
      Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
      Resource: '*',
      Condition: {
        StringEquals: { 'kms:ViaService': secretsManagerEndpoint(owned[0]), 'kms:CallerAccount': account },
        StringLike: { 'kms:EncryptionContext:SecretARN': oneOrMany(owned.map(secretArnPattern)) },
      },
    });
  }
  return policyDocument(statements);
}
