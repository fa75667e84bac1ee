import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CURRENTLY_RECOMMENDED_FLAGS, EKS_USE_NATIVE_OIDC_PROVIDER } from 'aws-cdk-lib/cx-api';
import { builtPackage } from '../../scripts/jsii-artifacts';
import { TemplateResolver } from '../proof/template-resolver';
import { readmeBlocks } from '../support/readme-examples';

// Installs the npm tarball that jsii-pacmak built (`npm run package`) into a new TypeScript project outside this
// repository (so no devDependency can leak in), compiles the README's quick-start example there and synthesizes it.
// The consumer gets aws-cdk-lib at the floor of the peer range and at the version the library is developed with,
// so the range is proven, not claimed. At the development version, a second consumer builds its own EKS cluster
// (aws_eks_v2) and gives the construct to the library, as a platform team would, with cdk-nag 3 at synth.

const ROOT = path.join(__dirname, '..', '..');
const PACKAGE = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const PEER_FLOOR: string = PACKAGE.peerDependencies['aws-cdk-lib'].replace(/^\^/, '');
const CURRENT: string = PACKAGE.devDependencies['aws-cdk-lib'];

// What the cluster of the app below would have once deployed.
const ISSUER = 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const ISSUER_URL = `https://${ISSUER}`;
const CLUSTER_NAME = 'Prod-1a2b3c4d';
const LIBRARY_STACKS = [
  'Payments-Keys-333333333333-eu-west-1',
  'Payments-Secrets-222222222222-eu-west-1',
  'Payments-Workloads-111111111111-eu-west-1',
];

// Beside the README example, an EKS Pod Identity workload: AWS::EKS::PodIdentityAssociation
// (CfnPodIdentityAssociation, aws-cdk-lib 2.112.0) is the newest resource the library creates.
const POD_IDENTITY = `
const pods = new CrossAccountSecretAccess(app, 'Pods', {
  workload: { account: '111111111111', region: 'eu-west-1', podIdentity: { clusterName: 'prod' }, namespace: 'pods', serviceAccount: 'api' },
  secret: { account: '222222222222', region: 'eu-west-1', secretName: 'pods/db' },
  key: { account: '333333333333', alias: 'pods' },
});
console.log('SCP ' + JSON.stringify(pods.rolePathServiceControlPolicy()));
`;

// The checks plugin, added as each release allows: `Validations` from aws-cdk-lib 2.252.0, the Stage's
// `policyValidationBeta1` list before. A finding or a crash of the plugin fails the synthesis below.
const CHECKS_PLUGIN = `
import * as cdkAtVersion from 'aws-cdk-lib';
import { CrossAccountSecretsChecks as ChecksPlugin } from 'cdk-eks-cross-account-secrets';
const validations = (cdkAtVersion as any).Validations;
if (validations) validations.of(app).addPlugins(new ChecksPlugin());
else (app as unknown as { policyValidationBeta1: unknown[] }).policyValidationBeta1.push(new ChecksPlugin());
`;

