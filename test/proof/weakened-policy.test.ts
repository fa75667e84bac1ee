import { allCases } from './access-rows';
import { Verdict } from './cases';
import { constructOf, SCENARIOS, stacksOf, worldOf } from './scenarios';
import { AccessStacks, CfnTemplate } from './template-resolver';

// The matrix must be able to fail. Each test weakens one condition of the synthesized templates (on a
// deep copy) and checks which matrix rows then fail: exactly the rows that condition exists for, and
// no others. A mutation that no row notices would mean the matrix does not cover that condition.

type Statement = Record<string, any>;

/** The policy document of the only resource of a type in a template. */
function documentOf(template: CfnTemplate, type: string, property: string): { Statement: Statement[] } {
  const resources = Object.values(template.Resources as Record<string, { Type: string; Properties: Record<string, any> }>);
  const matching = resources.filter((r) => r.Type === type);
  if (matching.length !== 1) throw new Error(`expected one ${type}, found ${matching.length}`);
  return matching[0].Properties[property];
}

/** The statements of a document that match; fails when none does, so a mutation never silently does nothing. */
function statementsWhere(doc: { Statement: Statement[] }, predicate: (s: Statement) => boolean): Statement[] {
  const found = doc.Statement.filter(predicate);
  if (found.length === 0) throw new Error(`no statement matches in ${JSON.stringify(doc)}`);
  return found;
}

const trustPolicy = (s: AccessStacks) => documentOf(s.workload.template, 'AWS::IAM::Role', 'AssumeRolePolicyDocument');
const permissions = (s: AccessStacks) => documentOf(s.workload.template, 'AWS::IAM::ManagedPolicy', 'PolicyDocument');
const secretPolicy = (s: AccessStacks) => documentOf(s.secret.template, 'AWS::SecretsManager::ResourcePolicy', 'ResourcePolicy');
const keyPolicy = (s: AccessStacks) => documentOf(s.key.template, 'AWS::KMS::Key', 'KeyPolicy');
const podStatement = (s: Statement) => s.Condition?.ArnEquals?.['aws:PrincipalArn'] !== undefined;

interface Mutation {
  readonly name: string;
  readonly weaken: (stacks: AccessStacks) => void;
  /** The matrix rows that must then fail (denied rows observed allowed). */
  readonly failing: readonly string[];
}

const MUTATIONS: readonly Mutation[] = [
  {
    name: 'trust policy without the aud condition',
    weaken: (s) => {
      for (const st of statementsWhere(trustPolicy(s), (x) => x.Condition?.StringEquals !== undefined)) {
        const conditions = st.Condition.StringEquals;
        const aud = Object.keys(conditions).filter((k) => k.endsWith(':aud'));
        if (aud.length !== 1) throw new Error('no aud condition to remove');
        delete conditions[aud[0]];
      }
    },
    failing: ['irsa-other-audience', 'irsa-missing-audience'],
  },
  {
    name: 'trust policy matching sub with StringLike system:serviceaccount:<namespace>:*',
    weaken: (s) => {
      for (const st of statementsWhere(trustPolicy(s), (x) => x.Condition?.StringEquals !== undefined)) {
        const sub = Object.keys(st.Condition.StringEquals).find((k) => k.endsWith(':sub'))!;
        st.Condition.StringLike = { [sub]: st.Condition.StringEquals[sub].replace(/[^:]+$/, '*') };
        delete st.Condition.StringEquals[sub];
      }
    },
    failing: ['irsa-other-service-account', 'irsa-longer-service-account'],
  },
  {
    name: 'secret resource policy without the aws:PrincipalArn condition (any principal of account 1)',
    weaken: (s) => statementsWhere(secretPolicy(s), podStatement).forEach((st) => delete st.Condition),
    // Reading the value stays denied for them: the key policy still admits the pod role only.
    failing: ['node-get-secret-value'],
  },
  {
    name: 'secret resource policy allowing secretsmanager:* instead of GetSecretValue',
    weaken: (s) => statementsWhere(secretPolicy(s), podStatement).forEach((st) => (st.Action = 'secretsmanager:*')),
    // Only once account 1 over-grants its role: the pod role's own policy still allows GetSecretValue only.
    failing: ['over-granted-pod-PutSecretValue', 'over-granted-pod-PutResourcePolicy', 'over-granted-pod-DeleteSecret'],
  },
  {
    name: 'pod role permissions on every secret of account 2 (secret:*) instead of the secret',
    weaken: (s) =>
      statementsWhere(permissions(s), (x) => x.Action === 'secretsmanager:GetSecretValue').forEach(
        (st) => (st.Resource = st.Resource.replace(/secret:.*$/, 'secret:*')),
      ),
    failing: ['pod-reads-other-secret', 'pod-reads-longer-name'],
  },
  {
    name: 'key policy statement of the pod role without kms:ViaService',
    weaken: (s) => statementsWhere(keyPolicy(s), podStatement).forEach((st) => delete st.Condition.StringEquals['kms:ViaService']),
    // The pod role's own policy also requires kms:ViaService: only an over-granted pod role decrypts directly.
    failing: ['over-granted-pod-decrypt-direct'],
  },
  {
    name: "kms:ViaService removed from both the pod role's policy and the key policy",
    weaken: (s) => {
      statementsWhere(keyPolicy(s), podStatement).forEach((st) => delete st.Condition.StringEquals['kms:ViaService']);
      statementsWhere(permissions(s), (x) => x.Action === 'kms:Decrypt').forEach((st) => delete st.Condition.StringEquals);
    },
    failing: ['pod-decrypt-direct', 'pod-decrypt-other-service', 'pod-decrypt-other-region', 'over-granted-pod-decrypt-direct'],
  },
  {
    name: 'key policy statement of the pod role without the aws:PrincipalArn condition (any principal of account 1)',
    weaken: (s) => statementsWhere(keyPolicy(s), podStatement).forEach((st) => delete st.Condition.ArnEquals),
    // Reading the value stays denied for them: the secret's resource policy still admits the pod role only.
    failing: ['node-decrypt-via-secrets-manager'],
  },
  {
    name: 'key policy encryption context on every secret of account 2 (secret:*)',
    weaken: (s) =>
      statementsWhere(keyPolicy(s), (x) => x.Condition?.StringLike?.['kms:EncryptionContext:SecretARN'] !== undefined).forEach((st) => {
        st.Condition.StringLike['kms:EncryptionContext:SecretARN'] = st.Condition.StringLike['kms:EncryptionContext:SecretARN'].replace(
          /secret:.*$/,
          'secret:*',
        );
      }),
    failing: ['over-granted-pod-decrypt-other-secret', 'secret-admin-decrypt-other-secret'],
  },
  {
    name: 'key administration granted kms:* (the usual default key policy)',
    weaken: (s) =>
      statementsWhere(keyPolicy(s), (x) => [x.Action].flat().includes('kms:PutKeyPolicy')).forEach((st) => (st.Action = 'kms:*')),
    failing: ['key-admin-decrypt-direct', 'key-admin-create-grant'],
  },
];

