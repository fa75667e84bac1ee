import { checkDocument } from './access-simulator';
import { testRows } from './cases';
import { otherKeyCases, otherRoleCases, overGrantedCases } from './graph-isolation-rows';
import { describeCases, pairCases, trustCases } from './graph-rows';
import { aliasArn, GRAPHS, graphWorldOf, partitionOf, secretArn } from './graph-scenarios';
import { SYNTHETIC_SECRET_SUFFIX } from './template-resolver';

// The IAM-engine proof on a graph. Every (workload, secret) pair is read as the workload's pod
// role session, with the managed policies its stack deploys: GetSecretValue against the secret's
// resource policy, and the kms:Decrypt Secrets Manager sends on its behalf against the policy of the
// key the secret names. Each must be allowed exactly when the declaration grants the pair.

describe.each(GRAPHS.map((spec) => [spec.label, spec] as const))('graph matrix: %s', (_, spec) => {
  // Synthesized while collecting tests, because the row titles name the graph's parts.
  const world = graphWorldOf(spec);
  const pairs = pairCases(world);
  const cases = [
    ...describeCases(world),
    ...trustCases(world),
    ...otherKeyCases(world),
    ...otherRoleCases(world),
    ...overGrantedCases(world),
  ];

  test('the templates deploy exactly the declared parts, each secret encrypted with its declared key', () => {
    const { graph } = world;
    expect(graph.workloads.map((w) => w.roleArn).sort()).toEqual(world.workloads.map((w) => w.part.roleArn).sort());
    expect(graph.secrets.map((s) => s.arn).sort()).toEqual(world.secrets.map((s) => secretArn(s.options)).sort());
    expect(graph.keys.map((k) => k.aliasArns)).toEqual(graph.keys.map(() => [expect.any(String)]));
    expect(graph.keys.map((k) => k.aliasArns[0]).sort()).toEqual(world.keys.map((k) => aliasArn(k.options)).sort());
    for (const secret of world.secrets) expect(secret.resolved.key).toBe(world.keyOf(secret).resolved);
  });

  test('the parts advertise the identifiers the templates deploy', () => {
    for (const key of world.keys) expect(key.resolved.aliasArns).toEqual([key.part.keyAliasArn]);
    for (const secret of world.secrets) expect(secret.resolved.arn).toBe(`${secret.part.secretPartialArn}-${SYNTHETIC_SECRET_SUFFIX}`);
    for (const workload of world.workloads) {
      const { account, region, namespace, serviceAccount, podIdentityClusters = [] } = workload.options;
      expect(workload.resolved.roleArn).toBe(`arn:${partitionOf(region)}:iam::${account}:role/eks-secrets/${workload.part.roleName}`);
      // One association per Pod Identity cluster, binding the service account to this role; none for IRSA.
      const roleArn = workload.resolved.roleArn;
      expect(workload.resolved.podIdentityAssociations).toEqual(
        podIdentityClusters.map((clusterName) => ({ clusterName, namespace, serviceAccount, roleArn })),
      );
    }
  });

  test('every policy document validates and lints clean, and every granted secret blocks public policies', async () => {
    for (const { resolved } of world.workloads) {
      await checkDocument(`trust policy of ${resolved.roleArn}`, resolved.trustPolicy, 'trust');
      expect(resolved.identityPolicies.length).toBeGreaterThan(0);
      for (const policy of resolved.identityPolicies) await checkDocument(policy.name, policy.document, 'identity');
    }
    for (const secret of world.secrets) {
      expect(secret.resolved.resourcePolicy).toBeDefined();
      await checkDocument(`resource policy of ${secret.resolved.arn}`, secret.resolved.resourcePolicy!, 'resource');
      expect(secret.resolved.blockPublicPolicy).toBe(true);
    }
    for (const key of world.graph.keys) await checkDocument(`key policy of ${key.arn}`, key.keyPolicy, 'resource');
  });

  test('the matrix holds every pair, granted and not', () => {
    // A matrix of denials alone proves nothing: a broken request is denied too.
    expect(pairs).toHaveLength(world.workloads.length * world.secrets.length);
    const grants = Object.values(spec.grants).flat().length;
    expect(pairs.filter((p) => p.granted)).toHaveLength(grants);
    expect(grants).toBeGreaterThan(0);
    expect(pairs.length - grants).toBeGreaterThan(0);
  });

  test.each(pairs.map((p) => [p.title, p] as const))('%s', async (_title, pair) => {
    const outcome = await pair.run();
    // Both parts on their own: a denied pair must be refused the value and the decryption.
    expect(outcome).toEqual({ ...pair.expected, detail: outcome.detail });
  });

  testRows(cases);
});