// The cluster in the same app: an aws_eks_v2 cluster (not in aws-cdk-lib at the floor of the peer range) of
// the app's own stack, and a graph whose workloads take the cluster construct, one through IRSA, one through
// EKS Pod Identity. cdk-nag 3 and the checks plugin run at synth; a finding of either fails it.
const CLUSTER_APP = `
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ClusterIdentity, CrossAccountSecrets, CrossAccountSecretsChecks } from 'cdk-eks-cross-account-secrets';

const app = new App();
const env = { account: '111111111111', region: 'eu-west-1' };
const platform = new Stack(app, 'Platform', { env });
// A kubectl provider, so that the workloads' objects can be applied through the cluster (a published layer
// stands in for \`new KubectlV34Layer(...)\` of @aws-cdk/lambda-layer-kubectl-v34).
const kubectlLayer = lambda.LayerVersion.fromLayerVersionArn(platform, 'Kubectl', 'arn:aws:lambda:eu-west-1:111111111111:layer:kubectl:1');
const cluster = new eks.Cluster(platform, 'Prod', { version: eks.KubernetesVersion.V1_34, kubectlProviderOptions: { kubectlLayer } });

const secrets = new CrossAccountSecrets(app, 'Payments');
const key = secrets.addKey('Key', { account: '333333333333', region: 'eu-west-1', alias: 'payments-secrets' });
const db = secrets.addSecret('Db', { account: '222222222222', region: 'eu-west-1', secretName: 'payments/db', key });
const workload = { ...env, namespace: 'payments', clusters: [cluster] };
// The ServiceAccounts applied through the cluster; the API's SecretProviderClass too.
const apply = { serviceAccount: true };
db.grantRead(
  secrets.addWorkload('Api', {
    ...workload,
    serviceAccount: 'api',
    clusterIdentity: ClusterIdentity.IRSA,
    applyThroughClusters: { ...apply, secretProviderClass: true },
  }),
);
db.grantRead(
  secrets.addWorkload('Worker', { ...workload, serviceAccount: 'worker', clusterIdentity: ClusterIdentity.POD_IDENTITY, applyThroughClusters: apply }),
);
Validations.of(db).acknowledge({
  id: 'AwsSolutions-SMG4',
  reason: 'Rotation needs a function that changes the credential at its source, which the secret owner adds.',
});

// AwsSolutions judges the library's stacks only. The cluster's stack is the app's own, with findings of its
// own for its owner to settle (no VPC flow log, the AWS managed policies EKS roles need). A pack added as a
// plugin (which only an App or a Stage takes) walks the whole app, so this plugin runs it on those stacks.
const nag = new AwsSolutionsChecks(app);
Validations.of(app).addPlugins(
  {
    name: nag.name,
    validate: () => {
      console.log('AwsSolutions judges ' + JSON.stringify(secrets.stacks.map((stack) => stack.stackName)));
      const violations = secrets.stacks.flatMap((stack) => nag.validateScope(stack).violations);
      return { success: violations.length === 0, violations };
    },
  },
  new CrossAccountSecretsChecks(),
);
app.synth();
`;

// An issuer read from SSM at synth: on the first pass, before the CLI has looked it up, the value is
// CDK's stand-in.
const LOOKUP_APP = `
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { CrossAccountSecrets, CrossAccountSecretsChecks } from 'cdk-eks-cross-account-secrets';

const app = new App();
const env = { account: '111111111111', region: 'eu-west-1' };
const lookups = new Stack(app, 'Lookups', { env });
Validations.of(lookups).acknowledge({ id: 'CloudFormation-Validate::F0001', reason: 'A stack for the lookup alone: it deploys nothing.' });
const issuer = ssm.StringParameter.valueFromLookup(lookups, '/eks/prod/oidc-issuer');
const secrets = new CrossAccountSecrets(app, 'Payments');
const key = secrets.addKey('Key', { account: '333333333333', region: 'eu-west-1', alias: 'payments-secrets' });
const db = secrets.addSecret('Db', { account: '222222222222', region: 'eu-west-1', secretName: 'payments/db', key });
db.grantRead(secrets.addWorkload('Api', { ...env, namespace: 'payments', serviceAccount: 'api', oidcIssuers: [issuer] }));
Validations.of(app).addPlugins(new CrossAccountSecretsChecks());
app.synth();
`;

