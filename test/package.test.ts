import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { builtPackage } from '../scripts/jsii-artifacts';
import { readmeBlocks } from './readme-examples';

// Installs the npm tarball that jsii-pacmak built (`npm run package`) into a new TypeScript project outside this
// repository (so no devDependency can leak in), compiles the README's quick-start example there and synthesizes it.
// The consumer gets aws-cdk-lib at the floor of the peer range, so the range is proven, not claimed.

const ROOT = path.join(__dirname, '..');
const PEER_FLOOR: string = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).peerDependencies['aws-cdk-lib'].replace(
  /^\^/,
  '',
);

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
    const bundled: string[] = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).bundledDependencies;
    for (const name of bundled) expect(files).toContain(`node_modules/${name}/package.json`);
    const unexpected = files.filter(
      (f) =>
        !/^dist\/.*\.(js|d\.ts)$/.test(f) &&
        !bundled.some((name) => f.startsWith(`node_modules/${name}/`)) &&
        !['README.md', 'LICENSE', 'package.json', 'CHANGELOG.md', '.jsii'].includes(f),
    );
    expect(unexpected).toEqual([]);
  });

  test('installs into a new TypeScript CDK app, which compiles the README example, synthesizes three stacks and checks them with its command', () => {
    const consumer = path.join(work, 'consumer');
    fs.mkdirSync(consumer);
    fs.writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
    fs.writeFileSync(
      path.join(consumer, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, skipLibCheck: true, types: [] } }),
    );
    const example = readmeBlocks('ts')[0];
    fs.writeFileSync(path.join(consumer, 'app.ts'), `${example}\napp.synth();\n`);

    run(
      'npm',
      ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball, `aws-cdk-lib@${PEER_FLOOR}`, 'constructs@^10', 'typescript@~5.9'],
      consumer,
    );
    run(process.execPath, [path.join(consumer, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], consumer);
    const outdir = path.join(consumer, 'cdk.out');
    execFileSync(process.execPath, ['app.js'], { cwd: consumer, env: { ...process.env, CDK_OUTDIR: outdir }, stdio: 'pipe' });

    const templates = fs.readdirSync(outdir).filter((f) => f.endsWith('.template.json'));
    expect(templates).toHaveLength(3);
    const all = templates.map((f) => fs.readFileSync(path.join(outdir, f), 'utf8')).join('\n');
    expect(all).toContain('"AWS::IAM::Role"');
    expect(all).toContain('"AWS::SecretsManager::Secret"');
    expect(all).toContain('"AWS::KMS::Key"');
    expect(JSON.parse(fs.readFileSync(path.join(consumer, 'node_modules', 'aws-cdk-lib', 'package.json'), 'utf8')).version).toBe(
      PEER_FLOOR,
    );

    // The installed command (the package's bin, as npx runs it) passes the app it just synthesized.
    const checked = run(path.join(consumer, 'node_modules', '.bin', 'cdk-eks-cross-account-secrets'), ['check', outdir], consumer);
    expect(checked).toBe('No findings in 3 templates.\n');
  });
});
