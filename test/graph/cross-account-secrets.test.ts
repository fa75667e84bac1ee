import { Stack, Stage } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CrossAccountSecretAccess, CrossAccountSecrets } from '../../lib';
import { BLUE, exampleGraph, GREEN, statements, synthesized } from '../support/graph';
import { newApp, seedProps, withProps } from '../support/helpers';

// CloudFormation validation is this suite's subject too (test/support/setup-env.ts turns it off elsewhere).
delete process.env.CDK_VALIDATION;

describe('CrossAccountSecrets', () => {
  test('renders one stack per kind of part, account and region, named after the graph', () => {
    const { secrets } = exampleGraph();
    expect(secrets.stacks.map((s) => [s.stackName, s.account, s.region])).toEqual([
      ['Secrets-Keys-333333333333-eu-west-1', '333333333333', 'eu-west-1'],
      ['Secrets-Secrets-222222222222-eu-west-1', '222222222222', 'eu-west-1'],
      ['Secrets-Secrets-444444444444-eu-west-1', '444444444444', 'eu-west-1'],
      ['Secrets-Workloads-111111111111-eu-west-1', '111111111111', 'eu-west-1'],
      ['Secrets-Workloads-555555555555-eu-west-1', '555555555555', 'eu-west-1'],
    ]);
  });

  test('the number of stacks grows with accounts and regions, not with grants', () => {
    const { secrets, key, db } = exampleGraph();
    for (let i = 0; i < 20; i++) {
      const w = secrets.addWorkload(`W${i}`, {
        account: '111111111111',
        region: 'eu-west-1',
        namespace: `ns${i}`,
        serviceAccount: 'app',
        oidcIssuers: [BLUE],
      });
      db.grantRead(w);
      secrets.addSecret(`S${i}`, { account: '222222222222', region: 'eu-west-1', secretName: `s${i}`, key }).grantRead(w);
    }
    expect(secrets.stacks).toHaveLength(5);
  });

  test('each secret stack depends on the key stacks of its secrets, so cdk deploy --all deploys keys first', () => {
    const { secrets, db, cache, key } = exampleGraph();
    expect(Stack.of(db).dependencies).toEqual([Stack.of(key)]);
    expect(Stack.of(cache).dependencies).toEqual([Stack.of(key)]);
    expect(Stack.of(key).dependencies).toEqual([]);
    expect(secrets.stacks.filter((s) => s.stackName.includes('Workloads')).every((s) => s.dependencies.length === 0)).toBe(true);
  });

  test('exposes the identifiers users need, derived from the names', () => {
    const { key, db, api } = exampleGraph();
    expect([key.keyAlias, key.keyAliasArn]).toEqual([
      'alias/security/payments',
      'arn:aws:kms:eu-west-1:333333333333:alias/security/payments',
    ]);
    expect([db.secretName, db.secretArnPattern, db.secretPartialArn]).toEqual([
      'payments/db',
      'arn:aws:secretsmanager:eu-west-1:222222222222:secret:payments/db-??????',
      'arn:aws:secretsmanager:eu-west-1:222222222222:secret:payments/db',
    ]);
    expect(api.roleArn).toMatch(/^arn:aws:iam::111111111111:role\/eks-secrets\/eks-payments-api-[0-9a-f]{8}$/);
    expect(api.roleArn).toBe(`arn:aws:iam::111111111111:role/eks-secrets/${api.roleName}`);
  });

  test('keeps stack names in a Stage when a prefix is given', () => {
    const stage = new Stage(newApp(), 'Prod');
    const { secrets } = exampleGraph(new CrossAccountSecrets(stage, 'Secrets', { stackNamePrefix: 'Secrets' }));
    expect(secrets.stacks[0].stackName).toBe('Secrets-Keys-333333333333-eu-west-1');
    const unprefixed = exampleGraph(new CrossAccountSecrets(new Stage(newApp(), 'Beta'), 'Secrets')).secrets;
    expect(unprefixed.stacks[0].stackName).toBe('Beta-Secrets-Keys-333333333333-eu-west-1');
  });

  test('a stack group gets a stack of its own, and the other parts stay where they were', () => {
    const { secrets, api } = exampleGraph();
    const before = Stack.of(api).stackName;
    const team = secrets.addWorkload('Team', {
      account: '111111111111',
      region: 'eu-west-1',
      namespace: 'team',
      serviceAccount: 'app',
      oidcIssuers: [BLUE],
      stackGroup: 'teamA',
    });
    expect(Stack.of(team).stackName).toBe('Secrets-Workloads-teamA-111111111111-eu-west-1');
    expect(Stack.of(api).stackName).toBe(before);
  });

  test('applies termination protection to every stack when asked', () => {
    const { secrets } = exampleGraph(new CrossAccountSecrets(newApp(), 'Secrets', { terminationProtection: true }));
    expect(secrets.stacks.every((s) => s.terminationProtection)).toBe(true);
  });
});