// At the floor of the peer range, the EKS module that exists there: an aws_eks cluster of the app, given to
// the one-of-each construct, its ServiceAccount applied through the cluster.
const FLOOR_CLUSTER_APP = `
import { App, Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { CrossAccountSecretAccess } from 'cdk-eks-cross-account-secrets';

const app = new App();
const env = { account: '111111111111', region: 'eu-west-1' };
const platform = new Stack(app, 'Platform', { env });
const kubectlLayer = lambda.LayerVersion.fromLayerVersionArn(platform, 'Kubectl', 'arn:aws:lambda:eu-west-1:111111111111:layer:kubectl:1');
const cluster = new eks.Cluster(platform, 'Prod', { version: eks.KubernetesVersion.V1_27, kubectlLayer, defaultCapacity: 0 });
new CrossAccountSecretAccess(app, 'Payments', {
  workload: { ...env, namespace: 'payments', serviceAccount: 'api', clusters: [cluster], applyThroughClusters: {} },
  secret: { account: '222222222222', region: 'eu-west-1', secretName: 'payments/db' },
  key: { account: '333333333333', alias: 'payments-secrets' },
});
app.synth();
`;

/**
 * The folder that holds aws-cdk-lib and constructs at `version`: the repository's own install for the
 * development version, else an install kept under node_modules/.cache (made on first use), so that
 * each run does not unpack aws-cdk-lib again.
 */
function awsCdkLibAt(version: string): string {
  if (version === CURRENT) return path.join(ROOT, 'node_modules');
  const dir = path.join(ROOT, 'node_modules', '.cache', 'consumer-aws-cdk-lib', version);
  const modules = path.join(dir, 'node_modules');
  if (!fs.existsSync(path.join(modules, 'aws-cdk-lib', 'package.json'))) {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'aws-cdk-lib-at', private: true }));
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', `aws-cdk-lib@${version}`, 'constructs@^10'], dir);
  }
  return modules;
}

/**
 * A new TypeScript project in `consumer` outside this repository: the tarball with its own dependencies only;
 * its peers, aws-cdk-lib and constructs, linked in from an install at `version`, with `linked` (more packages of
 * that install); `sources` written and compiled with tsc.
 */
function consumerProject(consumer: string, tarball: string, version: string, sources: Record<string, string>, linked: string[] = []): void {
  fs.mkdirSync(consumer);
  fs.writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  fs.writeFileSync(
    path.join(consumer, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, skipLibCheck: true, types: [] } }),
  );
  for (const [file, text] of Object.entries(sources)) fs.writeFileSync(path.join(consumer, file), text);
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--legacy-peer-deps', tarball], consumer);
  const peers = awsCdkLibAt(version);
  for (const name of ['aws-cdk-lib', 'constructs', ...linked]) {
    fs.symlinkSync(path.join(peers, name), path.join(consumer, 'node_modules', name), 'dir');
  }
  expect(JSON.parse(fs.readFileSync(path.join(consumer, 'node_modules', 'aws-cdk-lib', 'package.json'), 'utf8')).version).toBe(version);
  run(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], consumer);
}

/** Runs the compiled `script` of a consumer as the CLI would, into its own folder; `env` adds to or removes from the environment. */
function synthesize(consumer: string, script: string, env: NodeJS.ProcessEnv = {}): { outdir: string; stdout: string } {
  const outdir = path.join(consumer, 'cdk.out', path.basename(script, '.js'));
  try {
    const stdout = execFileSync(process.execPath, [script], {
      cwd: consumer,
      env: { ...process.env, CDK_OUTDIR: outdir, ...env },
      encoding: 'utf8',
      stdio: 'pipe',
    });
    return { outdir, stdout };
  } catch (error: any) {
    // Node prints the source line of an uncaught error, which for aws-cdk-lib's minified code is a whole file.
    const stderr = String(error.stderr ?? '')
      .split('\n')
      .filter((line) => line.length < 1000)
      .join('\n');
    throw new Error(`${script} exited with ${error.status}:\n${stderr}`);
  }
}

function readJson(dir: string, file: string): any {
  return JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
}

