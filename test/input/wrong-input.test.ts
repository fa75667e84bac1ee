import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { CrossAccountSecretAccess, CrossAccountSecretAccessProps } from '../../lib';
import * as regions from '../../lib/private/input/regions';
import { newApp, seedProps, withProps } from '../support/helpers';

// Wrong input as users meet it (JavaScript, jsii languages and JSON configuration have no compile-time
// types), each with the exact message.

function create(props: unknown): CrossAccountSecretAccess {
  return new CrossAccountSecretAccess(newApp(), 'TestApp', props as CrossAccountSecretAccessProps);
}
const seed = seedProps();

describe('wrong types and names in the props fail with the property named', () => {
  test.each<[string, unknown, string]>([
    [
      'a misspelt property',
      { ...seed, workload: { ...seed.workload, allowDescribeSecrets: true } },
      '[TestApp] `workload.allowDescribeSecrets` true is not a property of `workload`: did you mean `allowDescribeSecret`?',
    ],
    [
      'a property in the wrong case',
      { ...seed, secret: { ...seed.secret, removalpolicy: RemovalPolicy.DESTROY } },
      '[TestApp] `secret.removalpolicy` "destroy" is not a property of `secret`: did you mean `removalPolicy`?',
    ],
    [
      'a misspelt top-level part',
      { ...seed, keys: seed.key },
      '[TestApp] `keys` {"account":"333333333333","alias":"testapp-secrets"} is not a property of the props: did you mean `key`?',
    ],
    [
      'a misspelt Pod Identity property',
      { ...seed, workload: { ...seed.workload, oidcIssuers: undefined, podIdentity: { cluster: 'prod' } } },
      '[TestApp] `workload.podIdentity.cluster` "prod" is not a property of `workload.podIdentity`: did you mean `clusterName`?',
    ],
    [
      'a boolean given as a string',
      withProps({ workload: { allowDescribeSecret: 'false' as any } }),
      '[TestApp] `workload.allowDescribeSecret` "false" is a string, not a boolean: write false without quotes.',
    ],
    [
      'a duration given as a number',
      withProps({ workload: { maxSessionDuration: 3600 as any } }),
      '[TestApp] `workload.maxSessionDuration` 3600 is a number, not a Duration: use a Duration, such as Duration.hours(1) for 3600 seconds.',
    ],
    [
      'a pending window given as a number',
      withProps({ key: { pendingWindow: 30 as any } }),
      '[TestApp] `key.pendingWindow` 30 is a number, not a Duration: use a Duration, such as Duration.seconds(30) for 30 seconds.',
    ],
    [
      'administrators given as a string',
      withProps({ key: { administratorArns: 'arn:aws:iam::333333333333:role/Admin' as any } }),
      '[TestApp] `key.administratorArns` "arn:aws:iam::333333333333:role/Admin" is a string, not a list: give a list, such as ["arn:aws:iam::333333333333:role/Admin"].',
    ],
    [
      'RemovalPolicy.SNAPSHOT for the secret',
      withProps({ secret: { removalPolicy: RemovalPolicy.SNAPSHOT } }),
      '[TestApp] `secret.removalPolicy` "snapshot" is RemovalPolicy.SNAPSHOT: Secrets Manager secrets and KMS keys cannot be snapshotted; use RemovalPolicy.RETAIN, RemovalPolicy.DESTROY or RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE.',
    ],
    [
      'RemovalPolicy.SNAPSHOT for the key',
      withProps({ key: { removalPolicy: RemovalPolicy.SNAPSHOT } }),
      '[TestApp] `key.removalPolicy` "snapshot" is RemovalPolicy.SNAPSHOT: Secrets Manager secrets and KMS keys cannot be snapshotted; use RemovalPolicy.RETAIN, RemovalPolicy.DESTROY or RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE.',
    ],
    [
      'a secret ARN for the secret name',
      withProps({ secret: { secretName: 'arn:aws:secretsmanager:eu-west-1:222222222222:secret:payments/db-AbCdEf' } }),
      '[TestApp] `secret.secretName` "arn:aws:secretsmanager:eu-west-1:222222222222:secret:payments/db-AbCdEf" is an ARN: give the name, not the ARN, here "payments/db"; the library derives the ARN from the name and the account.',
    ],
    [
      'a role ARN for the role name',
      withProps({ workload: { roleName: 'arn:aws:iam::111111111111:role/team/pod-role' } }),
      '[TestApp] `workload.roleName` "arn:aws:iam::111111111111:role/team/pod-role" is an ARN: give the name, not the ARN, here "pod-role"; the library derives the ARN from the name and the account.',
    ],
    [
      'an alias ARN for the alias',
      withProps({ key: { alias: 'arn:aws:kms:eu-west-1:333333333333:alias/testapp-secrets' } }),
      '[TestApp] `key.alias` "arn:aws:kms:eu-west-1:333333333333:alias/testapp-secrets" is an ARN: give the name, not the ARN, here "testapp-secrets"; the library derives the ARN from the name and the account.',
    ],
    [
      'a key ARN for the alias',
      withProps({ key: { alias: 'arn:aws:kms:eu-west-1:333333333333:key/1234abcd' } }),
      '[TestApp] `key.alias` "arn:aws:kms:eu-west-1:333333333333:key/1234abcd" is a key ARN, not an alias: to use an existing key, give its ARN as `key.keyArn` instead (the library then creates no key and lists the key policy statements its owners must add).',
    ],
    [
      'a transposed region',
      withProps({ workload: { region: 'eu-wset-1' } }),
      '[TestApp] `workload.region` "eu-wset-1" is not an AWS region: "wset" is not a direction of any region; did you mean "eu-west-1"?',
    ],
    [
      'another transposed region',
      withProps({ secret: { region: 'us-esat-1' }, key: { region: 'us-esat-1' } }),
      '[TestApp] `secret.region` "us-esat-1" is not an AWS region: "esat" is not a direction of any region; did you mean "us-east-1"?',
    ],
  ])('%s', (_name, props, message) => {
    expect(() => create(props)).toThrow(message);
  });
});

