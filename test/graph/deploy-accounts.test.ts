import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Stage } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AccessFingerprints, CrossAccountSecrets, CrossAccountSecretsProps } from '../../lib';
import { FINGERPRINT_METADATA } from '../../lib/private/outputs/access-description';
import { BLUE, GREEN } from '../support/graph';
import { newApp } from '../support/helpers';

// The shared definition three teams import: keys in 333…, secrets (and target roles) in 222… and 444…,
// workloads in 111… and 555…, with an OIDC provider the graph creates and an existing key and secret.
function defineGraph(app: App | Stage, props: CrossAccountSecretsProps = {}, change?: 'namespace') {
  const graph = new CrossAccountSecrets(app, 'Payments', props);
  const key = graph.addKey('Key', { account: '333333333333', region: 'eu-west-1', alias: 'security/payments' });
  const db = graph.addSecret('Db', { account: '222222222222', region: 'eu-west-1', secretName: 'payments/db', key });
  const cache = graph.addSecret('Cache', { account: '444444444444', region: 'eu-west-1', secretName: 'payments/cache', key });
  const api = graph.addWorkload('Api', {
    account: '111111111111',
    region: 'eu-west-1',
    namespace: change === 'namespace' ? 'payments-v2' : 'payments',
    serviceAccount: 'api',
    oidcIssuers: [BLUE, GREEN],
    createOidcProvider: true,
  });
  const worker = graph.addWorkload('Worker', {
    account: '555555555555',
    region: 'eu-west-1',
    namespace: 'payments',
    serviceAccount: 'worker',
    podIdentityClusters: ['prod'],
    podIdentityTargetRole: { account: '222222222222' },
  });
  const existingKey = graph.importKey('Legacy', { keyArn: 'arn:aws:kms:eu-west-1:666666666666:key/1234abcd-12ab-34cd-56ef-1234567890ab' });
  const legacy = graph.importSecret('LegacySecret', {
    account: '222222222222',
    region: 'eu-west-1',
    secretName: 'legacy/db',
    key: existingKey,
  });
  db.grantRead(api);
  db.grantRead(worker);
  cache.grantRead(api);
  legacy.grantRead(api);
  return graph;
}

const TEAMS = {
  keys: ['333333333333'],
  secrets: ['222222222222', '444444444444'],
  workloads: ['111111111111', '555555555555'],
};

function synth(build: (app: App) => void): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-accounts-'));
  const app = new App({ outdir, analyticsReporting: false, context: { '@aws-cdk/core:validateAgainstDefaultRules': true } });
  build(app);
  app.synth();
  return outdir;
}

const templates = (graph: CrossAccountSecrets) => new Map(graph.stacks.map((s) => [s.stackName, Template.fromStack(s).toJSON()]));

