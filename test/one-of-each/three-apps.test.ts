import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import {
  AccessFingerprints,
  CrossAccountSecretAccess,
  CrossAccountSecretAccessProps,
  CrossAccountSecrets,
  KeyStack,
  SecretStack,
  WorkloadStack,
} from '../../lib';
import { runCli } from '../../lib/cli/program';
import { verifyAssemblies } from '../../lib/private/outputs/verify-assemblies';
import { FINGERPRINT_METADATA } from '../../lib/private/render/fingerprint';
import { seedProps, withProps } from '../support/helpers';

/** Synthesizes one app into its own directory, as one team's repository would. */
function synth(build: (app: App) => void): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'three-apps-'));
  const app = new App({ outdir, analyticsReporting: false, context: { '@aws-cdk/core:validateAgainstDefaultRules': true } });
  build(app);
  app.synth();
  return outdir;
}

function template(outdir: string, stackName: string) {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
  const artifact = Object.values<any>(manifest.artifacts).find((a) => a.properties?.stackName === stackName);
  return JSON.parse(fs.readFileSync(path.join(outdir, artifact.properties.templateFile), 'utf8'));
}

const threeApps = (secretProps: CrossAccountSecretAccessProps = seedProps()) => ({
  workload: synth((app) => new WorkloadStack(app, 'Workload', { access: seedProps(), stackName: 'TestApp-Workload' })),
  secret: synth((app) => new SecretStack(app, 'Secret', { access: secretProps, stackName: 'TestApp-Secret' })),
  key: synth((app) => new KeyStack(app, 'Key', { access: seedProps(), stackName: 'TestApp-Key' })),
});

describe('three teams, three repositories', () => {
  const oneApp = synth((app) => new CrossAccountSecretAccess(app, 'TestApp', seedProps()));
  const apps = threeApps();

  test.each(['Workload', 'Secret', 'Key'])('the %s app synthesizes the same template as the one-app construct', (part) => {
    const stackName = `TestApp-${part}`;
    const own = apps[part.toLowerCase() as keyof typeof apps];
    expect(template(own, stackName).Resources).toEqual(template(oneApp, stackName).Resources);
    expect(template(own, stackName).Metadata).toEqual(template(oneApp, stackName).Metadata);
  });

  test('every stack records the fingerprint and the description of the access', () => {
    const recorded = template(oneApp, 'TestApp-Secret').Metadata[FINGERPRINT_METADATA];
    expect(recorded.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(recorded.description.grants).toEqual([
      {
        roleArn: 'arn:aws:iam::111111111111:role/eks-secrets/pod-role',
        secretArnPattern: 'arn:aws:secretsmanager:eu-west-1:222222222222:secret:testsecret-??????',
      },
    ]);
  });

  test('verify: the four apps agree', async () => {
    expect(verifyAssemblies([oneApp, apps.workload, apps.secret, apps.key]).differences).toEqual([]);
    const out: string[] = [];
    const code = await runCli(['node', 'cli', 'verify', apps.workload, apps.secret, apps.key], {
      stdout: (t) => out.push(t),
      stderr: (t) => out.push(t),
    });
    expect(code).toBe(0);
    expect(out.join('')).toMatch(/^3 stacks in 3 apps describe the same access \(fingerprint [0-9a-f]{16}\)\.\n$/);
  });

  test('verify catches a changed secret name in one app, and names it', async () => {
    const changed = threeApps(withProps({ secret: { secretName: 'othersecret' } }));
    const out: string[] = [];
    const code = await runCli(['node', 'cli', 'verify', changed.workload, changed.secret, changed.key], {
      stdout: (t) => out.push(t),
      stderr: (t) => out.push(t),
    });
    expect(code).toBe(1);
    const text = out.join('');
    expect(text).toContain('The apps describe different access:');
    expect(text).toContain(
      `- TestApp-Secret (${changed.secret}) differs from TestApp-Workload (${changed.workload}): secrets[0].name: "testsecret" ≠ "othersecret"`,
    );
    expect(text).toContain('grants[0].secretArnPattern: "arn:aws:secretsmanager:eu-west-1:222222222222:secret:testsecret-??????" ≠');
  });

  test('verify rejects a directory that is not a cloud assembly, and a single app', async () => {
    const err: string[] = [];
    const io = { stdout: () => undefined, stderr: (t: string) => err.push(t) };
    expect(await runCli(['node', 'cli', 'verify', os.tmpdir(), apps.key], io)).toBe(2);
    expect(err.join('')).toMatch(/is not a cloud assembly: it has no manifest\.json/);
    expect(await runCli(['node', 'cli', 'verify', apps.key], io)).toBe(2);
    expect(err.join('')).toContain('give at least two cloud assemblies to compare');
  });

  test('graph stacks record the whole graph', () => {
    const outdir = synth((app) => {
      const secrets = new CrossAccountSecrets(app, 'Graph');
      const key = secrets.addKey('K', { account: '333333333333', region: 'eu-west-1', alias: 'k' });
      secrets.addSecret('S', { account: '222222222222', region: 'eu-west-1', secretName: 's', key });
    });
    const stacks = verifyAssemblies([outdir, outdir]).stacks;
    expect(stacks.map((s) => s.stackName).sort()).toEqual([
      'Graph-Keys-333333333333-eu-west-1',
      'Graph-Keys-333333333333-eu-west-1',
      'Graph-Secrets-222222222222-eu-west-1',
      'Graph-Secrets-222222222222-eu-west-1',
    ]);
  });
});

describe('AccessFingerprints.differences', () => {
  test('is empty when the apps agree, and names the difference when not', () => {
    const agree = threeApps();
    expect(AccessFingerprints.differences([agree.workload, agree.secret, agree.key])).toEqual([]);
    const changed = threeApps(withProps({ secret: { secretName: 'othersecret' } }));
    expect(AccessFingerprints.differences([changed.workload, changed.secret])).toContainEqual(
      expect.stringMatching(/: secrets\[0\]\.name: "testsecret" ≠ "othersecret"$/),
    );
  });
});
