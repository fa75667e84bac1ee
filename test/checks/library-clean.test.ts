import { checkTemplates } from '../../lib/private/checks/check-templates';
import { constructOf, SCENARIOS, stacksOf } from '../access-proof/scenarios';

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