describe('regions', () => {
  test('a well-formed region aws-cdk-lib does not know is accepted, with a warning that says what is assumed', () => {
    const warnings: regions.InputWarning[] = [];
    expect(regions.awsRegion('TestApp', 'workload.region', 'eu-south-9', warnings)).toBe('eu-south-9');
    expect(warnings).toEqual([
      {
        id: 'cdk-eks-cross-account-secrets:unknownRegion',
        message:
          '[TestApp] `workload.region` "eu-south-9" is not a region this aws-cdk-lib knows: ARNs and endpoints assume the partition "aws"; if the region is newer than aws-cdk-lib, upgrade aws-cdk-lib, otherwise check the name.',
      },
    ]);
  });

  test('CrossAccountSecretAccess reports it as an acknowledgeable warning on the stack in that region, and works', () => {
    const access = create(withProps({ workload: { region: 'eu-south-9' } }));
    expect(access.secretStack.node.metadata.filter((m) => m.type === 'aws:cdk:warning')).toEqual([]);
    expect(access.workloadStack.node.metadata.filter((m) => m.type === 'aws:cdk:warning').map((m) => m.data)).toEqual([
      '[TestApp] `workload.region` "eu-south-9" is not a region this aws-cdk-lib knows: ARNs and endpoints assume the partition "aws"; if the region is newer than aws-cdk-lib, upgrade aws-cdk-lib, otherwise check the name. [ack: cdk-eks-cross-account-secrets:unknownRegion]',
    ]);
    expect(access.roleArn).toBe('arn:aws:iam::111111111111:role/eks-secrets/pod-role');
  });

  test('a region with a new area code and a known direction is a warning, not an error (never blocked)', () => {
    const warnings: regions.InputWarning[] = [];
    expect(regions.awsRegion('TestApp', 'secret.region', 'zz-central-1', warnings)).toBe('zz-central-1');
    expect(warnings.map((w) => w.id)).toEqual(['cdk-eks-cross-account-secrets:unknownRegion']);
  });

  test('a known region gives no warning', () => {
    const warnings: regions.InputWarning[] = [];
    regions.awsRegion('TestApp', 'secret.region', 'eusc-de-east-1', warnings);
    expect(warnings).toEqual([]);
  });

  test('a misspelt direction that is also unknown to aws-cdk-lib says so', () => {
    expect(() => regions.awsRegion('TestApp', 'secret.region', 'eu-wset-9', [])).toThrow(
      '[TestApp] `secret.region` "eu-wset-9" is not an AWS region: "wset" is not a direction of any region; did you mean "eu-west-9" (also unknown to aws-cdk-lib)?',
    );
  });
});