describe('sharing', () => {
  test('one key encrypts secrets of two accounts: Secrets Manager of each account may use it for its own secrets only', () => {
    const { key } = exampleGraph();
    const policy = synthesized(key.key!).KeyPolicy;
    expect(statements(policy, 'SecretsManagerEncryptFor222222222222')[0].Condition.StringLike).toEqual({
      'kms:EncryptionContext:SecretARN': 'arn:aws:secretsmanager:eu-west-1:222222222222:secret:payments/db-??????',
    });
    expect(statements(policy, 'SecretsManagerEncryptFor444444444444')[0].Condition.StringLike).toEqual({
      'kms:EncryptionContext:SecretARN': 'arn:aws:secretsmanager:eu-west-1:444444444444:secret:payments/cache-??????',
    });
  });

  test('one secret is read by workloads of two accounts: one statement, each account root once, every role by ARN', () => {
    const { db, api, worker } = exampleGraph();
    const policy = synthesized(db.resourcePolicy!).ResourcePolicy;
    expect(policy.Statement).toEqual([
      {
        Sid: 'GetSecretValueForGrantedRoles',
        Effect: 'Allow',
        Principal: { AWS: ['arn:aws:iam::111111111111:root', 'arn:aws:iam::555555555555:root'] },
        Action: 'secretsmanager:GetSecretValue',
        Resource: '*',
        Condition: { ArnEquals: { 'aws:PrincipalArn': [api.roleArn, worker.roleArn] } },
      },
    ]);
  });

  test('one workload reads two secrets: one statement lists both, one decrypt statement per key', () => {
    const { api } = exampleGraph();
    const policy = synthesized(api.permissionsPolicies[0]).PolicyDocument;
    expect(policy.Statement.map((s: any) => [s.Sid, s.Resource])).toEqual([
      [
        'GetSecretValueGrantedSecrets',
        [
          'arn:aws:secretsmanager:eu-west-1:222222222222:secret:payments/db-??????',
          'arn:aws:secretsmanager:eu-west-1:444444444444:secret:payments/cache-??????',
        ],
      ],
      ['DecryptViaSecretsManagerGrantedSecrets', 'arn:aws:kms:eu-west-1:333333333333:key/*'],
    ]);
    expect(api.permissionsPolicies).toHaveLength(1);
  });

  test('the key lets each granted role decrypt, through Secrets Manager, only the secrets granted to it', () => {
    const { key, api, worker } = exampleGraph();
    const decrypts = (synthesized(key.key!).KeyPolicy.Statement as any[]).filter((s) => s.Sid.startsWith('DecryptViaSecretsManagerFor'));
    const via = 'secretsmanager.eu-west-1.amazonaws.com';
    expect(decrypts.map((s) => [s.Sid, s.Condition])).toEqual([
      [
        'DecryptViaSecretsManagerForReadersOfPaymentsDb',
        {
          ArnEquals: { 'aws:PrincipalArn': [api.roleArn, worker.roleArn] },
          StringEquals: { 'kms:ViaService': via, 'kms:CallerAccount': ['111111111111', '555555555555'] },
          StringLike: { 'kms:EncryptionContext:SecretARN': 'arn:aws:secretsmanager:eu-west-1:222222222222:secret:payments/db-??????' },
        },
      ],
      [
        expect.stringMatching(/^DecryptViaSecretsManagerForEksPaymentsApi/),
        {
          ArnEquals: { 'aws:PrincipalArn': api.roleArn },
          StringEquals: { 'kms:ViaService': via, 'kms:CallerAccount': '111111111111' },
          StringLike: { 'kms:EncryptionContext:SecretARN': 'arn:aws:secretsmanager:eu-west-1:444444444444:secret:payments/cache-??????' },
        },
      ],
    ]);
  });

  test('a secret nobody reads has no resource policy, and granting twice changes nothing', () => {
    const { secrets, key, db, api } = exampleGraph();
    const lonely = secrets.addSecret('Lonely', { account: '222222222222', region: 'eu-west-1', secretName: 'lonely', key });
    expect(lonely.resourcePolicy).toBeUndefined();
    const before = JSON.stringify(synthesized(db.resourcePolicy!));
    db.grantRead(api);
    expect(JSON.stringify(synthesized(db.resourcePolicy!))).toBe(before);
  });
});

