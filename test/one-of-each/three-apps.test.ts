import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stage } from 'aws-cdk-lib';
import {
  AccessFingerprints,
  CrossAccountSecretAccess,
  CrossAccountSecretAccessProps,
  CrossAccountSecrets,
  GrantPrincipal,
  KeyStack,
  ReadableVersions,
  SecretStack,
  WorkloadStack,
} from '../../lib';
import { runCli } from '../../lib/cli/program';
import { FINGERPRINT_METADATA } from '../../lib/private/outputs/access-description';
import { verifyAssemblies } from '../../lib/private/outputs/verify-assemblies';
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

  test('a template records only the fingerprint of its stack; the description is in the cloud assembly', () => {
    const metadata = template(oneApp, 'TestApp-Secret').Metadata[FINGERPRINT_METADATA];
    expect(metadata).toEqual({ fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/) });
    const description = JSON.parse(fs.readFileSync(path.join(oneApp, 'TestApp.access-description.json'), 'utf8'));
    expect(description.construct).toBe('TestApp');
    const fingerprint = (stackName: string) => template(oneApp, stackName).Metadata[FINGERPRINT_METADATA].fingerprint;
    const manifest = JSON.parse(fs.readFileSync(path.join(oneApp, 'manifest.json'), 'utf8'));
    const artifactOf = (stackName: string) =>
      Object.keys(manifest.artifacts).find((id) => manifest.artifacts[id].properties?.stackName === stackName)!;
    expect(description.stacks).toEqual(
      Object.fromEntries(['TestApp-Key', 'TestApp-Secret', 'TestApp-Workload'].map((name) => [artifactOf(name), fingerprint(name)])),
    );
    // The key and secret policies name the reader; the workload's stack also relies on its trust inputs.
    expect(fingerprint('TestApp-Key')).toBe(fingerprint('TestApp-Secret'));
    expect(fingerprint('TestApp-Workload')).not.toBe(fingerprint('TestApp-Secret'));
    expect(description.grants).toEqual([
      {
        id: 'arn:aws:iam::111111111111:role/eks-secrets/pod-role reads arn:aws:secretsmanager:eu-west-1:222222222222:secret:testsecret-??????',
        workload: 'arn:aws:iam::111111111111:role/eks-secrets/pod-role',
        secret: 'arn:aws:secretsmanager:eu-west-1:222222222222:secret:testsecret-??????',
      },
    ]);
    // Each team's stack writes its own description, named after the stack.
    expect(fs.readdirSync(apps.secret).filter((f) => f.endsWith('.access-description.json'))).toEqual(['Secret.access-description.json']);
  });

  test('verify: the four apps agree', async () => {
    expect(verifyAssemblies([oneApp, apps.workload, apps.secret, apps.key]).differences).toEqual([]);
    const out: string[] = [];
    const code = await runCli(['node', 'cli', 'verify', apps.workload, apps.secret, apps.key], {
      stdout: (t) => out.push(t),
      stderr: (t) => out.push(t),
    });
    expect(code).toBe(0);
    expect(out.join('')).toBe('The 3 apps describe the same access: 1 keys, 1 secrets, 1 workloads and 1 grants (3 descriptions read).\n');
  });

  test('verify catches a changed secret name in one app, once, naming the apps that hold each secret', async () => {
    const changed = threeApps(withProps({ secret: { secretName: 'othersecret' } }));
    const out: string[] = [];
    const code = await runCli(['node', 'cli', 'verify', changed.workload, changed.secret, changed.key], {
      stdout: (t) => out.push(t),
      stderr: (t) => out.push(t),
    });
    expect(code).toBe(1);
    // The grants of each secret are that secret's difference, not two more.
    expect(out.join('')).toBe(
      [
        'The apps describe different access (2 differences):',
        `- secret arn:aws:secretsmanager:eu-west-1:222222222222:secret:othersecret-??????: in ${changed.secret}; missing in ${changed.workload}, ${changed.key}`,
        `- secret arn:aws:secretsmanager:eu-west-1:222222222222:secret:testsecret-??????: in ${changed.workload}, ${changed.key}; missing in ${changed.secret}`,
        '',
      ].join('\n'),
    );
  });

  test('verify rejects a directory that is not a cloud assembly, a single app, and an app without descriptions', async () => {
    const err: string[] = [];
    const io = { stdout: () => undefined, stderr: (t: string) => err.push(t) };
    expect(await runCli(['node', 'cli', 'verify', os.tmpdir(), apps.key], io)).toBe(2);
    expect(err.join('')).toMatch(/is not a cloud assembly: it has no manifest\.json/);
    expect(await runCli(['node', 'cli', 'verify', apps.key], io)).toBe(2);
    expect(err.join('')).toContain('give at least two cloud assemblies to compare');
    const empty = synth(() => undefined);
    expect(() => verifyAssemblies([empty, apps.key])).toThrow(`${empty} has no access description of cdk-eks-cross-account-secrets`);
  });
});