describe('deployAccounts: one graph, three teams', () => {
  const full = templates(defineGraph(newApp()));
  const teams = Object.fromEntries(
    Object.entries(TEAMS).map(([team, deployAccounts]) => [team, defineGraph(newApp(), { deployAccounts })]),
  ) as Record<keyof typeof TEAMS, CrossAccountSecrets>;

  test('each team app creates only the stacks of its accounts, and together they are the full app', () => {
    expect(teams.keys.stacks.map((s) => s.stackName)).toEqual(['Payments-Keys-333333333333-eu-west-1']);
    expect(teams.secrets.stacks.map((s) => s.stackName)).toEqual([
      'Payments-Secrets-222222222222-eu-west-1',
      'Payments-Secrets-444444444444-eu-west-1',
      'Payments-Workloads-222222222222-eu-west-1',
    ]);
    expect(teams.workloads.stacks.map((s) => s.stackName)).toEqual([
      'Payments-Workloads-111111111111-eu-west-1',
      'Payments-Workloads-555555555555-eu-west-1',
    ]);
    const union = Object.values(teams).flatMap((g) => g.stacks.map((s) => s.stackName));
    expect(union.sort()).toEqual([...full.keys()].sort());
  });

  test.each(Object.keys(TEAMS))('every stack of the %s app is byte for byte the full app’s, fingerprint included', (team) => {
    for (const [name, template] of templates(teams[team as keyof typeof TEAMS])) {
      expect(JSON.stringify(template)).toBe(JSON.stringify(full.get(name)));
      expect(template.Metadata[FINGERPRINT_METADATA].fingerprint).toMatch(/^[0-9a-f]{16}$/);
    }
  });

  test('the shared OIDC provider is created by the workload team only', () => {
    const providers = (g: CrossAccountSecrets) =>
      g.stacks.flatMap((s) => Object.values(Template.fromStack(s).findResources('AWS::IAM::OIDCProvider')));
    expect(providers(teams.workloads)).toHaveLength(2);
    expect(providers(teams.secrets)).toHaveLength(0);
    expect(providers(teams.keys)).toHaveLength(0);
  });

  test('stacks depend only on stacks of the same app; the full app keeps every dependency', () => {
    const byName = (g: CrossAccountSecrets, name: string) => g.stacks.find((s) => s.stackName === name)!;
    // The secrets team's secret stacks no longer wait for the key stack, which another app deploys.
    expect(byName(teams.secrets, 'Payments-Secrets-222222222222-eu-west-1').dependencies).toEqual([]);
    // The Pod Identity workload waits for its target role only in the full app (another team deploys it).
    expect(byName(teams.workloads, 'Payments-Workloads-555555555555-eu-west-1').dependencies).toEqual([]);
    const whole = defineGraph(newApp());
    expect(byName(whole, 'Payments-Workloads-555555555555-eu-west-1').dependencies.map((s) => s.stackName)).toEqual([
      'Payments-Workloads-222222222222-eu-west-1',
    ]);
    expect(byName(whole, 'Payments-Secrets-222222222222-eu-west-1').dependencies.map((s) => s.stackName)).toEqual([
      'Payments-Keys-333333333333-eu-west-1',
    ]);
  });

  test('the parts of other accounts exist, with their identifiers, but not in the app', () => {
    const ids = (g: CrossAccountSecrets) => g.node.root.node.findAll().map((c) => c.node.id);
    expect(ids(teams.keys)).not.toContain('Worker');
    expect(ids(teams.secrets)).toEqual(expect.arrayContaining(['WorkerTargetRole', 'Db']));
    expect(ids(teams.secrets)).not.toContain('Worker');
    expect(ids(teams.workloads)).toEqual(expect.arrayContaining(['Worker', 'Api']));
    const parts = teams.keys.node.children.map((c) => c.node.id);
    expect(parts).toEqual(expect.arrayContaining(['Keys-333333333333-eu-west-1', 'Legacy', 'LegacySecret']));
    expect(teams.keys.rolePathServiceControlPolicyAccounts()).toEqual(['111111111111', '222222222222', '555555555555']);
  });

  test('the manifests are the deployed workloads’; the review, SCP and statements are the whole graph’s', () => {
    const whole = defineGraph(newApp());
    expect(Object.keys(teams.keys.kubernetesManifestFiles())).toEqual([]);
    expect(teams.workloads.kubernetesManifestFiles()).toEqual(whole.kubernetesManifestFiles());
    const onlyApi = defineGraph(newApp(), { deployAccounts: ['111111111111'] }).kubernetesManifestsYaml();
    expect(onlyApi).toContain('name: api');
    expect(onlyApi).not.toContain('name: worker');
    for (const graph of Object.values(teams)) {
      expect(graph.accessReview()).toBe(whole.accessReview());
      expect(graph.rolePathServiceControlPolicy()).toEqual(whole.rolePathServiceControlPolicy());
      expect(graph.keyPolicyStatements()).toEqual(whole.keyPolicyStatements());
      expect(graph.secretPolicyStatements()).toEqual(whole.secretPolicyStatements());
    }
  });

  test('cdk synth writes each team’s files: the workload team’s manifests, every team’s review', () => {
    const files = (outdir: string) => fs.readdirSync(path.join(outdir, 'Payments'), { recursive: true }).map(String).sort();
    const keys = synth((app) => defineGraph(app, { deployAccounts: TEAMS.keys }));
    const workloads = synth((app) => defineGraph(app, { deployAccounts: TEAMS.workloads }));
    expect(fs.readdirSync(keys).filter((f) => f.endsWith('.template.json'))).toEqual([
      'PaymentsKeys333333333333euwest1A28FCF21.template.json',
    ]);
    expect(files(keys)).toEqual(['access-review.md', 'key-policy-statements.json', 'role-path-scp.json', 'secret-policy-statements.json']);
    expect(files(workloads)).toEqual(expect.arrayContaining(['kubernetes', 'kubernetes/service-accounts.yaml', 'access-review.md']));
  });

  test('verify: three apps from one definition agree, and a changed definition in one is reported', () => {
    const apps = Object.values(TEAMS).map((deployAccounts) => synth((app) => defineGraph(app, { deployAccounts })));
    expect(AccessFingerprints.differences(apps)).toEqual([]);
    const changed = synth((app) => defineGraph(app, { deployAccounts: TEAMS.workloads }, 'namespace'));
    const differences = AccessFingerprints.differences([apps[0], apps[1], changed]);
    expect(differences.length).toBeGreaterThan(0);
    expect(differences.join('\n')).toContain(changed);
    expect(differences.join('\n')).toMatch(/payments-v2/);
  });

  test('in a Stage, the team app renders the same stacks as the full stage', () => {
    const stacksOf = (deployAccounts?: string[]) => {
      const stage = new Stage(newApp(), 'Prod');
      return templates(defineGraph(stage, { deployAccounts }));
    };
    const whole = stacksOf();
    for (const [name, template] of stacksOf(TEAMS.secrets)) expect(template).toEqual(whole.get(name));
  });

  test('a stack of another account is never synthesized into the app', () => {
    const app = newApp();
    defineGraph(app, { deployAccounts: TEAMS.keys });
    const assembly = app.synth();
    expect(assembly.stacks.map((s) => s.stackName)).toEqual(['Payments-Keys-333333333333-eu-west-1']);
    expect(app.node.findAll().filter((c) => Stack.isStack(c))).toHaveLength(1);
  });
});

describe('deployAccounts: wrong input', () => {
  test.each([
    ['a string', '111111111111', /`deployAccounts` "111111111111" is a string, not a list/],
    ['an empty list', [], /`deployAccounts` .* is empty: name the accounts whose stacks this app deploys/],
    ['an account that is not 12 digits', ['11111111111'], /`deployAccounts\[0\]` "11111111111" is not an AWS account ID/],
    ['an account named twice', ['111111111111', '111111111111'], /`deployAccounts\[1\]` "111111111111" is named twice/],
    ['a number', [111111111111], /`deployAccounts\[0\]` .* is a number, not a string/],
  ])('refuses %s', (_name, deployAccounts, message) => {
    expect(() => new CrossAccountSecrets(newApp(), 'Payments', { deployAccounts } as never)).toThrow(message);
  });

  test('refuses at synth an account where the graph has no stack', () => {
    const app = newApp();
    defineGraph(app, { deployAccounts: ['111111111111', '999999999999'] });
    expect(() => app.synth()).toThrow(/`deployAccounts` names "999999999999", where this graph has no stack/);
  });
});
