import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import {
  CrossAccountSecretAccess,
  CrossAccountSecretAccessProps,
  CrossAccountSecretsChecks,
  GrantPrincipal,
  ReadableVersions,
} from '../../lib';
import { checkTemplates, ruleById } from '../../lib/private/checks/check-templates';
import { constructOf, SCENARIOS, stacksOf } from '../proof/scenarios';
import { exampleGraph } from '../support/graph';
import { KEY_ACCOUNT, newApp, SECRET_ACCOUNT, synthesize, withProps } from '../support/helpers';
import { cli } from '../support/run-cli';

// Every configuration the access proof runs against (the example app, other names and regions with a
// permissions boundary, every way the accounts can coincide, allowDescribeSecret, EKS Pod Identity):
// this library's own templates must pass its own checks.

const inputsOf = (stacks: readonly Stack[]) =>
  stacks.map((stack) => ({
    name: stack.stackName,
    template: Template.fromStack(stack).toJSON(),
    account: stack.account,
    region: stack.region,
  }));

describe('the checks on this library’s templates', () => {
  // CloudFormation validation on every synthesis is another test's subject and costs ~2 s per app here.
  // (Jest gives each test file its own copy of process.env.)
  beforeAll(() => (process.env.CDK_VALIDATION = 'false'));

  test.each(SCENARIOS.map((scenario) => [scenario.label, scenario] as const))('%s: no findings', (_label, scenario) => {
    const stacks = stacksOf(constructOf(scenario));
    const inputs = Object.values(stacks).map(({ stackName, template, account, region }) => ({
      name: stackName,
      template,
      account,
      region,
    }));
    expect(checkTemplates(inputs)).toEqual([]);
  });
});

