import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, aws_iam as iam, aws_kms as kms, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildExampleApp, EXAMPLE_DEFAULTS, nagPacks } from '../../bin/example';
import { CrossAccountSecretAccess } from '../../lib';
import { seedProps } from '../support/helpers';

// CloudFormation validation is this suite's subject too (test/support/setup-env.ts turns it off elsewhere).
delete process.env.CDK_VALIDATION;

function exampleApp(context: Record<string, string> = {}) {
  return buildExampleApp({ analyticsReporting: false, context });
}

describe('example app', () => {
  const { app, access } = exampleApp();
  const stacks = { workload: access.workloadStack, secret: access.secretStack, key: access.keyStack! };

  test.each(Object.keys(stacks) as Array<keyof typeof stacks>)('%s stack matches its snapshot', (name) => {
    expect(Template.fromStack(stacks[name]).toJSON()).toMatchSnapshot();
  });

  test.each(nagPacks(new App()).map((pack) => [pack.name, pack] as const))('cdk-nag %s reports no violations', (_name, pack) => {
    expect(pack.validateScope(app).violations).toEqual([]);
  });

  test('synthesizes with CloudFormation validation on and no finding of any severity', () => {
    const assembly = app.synth();
    const report = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'validation-report.json'), 'utf8'));
    expect(report.pluginReports.flatMap((r: any) => r.violations ?? [])).toEqual([]);
    expect(assembly.stacks.map((s) => s.stackName).sort()).toEqual(['TestApp-Key', 'TestApp-Secret', 'TestApp-Workload']);
  });

  test('every acknowledgement names a rule and gives a specific reason', () => {
    const acknowledged = app.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules').map((m) => [c.node.path, m.data]));
    const flat = acknowledged.flatMap(([where, data]) =>
      Object.entries(data as Record<string, string>).map(([id, reason]) => ({ where, id, reason })),
    );
    expect(flat.map(({ where, id }) => `${where} ${id.replace(/^annotation::/i, '')}`).sort()).toEqual([
      'TestApp/Secret/Secret AwsSolutions-SMG4',
      'TestApp/Secret/Secret HIPAA.Security-SecretsManagerRotationEnabled',
      'TestApp/Secret/Secret NIST.800.53.R5-SecretsManagerRotationEnabled',
      'TestApp/Workload/PermissionsPolicy AwsSolutions-IAM5[Resource::arn:aws:kms:eu-west-1:333333333333:key/*]',
    ]);
    for (const { reason } of flat) expect(reason.length).toBeGreaterThan(60);
  });
});

describe('cdk-nag packs', () => {
  test('are live: without the example acknowledgements, the rotation rules fire (PCI DSS 3.2.1 has none)', () => {
    const app = new App();
    new CrossAccountSecretAccess(app, 'TestApp', seedProps());
    expect(Object.fromEntries(nagPacks(app).map((pack) => [pack.name, pack.validateScope(app).violations.map((v) => v.ruleName)]))).toEqual(
      {
        AwsSolutions: ['AwsSolutions-SMG4'],
        'NIST.800.53.R5': ['NIST.800.53.R5-SecretsManagerRotationEnabled'],
        'HIPAA.Security': ['HIPAA.Security-SecretsManagerRotationEnabled'],
        'PCI.DSS.321': [],
      },
    );
  });

  test('are live: the compliance packs reject an inline role policy, which is why the library uses a managed one', () => {
    const app = new App();
    const stack = new Stack(app, 'Inline', { env: { account: '111111111111', region: 'eu-west-1' } });
    new iam.CfnRole(stack, 'Role', {
      assumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      },
      policies: [
        {
          policyName: 'inline',
          policyDocument: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:eu-west-1:111111111111:q' }],
          },
        },
      ],
    });
    const [, nist, hipaa, pci] = nagPacks(app).map((pack) => pack.validateScope(app).violations.map((v) => v.ruleName));
    expect(nist).toContain('NIST.800.53.R5-IAMNoInlinePolicy');
    expect(hipaa).toContain('HIPAA.Security-IAMNoInlinePolicy');
    expect(pci).toContain('PCI.DSS.321-IAMNoInlinePolicy');
  });
});

describe('CloudFormation validation', () => {
  test('is live: an out-of-range property fails synthesis', () => {
    const app = new App({ context: { '@aws-cdk/core:validateAgainstDefaultRules': true } });
    const stack = new Stack(app, 'Broken', { env: { account: '111111111111', region: 'eu-west-1' } });
    new kms.CfnKey(stack, 'Key', { pendingWindowInDays: 3, keyPolicy: { Version: '2012-10-17', Statement: [] } });
    expect(() => app.synth()).toThrow(/PendingWindowInDays: 3 is less than the minimum of 7/);
  });
});