describe('the check Job image', () => {
  const access = create(seed);

  test.each<[string, string]>([
    [
      '',
      '[TestApp] `options.checkJobImage` "" is not a container image reference: use [host[:port]/]path[:tag][@digest] with a lowercase path, such as "public.ecr.aws/aws-cli/aws-cli:2.15.0".',
    ],
    ['Amazon/AWS-CLI', '`options.checkJobImage` "Amazon/AWS-CLI" is not a container image reference'],
    ['aws-cli:2.15.0 ', '`options.checkJobImage` "aws-cli:2.15.0 " is not a container image reference'],
    ['aws-cli:', '`options.checkJobImage` "aws-cli:" is not a container image reference'],
  ])('%p is an error that names the option', (image, message) => {
    expect(() => access.kubernetesManifests({ checkJobImage: image })).toThrow(message);
  });

  test.each([
    'amazon/aws-cli',
    'public.ecr.aws/aws-cli/aws-cli:2.27.0',
    'registry.example.com:5000/tools/aws-cli:2.27.0',
    `aws-cli@sha256:${'a'.repeat(64)}`,
  ])('%p is accepted', (image) => {
    const job = access.kubernetesManifests({ checkJobImage: image }).find((m) => m.kind === 'Job')!;
    expect(job.spec.template.spec.containers[0].image).toBe(image);
  });
});

describe('manifest options', () => {
  const access = create(seed);

  test.each<[string, unknown, string]>([
    ['a removed option', { samplePod: false }, '[TestApp] `options.samplePod` false is not a property of `options`: use'],
    [
      'a misspelt option',
      { checkjob: false },
      '[TestApp] `options.checkjob` false is not a property of `options`: did you mean `checkJob`?',
    ],
    [
      'a string boolean',
      { checkJob: 'false' },
      '[TestApp] `options.checkJob` "false" is a string, not a boolean: write false without quotes.',
    ],
    [
      'an unknown API version',
      { externalSecretsApiVersion: 'v1' },
      '[TestApp] `options.externalSecretsApiVersion` "v1" is not an External Secrets API version: use ExternalSecretsApiVersion.V1 or ExternalSecretsApiVersion.V1BETA1.',
    ],
  ])('%s', (_name, options, message) => {
    expect(() => access.kubernetesManifests(options as any)).toThrow(message);
  });

  test('with EKS Pod Identity, asking for External Secrets objects is an error that says why', () => {
    const pod = create(withProps({ workload: { oidcIssuers: undefined, podIdentity: { clusterName: 'prod' } } }));
    expect(() => pod.kubernetesManifests({ externalSecrets: true })).toThrow(
      "[TestApp] `options.externalSecrets` is true, but no workload can use External Secrets Operator: testnamespace/testapp (account 111111111111) uses EKS Pod Identity only, and a SecretStore can act as a workload's service account only with IRSA (with Pod Identity the operator would read with its controller's identity, not the workload role); leave `options.externalSecrets` unset or false, or let a workload trust its cluster's OIDC issuer (IRSA).",
    );
  });
});

test('valid durations still pass', () => {
  expect(() => create(withProps({ workload: { maxSessionDuration: Duration.hours(2) } }))).not.toThrow();
});