describe('the checks on every mode of the library', () => {
  beforeAll(() => (process.env.CDK_VALIDATION = 'false'));

  const EXISTING_KEY = `arn:aws:kms:eu-west-1:${KEY_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
  const podIdentity = (options: object) => ({ oidcIssuers: undefined, podIdentity: { clusterName: 'prod', ...options } });

  function findingsOf(props: CrossAccountSecretAccessProps) {
    const access = new CrossAccountSecretAccess(newApp(), 'TestApp', props);
    const stacks = [access.workloadStack, access.secretStack, ...(access.keyStack ? [access.keyStack] : [])];
    return checkTemplates(inputsOf(stacks)).map((f) => [f.ruleId, f.template, f.location]);
  }

  // The modes the user chose on purpose, weaker in one respect, give exactly the finding the rule's
  // `thisLibrary` text names; every other mode gives none.
  test.each<[string, CrossAccountSecretAccessProps, string[][]]>([
    ['IRSA', withProps({}), []],
    ['EKS Pod Identity', withProps({ workload: podIdentity({}) }), []],
    ['a Pod Identity target role with session tags', withProps({ workload: podIdentity({ targetRole: true }) }), []],
    [
      'a Pod Identity target role without session tags (disableSessionTags)',
      withProps({ workload: podIdentity({ targetRole: true, disableSessionTags: true }) }),
      [['EKSSEC2', 'TestApp-Workload', 'Properties.AssumeRolePolicyDocument.Statement[0]']],
    ],
    [
      'role ARN principals (GrantPrincipal.ROLE_ARN)',
      withProps({ workload: { grantPrincipal: GrantPrincipal.ROLE_ARN } }),
      [
        ['EKSSEC5', 'TestApp-Secret', 'Properties.ResourcePolicy.Statement[0]'],
        ['EKSSEC5', 'TestApp-Key', 'Properties.KeyPolicy.Statement[3]'],
      ],
    ],
    ['named key users (keyUserArns)', withProps({ secret: { keyUserArns: [`arn:aws:iam::${SECRET_ACCOUNT}:role/deployer`] } }), []],
    ['current versions only (readableVersions)', withProps({ workload: { readableVersions: ReadableVersions.CURRENT } }), []],
    ['current and previous versions', withProps({ workload: { readableVersions: ReadableVersions.CURRENT_AND_PREVIOUS } }), []],
    ['an existing key (key.keyArn)', withProps({ key: { alias: undefined, keyArn: EXISTING_KEY } }), []],
  ])('%s', (_label, props, expected) => {
    expect(findingsOf(props)).toEqual(expected);
  });

  test('the rules that a mode of the library triggers say which option does it', () => {
    expect(ruleById('EKSSEC2').thisLibrary).toMatch(/`disableSessionTags: true`/);
    expect(ruleById('EKSSEC5').thisLibrary).toMatch(
      /`grantPrincipal: GrantPrincipal.ROLE_ARN`.*one finding on each secret policy and each key policy/,
    );
  });

  test('the statements the owners of an existing key must add pass the checks as that key’s policy', () => {
    const access = new CrossAccountSecretAccess(newApp(), 'TestApp', withProps({ key: { alias: undefined, keyArn: EXISTING_KEY } }));
    const [statements] = Object.values(access.keyPolicyStatements());
    expect(statements.Statement.length).toBeGreaterThan(0);
    const keyTemplate = { Resources: { Key: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: statements } } } };
    expect(checkTemplates([{ name: 'existing key', template: keyTemplate, account: KEY_ACCOUNT, region: 'eu-west-1' }])).toEqual([]);
  });

  test('the example graph (two keys, IRSA and Pod Identity workloads, shared secrets): no findings', () => {
    expect(checkTemplates(inputsOf(exampleGraph().secrets.stacks))).toEqual([]);
  });
});

describe("acknowledging the finding of a weaker option where the README's table says", () => {
  beforeAll(() => (process.env.CDK_VALIDATION = 'false'));

  test('ROLE_ARN: Validations.acknowledge on MyApp/Secret/ResourcePolicy and MyApp/Key/Key lets the plugin pass', () => {
    const app = new App({ analyticsReporting: false, context: { '@aws-cdk/core:appMode': 'inmemory' } });
    const access = new CrossAccountSecretAccess(app, 'MyApp', withProps({ workload: { grantPrincipal: GrantPrincipal.ROLE_ARN } }));
    Validations.of(app).addPlugins(new CrossAccountSecretsChecks());
    for (const construct of [access.secretStack.node.findChild('ResourcePolicy'), access.keyStack!.node.findChild('Key')]) {
      expect(construct.node.path).toMatch(/^MyApp\/(Secret\/ResourcePolicy|Key\/Key)$/);
      Validations.of(construct).acknowledge({ id: 'EKSSEC5', reason: 'test: role ARN principals chosen' });
    }
    expect(() => app.synth()).not.toThrow();
  });

  test('disableSessionTags: --acknowledge EKSSEC2:MyApp/Workload/PodRole lets the command pass', async () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'checks-weaker-'));
    const app = new App({ outdir, analyticsReporting: false });
    new CrossAccountSecretAccess(
      app,
      'MyApp',
      withProps({ workload: { oidcIssuers: undefined, podIdentity: { clusterName: 'prod', targetRole: true, disableSessionTags: true } } }),
    );
    app.synth();
    const run = async (...args: string[]) => {
      const { code, stdout } = await cli('check', outdir, ...args);
      return { code, stdout };
    };
    const plain = await run();
    expect(plain.code).toBe(1);
    expect(plain.stdout).toContain('  This library: This library writes such a trust only with `disableSessionTags: true`');
    expect(await run('--acknowledge', 'EKSSEC2:MyApp/Workload/PodRole')).toEqual({
      code: 0,
      stdout: expect.stringContaining('1 acknowledged:'),
    });
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  // Without session tags the pod role's trust cannot name the namespace and service account: EKSSEC2
  // reports exactly that statement, which the README and the access review explain.
  test('a target role without session tags: only EKSSEC2, on the pod role trust', () => {
    const { access } = synthesize(
      withProps({ workload: { oidcIssuers: undefined, podIdentity: { clusterName: 'prod', targetRole: true, disableSessionTags: true } } }),
    );
    const findings = checkTemplates(inputsOf([access.workloadStack, access.secretStack, access.keyStack!]));
    expect(findings.map((f) => [f.ruleId, f.template, f.location])).toEqual([
      ['EKSSEC2', 'TestApp-Workload', 'Properties.AssumeRolePolicyDocument.Statement[0]'],
    ]);
  });

  test('a target role with session tags: no findings', () => {
    const { access } = synthesize(
      withProps({ workload: { oidcIssuers: undefined, podIdentity: { clusterName: 'prod', targetRole: true } } }),
    );
    expect(checkTemplates(inputsOf([access.workloadStack, access.secretStack, access.keyStack!]))).toEqual([]);
  });
});
