import { Duration } from 'aws-cdk-lib';
import { CrossAccountSecretAccess, CrossAccountSecrets, GrantPrincipal, KeyOptions, SecretOptions, WorkloadOptions } from '../../lib';
import { ISSUER, KEY_ACCOUNT, newApp, SECRET_ACCOUNT, withProps, WORKLOAD_ACCOUNT } from '../support/helpers';

// One table of wrong input, run against both front doors: the one-of-each props and the graph's options
// reach the same model builder, so each mistake gets the same message, naming the property as each door
// spells it (`workload.namespace` in the props, `namespace` in `addWorkload`).

interface Mistake {
  readonly key?: Record<string, unknown>;
  readonly secret?: Record<string, unknown>;
  readonly workload?: Record<string, unknown>;
}

/** The one-of-each construct with the mistake in its props. */
function oneOfEach(mistake: Mistake): () => unknown {
  return () => new CrossAccountSecretAccess(newApp(), 'Access', withProps(mistake as Parameters<typeof withProps>[0]));
}

/** The same key, secret, workload and grant as a graph, with the mistake in the options. */
function graph(mistake: Mistake): () => unknown {
  return () => {
    const secrets = new CrossAccountSecrets(newApp(), 'G');
    const key = secrets.addKey('Key', {
      account: KEY_ACCOUNT,
      region: 'eu-west-1',
      alias: 'testapp-secrets',
      ...mistake.key,
    } as KeyOptions);
    const secret = secrets.addSecret('Secret', {
      account: SECRET_ACCOUNT,
      region: 'eu-west-1',
      secretName: 'testsecret',
      key,
      ...mistake.secret,
    } as SecretOptions);
    const api = secrets.addWorkload('Workload', {
      account: WORKLOAD_ACCOUNT,
      region: 'eu-west-1',
      namespace: 'testnamespace',
      serviceAccount: 'testapp',
      roleName: 'pod-role',
      oidcIssuers: [`https://${ISSUER}`],
      ...mistake.workload,
    } as WorkloadOptions);
    secret.grantRead(api);
  };
}

// Each row: the mistake, the path each door names ([one-of-each, graph]), and the message after the property.
const ROWS: Array<[string, Mistake, [string, string], [string, string], string]> = [
  [
    'an account ID of 11 digits',
    { workload: { account: '11111111111' } },
    ['Access', 'G/Workload'],
    ['workload.account', 'account'],
    ' "11111111111" is not an AWS account ID: use exactly 12 digits',
  ],
  [
    'a namespace with an upper-case letter',
    { workload: { namespace: 'Test_NS' } },
    ['Access', 'G/Workload'],
    ['workload.namespace', 'namespace'],
    ' "Test_NS" is not a valid Kubernetes namespace (RFC 1123 label)',
  ],
  [
    'a service account name with an underscore',
    { workload: { serviceAccount: 'test_app' } },
    ['Access', 'G/Workload'],
    ['workload.serviceAccount', 'serviceAccount'],
    ' "test_app" is not a valid Kubernetes service account name',
  ],
  [
    'a role path without the slashes',
    { workload: { rolePath: 'eks' } },
    ['Access', 'G/Workload'],
    ['workload.rolePath', 'rolePath'],
    ' "eks" is not',
  ],
  [
    'a session of 13 hours',
    { workload: { maxSessionDuration: Duration.hours(13) } },
    ['Access', 'G/Workload'],
    ['workload.maxSessionDuration', 'maxSessionDuration'],
    ' "13 hours" is',
  ],
  [
    'a grant principal that is not one of the enum',
    { workload: { grantPrincipal: 'ROLE' } },
    ['Access', 'G/Workload'],
    ['workload.grantPrincipal', 'grantPrincipal'],
    ' "ROLE" is not one of',
  ],
  [
    'a secret name ending in a hyphen and six characters',
    { secret: { secretName: 'db-abcdef' } },
    ['Access', 'G/Secret'],
    ['secret.secretName', 'secretName'],
    ' "db-abcdef"',
  ],
  [
    'an alias in the reserved aws/ namespace',
    { key: { alias: 'aws/secretsmanager' } },
    ['Access', 'G/Key'],
    ['key.alias', 'alias'],
    ' "aws/secretsmanager"',
  ],
  [
    'a key ARN given as the alias',
    { key: { alias: `arn:aws:kms:eu-west-1:${KEY_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab` } },
    ['Access', 'G/Key'],
    ['key.alias', 'alias'],
    ' "arn:aws:kms:eu-west-1:333333333333:key/1234abcd-12ab-34cd-56ef-1234567890ab" is a key ARN, not an alias',
  ],
  [
    'a pending window of 6 days',
    { key: { pendingWindow: Duration.days(6) } },
    ['Access', 'G/Key'],
    ['key.pendingWindow', 'pendingWindow'],
    ' "6 days" is',
  ],
  [
    'a key administrator of another account',
    { key: { administratorArns: [`arn:aws:iam::${SECRET_ACCOUNT}:role/admin`] } },
    ['Access', 'G/Key'],
    ['key.administratorArns[0]', 'administratorArns[0]'],
    ` "arn:aws:iam::${SECRET_ACCOUNT}:role/admin" is not in the key account ${KEY_ACCOUNT}`,
  ],
  [
    'a key user of another account than the secret',
    { secret: { keyUserArns: [`arn:aws:iam::${KEY_ACCOUNT}:role/deployer`] } },
    ['Access', 'G/Secret'],
    ['secret.keyUserArns[0]', 'keyUserArns[0]'],
    ` "arn:aws:iam::${KEY_ACCOUNT}:role/deployer" is not in the secret account ${SECRET_ACCOUNT}`,
  ],
  [
    'an OIDC issuer over http',
    { workload: { oidcIssuers: ['http://oidc.eks.eu-west-1.amazonaws.com/id/X'] } },
    ['Access', 'G/Workload'],
    ['workload.oidcIssuers[0]', 'oidcIssuers[0]'],
    ' "http://oidc.eks.eu-west-1.amazonaws.com/id/X" is not a valid OIDC issuer (the scheme must be https)',
  ],
];

