import { App, aws_iam as iam, aws_kms as kms, aws_secretsmanager as sm, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { checkTemplates } from '../../lib/private/checks/check-templates';
import { podRole } from './cdk-apps';
import { KEY, ROLE_ARN, SECRET, WORKLOAD } from './templates';

// What the checks say about CDK's own grants across accounts: a pod role in account 1, a secret in
// account 2, a key in 3 (or 2), wired with the aws-cdk-lib L2s as their docs show.

function stacks() {
  const app = new App();
  const env = (account: string) => ({ env: { account, region: 'eu-west-1' } });
  return {
    workload: new Stack(app, 'Workload', env(WORKLOAD)),
    secrets: new Stack(app, 'Secrets', env(SECRET)),
    keys: new Stack(app, 'Keys', env(KEY)),
  };
}

/** `ruleId logicalId: detail` of the stacks' findings, with CDK's hashed logical IDs cut to their construct ID. */
function findingsOf(...stacks: Stack[]): string[] {
  const inputs = stacks.map((stack) => ({
    name: stack.stackName,
    template: Template.fromStack(stack).toJSON(),
    account: stack.account,
    region: stack.region,
  }));
  return checkTemplates(inputs).map((f) => `${f.ruleId} ${f.logicalId.replace(/[0-9A-F]{8}$/, '')}: ${f.detail}`);
}

describe("CDK's grants across accounts", () => {
  // CloudFormation validation of each synthesis is another test's subject.
  beforeAll(() => (process.env.CDK_VALIDATION = 'false'));

  test('CDK itself refuses a cross-account grantRead on a secret without a customer managed key (so EKSSEC8 never comes from it)', () => {
    const { workload, secrets } = stacks();
    const secret = new sm.Secret(secrets, 'Secret', { secretName: 'testsecret' });
    expect(() => secret.grantRead(podRole(workload))).toThrow(/KMS Key must be provided for cross account access/);
  });

  test('Secret.grantRead to a pod role of another account: role ARNs in both policies, no encryption context, kms:* for the key account, no BlockPublicPolicy', () => {
    const { workload, secrets } = stacks();
    // A cross-environment reference needs the secret's name.
    const key = new kms.Key(secrets, 'SecretKey');
    new sm.Secret(secrets, 'Secret', { secretName: 'testsecret', encryptionKey: key }).grantRead(podRole(workload));

    // The pod role's side is right: GetSecretValue on `testsecret-??????`, a pinned trust policy.
    expect(findingsOf(workload)).toEqual([]);
    expect(findingsOf(secrets)).toEqual([
      'EKSSEC4 SecretKey: grants kms:Decrypt across accounts without an encryption-context condition',
      // CDK writes the partition as a Ref, which stays a placeholder.
      `EKSSEC5 SecretKey: names role arn:{{AWS.Partition}}:iam::${WORKLOAD}:role/pod-role of account ${WORKLOAD}`,
      `EKSSEC5 SecretPolicy: names role arn:{{AWS.Partition}}:iam::${WORKLOAD}:role/pod-role of account ${WORKLOAD}`,
      expect.stringMatching(/^EKSSEC6 SecretKey: grants key administration together with kms:Decrypt, .*kms:CreateGrant \(from kms:\*\)$/),
      'EKSSEC7 SecretPolicy: BlockPublicPolicy is not set',
    ]);
  });

  test('Key.grantDecrypt to a role of another account, for a key no secret is known to use: no finding, it is no secret access', () => {
    const { keys } = stacks();
    new kms.Key(keys, 'Key').grantDecrypt(iam.Role.fromRoleArn(keys, 'PodRole', ROLE_ARN));

    expect(findingsOf(keys)).toEqual([]);
  });

  test('Key.grantDecrypt, for a key that a secret in another account uses by alias: also kms:Decrypt outside Secrets Manager', () => {
    const { secrets, keys } = stacks();
    const key = new kms.Key(keys, 'Key', { alias: 'testapp-secrets' });
    key.grantDecrypt(iam.Role.fromRoleArn(keys, 'PodRole', ROLE_ARN));
    const byAlias = kms.Key.fromKeyArn(secrets, 'SecretKey', `arn:aws:kms:eu-west-1:${KEY}:alias/testapp-secrets`);
    new sm.Secret(secrets, 'Secret', { secretName: 'testsecret', encryptionKey: byAlias });

    expect(findingsOf(keys, secrets)).toEqual([
      'EKSSEC4 Key: grants kms:Decrypt without kms:ViaService or an encryption-context condition',
      `EKSSEC5 Key: names role ${ROLE_ARN} of account ${WORKLOAD}`,
      expect.stringMatching(/^EKSSEC6 Key: /),
    ]);
  });
});
