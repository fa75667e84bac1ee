import { App, Aws, Duration, Lazy, Stack, Stage } from 'aws-cdk-lib';
import { CrossAccountSecretAccess, CrossAccountSecretAccessProps } from '../../lib';
import { newApp, seedProps, withProps } from '../support/helpers';

function create(props: CrossAccountSecretAccessProps): CrossAccountSecretAccess {
  return new CrossAccountSecretAccess(newApp(), 'TestApp', props);
}

// Each row: the props to break, the property the message must name, and a phrase of what is allowed.
const invalid: Array<[string, CrossAccountSecretAccessProps, RegExp]> = [
  [
    'an account with 11 digits',
    withProps({ workload: { account: '11111111111' } }),
    /^\[TestApp\] `workload.account` "11111111111" is not an AWS account ID: use exactly 12 digits/,
  ],
  [
    'an account with letters',
    withProps({ secret: { account: '22222222222a' } }),
    /`secret.account` "22222222222a" is not an AWS account ID/,
  ],
  ['a key account with dashes', withProps({ key: { account: '3333-3333-3333' } }), /`key.account` "3333-3333-3333"/],
  [
    'a region that is not a region name',
    withProps({ workload: { region: 'Ireland' } }),
    /`workload.region` "Ireland" is not an AWS region name: use a region code/,
  ],
  ['a secret region with a typo', withProps({ secret: { region: 'eu-west1' } }), /`secret.region` "eu-west1"/],
  ['a key region that is not a region name', withProps({ key: { region: 'eu' } }), /`key.region` "eu"/],
  [
    'an account token',
    withProps({ workload: { account: Aws.ACCOUNT_ID } }),
    /`workload.account` .* is an unresolved token: give an AWS account ID as a literal/,
  ],
  ['a region token', withProps({ secret: { region: Aws.REGION } }), /`secret.region` .* is an unresolved token/],
  [
    'a lazy secret name',
    withProps({ secret: { secretName: Lazy.string({ produce: () => 'x' }) } }),
    /`secret.secretName` .* is an unresolved token/,
  ],
  [
    'an http issuer',
    withProps({ workload: { oidcIssuers: ['http://oidc.eks.eu-west-1.amazonaws.com/id/X'] } }),
    /`workload.oidcIssuers\[0\]` .* \(the scheme must be https\)/,
  ],
  [
    'an issuer with a query',
    withProps({ workload: { oidcIssuers: ['https://oidc.eks.eu-west-1.amazonaws.com/id/X?a=b'] } }),
    /`workload.oidcIssuers\[0\]` .*must not have a query/,
  ],
  [
    'an issuer with a fragment',
    withProps({ workload: { oidcIssuers: ['https://oidc.eks.eu-west-1.amazonaws.com/id/X#top'] } }),
    /must not have a fragment/,
  ],
  [
    'an issuer with a trailing slash',
    withProps({ workload: { oidcIssuers: ['https://oidc.eks.eu-west-1.amazonaws.com/id/X/'] } }),
    /must not end with "\/"/,
  ],
  [
    'an issuer with trailing junk',
    withProps({ workload: { oidcIssuers: ['https://oidc.eks.eu-west-1.amazonaws.com/id/X junk'] } }),
    /`workload.oidcIssuers\[0\]`/,
  ],
  ['an issuer without a host', withProps({ workload: { oidcIssuers: ['https:///id/X'] } }), /`workload.oidcIssuers\[0\]`/],
  ['an issuer with a port', withProps({ workload: { oidcIssuers: ['https://oidc.example.com:8443/id/X'] } }), /must not name a port/],
  [
    'an issuer with credentials',
    withProps({ workload: { oidcIssuers: ['https://user:pw@oidc.example.com/id/X'] } }),
    /must not contain credentials/,
  ],
  ['an empty issuer', withProps({ workload: { oidcIssuers: [''] } }), /`workload.oidcIssuers\[0\]`/],
  [
    'a namespace with an underscore',
    withProps({ workload: { namespace: 'Test_NS' } }),
    /`workload.namespace` "Test_NS" is not a valid Kubernetes namespace \(RFC 1123 label\)/,
  ],
  [
    'a namespace over 63 characters',
    withProps({ workload: { namespace: 'a'.repeat(64) } }),
    /`workload.namespace` .*at most 63 characters/,
  ],
  ['a namespace ending in a hyphen', withProps({ workload: { namespace: 'team-' } }), /`workload.namespace` "team-"/],
  ['a namespace with a dot', withProps({ workload: { namespace: 'a.b' } }), /`workload.namespace` "a.b"/],
  [
    'a service account with capitals',
    withProps({ workload: { serviceAccount: 'TestApp' } }),
    /`workload.serviceAccount` "TestApp" is not a valid Kubernetes service account name \(RFC 1123 subdomain\)/,
  ],
  ['a service account with an empty label', withProps({ workload: { serviceAccount: 'a..b' } }), /`workload.serviceAccount` "a..b"/],
  [
    'a service account over 253 characters',
    withProps({ workload: { serviceAccount: `${'a'.repeat(60)}.`.repeat(5) + 'a' } }),
    /`workload.serviceAccount`/,
  ],
  [
    'a role name with a space',
    withProps({ workload: { roleName: 'pod role' } }),
    /`workload.roleName` "pod role" is not a valid IAM role name/,
  ],
  ['a role name over 64 characters', withProps({ workload: { roleName: 'r'.repeat(65) } }), /`workload.roleName` .*1 to 64 characters/],
  [
    'a secret name with a space',
    withProps({ secret: { secretName: 'test secret' } }),
    /`secret.secretName` "test secret" is not a valid secret name/,
  ],
  [
    'a secret name over 512 characters',
    withProps({ secret: { secretName: 's'.repeat(513) } }),
    /`secret.secretName` .*1 to 512 characters/,
  ],
  [
    'a secret name ending in a hyphen and six characters',
    withProps({ secret: { secretName: 'db-passwd' } }),
    /`secret.secretName` "db-passwd" ends with a hyphen followed by six characters/,
  ],
  ['a key alias with a space', withProps({ key: { alias: 'my key' } }), /`key.alias` "my key" is not a valid KMS alias/],
  [
    'a key alias in alias/aws/',
    withProps({ key: { alias: 'alias/aws/secretsmanager' } }),
    /`key.alias` "alias\/aws\/secretsmanager" is in the "alias\/aws\/" namespace/,
  ],
  [
    'a key alias aws/ without prefix',
    withProps({ key: { alias: 'aws/mine' } }),
    /`key.alias` "aws\/mine" is in the "alias\/aws\/" namespace/,
  ],
  [
    'a key region different from the secret region',
    withProps({ key: { region: 'us-east-1' } }),
    /`secret.region` "eu-west-1" differs from the region "us-east-1" of its key alias\/testapp-secrets: Secrets Manager can only use a KMS key in the secret's region/,
  ],
  [
    'regions in different partitions',
    withProps({ workload: { region: 'cn-north-1' } }),
    /`workload.region` and `secret.region`: regions "cn-north-1" and "eu-west-1" are in different AWS partitions/,
  ],
  [
    'both oidcIssuers and podIdentity',
    withProps({ workload: { podIdentity: { clusterName: 'c' } } }),
    /`workload.oidcIssuers` and `workload.podIdentity` are both set: give exactly one/,
  ],
  [
    'an empty list of issuers and no podIdentity',
    withProps({ workload: { oidcIssuers: [] } }),
    /`workload.oidcIssuers` and `workload.podIdentity` are both missing or empty/,
  ],
  [
    'one issuer as a string instead of a list',
    withProps({ workload: { oidcIssuers: `https://oidc.eks.eu-west-1.amazonaws.com/id/X` as unknown as string[] } }),
    /`workload.oidcIssuers` .* is not a list: give a list of strings/,
  ],
  [
    'the singular oidcIssuer of earlier drafts',
    {
      ...seedProps(),
      workload: { ...seedProps().workload, oidcIssuers: undefined, oidcIssuer: 'https://x' } as CrossAccountSecretAccessProps['workload'],
    },
    /`workload.oidcIssuer` "https:\/\/x" is not a property of `workload`: did you mean `oidcIssuers`\?/,
  ],
  [
    'neither oidcIssuers nor podIdentity',
    withProps({ workload: { oidcIssuers: undefined } }),
    /`workload.oidcIssuers` and `workload.podIdentity` are both missing or empty/,
  ],
  [
    'an invalid cluster name',
    withProps({ workload: { oidcIssuers: undefined, podIdentity: { clusterName: '-bad' } } }),
    /`workload.podIdentity.clusterName` "-bad"/,
  ],
  [
    'an administrator that is not an ARN',
    withProps({ key: { administratorArns: ['KeyAdmin'] } }),
    /`key.administratorArns\[0\]` "KeyAdmin" is not an IAM principal ARN/,
  ],
  ['an empty administrator list', withProps({ key: { administratorArns: [] } }), /`key.administratorArns` .* is empty/],
  [
    'a permissions boundary that is not a policy ARN',
    withProps({ workload: { permissionsBoundaryArn: 'Boundary' } }),
    /`workload.permissionsBoundaryArn` "Boundary" is not an IAM managed policy ARN/,
  ],
  [
    'a max session under an hour',
    withProps({ workload: { maxSessionDuration: Duration.minutes(30) } }),
    /`workload.maxSessionDuration` "?30 minutes"? is out of range: use from 1 hour to 12 hours/,
  ],
  [
    'a pending window over 30 days',
    withProps({ key: { pendingWindow: Duration.days(31) } }),
    /`key.pendingWindow` .* is out of range: use from 7 days to 30 days/,
  ],
  [
    'a pending window in hours',
    withProps({ key: { pendingWindow: Duration.hours(200) } }),
    /`key.pendingWindow` .* is not a whole number of days/,
  ],
  [
    'a secret description over 2048 characters',
    withProps({ secret: { description: 'd'.repeat(2049) } }),
    /`secret.description` .* is too long/,
  ],
  [
    'an administrator of another account',
    withProps({ key: { administratorArns: ['arn:aws:iam::111111111111:role/KeyAdmin'] } }),
    /`key.administratorArns\[0\]` "arn:aws:iam::111111111111:role\/KeyAdmin" is not in the key account 333333333333/,
  ],
  [
    'an administrator of another partition',
    withProps({ key: { administratorArns: ['arn:aws-cn:iam::333333333333:root'] } }),
    /`key.administratorArns\[0\]` .* is not in the key account 333333333333 \(partition aws\)/,
  ],
  [
    'a permissions boundary of another account',
    withProps({ workload: { permissionsBoundaryArn: 'arn:aws:iam::999999999999:policy/Boundary' } }),
    /`workload.permissionsBoundaryArn` .* is not a policy of the workload account 111111111111 or an AWS managed policy/,
  ],
];

