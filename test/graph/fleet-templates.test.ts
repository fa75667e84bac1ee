import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { CrossAccountSecrets, KeyPart, SecretPart } from '../../lib';
import * as description from '../../lib/private/outputs/access-description';

// A template carries only the fingerprint of its stack's part of the graph: it stays small at fleet scale,
// and no account's CloudFormation readers see the rest of the estate. The estate of the security review:
// keys in one account, secrets alternating between two, workloads over four accounts.

const WORKLOAD_ACCOUNTS = ['111111111111', '555555555555', '666666666666', '777777777777'];

function estate(workloads: number, keys: number, secrets: number): { outdir: string; graph: CrossAccountSecrets } {
  const app = new App({ analyticsReporting: false });
  const graph = new CrossAccountSecrets(app, 'Fleet');
  const keyParts: KeyPart[] = [];
  for (let k = 0; k < keys; k++)
    keyParts.push(graph.addKey(`K${k}`, { account: '333333333333', region: 'eu-west-1', alias: `team${k}/secrets` }));
  const secretParts: SecretPart[] = [];
  for (let s = 0; s < secrets; s++) {
    secretParts.push(
      graph.addSecret(`S${s}`, {
        account: s % 2 ? '444444444444' : '222222222222',
        region: 'eu-west-1',
        secretName: `app/secret-${s}`,
        key: keyParts[s % keys],
        stackGroup: `sg${Math.floor(s / 20)}`,
      }),
    );
  }
  for (let i = 0; i < workloads; i++) {
    const workload = graph.addWorkload(`W${i}`, {
      account: WORKLOAD_ACCOUNTS[i % WORKLOAD_ACCOUNTS.length],
      region: 'eu-west-1',
      namespace: `team-${Math.floor(i / 10)}`,
      serviceAccount: `svc-${i}`,
      oidcIssuers: ['https://oidc.eks.eu-west-1.amazonaws.com/id/A'],
      stackGroup: `g${Math.floor(i / 800)}`,
    });
    secretParts[i % secrets].grantRead(workload);
  }
  return { outdir: app.synth().directory, graph };
}

const templateOf = (outdir: string, file: string) => fs.readFileSync(path.join(outdir, file), 'utf8');

test('a graph of 2,000 workloads synthesizes with every template under 1,000,000 bytes', () => {
  const { outdir, graph } = estate(2000, 16, 80);
  const sizes = graph.stacks.map((stack) => fs.statSync(path.join(outdir, stack.templateFile)).size);
  expect(sizes).toHaveLength(21);
  expect(Math.max(...sizes)).toBeLessThan(1_000_000);
  expect(fs.existsSync(path.join(outdir, 'Fleet.access-description.json'))).toBe(true);
});

test("a template names no other account's parts: a secret stack no other account's secret, a workload stack no other account's workload", () => {
  const { outdir, graph } = estate(8, 1, 4);
  const stack = (kind: string, account: string) => graph.stacks.find((s) => s.account === account && s.stackName.includes(kind))!;
  const secretTemplate = templateOf(outdir, stack('Secrets', '222222222222').templateFile);
  expect(secretTemplate).toContain('app/secret-0');
  expect(secretTemplate).not.toContain('app/secret-1');
  expect(secretTemplate).not.toContain('444444444444');
  const workloadTemplate = templateOf(outdir, stack('Workloads', '555555555555').templateFile);
  expect(workloadTemplate).not.toContain('111111111111');
  expect(JSON.parse(secretTemplate).Metadata).toEqual({
    'cdk-eks-cross-account-secrets': { fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/) },
  });
});

describe("a stack's fingerprint", () => {
  const fingerprints = (outdir: string, graph: CrossAccountSecrets) =>
    Object.fromEntries(
      graph.stacks.map((s) => [
        s.stackName,
        JSON.parse(templateOf(outdir, s.templateFile)).Metadata['cdk-eks-cross-account-secrets'].fingerprint,
      ]),
    );

  test('changes only in the stacks that depend on what changed', () => {
    const before = estate(8, 1, 4);
    const after = estate(9, 1, 4); // workload 8 (account 111111111111) reads secret 0 (account 222222222222)
    const [a, b] = [fingerprints(before.outdir, before.graph), fingerprints(after.outdir, after.graph)];
    const changed = Object.keys(b).filter((name) => a[name] !== b[name]);
    expect(changed.sort()).toEqual([
      'Fleet-Keys-333333333333-eu-west-1',
      'Fleet-Secrets-sg0-222222222222-eu-west-1',
      'Fleet-Workloads-g0-111111111111-eu-west-1',
    ]);
  });

  test('is computed once per synth for all the stacks and the description', () => {
    const spy = jest.spyOn(description, 'sliceFingerprints');
    const describe = jest.spyOn(description, 'describeAccess');
    const { graph } = estate(8, 1, 4);
    expect(graph.stacks.length).toBeGreaterThan(5);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(describe).toHaveBeenCalledTimes(1);
  });
});