/** The annotations of a level (`error`, `warning`, `info`) in a cloud assembly: each construct path with its messages. */
function annotations(outdir: string, level: string): Array<[string, unknown]> {
  return Object.values<any>(readJson(outdir, 'manifest.json').artifacts).flatMap((artifact) => {
    const metadata = { ...artifact.metadata, ...(artifact.additionalMetadataFile && readJson(outdir, artifact.additionalMetadataFile)) };
    return Object.entries<any[]>(metadata).flatMap(([where, entries]) =>
      entries.filter((entry) => entry.type === `aws:cdk:${level}`).map((entry): [string, unknown] => [where, entry.data]),
    );
  });
}

/** The one resource of a type in a template, with its logical ID. */
function single(template: any, type: string): { id: string; resource: any } {
  const ids = Object.keys(template.Resources).filter((id) => template.Resources[id].Type === type);
  expect(ids).toHaveLength(1);
  return { id: ids[0], resource: template.Resources[ids[0]] };
}

/** The template of the stack the cloud assembly names `displayName`. */
function stackTemplate(outdir: string, displayName: string): any {
  const [artifact] = Object.values<any>(readJson(outdir, 'manifest.json').artifacts).filter((a) => a.displayName === displayName);
  return readJson(outdir, artifact.properties.templateFile);
}

/** The trust policy statements of the pod role of service account `serviceAccount` (namespace payments). */
function trustStatements(template: any, serviceAccount: string): any[] {
  const [role] = Object.values<any>(template.Resources).filter(
    (r) => r.Type === 'AWS::IAM::Role' && r.Properties.RoleName?.startsWith(`eks-payments-${serviceAccount}-`),
  );
  return role.Properties.AssumeRolePolicyDocument.Statement;
}

/**
 * `template` as CloudFormation deploys it once the cluster exists: each reference to the cluster stack's output
 * of the cluster's issuer or name replaced by that value. A new app's references
 * are weak (`@aws-cdk/core:defaultCrossStackReferences`): a `Fn::GetStackOutput` of the output, not an import.
 */
function withClusterValues(template: any, clusterStack: any): any {
  const cluster = single(clusterStack, 'AWS::EKS::Cluster').id;
  const values = new Map([
    [JSON.stringify({ 'Fn::GetAtt': [cluster, 'OpenIdConnectIssuerUrl'] }), ISSUER_URL],
    [JSON.stringify({ Ref: cluster }), CLUSTER_NAME],
  ]);
  const deployed = (reference: any) => {
    const { StackName, OutputName } = reference['Fn::GetStackOutput'] ?? {};
    const output = StackName === 'Platform' ? clusterStack.Outputs?.[OutputName] : undefined;
    // Other references (the kubectl provider's service token) stay as they are.
    return (output && values.get(JSON.stringify(output.Value))) ?? reference;
  };
  return JSON.parse(
    JSON.stringify(template, (_key, value) =>
      value && typeof value === 'object' && ('Fn::GetStackOutput' in value || 'Fn::ImportValue' in value) ? deployed(value) : value,
    ),
  );
}

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, npm_config_loglevel: 'error' },
  });
}