describe('invalid input fails at construction, naming the property', () => {
  test.each(invalid)('%s', (_name, props, message) => {
    expect(() => create(props)).toThrow(message);
  });

  test('a missing part names it', () => {
    const props = { workload: seedProps().workload, secret: seedProps().secret } as unknown as CrossAccountSecretAccessProps;
    expect(() => create(props)).toThrow(/`key` undefined is missing: give the key settings/);
  });

  test('an id that gives no stack name says so', () => {
    expect(() => new CrossAccountSecretAccess(newApp(), '123', seedProps())).toThrow(/\[123\] gives no CloudFormation stack name/);
  });

  test('inside a stack, it says to use an App or Stage', () => {
    const stack = new Stack(new App(), 'Host');
    expect(() => new CrossAccountSecretAccess(stack, 'TestApp', seedProps())).toThrow(
      /\[Host\/TestApp\] is inside stack "Host": create CrossAccountSecretAccess in an App or a Stage/,
    );
  });
});

describe('valid input', () => {
  test.each([
    ['the issuer without https://', withProps({ workload: { oidcIssuers: ['oidc.eks.eu-west-1.amazonaws.com/id/CLUSTERNODETESTID'] } })],
    ['a self-managed issuer with a path', withProps({ workload: { oidcIssuers: ['https://issuer.example.com/clusters/prod-1'] } })],
    ['a secret name with a path', withProps({ secret: { secretName: 'team/db/password' } })],
    ['a secret name ending in a hyphen and five characters', withProps({ secret: { secretName: 'db-passw' } })],
    ['a key alias with the prefix', withProps({ key: { alias: 'alias/security/payments' } })],
    ['a key region equal to the secret region', withProps({ key: { region: 'eu-west-1' } })],
    ['a service account with dots', withProps({ workload: { serviceAccount: 'app.v1' } })],
    ['a 64-character role name', withProps({ workload: { roleName: 'r'.repeat(64) } })],
    ['a GovCloud region pair', withProps({ workload: { region: 'us-gov-west-1' }, secret: { region: 'us-gov-west-1' } })],
    ['Pod Identity instead of IRSA', withProps({ workload: { oidcIssuers: undefined, podIdentity: { clusterName: 'prod-cluster_1' } } })],
    ['an AWS managed permissions boundary', withProps({ workload: { permissionsBoundaryArn: 'arn:aws:iam::aws:policy/PowerUserAccess' } })],
    ['administrators of the key account', withProps({ key: { administratorArns: ['arn:aws:iam::333333333333:role/KeyAdmin'] } })],
  ])('%s is accepted', (_name, props) => {
    expect(() => create(props)).not.toThrow();
  });

  test('the longest names synthesize, with stack descriptions cut to the 512 characters CDK accepts', () => {
    const app = newApp();
    const longest = withProps({
      secret: { secretName: 's'.repeat(512) },
      key: { alias: `alias/${'k'.repeat(250)}` },
      workload: { roleName: 'r'.repeat(64) },
    });
    const access = new CrossAccountSecretAccess(app, 'TestApp', longest);
    const assembly = app.synth();
    for (const stack of [access.workloadStack, access.secretStack, access.keyStack!]) {
      const description = assembly.getStackArtifact(stack.artifactId).template.Description as string;
      expect(description.length).toBeLessThanOrEqual(512);
      expect(description).toMatch(/\(cdk-eks-cross-account-secrets\)$/);
    }
  });

  test('a GovCloud region pair uses the aws-us-gov partition in every ARN', () => {
    const access = create(withProps({ workload: { region: 'us-gov-west-1' }, secret: { region: 'us-gov-west-1' } }));
    expect([access.roleArn, access.secretPartialArn, access.keyAliasArn!].map((arn) => arn.split(':')[1])).toEqual([
      'aws-us-gov',
      'aws-us-gov',
      'aws-us-gov',
    ]);
  });

  test('works in a Stage, with the stage name in the stack names', () => {
    const stage = new Stage(newApp(), 'Prod');
    const access = new CrossAccountSecretAccess(stage, 'TestApp', seedProps());
    expect(access.keyStack!.stackName).toBe('Prod-TestApp-Key');
  });
});
