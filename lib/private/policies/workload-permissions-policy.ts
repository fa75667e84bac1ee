import { keyArnWildcard, secretArnPattern, secretReadActions, secretsManagerEndpoint } from '../identifiers';
import { GrantModel, WorkloadModel } from '../model';
import { PolicyDocument, policyDocument, PolicyStatement, sidPart } from './policy-document';

/**
 * What the pod role may do: read the value of each granted secret (and its metadata, if asked for), and decrypt with each secret's key
 * only when Secrets Manager asks on its behalf for that secret. Nothing else.
 *
 * The key is named by a wildcard over the key account's keys because its ID is unknown at synth time
 * in another account; `kms:ViaService` and the `SecretARN` encryption context narrow it to this use.
 *
 * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples_cross.html
 * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html#security-encryption-encryption-context
 */
export function workloadPermissionsPolicy(workload: WorkloadModel, grants: readonly GrantModel[]): PolicyDocument {
  const mine = grants.filter((grant) => grant.workload === workload);
  const statements: PolicyStatement[] = mine.map(({ secret }) => ({
    Sid: `GetSecretValue${sidPart(secret.name)}`,
    Effect: 'Allow',
    Action: secretReadActions(workload),
    Resource: secretArnPattern(secret),
  }));
  for (const { secret } of mine) {
    statements.push({
      Sid: `DecryptViaSecretsManager${sidPart(secret.name)}`,
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: keyArnWildcard(secret.key),
      Condition: {
        StringEquals: { 'kms:ViaService': secretsManagerEndpoint(secret) },
        StringLike: { 'kms:EncryptionContext:SecretARN': secretArnPattern(secret) },
      },
    });
  }
  return policyDocument(statements);
}