describe('trust', () => {
  test('blue/green: one role, trusted from both clusters with sub and aud pinned', () => {
    const { api } = exampleGraph();
    const trust = synthesized(api.role).AssumeRolePolicyDocument;
    expect(trust.Statement.map((s: any) => [s.Sid, s.Principal.Federated, s.Condition.StringEquals])).toEqual(
      ['BLUE', 'GREEN'].map((id, i) => [
        i === 0 ? 'ServiceAccountWebIdentity' : 'ServiceAccountWebIdentity2',
        `arn:aws:iam::111111111111:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/${id}`,
        {
          [`oidc.eks.eu-west-1.amazonaws.com/id/${id}:sub`]: 'system:serviceaccount:payments:api',
          [`oidc.eks.eu-west-1.amazonaws.com/id/${id}:aud`]: 'sts.amazonaws.com',
        },
      ]),
    );
  });

  test('IRSA and Pod Identity at once, during a move: both statements and one association per cluster', () => {
    const secrets = new CrossAccountSecrets(newApp(), 'Secrets');
    const moving = secrets.addWorkload('Moving', {
      account: '111111111111',
      region: 'eu-west-1',
      namespace: 'payments',
      serviceAccount: 'api',
      oidcIssuers: [BLUE],
      podIdentityClusters: ['blue', 'green'],
    });
    const trust = synthesized(moving.role).AssumeRolePolicyDocument;
    expect(trust.Statement.map((s: any) => s.Sid)).toEqual(['ServiceAccountWebIdentity', 'EksPodIdentity']);
    expect(trust.Statement[1].Condition.StringEquals['aws:RequestTag/eks-cluster-arn']).toEqual([
      'arn:aws:eks:eu-west-1:111111111111:cluster/blue',
      'arn:aws:eks:eu-west-1:111111111111:cluster/green',
    ]);
    expect(moving.podIdentityAssociations.map((a) => synthesized(a).ClusterName)).toEqual(['blue', 'green']);
  });
});

