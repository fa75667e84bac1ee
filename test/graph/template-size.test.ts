import { App, Stack } from 'aws-cdk-lib';
import { CrossAccountSecrets, WorkloadPart } from '../../lib';
import { estimateTemplateBytes } from '../../lib/private/graph/template-size';
import { secretsOf, WorkloadModel } from '../../lib/private/model/model';
import { packWorkloadPermissions } from '../../lib/private/policies/packing';
import { trustPolicy } from '../../lib/private/policies/trust-policy';
import { BLUE } from '../support/graph';

// The template size estimate counts the documents of the parts of each stack. The stacks' checks read it
// at synth; it is counted once for all stacks of a graph, and again when parts or grants were added since.

function graph(workloads: number) {
  const secrets = new CrossAccountSecrets(new App({ analyticsReporting: false, builtinCloudFormationValidation: false }), 'Secrets');
  const key = secrets.addKey('Key', { account: '333333333333', region: 'eu-west-1', alias: 'k' });
  const secret = secrets.addSecret('S', { account: '222222222222', region: 'eu-west-1', secretName: 'shared', key });
  const parts: WorkloadPart[] = [];
  for (let i = 0; i < workloads; i++) {
    parts.push(
      secrets.addWorkload(`W${i}`, {
        account: '111111111111',
        region: 'eu-west-1',
        namespace: `ns${i}`,
        serviceAccount: 'app',
        oidcIssuers: [BLUE],
      }),
    );
  }
  const stack = (kind: string) => secrets.stacks.find((s) => s.node.id.startsWith(kind))!;
  // The graph's own parts and model, as its stacks' checks pass them.
  const estimate = (of: Stack) => estimateTemplateBytes(of, 0, secrets['parts'], secrets['model']);
  return { secrets, secret, parts, stack, estimate };
}

test("a workload stack's estimate is the allowance and its roles' trust and permissions documents", () => {
  const { secret, parts, stack, estimate, secrets } = graph(2);
  secret.grantRead(parts[0]);
  const model = secrets['model'];
  const documentBytes = (w: WorkloadModel) =>
    JSON.stringify(trustPolicy(w)).length + JSON.stringify(packWorkloadPermissions(w, secretsOf(w, model))).length;

  expect(estimate(stack('Workloads'))).toBe(2000 + model.workloads.map(documentBytes).reduce((a, b) => a + b));
});

test('grants added after an estimate are counted in the next one', () => {
  const { secret, parts, stack, estimate } = graph(3);
  secret.grantRead(parts[0]);
  const before = { workloads: estimate(stack('Workloads')), secrets: estimate(stack('Secrets')), keys: estimate(stack('Keys')) };

  secret.grantRead(parts[1]);
  secret.grantRead(parts[2]);

  const fresh = graph(3);
  fresh.parts.forEach((part) => fresh.secret.grantRead(part));
  for (const kind of ['Workloads', 'Secrets', 'Keys'] as const) {
    const after = estimate(stack(kind));
    expect(after).toBe(fresh.estimate(fresh.stack(kind)));
    expect(after).toBeGreaterThan(before[kind.toLowerCase() as keyof typeof before]);
  }
});
