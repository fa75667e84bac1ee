import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { cli } from '../support/run-cli';
import { SharedSecret } from './cdk-apps';
import { SECRET } from './templates';

// Acknowledgements in the command line: given with --acknowledge or a file, and those recorded in the
// app (Validations.acknowledge, cdk-nag's rules_to_suppress metadata), read from the cloud assembly.

let work: string;

/** A grantRead across accounts (EKSSEC4, EKSSEC5 ×2, EKSSEC6, EKSSEC7), synthesized without path metadata. */
function sharedSecretAssembly(name: string, acknowledge: (shared: SharedSecret, stack: Stack, app: App) => void = () => {}): string {
  const outdir = path.join(work, name);
  const app = new App({ outdir, analyticsReporting: false });
  const stack = new Stack(app, 'Secrets', { env: { account: SECRET, region: 'eu-west-1' } });
  acknowledge(new SharedSecret(stack, 'Shared'), stack, app);
  app.synth();
  return outdir;
}

const ruleCounts = (stdout: string) => /\((EKSSEC.*)\)\.\n/.exec(stdout)?.[1];

let plain: string;

beforeAll(() => {
  process.env.CDK_VALIDATION = 'false';
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'checks-ack-'));
  plain = sharedSecretAssembly('plain');
});

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('check --acknowledge', () => {
  test('without acknowledgements: five findings, named by construct path from the assembly metadata', async () => {
    const { code, stdout } = await cli('check', plain);
    expect(code).toBe(1);
    expect(ruleCounts(stdout)).toBe('EKSSEC4 ×1, EKSSEC5 ×2, EKSSEC6 ×1, EKSSEC7 ×1');
    expect(stdout).toMatch(/- Secrets\/Shared\/Secret\/Policy\/Resource \(SharedSecretPolicy\w+, AWS::SecretsManager::ResourcePolicy\)/);
  });

  test('by construct path: the construct and everything under it; by logical ID: that resource only', async () => {
    const policyLogicalId = /\(SharedSecretPolicy(\w+),/.exec((await cli('check', plain)).stdout)![0].slice(1, -1);
    const { code, stdout } = await cli(
      'check',
      plain,
      '--acknowledge',
      'EKSSEC5:Secrets/Shared/Key',
      '--acknowledge',
      `EKSSEC7:${policyLogicalId}`,
    );
    expect(code).toBe(1);
    expect(ruleCounts(stdout)).toBe('EKSSEC4 ×1, EKSSEC5 ×1, EKSSEC6 ×1');
    expect(stdout).toContain('2 acknowledged:\n  - EKSSEC5 Secrets/Shared/Key/Resource');
    expect(stdout).toMatch(/ {2}- EKSSEC7 Secrets\/Shared\/Secret\/Policy\/Resource \(.*\) in Secrets \(--acknowledge\)/);
  });

  test('acknowledging every finding exits 0, and the namespaced rule ID and * work', async () => {
    const { code, stdout } = await cli(
      'check',
      plain,
      ...['CrossAccountSecretsChecks::EKSSEC4:*', 'EKSSEC5:*', 'EKSSEC6:Secrets', 'eksSec7:Secrets/Shared'].flatMap((a) => [
        '--acknowledge',
        a,
      ]),
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/^No findings in 1 template\.\n\n5 acknowledged:\n/);
  });

  test('from a file, with the reason shown; --json lists them apart from the open findings', async () => {
    const file = path.join(work, 'acks.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        acknowledgements: [{ id: 'EKSSEC5', target: 'Secrets/Shared', reason: 'the platform team recreates no roles' }],
      }),
    );
    const { stdout } = await cli('check', plain, '--acknowledgements', file);
    expect(stdout).toContain(`  - EKSSEC5 Secrets/Shared/Key/Resource`);
    expect(stdout).toContain(`: the platform team recreates no roles (${file})`);
    const json = JSON.parse((await cli('check', plain, '--acknowledgements', file, '--json')).stdout);
    expect(json.findings.map((f: any) => f.ruleId)).toEqual(['EKSSEC4', 'EKSSEC6', 'EKSSEC7']);
    expect(json.acknowledged.map((a: any) => [a.finding.ruleId, a.acknowledgement.reason])).toEqual([
      ['EKSSEC5', 'the platform team recreates no roles'],
      ['EKSSEC5', 'the platform team recreates no roles'],
    ]);
  });

  test('an acknowledgement that covers no finding is reported on stderr, and does not fail the run', async () => {
    const { stderr } = await cli('check', plain, '--acknowledge', 'EKSSEC1:Secrets');
    expect(stderr).toBe('warning: acknowledgement EKSSEC1:Secrets (--acknowledge) covers no finding\n');
  });

  test.each([
    ['an unknown rule', ['--acknowledge', 'EKSSEC99:Secrets'], /unknown rule "EKSSEC99": use one of EKSSEC1, .*EKSSEC9/],
    ['no target', ['--acknowledge', 'EKSSEC5'], /write <rule ID>:<logical ID, construct path or \*>/],
    ['a file that is not there', ['--acknowledgements', '/nonexistent/acks.json'], /--acknowledgements \/nonexistent\/acks.json: ENOENT/],
  ])('exits 2 on %s', async (_label, args, message) => {
    const { code, stderr } = await cli('check', plain, ...args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  test.each([
    ['an entry without a reason', [{ id: 'EKSSEC5', target: '*' }], /entry 0: needs a "reason"/],
    ['an entry without a target', [{ id: 'EKSSEC5', reason: 'x' }], /entry 0: needs "id" \(a rule ID\) and "target"/],
    ['something other than a list', { id: 'EKSSEC5' }, /expected a list of \{ "id", "target", "reason" \}/],
  ])('exits 2 on a file with %s', async (_label, content, message) => {
    const file = path.join(work, 'bad.json');
    fs.writeFileSync(file, JSON.stringify(content));
    const { code, stderr } = await cli('check', plain, '--acknowledgements', file);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });
});

describe('check honours the acknowledgements recorded in the app', () => {
  test('Validations.acknowledge on a construct or its stack, plain or namespaced', async () => {
    const outdir = sharedSecretAssembly('validations', (shared, stack) => {
      Validations.of(shared.secret).acknowledge({ id: 'EKSSEC7', reason: 'test: the platform team sets it' });
      Validations.of(shared.key).acknowledge({ id: 'CrossAccountSecretsChecks::EKSSEC6', reason: 'test: reviewed key policy' });
      Validations.of(stack).acknowledge({ id: 'EKSSEC5', reason: 'test: role ARNs on purpose' });
    });
    const { code, stdout } = await cli('check', outdir);
    expect(code).toBe(1);
    expect(ruleCounts(stdout)).toBe('EKSSEC4 ×1');
    expect(stdout).toContain('4 acknowledged:');
    expect(stdout).toContain(': test: role ARNs on purpose (Validations.acknowledge in the app)');
  });

  test("cdk-nag's rules_to_suppress metadata on the resource", async () => {
    const outdir = sharedSecretAssembly('cdk-nag', (shared) => {
      const policy = shared.secret.node.findChild('Policy').node.defaultChild as any;
      policy.addMetadata('cdk_nag', { rules_to_suppress: [{ id: 'EKSSEC7', reason: 'test: set by the platform team' }] });
    });
    const { stdout } = await cli('check', outdir);
    expect(ruleCounts(stdout)).toBe('EKSSEC4 ×1, EKSSEC5 ×2, EKSSEC6 ×1');
    expect(stdout).toContain(': test: set by the platform team (cdk_nag metadata)');
  });

  test('an acknowledgement on the app itself is not in the cloud assembly, so the command does not see it', async () => {
    const outdir = sharedSecretAssembly('on-the-app', (_shared, _stack, app) =>
      Validations.of(app).acknowledge({ id: 'EKSSEC7', reason: 'test: app-wide' }),
    );
    expect(ruleCounts((await cli('check', outdir)).stdout)).toBe('EKSSEC4 ×1, EKSSEC5 ×2, EKSSEC6 ×1, EKSSEC7 ×1');
  });
});
