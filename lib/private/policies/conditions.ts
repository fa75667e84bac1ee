import { oneOrMany, PolicyStatement } from './policy-json';

/**
 * The conditions that keep a read to the version stages the workload may read: the stage asked for (if
 * any: without one Secrets Manager returns `AWSCURRENT`) is one of them, and no version is asked for by ID.
 *
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecretsmanager.html#awssecretsmanager-policy-keys
 * @see https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html
 */
export function versionConditions(stages: readonly string[] | undefined): PolicyStatement['Condition'] {
  return stages === undefined
    ? undefined
    : {
        StringEqualsIfExists: { 'secretsmanager:VersionStage': oneOrMany(stages) },
        Null: { 'secretsmanager:VersionId': 'true' },
      };
}
