import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { GrantPrincipal, ReadableVersions } from '../../lib';
import { checkTemplates } from '../../lib/private/checks/check-templates';
import { constructOf, SCENARIOS, stacksOf } from '../proof/scenarios';
import { exampleGraph } from '../support/graph';
import { synthesize, withProps } from '../support/helpers';

// Every configuration the access proof runs against (the example app, other names and regions with a
// permissions boundary, every way the accounts can coincide, allowDescribeSecret, EKS Pod Identity):
// this library's own templates must pass its own checks.

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

describe('the checks on graphs and hardened options', () => {
  beforeAll(() => (process.env.CDK_VALIDATION = 'false'));

  const inputsOf = (stacks: readonly Stack[]) =>
    stacks.map((stack) => ({
      name: stack.stackName,
      template: Template.fromStack(stack).toJSON(),
      account: stack.account,
      region: stack.region,
    }));

  test('the example graph (two keys, IRSA and Pod Identity workloads, shared secrets): no findings', () => {
    expect(checkTemplates(inputsOf(exampleGraph().secrets.stacks))).toEqual([]);
  });

  // GrantPrincipal.ROLE_ARN is the user's deliberate choice of what EKSSEC5 warns about (a recreated
  // role loses access until the policies are saved again): exactly those two statements are reported.
  test('role ARN principals, current versions only and named key users: only EKSSEC5, on the two role-ARN statements', () => {
    const { access } = synthesize(
      withProps({
        workload: { grantPrincipal: GrantPrincipal.ROLE_ARN, readableVersions: ReadableVersions.CURRENT },
        secret: { keyUserArns: ['arn:aws:iam::222222222222:role/deployer'] },
      }),
    );
    const findings = checkTemplates(inputsOf([access.workloadStack, access.secretStack, access.keyStack!]));
    expect(findings.map((f) => [f.ruleId, f.template, f.location])).toEqual([
      ['EKSSEC5', 'TestApp-Secret', 'Properties.ResourcePolicy.Statement[0]'],
      ['EKSSEC5', 'TestApp-Key', 'Properties.KeyPolicy.Statement[3]'],
    ]);
  });

  // Without session tags the pod role's trust cannot name the namespace and service account: EKSSEC2
  // reports exactly that statement, which the README and the access review explain.
  test('a target role without session tags: only EKSSEC2, on the pod role trust', () => {
    const { access } = synthesize(
      withProps({ workload: { oidcIssuer: undefined, podIdentity: { clusterName: 'prod', targetRole: true, disableSessionTags: true } } }),
    );
    const findings = checkTemplates(inputsOf([access.workloadStack, access.secretStack, access.keyStack!]));
    expect(findings.map((f) => [f.ruleId, f.template, f.location])).toEqual([
      ['EKSSEC2', 'TestApp-Workload', 'Properties.AssumeRolePolicyDocument.Statement[0]'],
    ]);
  });

  test('a target role with session tags: no findings', () => {
    const { access } = synthesize(
      withProps({ workload: { oidcIssuer: undefined, podIdentity: { clusterName: 'prod', targetRole: true } } }),
    );
    expect(checkTemplates(inputsOf([access.workloadStack, access.secretStack, access.keyStack!]))).toEqual([]);
  });
});
