import { checkDocument } from './access-simulator';
import { Case, testRows } from './cases';
import { HARDENED_SCENARIOS, hardenedCases } from './hardened-rows';
import { worldOf } from './scenarios';
import { TARGET_ROLE_SCENARIOS, targetRoleCases, targetRoleWorld } from './target-role-rows';

// The Pod Identity target-role chain and the hardening options, proven by evaluating the
// synthesized policies with the IAM policy engine, as the access matrix does for the other configurations.

/** Runs a scenario's rows, and their controls (each must be allowed). */
function runRows(cases: Case[]): void {
  test('the rows include allowed rows, and every denial has a control', () => {
    expect(cases.some((c) => c.expected === 'allowed')).toBe(true);
    expect(cases.filter((c) => c.expected === 'denied' && c.control === undefined).map((c) => c.id)).toEqual([]);
  });

  testRows(cases);
}

describe.each(TARGET_ROLE_SCENARIOS.map((s) => [s.label, s] as const))('Pod Identity chain: %s', (_, scenario) => {
  const w = targetRoleWorld(scenario);
  test('every policy of the chain validates and lints clean', async () => {
    const { podRole, access } = w.chain;
    for (const role of [podRole, access.workload]) {
      await checkDocument(`trust policy of ${role.roleArn}`, role.trustPolicy, 'trust');
      for (const policy of role.identityPolicies) await checkDocument(policy.name, policy.document, 'identity');
    }
    await checkDocument('secret resource policy', access.secret.resourcePolicy!, 'resource');
    await checkDocument('key policy', access.key.keyPolicy, 'resource');
  });

  runRows(targetRoleCases(w));
});

describe.each(HARDENED_SCENARIOS.map((s) => [s.label, s] as const))('hardening: %s', (_, scenario) => {
  runRows(hardenedCases(worldOf(scenario), scenario.hardening));
});