describe('collisions are errors at synth, naming both construct paths', () => {
  const workload = { account: '111111111111', region: 'eu-west-1', namespace: 'payments', serviceAccount: 'api', oidcIssuers: [BLUE] };

  test('two CrossAccountSecretAccess instances that share an alias', () => {
    const app = newApp();
    new CrossAccountSecretAccess(app, 'One', seedProps());
    expect(
      () => new CrossAccountSecretAccess(app, 'Two', withProps({ secret: { secretName: 'other' }, workload: { roleName: 'other' } })),
    ).toThrow(
      /^\[Two\/Key\] KMS alias "alias\/testapp-secrets" in account 333333333333, eu-west-1 is also created by "One\/Key": both cannot be deployed\. Give one of them another `key.alias`/,
    );
  });

  test('two graphs that create the same secret, across stages of one app', () => {
    const app = newApp();
    exampleGraph(new CrossAccountSecrets(new Stage(app, 'A'), 'Secrets'));
    const other = new CrossAccountSecrets(new Stage(app, 'B'), 'Secrets');
    const key = other.addKey('K', { account: '333333333333', region: 'eu-west-1', alias: 'other' });
    expect(() => other.addSecret('Db', { account: '222222222222', region: 'eu-west-1', secretName: 'payments/db', key })).toThrow(
      /Secret "payments\/db" in account 222222222222, eu-west-1 is also created by "A\/Secrets\/Secrets-222222222222-eu-west-1\/Db".*`secretName`/,
    );
  });

  test('a role name taken by a CrossAccountSecretAccess, in any letter case', () => {
    const app = newApp();
    new CrossAccountSecretAccess(app, 'One', seedProps());
    const secrets = new CrossAccountSecrets(app, 'Secrets');
    expect(() => secrets.addWorkload('Api', { ...workload, roleName: 'POD-ROLE' })).toThrow(
      /IAM role "POD-ROLE" in account 111111111111 is also created by "One\/Workload".*`roleName`/,
    );
  });

  test('the same service account on the same cluster twice gets the same default role name, which is an error', () => {
    const secrets = new CrossAccountSecrets(newApp(), 'Secrets');
    secrets.addWorkload('Api', workload);
    expect(() => secrets.addWorkload('Api2', workload)).toThrow(
      /IAM role "eks-payments-api-[0-9a-f]{8}" in account 111111111111 is also created by/,
    );
  });

  test('the same service account on two clusters of one account gets two roles', () => {
    const secrets = new CrossAccountSecrets(newApp(), 'Secrets');
    const blue = secrets.addWorkload('Blue', workload);
    const green = secrets.addWorkload('Green', { ...workload, oidcIssuers: [GREEN] });
    expect(blue.roleName).not.toBe(green.roleName);
  });

  test('two Pod Identity associations for one service account on one cluster', () => {
    const secrets = new CrossAccountSecrets(newApp(), 'Secrets');
    const pod = {
      account: '111111111111',
      region: 'eu-west-1',
      namespace: 'payments',
      serviceAccount: 'api',
      podIdentityClusters: ['prod'],
    };
    secrets.addWorkload('A', { ...pod, roleName: 'a' });
    expect(() => secrets.addWorkload('B', { ...pod, roleName: 'b' })).toThrow(
      /The Pod Identity association of service account payments\/api on EKS cluster "prod" \(account 111111111111, eu-west-1\) is also created by/,
    );
  });

  test('the same names in other accounts or regions do not collide', () => {
    const secrets = new CrossAccountSecrets(newApp(), 'Secrets');
    secrets.addWorkload('A', { ...workload, roleName: 'r' });
    expect(() => secrets.addWorkload('B', { ...workload, roleName: 'r', account: '999999999999' })).not.toThrow();
    const k1 = secrets.addKey('K1', { account: '333333333333', region: 'eu-west-1', alias: 'same' });
    expect(() => secrets.addKey('K2', { account: '333333333333', region: 'us-east-1', alias: 'same' })).not.toThrow();
    secrets.addSecret('S1', { account: '222222222222', region: 'eu-west-1', secretName: 'same', key: k1 });
    expect(() => secrets.addSecret('S2', { account: '444444444444', region: 'eu-west-1', secretName: 'same', key: k1 })).not.toThrow();
  });
});