describe('the published package', () => {
  let work: string;
  let tarball: string;

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'consumer-'));
    tarball = builtPackage('js', '.jsii.tgz');
    const files = run('tar', ['-tzf', tarball], work)
      .split('\n')
      .filter((f) => f !== '')
      .map((f) => f.replace(/^package\//, ''));
    fs.writeFileSync(path.join(work, 'files.json'), JSON.stringify(files));
  });

  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  /**
   * The consumer project at an aws-cdk-lib version, made once for the tests that use it (one install and one
   * compile): the README's example with a Pod Identity workload and the checks plugin (`app.ts`), and an app
   * with an aws_eks cluster (`cluster-app.ts`).
   */
  const consumers = new Map<string, string>();
  function consumerAt(version: string): string {
    if (!consumers.has(version)) {
      const consumer = path.join(work, `consumer-${version}`);
      const example = readmeBlocks('ts')[0];
      consumerProject(consumer, tarball, version, {
        'app.ts': `${example}\n${POD_IDENTITY}\n${CHECKS_PLUGIN}\napp.synth();\n`,
        'cluster-app.ts': FLOOR_CLUSTER_APP,
      });
      consumers.set(version, consumer);
    }
    return consumers.get(version)!;
  }

  test('ships only compiled code, types, the jsii assembly, bundled dependencies, README, LICENSE and package.json', () => {
    const files: string[] = JSON.parse(fs.readFileSync(path.join(work, 'files.json'), 'utf8'));
    expect(files).toContain('dist/index.js');
    expect(files).toContain('dist/index.d.ts');
    expect(files).toEqual(expect.arrayContaining(['README.md', 'LICENSE', 'package.json', '.jsii']));
    const bundled: string[] = PACKAGE.bundleDependencies ?? PACKAGE.bundledDependencies;
    for (const name of bundled) expect(files).toContain(`node_modules/${name}/package.json`);
    const unexpected = files.filter(
      (f) =>
        !/^dist\/.*\.(js|d\.ts)$/.test(f) &&
        !bundled.some((name) => f.startsWith(`node_modules/${name}/`)) &&
        !['README.md', 'LICENSE', 'package.json', 'CHANGELOG.md', '.jsii'].includes(f),
    );
    expect(unexpected).toEqual([]);
  });

  test.each([
    ['the floor of the peer range', PEER_FLOOR],
    ['the development version', CURRENT],
  ])(
    'installs with aws-cdk-lib at %s (%s) into a new TypeScript CDK app, which compiles, synthesizes with the checks plugin and checks itself with the command',
    (_name, version) => {
      const consumer = consumerAt(version);
      const { outdir, stdout: output } = synthesize(consumer, 'app.js');
      // The role-path SCP names the synthesizer's execution role at this version of aws-cdk-lib too.
      // The checks plugin reports on stdout too, so the policy is the line marked `SCP`.
      const scp = output.split('\n').find((line) => line.startsWith('SCP '))!;
      expect(JSON.parse(scp.slice('SCP '.length)).Statement[0].Condition.ArnNotEquals['aws:PrincipalArn']).toEqual([
        'arn:aws:iam::111111111111:role/cdk-hnb659fds-cfn-exec-role-111111111111-eu-west-1',
      ]);

      const templates = fs.readdirSync(outdir).filter((f) => f.endsWith('.template.json'));
      expect(templates).toHaveLength(6);
      const read = (f: string) => JSON.parse(fs.readFileSync(path.join(outdir, f), 'utf8'));
      const types = templates.flatMap((f) => Object.values(read(f).Resources).map((r: any) => r.Type));
      expect(new Set(types)).toEqual(
        new Set([
          'AWS::IAM::Role',
          'AWS::IAM::ManagedPolicy',
          'AWS::SecretsManager::Secret',
          'AWS::SecretsManager::ResourcePolicy',
          'AWS::KMS::Key',
          'AWS::KMS::Alias',
          'AWS::EKS::PodIdentityAssociation',
          ...(types.includes('AWS::CDK::Metadata') ? ['AWS::CDK::Metadata'] : []),
        ]),
      );
      // The secret stack deploys after the key stack, with either name of the dependency API.
      const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
      const secretArtifact = Object.entries<any>(manifest.artifacts).find(
        ([id, a]) => id.startsWith('TestAppSecret') && a.type === 'aws:cloudformation:stack',
      )![1];
      expect(secretArtifact.dependencies.some((d: string) => d.startsWith('TestAppKey') && !d.endsWith('.assets'))).toBe(true);
      // The one acknowledgement: through Validations where aws-cdk-lib has it (2.252.0 and later), else
      // as the cdk_nag metadata cdk-nag 2 reads.
      const workload = read(templates.find((f) => f.startsWith('TestAppWorkload'))!);
      const policy = Object.values<any>(workload.Resources).find((r) => r.Type === 'AWS::IAM::ManagedPolicy');
      const hasValidations = version === CURRENT;
      expect(policy.Metadata?.cdk_nag?.rules_to_suppress?.map((r: any) => [r.id, r.applies_to])).toEqual(
        hasValidations ? undefined : [['AwsSolutions-IAM5', ['Resource::arn:aws:kms:eu-west-1:333333333333:key/*']]],
      );

      // The app's synth alone wrote each construct's files into its folder (custom synthesis, which
      // aws-cdk-lib has at the floor too).
      for (const folder of ['TestApp', 'Pods']) {
        expect(fs.readdirSync(path.join(outdir, folder)).sort()).toEqual(['access-review.md', 'kubernetes', 'role-path-scp.json']);
      }
      expect(fs.readdirSync(path.join(outdir, 'Pods', 'kubernetes'))).toContain('service-accounts.yaml');

      // The installed command (the package's bin, as npx runs it) passes the app it just synthesized.
      const checked = run(path.join(consumer, 'node_modules', '.bin', 'cdk-eks-cross-account-secrets'), ['check', outdir], consumer);
      expect(checked).toBe('No findings in 6 templates.\n');
    },
  );

  test(`at the floor of the peer range (${PEER_FLOOR}), an aws_eks cluster of the app: the trust reads its issuer, and its ServiceAccount is applied through it`, () => {
    const consumer = consumerAt(PEER_FLOOR);
    const zones = { 'availability-zones:account=111111111111:region=eu-west-1': ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'] };
    const { outdir } = synthesize(consumer, 'cluster-app.js', { CDK_CONTEXT_JSON: JSON.stringify(zones) });
    expect(annotations(outdir, 'error')).toEqual([]);
    const template = stackTemplate(outdir, 'Payments/Workload');
    const [trust] = trustStatements(template, 'api');
    expect(template.Resources[trust.Condition['Fn::GetAtt'][0]].Type).toBe('Custom::AWSCDKCfnJson');
    const { resource } = single(template, 'Custom::AWSCDK-EKS-KubernetesResource');
    const [account] = JSON.parse(resource.Properties.Manifest);
    expect(account).toMatchObject({
      kind: 'ServiceAccount',
      metadata: {
        name: 'api',
        namespace: 'payments',
        annotations: {
          'eks.amazonaws.com/role-arn': expect.stringMatching(/^arn:aws:iam::111111111111:role\/eks-secrets\/eks-payments-api-/),
        },
      },
    });
    // After the pod role (the stack has CfnJson's provider role too).
    const podRole = Object.keys(template.Resources).find((id) =>
      template.Resources[id].Properties?.RoleName?.startsWith('eks-payments-api-'),
    );
    expect(resource.DependsOn).toContain(podRole);
  });

  describe('at the development version, a new app that builds its own aws_eks_v2 cluster', () => {
    let consumer: string;
    let outdir: string;
    let stdout: string;
    // The context the CLI gives the app: cdk.json's, where `cdk init` writes the recommended feature flags
    // (among them the cluster's native IAM OIDC provider)...
    const cdkJson = { ...CURRENTLY_RECOMMENDED_FLAGS };
    // ...and cdk.context.json's, what the CLI looked up once: the account's zones, for the cluster's VPC.
    const cdkContextJson = { 'availability-zones:account=111111111111:region=eu-west-1': ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'] };
    // CloudFormation validation on, as on a user's machine (test/support/setup-env.ts turns it off in Jest).
    const asTheCli = (context: object) => ({ CDK_CONTEXT_JSON: JSON.stringify(context), CDK_VALIDATION: undefined });

    beforeAll(() => {
      consumer = path.join(work, 'consumer-cluster');
      consumerProject(consumer, tarball, CURRENT, { 'app.ts': CLUSTER_APP, 'lookup-app.ts': LOOKUP_APP }, ['cdk-nag']);
      ({ outdir, stdout } = synthesize(consumer, 'app.js', asTheCli({ ...cdkJson, ...cdkContextJson })));
    });

    test('synthesizes offline, with cdk-nag AwsSolutions on the library stacks and the checks plugin both clean, and no warning on the library stacks', () => {
      // The synth above exits 1 on a finding of either. This line shows that the pack ran, on which stacks.
      const judged = stdout.split('\n').find((line) => line.startsWith('AwsSolutions judges '))!;
      expect(JSON.parse(judged.slice('AwsSolutions judges '.length)).sort()).toEqual(LIBRARY_STACKS);
      expect(readJson(outdir, 'manifest.json').missing).toBeUndefined();
      expect(annotations(outdir, 'error')).toEqual([]);
      expect(annotations(outdir, 'warning').filter(([where]) => where.startsWith('/Payments/'))).toEqual([]);
    });

    test("the cluster's IAM OIDC provider is the native AWS::IAM::OIDCProvider, by the recommended feature flag", () => {
      expect(CURRENTLY_RECOMMENDED_FLAGS[EKS_USE_NATIVE_OIDC_PROVIDER]).toBe(true);
      const platform = stackTemplate(outdir, 'Platform');
      const cluster = single(platform, 'AWS::EKS::Cluster').id;
      expect(single(platform, 'AWS::IAM::OIDCProvider').resource.Properties).toMatchObject({
        Url: { 'Fn::GetAtt': [cluster, 'OpenIdConnectIssuerUrl'] },
        ClientIdList: ['sts.amazonaws.com'],
      });
      expect(JSON.stringify(platform)).not.toContain('Custom::AWSCDKOpenIdConnectProvider');
    });

    test("the IRSA role trusts the cluster's issuer: deployed, its condition pins sub and aud exactly", () => {
      const platform = stackTemplate(outdir, 'Platform');
      const template = stackTemplate(outdir, 'Payments/Workloads-111111111111-eu-west-1');
      const trust = trustStatements(template, 'api');
      expect(trust).toHaveLength(1);
      // A condition key that names a token issuer cannot be written in a template: the library renders the
      // condition as a CfnJson, whose value CloudFormation resolves once the cluster stack exports the issuer.
      const conditions = trust[0].Condition['Fn::GetAtt'];
      expect(conditions[1]).toBe('Value');
      expect(template.Resources[conditions[0]].Type).toBe('Custom::AWSCDKCfnJson');
      const deployed = withClusterValues(template, platform);
      const resolver = new TemplateResolver({ stackName: 'Workloads', template: deployed, account: '111111111111', region: 'eu-west-1' });
      expect(JSON.parse(resolver.resolve(deployed.Resources[conditions[0]].Properties.Value, conditions[0]) as string)).toEqual({
        StringEquals: { [`${ISSUER}:sub`]: 'system:serviceaccount:payments:api', [`${ISSUER}:aud`]: 'sts.amazonaws.com' },
      });
      expect(resolver.resolve(withClusterValues(trust[0], platform).Principal.Federated, 'Principal')).toBe(
        `arn:aws:iam::111111111111:oidc-provider/${ISSUER}`,
      );
      expect(trust[0].Action).toBe('sts:AssumeRoleWithWebIdentity');
    });

    test("the Pod Identity association names the cluster, by a reference to the cluster stack's output", () => {
      const platform = stackTemplate(outdir, 'Platform');
      const template = stackTemplate(outdir, 'Payments/Workloads-111111111111-eu-west-1');
      const { resource } = single(template, 'AWS::EKS::PodIdentityAssociation');
      expect(resource.Properties).toMatchObject({
        // A weak reference, as new apps make them (`@aws-cdk/core:defaultCrossStackReferences`).
        ClusterName: { 'Fn::GetStackOutput': { StackName: 'Platform', OutputName: expect.any(String), Region: 'eu-west-1' } },
        Namespace: 'payments',
        ServiceAccount: 'worker',
      });
      expect(withClusterValues(resource, platform).Properties.ClusterName).toBe(CLUSTER_NAME);
    });

    test("the workloads' objects are applied through the cluster's kubectl provider, each after what it needs", () => {
      const template = stackTemplate(outdir, 'Payments/Workloads-111111111111-eu-west-1');
      const manifests = Object.entries<any>(template.Resources).filter(([, r]) => r.Type === 'Custom::AWSCDK-EKS-KubernetesResource');
      const byObject = Object.fromEntries(
        manifests.map(([id, r]) => [
          JSON.parse(r.Properties.Manifest)
            .map((o: any) => `${o.kind} ${o.metadata.name}`)
            .join(),
          { id, ...r },
        ]),
      );
      expect(Object.keys(byObject).sort()).toEqual(['SecretProviderClass api-secrets', 'ServiceAccount api', 'ServiceAccount worker']);
      const idOf = (type: string, prefix: string) =>
        Object.keys(template.Resources).find((id) => template.Resources[id].Type === type && id.startsWith(prefix))!;
      // The ServiceAccounts after their pod roles (the worker's after its Pod Identity association too); the
      // SecretProviderClass after the API's ServiceAccount.
      expect(byObject['ServiceAccount api'].DependsOn).toContain(idOf('AWS::IAM::Role', 'ApiPodRole'));
      expect(byObject['ServiceAccount worker'].DependsOn).toEqual(
        expect.arrayContaining([idOf('AWS::IAM::Role', 'WorkerPodRole'), idOf('AWS::EKS::PodIdentityAssociation', 'Worker')]),
      );
      expect(byObject['SecretProviderClass api-secrets'].DependsOn).toContain(byObject['ServiceAccount api'].id);
      for (const [, manifest] of manifests) {
        // The service token is the cluster's kubectl provider, in the cluster's stack.
        expect(JSON.stringify(manifest.Properties.ServiceToken)).toContain('Fn::GetStackOutput');
      }
    });

    test('the installed check command passes the assembly, the cluster stack included', () => {
      const checked = run(path.join(consumer, 'node_modules', '.bin', 'cdk-eks-cross-account-secrets'), ['check', outdir], consumer);
      expect(checked).toBe('No findings in 4 templates.\n');
    });

    test('an issuer from an SSM lookup synthesizes with an empty cdk.context.json: the lookup is left to the CLI, and the library adds no error', () => {
      const first = synthesize(consumer, 'lookup-app.js', asTheCli(cdkJson)).outdir;
      const key = 'ssm:account=111111111111:parameterName=/eks/prod/oidc-issuer:region=eu-west-1';
      expect(readJson(first, 'manifest.json').missing).toEqual([
        expect.objectContaining({ key, provider: 'ssm', props: expect.objectContaining({ parameterName: '/eks/prod/oidc-issuer' }) }),
      ]);
      expect(annotations(first, 'error')).toEqual([]);
      expect(annotations(first, 'info')).toContainEqual([
        '/Payments/Workloads-111111111111-eu-west-1/Api',
        expect.stringContaining('context lookup not performed yet'),
      ]);
      // The CLI looks the value up and runs the app again: the issuer is then trusted as a literal.
      const second = synthesize(consumer, 'lookup-app.js', asTheCli({ ...cdkJson, [key]: ISSUER_URL })).outdir;
      expect(readJson(second, 'manifest.json').missing).toBeUndefined();
      const [trust] = trustStatements(stackTemplate(second, 'Payments/Workloads-111111111111-eu-west-1'), 'api');
      expect(trust.Condition).toEqual({
        StringEquals: { [`${ISSUER}:sub`]: 'system:serviceaccount:payments:api', [`${ISSUER}:aud`]: 'sts.amazonaws.com' },
      });
    });
  });
});
