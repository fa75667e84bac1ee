import { RemovalPolicy } from 'aws-cdk-lib';
import { accessModel, AccessModel, GrantModel, SecretModel, WorkloadModel } from '../lib/private/model';
import { keyPolicy } from '../lib/private/policies/key-policy';
import { secretResourcePolicy } from '../lib/private/policies/secret-resource-policy';
import { workloadPermissionsPolicy } from '../lib/private/policies/workload-permissions-policy';
import { seedProps } from './helpers';

// The builders take the whole model, so one key can serve many secrets and one secret many workloads
// (the construct uses one of each today). These tests build such a model by hand from the seed's parts.

function manyToMany(): AccessModel {
  const seed = accessModel('Test', seedProps());
  const [workload, secret] = [seed.workloads[0], seed.secrets[0]];
  const other: WorkloadModel = { ...workload, account: '444444444444', roleName: 'other-role', namespace: 'other' };
  const second: SecretModel = { ...secret, name: 'second', removalPolicy: RemovalPolicy.RETAIN };
  const grants: GrantModel[] = [
    { workload, secret },
    { workload: other, secret },
    { workload: other, secret: second },
  ];
  return { keys: seed.keys, secrets: [secret, second], workloads: [workload, other], grants, warnings: [] };
}

describe('policy builders with many grants', () => {
  const model = manyToMany();
  const [workload, other] = model.workloads;
  const [secret, second] = model.secrets;

  test('a workload gets permissions only for the secrets granted to it', () => {
    expect(workloadPermissionsPolicy(workload, model.grants).Statement.map((s) => s.Resource)).toEqual([
      'arn:aws:secretsmanager:eu-west-1:222222222222:secret:testsecret-??????',
      'arn:aws:kms:eu-west-1:333333333333:key/*',
    ]);
    expect(workloadPermissionsPolicy(other, model.grants).Statement.map((s) => s.Sid)).toEqual([
      'GetSecretValueTestsecret',
      'GetSecretValueSecond',
      'DecryptViaSecretsManagerTestsecret',
      'DecryptViaSecretsManagerSecond',
    ]);
  });

  test('a secret admits each workload granted it, each by its own role ARN', () => {
    expect(
      secretResourcePolicy(secret, model.grants).Statement.map((s) => [s.Principal?.AWS, s.Condition?.ArnEquals['aws:PrincipalArn']]),
    ).toEqual([
      ['arn:aws:iam::111111111111:root', 'arn:aws:iam::111111111111:role/pod-role'],
      ['arn:aws:iam::444444444444:root', 'arn:aws:iam::444444444444:role/other-role'],
    ]);
    expect(secretResourcePolicy(second, model.grants).Statement).toHaveLength(1);
  });

  test('one key lets each workload decrypt only the secrets granted to it, and Secrets Manager only the secrets it encrypts', () => {
    const statements = keyPolicy(model.keys[0], model.secrets, model.grants).Statement;
    const contexts = Object.fromEntries(statements.map((s) => [s.Sid, s.Condition?.StringLike?.['kms:EncryptionContext:SecretARN']]));
    expect(contexts).toEqual({
      KeyAdministration: undefined,
      DecryptViaSecretsManagerForPodRole: 'arn:aws:secretsmanager:eu-west-1:222222222222:secret:testsecret-??????',
      DecryptViaSecretsManagerForOtherRole: [
        'arn:aws:secretsmanager:eu-west-1:222222222222:secret:testsecret-??????',
        'arn:aws:secretsmanager:eu-west-1:222222222222:secret:second-??????',
      ],
      SecretsManagerEncryptFor222222222222: [
        'arn:aws:secretsmanager:eu-west-1:222222222222:secret:testsecret-??????',
        'arn:aws:secretsmanager:eu-west-1:222222222222:secret:second-??????',
      ],
    });
  });
});
