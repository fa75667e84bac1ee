import { accountRootArn, roleArn, secretArnPattern, secretsManagerEndpoint } from '../identifiers';
import { GrantModel, KeyModel, SecretModel } from '../model';
import { oneOrMany, PolicyDocument, policyDocument, PolicyStatement, sidPart } from './policy-document';

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
 * 2. for each pod role granted a secret this key encrypts: `kms:Decrypt`, only through Secrets Manager
 *    in the secret's region, only from the role's account, only for those secrets (encryption context);
 * 3. for each account that owns such secrets: what Secrets Manager needs to create and update them
 *    (`kms:GenerateDataKey`, `kms:Decrypt`), on behalf of that account, only for those secrets.
 *
 * Principals are account roots narrowed by `aws:PrincipalArn`, so a recreated role keeps access.
 *
 * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html
 */
export function keyPolicy(key: KeyModel, secrets: readonly SecretModel[], grants: readonly GrantModel[]): PolicyDocument {
  const encrypted = secrets.filter((secret) => secret.key === key);
  const statements: PolicyStatement[] = [
    {
      Sid: 'KeyAdministration',
      Effect: 'Allow',
      Principal: { AWS: oneOrMany(key.administratorArns) },
      Action: [...KEY_ADMINISTRATION_ACTIONS],
      Resource: '*',
    },
  ];

  // The key lives in the secrets' region (the model enforces it), so one Secrets Manager endpoint serves them all.
  const workloads = [...new Set(grants.filter((grant) => encrypted.includes(grant.secret)).map((grant) => grant.workload))];
  for (const workload of workloads) {
    const theirs = grants.filter((grant) => grant.workload === workload && encrypted.includes(grant.secret)).map((grant) => grant.secret);
    statements.push({
      Sid: `DecryptViaSecretsManagerFor${sidPart(workload.roleName)}`,
      Effect: 'Allow',
      Principal: { AWS: accountRootArn(workload.region, workload.account) },
      Action: 'kms:Decrypt',
      Resource: '*',
      Condition: {
        ArnEquals: { 'aws:PrincipalArn': roleArn(workload) },
        StringEquals: { 'kms:ViaService': secretsManagerEndpoint(theirs[0]), 'kms:CallerAccount': workload.account },
        StringLike: { 'kms:EncryptionContext:SecretARN': oneOrMany(theirs.map(secretArnPattern)) },
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
