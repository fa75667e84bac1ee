import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stage } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { CrossAccountSecretAccess, CrossAccountSecrets } from '../../lib';
import { BLUE } from '../support/graph';
import { seedProps, withProps } from '../support/helpers';

const KEY_ARN = 'arn:aws:kms:eu-west-1:333333333333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

let outdir: string;
beforeEach(() => {
  outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-outputs-'));
});
afterEach(() => fs.rmSync(outdir, { recursive: true, force: true }));

function newApp(): App {
  return new App({ outdir, analyticsReporting: false });
}

/** A graph with an IRSA workload, a Pod Identity workload with a target role, an existing key and an existing secret. */
function estate(scope: Construct, id: string, props: { writeOutputs?: boolean } = {}): CrossAccountSecrets {
  const secrets = new CrossAccountSecrets(scope, id, props);
  const key = secrets.addKey('Payments', { account: '333333333333', region: 'eu-west-1', alias: 'payments' });
  const shared = secrets.importKey('Shared', { keyArn: KEY_ARN });
  const db = secrets.addSecret('Db', { account: '222222222222', region: 'eu-west-1', secretName: 'payments/db', key });
  const legacy = secrets.addSecret('Legacy', { account: '222222222222', region: 'eu-west-1', secretName: 'payments/legacy', key: shared });
  const existing = secrets.importSecret('Existing', { account: '444444444444', region: 'eu-west-1', secretName: 'payments/old', key });
  const api = secrets.addWorkload('Api', {
    account: '111111111111',
    region: 'eu-west-1',
    namespace: 'payments',
    serviceAccount: 'api',
    oidcIssuers: [BLUE],
  });
  const worker = secrets.addWorkload('Worker', {
    account: '555555555555',
    region: 'eu-west-1',
    namespace: 'payments',
    serviceAccount: 'worker',
    podIdentityClusters: ['prod'],
    podIdentityTargetRole: { account: '222222222222' },
  });
  db.grantRead(api);
  legacy.grantRead(api);
  existing.grantRead(api);
  db.grantRead(worker);
  return secrets;
}

function read(...parts: string[]): string {
  return fs.readFileSync(path.join(...parts), 'utf8');
}

function json(...parts: string[]): unknown {
  return JSON.parse(read(...parts));
}

/** Every file below `dir`, relative to it, with "/" between folders. */
function filesBelow(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => fs.statSync(path.join(dir, f)).isFile())
    .map((f) => f.split(path.sep).join('/'))
    .sort();
}

