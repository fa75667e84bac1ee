import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, IPolicyValidationContext, NestedStack, Stack, Stage } from 'aws-cdk-lib';
import { CrossAccountSecretsChecks } from '../../lib';
import { podRole, SharedSecret } from './cdk-apps';
import { ISSUER, SECRET, WORKLOAD } from './templates';

// aws-cdk-lib 2.112.0 (the peer floor) calls a plugin added with `new App({ policyValidationBeta1 })` as
// `plugin.validate({ templatePaths })`: one path per top-level stack of each assembly, no stackTemplates
// and no app (core/lib/private/synthesis.js, invokeValidationPlugins). The plugin is called here the same
// way, on an assembly synthesized first, as 2.112 does after writing it.

let work: string;
beforeAll(() => {
  process.env.CDK_VALIDATION = 'false';
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'checks-floor-'));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** The templates 2.112 passes: every top-level stack's template of the assembly and its nested assemblies. */
function templatePathsOf(directory: string): string[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(directory, 'manifest.json'), 'utf8'));
  return Object.values<any>(manifest.artifacts).flatMap((artifact) => {
    if (artifact.type === 'cdk:cloud-assembly') return templatePathsOf(path.join(directory, artifact.properties.directoryName));
    return artifact.type === 'aws:cloudformation:stack' ? [path.join(directory, artifact.properties.templateFile)] : [];
  });
}

function validateAsAt2112(build: (app: App) => void) {
  const outdir = path.join(work, `app${fs.readdirSync(work).length}`);
  const app = new App({ outdir, analyticsReporting: false });
  build(app);
  app.synth();
  const context2112 = { templatePaths: templatePathsOf(outdir) } as unknown as IPolicyValidationContext;
  return new CrossAccountSecretsChecks().validate(context2112);
}

const violations = (report: ReturnType<typeof validateAsAt2112>) =>
  report.violations
    .flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} ${path.basename(r.templatePath!)} ${r.resourceLogicalId}`))
    .sort();

describe('the plugin with the validation context of aws-cdk-lib 2.112.0 (templatePaths only)', () => {
  test('checks each template with its account from the manifest, nested stacks and Stages included', () => {
    const report = validateAsAt2112((app) => {
      new SharedSecret(new Stack(new Stage(app, 'Prod'), 'Secrets', { env: { account: SECRET, region: 'eu-west-1' } }), 'Shared');
      const pods = new Stack(app, 'Pods', { env: { account: WORKLOAD, region: 'eu-west-1' } });
      podRole(new NestedStack(pods, 'Inner'), { [`${ISSUER}:sub`]: 'system:serviceaccount:testnamespace:testapp' });
    });
    expect(report.success).toBe(false);
    expect(violations(report)).toEqual([
      expect.stringMatching(/^EKSSEC1 PodsInner\w+\.nested\.template\.json PodRole\w+$/),
      expect.stringMatching(/^EKSSEC4 ProdSecrets\w+\.template\.json SharedKey\w+$/),
      expect.stringMatching(/^EKSSEC5 ProdSecrets\w+\.template\.json SharedKey\w+$/),
      expect.stringMatching(/^EKSSEC5 ProdSecrets\w+\.template\.json SharedSecretPolicy\w+$/),
      expect.stringMatching(/^EKSSEC6 ProdSecrets\w+\.template\.json SharedKey\w+$/),
      expect.stringMatching(/^EKSSEC7 ProdSecrets\w+\.template\.json SharedSecretPolicy\w+$/),
    ]);
    // The paths it reports are the files 2.112 reads back for its report.
    for (const v of report.violations) for (const r of v.violatingResources) expect(fs.existsSync(r.templatePath!)).toBe(true);
  });

  test("honours cdk-nag's rules_to_suppress metadata, the acknowledgement available before Validations", () => {
    const report = validateAsAt2112((app) => {
      const shared = new SharedSecret(new Stack(app, 'Secrets', { env: { account: SECRET, region: 'eu-west-1' } }), 'Shared');
      for (const resource of [shared.key.node.defaultChild, shared.secret.node.findChild('Policy').node.defaultChild] as any[]) {
        resource.addMetadata('cdk_nag', {
          rules_to_suppress: ['EKSSEC4', 'EKSSEC5', 'EKSSEC6', 'EKSSEC7'].map((id) => ({ id, reason: 'test: reviewed by hand' })),
        });
      }
    });
    expect(report).toEqual({ success: true, violations: [] });
  });

  test('passes an app with no secret shared across accounts', () => {
    expect(validateAsAt2112((app) => new Stack(app, 'Empty'))).toEqual({ success: true, violations: [] });
  });
});