describe.each(ROWS)('%s', (_name, mistake, [oneOfEachPath, graphPath], [oneOfEachProp, graphProp], problem) => {
  test(`the one-of-each props name \`${oneOfEachProp}\``, () => {
    expect(oneOfEach(mistake)).toThrow(`[${oneOfEachPath}] \`${oneOfEachProp}\`${problem}`);
  });

  test(`the graph names \`${graphProp}\``, () => {
    expect(graph(mistake)).toThrow(`[${graphPath}] \`${graphProp}\`${problem}`);
  });
});

// Rules that span several values: the model builder states each once, and both doors get its wording.
const RULES: Array<[string, Mistake, [string, string], [string, string]]> = [
  [
    'a secret in another region than its key',
    { key: { region: 'eu-central-1' } },
    [
      '[Access] `secret.region` "eu-west-1" differs from the region "eu-central-1" of its key alias/testapp-secrets',
      '[G/Secret] `region` "eu-west-1" differs from the region "eu-central-1" of its key alias/testapp-secrets',
    ],
    ["Secrets Manager can only use a KMS key in the secret's region", "Secrets Manager can only use a KMS key in the secret's region"],
  ],
  [
    'a workload and a secret in two partitions',
    { workload: { region: 'cn-north-1', oidcIssuers: ['https://oidc.eks.cn-north-1.amazonaws.com.cn/id/X'] } },
    [
      '[Access] `workload.region` and `secret.region`: regions "cn-north-1" and "eu-west-1" are in different AWS partitions',
      '[G/Secrets-222222222222-eu-west-1/Secret] grantRead(Workload): regions "cn-north-1" and "eu-west-1" are in different AWS partitions',
    ],
    ['IAM cannot grant across partitions', 'IAM cannot grant across partitions'],
  ],
];

describe.each(RULES)('%s', (_name, mistake, [oneOfEachStart, graphStart], [oneOfEachEnd, graphEnd]) => {
  test('the one-of-each props', () => {
    expect(oneOfEach(mistake)).toThrow(oneOfEachStart);
    expect(oneOfEach(mistake)).toThrow(oneOfEachEnd);
  });

  test('the graph', () => {
    expect(graph(mistake)).toThrow(graphStart);
    expect(graph(mistake)).toThrow(graphEnd);
  });
});

test('ROLE_ARN with a Pod Identity target role: one wording, naming the properties as each door spells them', () => {
  expect(
    oneOfEach({
      workload: { oidcIssuers: undefined, grantPrincipal: GrantPrincipal.ROLE_ARN, podIdentity: { clusterName: 'prod', targetRole: true } },
    }),
  ).toThrow(
    '[Access] `workload.grantPrincipal` ROLE_ARN cannot be used with `workload.podIdentity.targetRole`: the key policy would name the target role, which is created after the key; use the default principal.',
  );
  const secrets = new CrossAccountSecrets(newApp(), 'G');
  expect(() =>
    secrets.addWorkload('Workload', {
      account: WORKLOAD_ACCOUNT,
      region: 'eu-west-1',
      namespace: 'n',
      serviceAccount: 'a',
      grantPrincipal: GrantPrincipal.ROLE_ARN,
      podIdentityClusters: ['prod'],
      podIdentityTargetRole: { account: SECRET_ACCOUNT },
    }),
  ).toThrow(
    '[G/Workload] `grantPrincipal` ROLE_ARN cannot be used with `podIdentityTargetRole`: the key policy would name the target role, which is created after the key; use the default principal.',
  );
});