describe('cdk synth of a user app', () => {
  function userApp() {
    const app = newApp();
    const graph = estate(app, 'Estate');
    const access = new CrossAccountSecretAccess(app, 'Access', seedProps());
    const prod = new Stage(app, 'Prod');
    const staged = new CrossAccountSecretAccess(prod, 'Access', {
      ...withProps({ secret: { secretName: 'prod/db' }, workload: { roleName: 'prod-role' } }),
      key: { account: '333333333333', keyArn: KEY_ARN },
    });
    return { app, graph, access, prod, staged, assembly: app.synth() };
  }

  test('writes each construct its own folder beside the templates of its stage', () => {
    const { assembly } = userApp();
    expect(filesBelow(path.join(assembly.directory, 'Estate'))).toEqual([
      'access-review.md',
      'key-policy-statements.json',
      'kubernetes/external-secrets.yaml',
      'kubernetes/secret-check.yaml',
      'kubernetes/secrets-store-csi-driver.yaml',
      'kubernetes/service-accounts.yaml',
      'role-path-scp.json',
      'secret-policy-statements.json',
    ]);
    // The one-of-each construct creates its key: its owners have no statements to add.
    expect(filesBelow(path.join(assembly.directory, 'Access'))).toEqual([
      'access-review.md',
      'kubernetes/external-secrets.yaml',
      'kubernetes/secret-check.yaml',
      'kubernetes/secrets-store-csi-driver.yaml',
      'kubernetes/service-accounts.yaml',
      'role-path-scp.json',
    ]);
  });

  test("writes a construct in a Stage into the stage's nested assembly, next to the stage's templates", () => {
    const { assembly } = userApp();
    const nested = assembly.getNestedAssembly('assembly-Prod');
    expect(nested.directory).toBe(path.join(outdir, 'assembly-Prod'));
    expect(nested.stacks.map((s) => s.stackName).sort()).toEqual(['Prod-Access-Secret', 'Prod-Access-Workload']);
    for (const stack of nested.stacks) expect(fs.existsSync(path.join(nested.directory, stack.templateFile))).toBe(true);
    expect(filesBelow(path.join(nested.directory, 'Access'))).toEqual([
      'access-review.md',
      'key-policy-statements.json',
      'kubernetes/external-secrets.yaml',
      'kubernetes/secret-check.yaml',
      'kubernetes/secrets-store-csi-driver.yaml',
      'kubernetes/service-accounts.yaml',
      'role-path-scp.json',
    ]);
    expect(read(nested.directory, 'Access', 'access-review.md')).toMatch(/^# Access review: Prod\/Access/);
    // The top-level construct with the same id keeps its own folder in the app's assembly.
    expect(read(assembly.directory, 'Access', 'access-review.md')).toMatch(/^# Access review: Access\n/);
  });

  test("writes a Stage within a Stage into the inner stage's assembly", () => {
    const app = newApp();
    const inner = new Stage(new Stage(app, 'Prod'), 'Eu');
    new CrossAccountSecretAccess(inner, 'Access', seedProps());
    const nested = app.synth().getNestedAssembly('assembly-Prod').getNestedAssembly('assembly-Prod-Eu');
    expect(fs.existsSync(path.join(nested.directory, 'Access', 'access-review.md'))).toBe(true);
    expect(fs.existsSync(path.join(outdir, 'assembly-Prod', 'Access'))).toBe(false);
  });

  test('writes what the methods return, byte for byte', () => {
    const { assembly, graph, access, staged } = userApp();
    const cases: Array<[string, CrossAccountSecrets | CrossAccountSecretAccess]> = [
      [path.join(assembly.directory, 'Estate'), graph],
      [path.join(assembly.directory, 'Access'), access],
      [path.join(assembly.getNestedAssembly('assembly-Prod').directory, 'Access'), staged],
    ];
    for (const [dir, construct] of cases) {
      for (const [fileName, yaml] of Object.entries(construct.kubernetesManifestFiles())) {
        expect(read(dir, 'kubernetes', fileName)).toBe(yaml);
      }
      expect(read(dir, 'access-review.md')).toBe(construct.accessReview());
      expect(json(dir, 'role-path-scp.json')).toEqual(construct.rolePathServiceControlPolicy());
      const keyStatements = construct.keyPolicyStatements();
      if (Object.keys(keyStatements).length > 0) expect(json(dir, 'key-policy-statements.json')).toEqual(keyStatements);
    }
    expect(Object.keys(graph.keyPolicyStatements())).toEqual([KEY_ARN]);
    expect(json(assembly.directory, 'Estate', 'secret-policy-statements.json')).toEqual(graph.secretPolicyStatements());
    expect(Object.keys(graph.secretPolicyStatements())).toEqual(['arn:aws:secretsmanager:eu-west-1:444444444444:secret:payments/old']);
  });

  test('writes YAML without anchors or aliases, though every object repeats the same labels', () => {
    const { assembly } = userApp();
    const dir = path.join(assembly.directory, 'Estate', 'kubernetes');
    for (const file of fs.readdirSync(dir)) expect(read(dir, file)).not.toMatch(/(^|\s)[&*]a\d+\b/m);
  });
});

describe('writeOutputs', () => {
  test('false on either front door writes nothing of that construct, and the templates still', () => {
    const app = newApp();
    estate(app, 'Estate', { writeOutputs: false });
    new CrossAccountSecretAccess(app, 'Access', { ...seedProps(), writeOutputs: false });
    new CrossAccountSecretAccess(
      app,
      'Other',
      withProps({ secret: { secretName: 'other' }, key: { alias: 'other' }, workload: { roleName: 'other' } }),
    );
    const assembly = app.synth();
    expect(fs.existsSync(path.join(assembly.directory, 'Estate'))).toBe(false);
    expect(fs.existsSync(path.join(assembly.directory, 'Access'))).toBe(false);
    expect(fs.existsSync(path.join(assembly.directory, 'Other', 'access-review.md'))).toBe(true);
    expect(assembly.stacks.length).toBeGreaterThan(5);
  });

  test('true writes as the default does', () => {
    const app = newApp();
    new CrossAccountSecretAccess(app, 'Access', { ...seedProps(), writeOutputs: true });
    expect(fs.existsSync(path.join(app.synth().directory, 'Access', 'access-review.md'))).toBe(true);
  });

  test.each([
    ['a string', 'false', /`writeOutputs` "false" is a string, not a boolean: write false without quotes/],
    ['a number', 0, /`writeOutputs` 0 is a number, not a boolean: use true or false/],
  ])('that is %s is an error naming the property, on both front doors', (_kind, value, message) => {
    expect(() => new CrossAccountSecretAccess(newApp(), 'Access', { ...seedProps(), writeOutputs: value as never })).toThrow(message);
    expect(() => new CrossAccountSecrets(newApp(), 'Estate', { writeOutputs: value as never })).toThrow(message);
  });
});

describe('several constructs in one app', () => {
  test("never overwrite each other: each folder holds its own construct's files", () => {
    const app = newApp();
    const a = new CrossAccountSecretAccess(app, 'A', seedProps());
    const b = new CrossAccountSecretAccess(
      app,
      'B',
      withProps({ secret: { secretName: 'other' }, key: { alias: 'other' }, workload: { roleName: 'other', serviceAccount: 'other' } }),
    );
    const group = new Construct(app, 'Platform');
    const graph = estate(group, 'Estate');
    const assembly = app.synth();
    expect(read(assembly.directory, 'A', 'access-review.md')).toBe(a.accessReview());
    expect(read(assembly.directory, 'B', 'access-review.md')).toBe(b.accessReview());
    expect(read(assembly.directory, 'B', 'kubernetes', 'service-accounts.yaml')).toContain('name: other');
    expect(read(assembly.directory, 'A', 'kubernetes', 'service-accounts.yaml')).not.toContain('name: other');
    // A construct below another construct: its path below the stage, ids joined with "-".
    expect(read(assembly.directory, 'Platform-Estate', 'access-review.md')).toBe(graph.accessReview());
  });

  test('whose folders would be the same are an error naming both, with the fix', () => {
    const app = newApp();
    new CrossAccountSecrets(new Construct(app, 'Platform'), 'Estate');
    expect(() => new CrossAccountSecrets(app, 'Platform-Estate', { stackNamePrefix: 'Other' })).toThrow(
      '[Platform-Estate] writes its synth outputs to the folder "Platform-Estate" of its cloud assembly, as "Platform/Estate" does: give one of them another id, or set `writeOutputs: false` on one.',
    );
  });

  test('with the same folder name in different stages are no conflict: each stage has its own assembly', () => {
    const app = newApp();
    for (const stage of ['Dev', 'Prod']) {
      const graph = new CrossAccountSecrets(new Stage(app, stage), 'Estate');
      graph.addKey('Key', { account: '333333333333', region: 'eu-west-1', alias: `${stage.toLowerCase()}` });
    }
    const assembly = app.synth();
    expect(fs.existsSync(path.join(assembly.getNestedAssembly('assembly-Dev').directory, 'Estate', 'access-review.md'))).toBe(true);
    expect(fs.existsSync(path.join(assembly.getNestedAssembly('assembly-Prod').directory, 'Estate', 'access-review.md'))).toBe(true);
  });

  test('an id with characters unsafe in a file name gets a folder that stays in the assembly', () => {
    const app = newApp();
    new CrossAccountSecretAccess(app, '..:x', seedProps());
    app.synth();
    expect(fs.existsSync(path.join(outdir, '___x', 'access-review.md'))).toBe(true);
  });
});

describe('a later synth into the same directory', () => {
  test('removes the files it no longer writes, and leaves other files in the folder alone', () => {
    const first = newApp();
    estate(first, 'Estate');
    first.synth();
    const folder = path.join(outdir, 'Estate');
    fs.writeFileSync(path.join(folder, 'notes.txt'), 'mine');

    // The same graph id, now with only a key: no grant, no workload, no existing part.
    const second = newApp();
    new CrossAccountSecrets(second, 'Estate').addKey('Payments', { account: '333333333333', region: 'eu-west-1', alias: 'payments' });
    second.synth();
    expect(filesBelow(folder)).toEqual(['access-review.md', 'notes.txt']);
  });
});

describe('a graph of keys and secrets only', () => {
  test('writes no service control policy: there is no pod role path to reserve', () => {
    const app = newApp();
    const graph = new CrossAccountSecrets(app, 'Estate');
    const key = graph.addKey('Payments', { account: '333333333333', region: 'eu-west-1', alias: 'payments' });
    graph.addSecret('Db', { account: '222222222222', region: 'eu-west-1', secretName: 'payments/db', key });
    expect(filesBelow(path.join(app.synth().directory, 'Estate'))).toEqual(['access-review.md']);
  });
});

describe('files that cannot be written', () => {
  test('fail the synth with the reason, naming the construct and the option that synthesizes without them', () => {
    const build = (writeOutputs?: boolean) => {
      const app = newApp();
      const graph = new CrossAccountSecrets(app, 'Estate', { writeOutputs });
      const key = graph.addKey('Key', { account: '333333333333', region: 'eu-west-1', alias: 'key' });
      const secret = graph.addSecret('Db', { account: '222222222222', region: 'eu-west-1', secretName: 'db', key });
      for (const role of ['api-blue', 'api-green']) {
        const workload = graph.addWorkload(role, {
          account: '111111111111',
          region: 'eu-west-1',
          namespace: 'ns',
          serviceAccount: 'api',
          roleName: role,
          oidcIssuers: [BLUE],
        });
        secret.grantRead(workload);
      }
      return app;
    };
    expect(() => build().synth()).toThrow(
      '[Estate] cannot write its files at synth: service account ns/api in account 111111111111 (eu-west-1) is given two roles, "api-blue" and "api-green": a service account is bound to one role; use one workload per service account. Or set `writeOutputs: false` to synthesize without them.',
    );
    expect(build(false).synth().stacks.length).toBeGreaterThan(0);
  });
});