// EKS Pod Identity trusts a service principal; its conditions are proven on the Pod Identity scenario.
const POD_IDENTITY_TAGS: Record<string, string[]> = {
  'kubernetes-namespace': ['pod-identity-other-namespace'],
  'kubernetes-service-account': ['pod-identity-other-service-account'],
  // The cluster's ARN is what pins the account: without it, clusters of other accounts get in too.
  'eks-cluster-arn': ['pod-identity-other-account', 'pod-identity-other-cluster'],
};
const POD_IDENTITY_MUTATIONS: readonly Mutation[] = Object.entries(POD_IDENTITY_TAGS).map(([tag, failing]) => ({
  name: `Pod Identity trust policy without the aws:RequestTag/${tag} condition`,
  weaken: (s) =>
    statementsWhere(trustPolicy(s), (x) => x.Condition?.StringEquals?.[`aws:RequestTag/${tag}`] !== undefined).forEach(
      (st) => delete st.Condition.StringEquals[`aws:RequestTag/${tag}`],
    ),
  failing,
}));

describe.each([
  { scenario: SCENARIOS[0], mutations: MUTATIONS },
  { scenario: SCENARIOS.find((s) => s.props.workload.podIdentity !== undefined)!, mutations: POD_IDENTITY_MUTATIONS },
])('weakened policies make the access matrix fail: $scenario.label', ({ scenario, mutations }) => {
  const original = stacksOf(constructOf(scenario));

  /** The ids of the matrix rows whose observed verdict differs from the expected one. */
  async function failingRows(stacks: AccessStacks): Promise<string[]> {
    const failing: string[] = [];
    for (const c of allCases(worldOf(scenario, stacks))) {
      const observed: Verdict = (await c.run()).verdict;
      if (observed !== c.expected) failing.push(`${c.id}: expected ${c.expected}, observed ${observed}`);
    }
    return failing.sort();
  }

  test('the unmodified templates fail no row', async () => {
    expect(await failingRows(original)).toEqual([]);
  });

  test.each(mutations.map((m) => [m.name, m.failing.join(', '), m] as const))('%s: fails exactly %s', async (_name, _rows, mutation) => {
    const stacks = structuredClone(original);
    mutation.weaken(stacks);
    expect(await failingRows(stacks)).toEqual(mutation.failing.map((id) => `${id}: expected denied, observed allowed`).sort());
  });

  test('the mutations leave the original templates unchanged', async () => {
    expect(original).toEqual(stacksOf(constructOf(scenario)));
  });
});
