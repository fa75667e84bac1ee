import { keyResourceForPolicies, secretArnPattern, secretsManagerEndpoint } from '../model/identifiers';
import { KeyModel, SecretModel, WorkloadModel } from '../model/model';
import { secretReadActions } from './actions';
import { versionConditions } from './conditions';
import { oneOrMany, PolicyJson, policyJson, PolicyStatement, sidFor } from './policy-json';

/**
 * What the pod role may do with the given secrets (all its secrets, or the share of them one managed
 * policy carries): read their values (and metadata, if asked for), in one statement that lists them,
 * and decrypt with each key only when Secrets Manager asks on its behalf for one of those secrets, in
 * one statement per key. Nothing else.
 *
 * A key is named by a wildcard over its account's keys in its region because its ID is unknown at synth
 * time in another account; `kms:ViaService` and the `SecretARN` encryption context narrow it to this use.
 *
 * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples_cross.html
 * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html#security-encryption-encryption-context
 */
export function workloadPermissionsPolicy(workload: WorkloadModel, secrets: readonly SecretModel[]): PolicyJson {
  const names = secrets.map((secret) => secret.name);
  const statements: PolicyStatement[] = [
    {
      Sid: sidFor('GetSecretValue', names, 'GrantedSecrets'),
      Effect: 'Allow',
      Action: secretReadActions(workload.allowDescribeSecret),
      Resource: oneOrMany(secrets.map(secretArnPattern)),
      ...(workload.readableStages ? { Condition: versionConditions(workload.readableStages) } : {}),
    },
  ];
  // An imported secret whose key is not named gets no decryption: the review and a warning say so.
  const keys = [...new Set(secrets.map((secret) => secret.key))].filter((key): key is KeyModel => key !== undefined);
  for (const key of keys) {
    const encrypted = secrets.filter((secret) => secret.key === key);
    statements.push({
      Sid: sidFor('DecryptViaSecretsManager', keys.length === 1 ? names : [keyName(key)], 'GrantedSecrets'),
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: keyResourceForPolicies(key),
      Condition: {
        // A key serves only secrets of its own region (the model enforces it), so one endpoint.
        StringEquals: { 'kms:ViaService': secretsManagerEndpoint(encrypted[0]) },
        StringLike: { 'kms:EncryptionContext:SecretARN': oneOrMany(encrypted.map(secretArnPattern)) },
      },
    });
  }
  return policyJson(statements);
}

/**
 * What a statement ID calls a key: its alias without `alias/` (`team/secrets` gives `TeamSecrets`), or an
 * existing key's `key/<key ID>` whole (`Key1234abcd12ab...`), so that the ID is as distinct as the key.
 */
function keyName(key: KeyModel): string {
  return key.alias ? key.alias.slice('alias/'.length) : key.label;
}