describe('wrong input', () => {
  const key = () => ({ account: '333333333333', region: 'eu-west-1', alias: 'k' });

  test.each([
    [
      'a part id used twice',
      (s: CrossAccountSecrets) => [s.addKey('K', key()), s.addKey('K', { ...key(), alias: 'other' })],
      /\[Secrets\] `id` "K" is already the id of another part of this graph/,
    ],
    [
      'a key without a region',
      (s: CrossAccountSecrets) => s.addKey('K', { ...key(), region: undefined as unknown as string }),
      /\[Secrets\/K\] `region` undefined is not a string/,
    ],
    [
      'a key of another graph',
      (s: CrossAccountSecrets) =>
        s.addSecret('S', {
          account: '222222222222',
          region: 'eu-west-1',
          secretName: 's',
          key: new CrossAccountSecrets(newApp(), 'Other').addKey('K', key()),
        }),
      /\[Secrets\/S\] `key` .* is not a key of this graph/,
    ],
    [
      'a secret in another region than its key',
      (s: CrossAccountSecrets) =>
        s.addSecret('S', { account: '222222222222', region: 'us-east-1', secretName: 's', key: s.addKey('K', key()) }),
      /\[Secrets\/S\] `region` "us-east-1" differs from the region "eu-west-1" of its key alias\/k/,
    ],
    [
      'a workload without any cluster',
      (s: CrossAccountSecrets) =>
        s.addWorkload('W', { account: '111111111111', region: 'eu-west-1', namespace: 'n', serviceAccount: 'a', oidcIssuers: [] }),
      /\[Secrets\/W\] `oidcIssuers` and `podIdentityClusters` are both missing or empty/,
    ],
    [
      'an issuer list given as a string',
      (s: CrossAccountSecrets) =>
        s.addWorkload('W', {
          account: '111111111111',
          region: 'eu-west-1',
          namespace: 'n',
          serviceAccount: 'a',
          oidcIssuers: BLUE as unknown as string[],
        }),
      /\[Secrets\/W\] `oidcIssuers` .* is not a list/,
    ],
    [
      'a bad second issuer',
      (s: CrossAccountSecrets) =>
        s.addWorkload('W', {
          account: '111111111111',
          region: 'eu-west-1',
          namespace: 'n',
          serviceAccount: 'a',
          oidcIssuers: [BLUE, 'http://x.example.com'],
        }),
      /`oidcIssuers\[1\]` "http:\/\/x.example.com" is not a valid OIDC issuer/,
    ],
    [
      'a bad cluster name',
      (s: CrossAccountSecrets) =>
        s.addWorkload('W', {
          account: '111111111111',
          region: 'eu-west-1',
          namespace: 'n',
          serviceAccount: 'a',
          podIdentityClusters: ['-x'],
        }),
      /`podIdentityClusters\[0\]` "-x"/,
    ],
    [
      'a stack group with a space',
      (s: CrossAccountSecrets) => s.addKey('K', { ...key(), stackGroup: 'team a' }),
      /\[Secrets\/K\] `stackGroup` "team a" is not usable in a CloudFormation stack name/,
    ],
    [
      'too many managed policies asked for',
      (s: CrossAccountSecrets) =>
        s.addWorkload('W', {
          account: '111111111111',
          region: 'eu-west-1',
          namespace: 'n',
          serviceAccount: 'a',
          oidcIssuers: [BLUE],
          maxManagedPolicies: 26,
        }),
      /`maxManagedPolicies` 26 is not a whole number from 1 to 25/,
    ],
    [
      'a trust policy limit over 4,096',
      (s: CrossAccountSecrets) =>
        s.addWorkload('W', {
          account: '111111111111',
          region: 'eu-west-1',
          namespace: 'n',
          serviceAccount: 'a',
          oidcIssuers: [BLUE],
          maxTrustPolicyLength: 8192,
        }),
      /`maxTrustPolicyLength` 8192 is not a whole number from 2048 to 4096/,
    ],
    [
      'a grant across partitions',
      (s: CrossAccountSecrets) =>
        s.addSecret('S', { account: '222222222222', region: 'eu-west-1', secretName: 's', key: s.addKey('K', key()) }).grantRead(
          s.addWorkload('W', {
            account: '111111111111',
            region: 'cn-north-1',
            namespace: 'n',
            serviceAccount: 'a',
            oidcIssuers: ['https://oidc.eks.cn-north-1.amazonaws.com.cn/id/X'],
          }),
        ),
      /grantRead\(W\): regions "cn-north-1" and "eu-west-1" are in different AWS partitions/,
    ],
  ])('%s', (_name, act, message) => {
    expect(() => act(new CrossAccountSecrets(newApp(), 'Secrets'))).toThrow(message);
  });

  test('a workload of another graph cannot be granted', () => {
    const { db } = exampleGraph();
    const stranger = new CrossAccountSecrets(newApp(), 'Other').addWorkload('W', {
      account: '111111111111',
      region: 'eu-west-1',
      namespace: 'n',
      serviceAccount: 'a',
      oidcIssuers: [BLUE],
    });
    expect(() => db.grantRead(stranger)).toThrow(
      /grantRead: the workload "Other\/Workloads-111111111111-eu-west-1\/W" belongs to another CrossAccountSecrets graph/,
    );
  });

  test('an invalid stack name prefix', () => {
    expect(() => new CrossAccountSecrets(newApp(), 'Secrets', { stackNamePrefix: '1abc' })).toThrow(
      /\[Secrets\] `stackNamePrefix` "1abc" is not usable in a CloudFormation stack name/,
    );
  });

  test('a graph inside a stack', () => {
    const stack = new Stack(newApp(), 'Host');
    expect(() => new CrossAccountSecrets(stack, 'Secrets')).toThrow(
      /\[Host\/Secrets\] is inside stack "Host": create CrossAccountSecrets in an App or a Stage/,
    );
  });
});

describe('the graph synthesizes cleanly', () => {
  test('every stack passes CloudFormation validation with no references between stacks', () => {
    const { secrets } = exampleGraph();
    for (const stack of secrets.stacks) {
      const text = JSON.stringify(Template.fromStack(stack).toJSON());
      expect(text).not.toMatch(/Fn::ImportValue|Fn::GetStackOutput|"Export"/);
    }
  });
});