/** The differences verify reports between a workload, secret and key app built from these props. */
function differencesOf(props: {
  workload?: CrossAccountSecretAccessProps;
  secret?: CrossAccountSecretAccessProps;
  key?: CrossAccountSecretAccessProps;
}) {
  const workload = synth(
    (app) => new WorkloadStack(app, 'Workload', { access: props.workload ?? seedProps(), stackName: 'TestApp-Workload' }),
  );
  const secret = synth((app) => new SecretStack(app, 'Secret', { access: props.secret ?? seedProps(), stackName: 'TestApp-Secret' }));
  const key = synth((app) => new KeyStack(app, 'Key', { access: props.key ?? seedProps(), stackName: 'TestApp-Key' }));
  return { differences: AccessFingerprints.differences([workload, secret, key]), workload, secret, key };
}

const POD_ROLE = 'workload arn:aws:iam::111111111111:role/eks-secrets/pod-role';

describe('verify sees the whole cross-account contract', () => {
  test('a secret team on a Pod Identity target role and a workload team on IRSA: the reader role differs', () => {
    const targetRole = withProps({ workload: { oidcIssuers: undefined, podIdentity: { clusterName: 'prod', targetRole: true } } });
    const { differences, workload, secret, key } = differencesOf({ secret: targetRole });
    expect(differences).toContain(
      `${POD_ROLE}: readerRoleArn is "arn:aws:iam::111111111111:role/eks-secrets/pod-role" in ${workload}, ${key}; "arn:aws:iam::222222222222:role/eks-secrets/pod-role-target" in ${secret}`,
    );
    expect(differences).toContain(`${POD_ROLE}: podIdentitySessions is null in ${workload}, ${key}; "session tags" in ${secret}`);
  });

  test('keyUserArns given to the secret team only', () => {
    const narrowed = withProps({ secret: { keyUserArns: ['arn:aws:iam::222222222222:role/db-admin'] } });
    const { differences, workload, secret, key } = differencesOf({ secret: narrowed });
    expect(differences).toEqual([
      `secret arn:aws:secretsmanager:eu-west-1:222222222222:secret:testsecret-??????: keyUserArns is null in ${workload}, ${key}; ["arn:aws:iam::222222222222:role/db-admin"] in ${secret}`,
    ]);
  });

  test.each([
    ['principal', { grantPrincipal: GrantPrincipal.ROLE_ARN }, '"account root and aws:PrincipalArn"', '"role ARN"'],
    ['readableStages', { readableVersions: ReadableVersions.CURRENT }, 'null', '["AWSCURRENT"]'],
    ['allowDescribeSecret', { allowDescribeSecret: true }, 'false', 'true'],
    ['namespace', { namespace: 'other' }, '"testnamespace"', '"other"'],
  ])('the workload’s %s, once', (field, change, seedValue, changedValue) => {
    const props = withProps({ workload: change as Partial<CrossAccountSecretAccessProps['workload']> });
    const { differences, workload, secret, key } = differencesOf({ key: props });
    expect(differences.filter((d) => d.includes(`: ${field} is`))).toEqual([
      `${POD_ROLE}: ${field} is ${seedValue} in ${workload}, ${secret}; ${changedValue} in ${key}`,
    ]);
  });

  test('the key administrators', () => {
    const { differences, workload, secret, key } = differencesOf({
      key: withProps({ key: { administratorArns: ['arn:aws:iam::333333333333:role/kms-admin'] } }),
    });
    expect(differences).toEqual([
      `key arn:aws:kms:eu-west-1:333333333333:alias/testapp-secrets: administratorArns is ["arn:aws:iam::333333333333:root"] in ${workload}, ${secret}; ["arn:aws:iam::333333333333:role/kms-admin"] in ${key}`,
    ]);
  });
});

