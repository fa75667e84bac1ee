import { allCases } from './access-rows';
import { checkDocument } from './access-simulator';
import { testRows } from './cases';
import { constructOf, SCENARIOS, worldOf } from './scenarios';
import { SYNTHETIC_SECRET_SUFFIX } from './template-resolver';

// Least privilege, proven by evaluating the synthesized policies with an IAM policy engine.
// Each scenario is synthesized from the construct under test; each row names its expected verdict.

describe.each(SCENARIOS.map((scenario) => [scenario.label, scenario] as const))('access matrix: %s', (_, scenario) => {
  // Synthesized while collecting tests, because the row titles name the scenario's values.
  const world = worldOf(scenario);
  const cases = allCases(world);

  test('every policy document validates and lints clean, and the secret blocks public policies', async () => {
    const { workload, secret, key } = world.access;
    await checkDocument('trust policy', workload.trustPolicy, 'trust');
    for (const policy of workload.identityPolicies) await checkDocument(policy.name, policy.document, 'identity');
    expect(secret.resourcePolicy).toBeDefined();
    await checkDocument('secret resource policy', secret.resourcePolicy!, 'resource');
    await checkDocument('key policy', key.keyPolicy, 'resource');
    expect(workload.identityPolicies.length).toBeGreaterThan(0);
    expect(secret.blockPublicPolicy).toBe(true);
  });

  test('the construct advertises the identifiers the templates deploy', () => {
    // The ServiceAccount annotation and the clients use these: they must name what the proof evaluated.
    const construct = constructOf(scenario);
    const { workload, secret, key } = world.access;
    expect(construct.roleArn).toBe(workload.roleArn);
    expect(secret.arn).toBe(`${construct.secretPartialArn}-${SYNTHETIC_SECRET_SUFFIX}`);
    expect(key.aliasArns).toEqual([construct.keyAliasArn]);
    const { namespace, serviceAccount, podIdentity } = scenario.props.workload;
    const association = { clusterName: podIdentity?.clusterName, namespace, serviceAccount, roleArn: workload.roleArn };
    expect(workload.podIdentityAssociations).toEqual(podIdentity ? [association] : []);
  });

  test('the matrix has allowed rows and denied rows', () => {
    // A suite of denials alone proves nothing: a broken request is denied too.
    expect(cases.filter((c) => c.expected === 'allowed').length).toBeGreaterThanOrEqual(3);
    expect(cases.filter((c) => c.expected === 'denied').length).toBeGreaterThanOrEqual(20);
  });

  testRows(cases);
});
