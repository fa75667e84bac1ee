import * as fs from 'fs';
import * as path from 'path';
import { App, NestedStack, Stack, Stage, Validations } from 'aws-cdk-lib';
import { CrossAccountSecretsChecks } from '../../lib';
import { podRole, SharedSecret } from './cdk-apps';
import { ISSUER, SECRET, WORKLOAD } from './templates';

// The plugin through CDK's own policy validation, as an app adds it: violations fail synthesis, and
// Validations.acknowledge on a construct (or above it) silences that rule there, and only there.

function app(): App {
  // In-memory mode: a failed validation throws with the report instead of printing it.
  return new App({ analyticsReporting: false, context: { '@aws-cdk/core:appMode': 'inmemory' } });
}

function sharedSecretApp(stage = false) {
  const root = app();
  const scope = stage ? new Stage(root, 'Prod') : root;
  const stack = new Stack(scope, 'Secrets', { env: { account: SECRET, region: 'eu-west-1' } });
  Validations.of(root).addPlugins(new CrossAccountSecretsChecks());
  return { root, scope, stack, shared: new SharedSecret(stack, 'Shared') };
}

/** Our plugin's violations after synthesis, as `rule construct-path`. */
function violations(root: App): string[] {
  try {
    root.synth();
  } catch (error) {
    if (!/Validation failed|CrossAccountSecretsChecks/.test((error as Error).message)) throw error;
  }
  const report = JSON.parse(fs.readFileSync(path.join(root.outdir, 'validation-report.json'), 'utf8'));
  const ours = report.pluginReports.filter((r: any) => r.pluginName === 'CrossAccountSecretsChecks');
  return ours
    .flatMap((r: any) => r.violations.flatMap((v: any) => v.violatingConstructs.map((c: any) => `${v.ruleName} ${c.constructPath}`)))
    .sort();
}

describe('CrossAccountSecretsChecks in Validations', () => {
  beforeAll(() => (process.env.CDK_VALIDATION = 'false'));

  test('reports each finding on its construct, and synthesis fails', () => {
    const { root } = sharedSecretApp();
    expect(() => root.synth()).toThrow(/CrossAccountSecretsChecks/);
    expect(violations(root)).toEqual([
      'EKSSEC4 Secrets/Shared/Key/Resource',
      'EKSSEC5 Secrets/Shared/Key/Resource',
      'EKSSEC5 Secrets/Shared/Secret/Policy/Resource',
      'EKSSEC6 Secrets/Shared/Key/Resource',
      'EKSSEC7 Secrets/Shared/Secret/Policy/Resource',
    ]);
  });

  test('checks the stacks of a Stage too', () => {
    const { root } = sharedSecretApp(true);
    expect(violations(root)).toEqual(expect.arrayContaining(['EKSSEC7 Prod/Secrets/Shared/Secret/Policy/Resource']));
  });

  test('checks nested stacks too', () => {
    const root = app();
    const stack = new Stack(root, 'Pods', { env: { account: WORKLOAD, region: 'eu-west-1' } });
    podRole(new NestedStack(stack, 'Inner'), { [`${ISSUER}:sub`]: 'system:serviceaccount:testnamespace:testapp' });
    Validations.of(root).addPlugins(new CrossAccountSecretsChecks());
    expect(violations(root)).toEqual(['EKSSEC1 Pods/Inner/PodRole/Resource']);
  });

  test('an acknowledgement by rule ID on the construct or above it silences that rule there', () => {
    const { root, shared } = sharedSecretApp();
    Validations.of(shared.secret).acknowledge({ id: 'EKSSEC7', reason: 'test: the policy is replaced by the platform team' });
    Validations.of(shared).acknowledge({ id: 'EKSSEC5', reason: 'test: both policies name the role on purpose' });
    expect(violations(root)).toEqual(['EKSSEC4 Secrets/Shared/Key/Resource', 'EKSSEC6 Secrets/Shared/Key/Resource']);
  });

  test('a namespaced acknowledgement works too, and acknowledging every finding lets synthesis pass', () => {
    const { root, stack, shared } = sharedSecretApp();
    for (const id of ['EKSSEC4', 'EKSSEC5', 'EKSSEC6']) {
      Validations.of(shared.key).acknowledge({ id: `CrossAccountSecretsChecks::${id}`, reason: 'test: key policy reviewed by hand' });
    }
    Validations.of(stack).acknowledge({ id: 'EKSSEC5', reason: 'test: stack-wide' });
    Validations.of(stack).acknowledge({ id: 'EKSSEC7', reason: 'test: stack-wide' });
    expect(() => root.synth()).not.toThrow();
  });

  test('an acknowledgement on another construct does not silence the finding', () => {
    const { root, shared } = sharedSecretApp();
    Validations.of(shared.key).acknowledge({ id: 'EKSSEC7', reason: 'test: on the key, not on the secret' });
    expect(violations(root)).toContain('EKSSEC7 Secrets/Shared/Secret/Policy/Resource');
  });

  test('an acknowledgement on the app or a Stage silences the rule in every stack under it', () => {
    const { root, scope } = sharedSecretApp(true);
    Validations.of(root).acknowledge({ id: 'EKSSEC7', reason: 'test: app-wide' });
    Validations.of(scope).acknowledge({ id: 'EKSSEC4', reason: 'test: stage-wide' });
    expect(violations(root)).toEqual([
      'EKSSEC5 Prod/Secrets/Shared/Key/Resource',
      'EKSSEC5 Prod/Secrets/Shared/Secret/Policy/Resource',
      'EKSSEC6 Prod/Secrets/Shared/Key/Resource',
    ]);
  });

  test('declares its name and rule IDs', () => {
    const plugin = new CrossAccountSecretsChecks();
    expect(plugin.name).toBe('CrossAccountSecretsChecks');
    expect(plugin.ruleIds).toEqual(['EKSSEC1', 'EKSSEC2', 'EKSSEC3', 'EKSSEC4', 'EKSSEC5', 'EKSSEC6', 'EKSSEC7', 'EKSSEC8', 'EKSSEC9']);
  });
});
