import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { builtPackage } from '../../scripts/jsii-artifacts';
import { readmeBlocks } from '../support/readme-examples';

// Installs the npm tarball that jsii-pacmak built (`npm run package`) into a new TypeScript project outside this
// repository (so no devDependency can leak in), compiles the README's quick-start example there and synthesizes it.
// The consumer gets aws-cdk-lib at the floor of the peer range and at the version the library is developed with,
// so the range is proven, not claimed.

const ROOT = path.join(__dirname, '..', '..');
const PACKAGE = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const PEER_FLOOR: string = PACKAGE.peerDependencies['aws-cdk-lib'].replace(/^\^/, '');
const CURRENT: string = PACKAGE.devDependencies['aws-cdk-lib'];

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
  const stdout = execFileSync(process.execPath, [script], {
    cwd: consumer,
    env: { ...process.env, CDK_OUTDIR: outdir, ...env },
    encoding: 'utf8',
    stdio: 'pipe',
  });
  return { outdir, stdout };
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
      const consumer = path.join(work, `consumer-${version}`);
      const example = readmeBlocks('ts')[0];
      consumerProject(consumer, tarball, version, { 'app.ts': `${example}\n${POD_IDENTITY}\n${CHECKS_PLUGIN}\napp.synth();\n` });
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
});