describe('example app entry point', () => {
  test("writes the three templates, and in the construct's folder one Kubernetes file per consumer, the access review and the SCP", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'example-'));
    try {
      execFileSync(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', '..', 'bin', 'app.ts')], {
        env: { ...process.env, CDK_OUTDIR: outdir },
        stdio: 'pipe',
      });
      const files = fs.readdirSync(outdir);
      expect(files.filter((f) => f.endsWith('.template.json'))).toHaveLength(3);
      const folder = path.join(outdir, 'TestApp');
      expect(fs.readdirSync(path.join(folder, 'kubernetes')).sort()).toEqual([
        'external-secrets.yaml',
        'secret-check.yaml',
        'secrets-store-csi-driver.yaml',
        'service-accounts.yaml',
      ]);
      expect(fs.readFileSync(path.join(folder, 'kubernetes', 'secrets-store-csi-driver.yaml'), 'utf8')).toContain(
        'kind: SecretProviderClass',
      );
      expect(fs.readFileSync(path.join(folder, 'access-review.md'), 'utf8')).toMatch(/^# Access review: TestApp/);
      expect(JSON.parse(fs.readFileSync(path.join(folder, 'role-path-scp.json'), 'utf8')).Statement[0].Sid).toBe(
        'ReserveReaderRolePathsForDeployers',
      );
      // The example creates its key: its owners have no statements to add.
      expect(fs.readdirSync(folder).sort()).toEqual(['access-review.md', 'kubernetes', 'role-path-scp.json']);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe('example app settings', () => {
  test('default to the seed scenario', () => {
    const { access } = exampleApp();
    expect(access.roleArn).toBe(`arn:aws:iam::${EXAMPLE_DEFAULTS.workloadAccount}:role/eks-secrets/${EXAMPLE_DEFAULTS.roleName}`);
    expect(access.keyAlias).toBe(`alias/${EXAMPLE_DEFAULTS.keyAlias}`);
  });

  test('can each be overridden with CDK context', () => {
    const { access } = exampleApp({
      workloadAccount: '444444444444',
      workloadRegion: 'us-east-1',
      oidcIssuer: 'oidc.eks.us-east-1.amazonaws.com/id/OTHER',
      namespace: 'payments',
      serviceAccount: 'api',
      roleName: 'payments-api',
      secretAccount: '555555555555',
      secretRegion: 'us-east-2',
      secretName: 'payments/db',
      keyAccount: '666666666666',
      keyAlias: 'payments',
    });
    const trust = Template.fromStack(access.workloadStack).findResources('AWS::IAM::Role');
    expect(JSON.stringify(trust)).toContain('"arn:aws:iam::444444444444:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/OTHER"');
    expect(JSON.stringify(trust)).toContain('system:serviceaccount:payments:api');
    expect(access.roleArn).toBe('arn:aws:iam::444444444444:role/eks-secrets/payments-api');
    expect(access.secretArnPattern).toBe('arn:aws:secretsmanager:us-east-2:555555555555:secret:payments/db-??????');
    expect(access.keyAliasArn).toBe('arn:aws:kms:us-east-2:666666666666:alias/payments');
  });

  test('podIdentityCluster switches the workload to EKS Pod Identity', () => {
    const { access } = exampleApp({ podIdentityCluster: 'prod' });
    Template.fromStack(access.workloadStack).hasResourceProperties('AWS::EKS::PodIdentityAssociation', { ClusterName: 'prod' });
    expect(JSON.stringify(Template.fromStack(access.workloadStack).toJSON())).not.toContain('oidc-provider');
  });

  test('a bad context value fails with the property named', () => {
    expect(() => exampleApp({ namespace: 'Bad_NS' })).toThrow(/`workload.namespace` "Bad_NS"/);
  });

  test.each([
    ['secretname', 'secretName'],
    ['workloadaccount', 'workloadAccount'],
    ['keyAlais', 'keyAlias'],
    ['podIdentityClustr', 'podIdentityCluster'],
    ['region', 'workloadRegion` or `secretRegion'],
    ['account', 'workloadAccount` or `serviceAccount` or `secretAccount` or `keyAccount'],
  ])('a misspelt context key (%s) is an error naming the setting (%s)', (key, setting) => {
    expect(() => exampleApp({ [key]: 'x' })).toThrow(
      `[example app] \`${key}\` "x" is not a context key of the example app: did you mean \`${setting}\`?`,
    );
  });

  test("context keys that resemble no setting, and CDK's own keys, are left alone", () => {
    expect(() =>
      exampleApp({ team: 'payments', '@aws-cdk/core:newStyleStackSynthesis': 'true', 'aws:cdk:enable-path-metadata': 'false' }),
    ).not.toThrow();
  });
});