/** A graph of two workloads reading one secret; `drop` leaves out the grant of one workload. */
function graphApp(app: App | Stage, options: { drop?: string; id?: string; reverse?: boolean } = {}) {
  const graph = new CrossAccountSecrets(app, options.id ?? 'Estate');
  const key = graph.addKey('Key', { account: '333333333333', region: 'eu-west-1', alias: 'estate' });
  const db = graph.addSecret('Db', { account: '222222222222', region: 'eu-west-1', secretName: 'db', key });
  const names = options.reverse ? ['worker', 'api'] : ['api', 'worker'];
  for (const name of names) {
    const workload = graph.addWorkload(name, {
      account: '111111111111',
      region: 'eu-west-1',
      namespace: 'shop',
      serviceAccount: name,
      roleName: name,
      oidcIssuers: ['https://oidc.eks.eu-west-1.amazonaws.com/id/A'],
    });
    if (name !== options.drop) db.grantRead(workload);
  }
  return graph;
}

describe('verify on graphs', () => {
  test('a dropped grant is named by its workload and secret, once, whatever the order parts were added in', () => {
    const full = synth((app) => graphApp(app));
    const dropped = synth((app) => graphApp(app, { drop: 'api', reverse: true }));
    expect(AccessFingerprints.differences([full, dropped])).toEqual([
      `grant arn:aws:iam::111111111111:role/eks-secrets/api reads arn:aws:secretsmanager:eu-west-1:222222222222:secret:db-??????: in ${full}; missing in ${dropped}`,
    ]);
  });

  test('each difference once, however many stacks depend on it', () => {
    const full = synth((app) => graphApp(app));
    const renamed = synth((app) => graphApp(app, { id: 'Renamed' }));
    const other = synth((app) => {
      const graph = graphApp(app);
      graph.addWorkload('extra', {
        account: '444444444444',
        region: 'eu-west-1',
        namespace: 'shop',
        serviceAccount: 'extra',
        oidcIssuers: ['https://oidc.eks.eu-west-1.amazonaws.com/id/A'],
      });
    });
    // The construct's name is not part of the contract.
    expect(AccessFingerprints.differences([full, renamed])).toEqual([]);
    expect(AccessFingerprints.differences([full, other, renamed])).toEqual([
      expect.stringMatching(/^workload arn:aws:iam::444444444444:role\/eks-secrets\/[^:]+: in .+; missing in .+, .+$/),
    ]);
  });

  test('reads the nested assemblies of Stages', () => {
    const staged = synth((app) => graphApp(new Stage(app, 'Prod')));
    const plain = synth((app) => graphApp(app));
    expect(fs.existsSync(path.join(staged, 'assembly-Prod', 'Estate.access-description.json'))).toBe(true);
    expect(verifyAssemblies([staged, plain]).descriptions.map((d) => d.construct)).toEqual(['Prod/Estate', 'Estate']);
    expect(AccessFingerprints.differences([staged, plain])).toEqual([]);
    const dropped = synth((app) => graphApp(new Stage(app, 'Prod'), { drop: 'worker' }));
    expect(AccessFingerprints.differences([plain, dropped])).toEqual([
      `grant arn:aws:iam::111111111111:role/eks-secrets/worker reads arn:aws:secretsmanager:eu-west-1:222222222222:secret:db-??????: in ${plain}; missing in ${dropped}`,
    ]);
  });

  test('two graphs in one app write two descriptions', () => {
    const outdir = synth((app) => {
      graphApp(app, { id: 'One' });
      const two = new CrossAccountSecrets(app, 'Two');
      two.addKey('Key', { account: '333333333333', region: 'eu-west-1', alias: 'two' });
    });
    expect(fs.readdirSync(outdir).filter((f) => f.endsWith('.access-description.json'))).toEqual([
      'One.access-description.json',
      'Two.access-description.json',
    ]);
  });

  test('a description of another format is an error that says to synthesize again', () => {
    const outdir = synth((app) => graphApp(app));
    const file = path.join(outdir, 'Estate.access-description.json');
    fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(fs.readFileSync(file, 'utf8')), format: 'old' }));
    expect(() => verifyAssemblies([outdir])).toThrow(
      `${file} is not an access description this version reads (format "old"): synthesize the app again`,
    );
  });

  test('a description left from an earlier synth of a renamed construct is not read', () => {
    const outdir = synth((app) => graphApp(app));
    fs.copyFileSync(path.join(outdir, 'Estate.access-description.json'), path.join(outdir, 'Old.access-description.json'));
    const stale = JSON.parse(fs.readFileSync(path.join(outdir, 'Old.access-description.json'), 'utf8'));
    fs.writeFileSync(
      path.join(outdir, 'Old.access-description.json'),
      JSON.stringify({ ...stale, construct: 'Old', stacks: { OldKeys: 'ffffffffffffffff' }, grants: [] }),
    );
    expect(verifyAssemblies([outdir]).descriptions.map((d) => d.construct)).toEqual(['Estate']);
  });
});
