import { Case, Verdict } from './cases';
import { HARDENED_SCENARIOS, hardenedCases } from './hardened-rows';
import { constructOf, stacksOf, synthesizeStacks, worldOf } from './scenarios';
import { resolveTargetRoleAccess } from './target-role-access';
import { TARGET_ROLE_SCENARIOS, targetRoleCases, targetRoleWorld } from './target-role-rows';
import { AccessStacks, CfnTemplate } from './template-resolver';

// The target-role and hardening rows must be able to fail, and the target-role resolver must refuse what it does
// not model. Each mutation weakens one condition (on a deep copy) and names exactly the rows that notice.

type Statement = Record<string, any>;
type Resources = Record<string, { Type: string; Properties: Record<string, any> }>;

const resources = (template: CfnTemplate) => template.Resources as Resources;
function only(template: CfnTemplate, type: string) {
  const found = Object.values(resources(template)).filter((r) => r.Type === type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0].Properties;
}
function statement(doc: { Statement: Statement[] }, sid: string): Statement {
  const found = doc.Statement.find((s) => s.Sid === sid);
  if (!found) throw new Error(`no statement ${sid} in ${JSON.stringify(doc)}`);
  return found;
}
const targetTrust = (s: AccessStacks) => only(s.secret.template, 'AWS::IAM::Role').AssumeRolePolicyDocument;
const secretPolicy = (s: AccessStacks) => only(s.secret.template, 'AWS::SecretsManager::ResourcePolicy').ResourcePolicy;
const keyPolicy = (s: AccessStacks) => only(s.key.template, 'AWS::KMS::Key').KeyPolicy;

async function failingRows(cases: Case[]): Promise<string[]> {
  const failing: string[] = [];
  for (const c of cases) {
    const observed: Verdict = (await c.run()).verdict;
    if (observed !== c.expected) failing.push(`${c.id}: expected ${c.expected}, observed ${observed}`);
  }
  return failing.sort();
}
const deniedObservedAllowed = (ids: string[]) => ids.map((id) => `${id}: expected denied, observed allowed`).sort();

const [TAGS, EXTERNAL_ID] = TARGET_ROLE_SCENARIOS;
const hardened = (h: string) => HARDENED_SCENARIOS.find((s) => s.hardening === h)!;

const MUTATIONS = [
  {
    name: 'target trust without the kubernetes-namespace tag',
    rows: (s: AccessStacks) => targetRoleCases(targetRoleWorld(TAGS, s)),
    original: () => synthesizeStacks(TAGS.props),
    weaken: (s: AccessStacks) =>
      delete statement(targetTrust(s), 'PodIdentityRoleWithSessionTags').Condition.StringEquals['aws:RequestTag/kubernetes-namespace'],
    failing: ['target-assume-other-namespace'],
  },
  {
    name: 'target trust without aws:PrincipalArn',
    rows: (s: AccessStacks) => targetRoleCases(targetRoleWorld(TAGS, s)),
    original: () => synthesizeStacks(TAGS.props),
    weaken: (s: AccessStacks) => delete statement(targetTrust(s), 'PodIdentityRoleWithSessionTags').Condition.ArnEquals,
    failing: ['target-assume-other-role'],
  },
  {
    name: 'target trust without sts:ExternalId',
    rows: (s: AccessStacks) => targetRoleCases(targetRoleWorld(EXTERNAL_ID, s)),
    original: () => synthesizeStacks(EXTERNAL_ID.props),
    weaken: (s: AccessStacks) => delete statement(targetTrust(s), 'PodIdentityRoleWithExternalId').Condition.StringEquals,
    failing: ['target-assume-bare', 'target-assume-other-cluster', 'target-assume-other-namespace', 'target-assume-other-service-account'],
  },
  ...[
    ['readableVersions CURRENT without Null secretsmanager:VersionId', 'Null', ['versions-version-id']],
    [
      'readableVersions CURRENT without the VersionStage condition',
      'StringEqualsIfExists',
      ['versions-AWSPENDING', 'versions-AWSPREVIOUS'],
    ],
  ].map(([name, operator, failing]) => ({
    name: name as string,
    rows: (s: AccessStacks) => hardenedCases(worldOf(hardened('current'), s), 'current'),
    original: () => stacksOf(constructOf(hardened('current'))),
    // Both the role's policy and the secret's guard the version: only both weakened lets it through.
    weaken: (s: AccessStacks) => {
      delete statement(secretPolicy(s), 'GetSecretValueForPodRole').Condition[operator as string];
      delete statement(only(s.workload.template, 'AWS::IAM::ManagedPolicy').PolicyDocument, 'GetSecretValueTestsecret').Condition[
        operator as string
      ];
    },
    failing: failing as string[],
  })),
  {
    name: 'keyUserArns without its aws:PrincipalArn condition',
    rows: (s: AccessStacks) => hardenedCases(worldOf(hardened('key-users'), s), 'key-users'),
    original: () => stacksOf(constructOf(hardened('key-users'))),
    weaken: (s: AccessStacks) => delete statement(keyPolicy(s), 'SecretsManagerEncryptFor222222222222').Condition.ArnEquals,
    failing: ['key-users-admin-generate', 'key-users-admin-read'],
  },
  ...['DenyPolicyLockoutBypass', 'DenyShortDeletionWindow'].map((sid, i) => ({
    name: `key policy without ${sid}`,
    rows: (s: AccessStacks) => hardenedCases(worldOf(hardened('default'), s), 'default'),
    original: () => stacksOf(constructOf(hardened('default'))),
    weaken: (s: AccessStacks) => (keyPolicy(s).Statement = keyPolicy(s).Statement.filter((x: Statement) => x.Sid !== sid)),
    failing: [['key-bypass-lockout', 'key-short-deletion'][i]],
  })),
];

describe('weakened policies make the target-role and hardening rows fail', () => {
  test.each(MUTATIONS.map((m) => [m.name, m] as const))('%s', async (_name, m) => {
    const original = m.original();
    expect(await failingRows(m.rows(original))).toEqual([]);
    const stacks = structuredClone(original);
    m.weaken(stacks);
    expect(await failingRows(m.rows(stacks))).toEqual(deniedObservedAllowed(m.failing));
  });
});

describe('the target-role resolver refuses what it does not model', () => {
  const original = synthesizeStacks(TAGS.props);
  const association = (s: AccessStacks) => only(s.workload.template, 'AWS::EKS::PodIdentityAssociation');

  test.each([
    [
      'a second role in the secret stack',
      (s: AccessStacks) => (resources(s.secret.template).Other = structuredClone(resources(s.secret.template).TargetRole)),
      /expected exactly one target role in .*, found 2/,
    ],
    [
      'an association naming another target role',
      (s: AccessStacks) => (association(s).TargetRoleArn = 'arn:aws:iam::222222222222:role/eks-secrets/other'),
      /the association's target role arn:aws:iam::222222222222:role\/eks-secrets\/other is not arn:aws:iam::222222222222:role\/eks-secrets\/pod-role-target/,
    ],
    [
      'an association giving another pod role',
      (s: AccessStacks) => (association(s).RoleArn = 'arn:aws:iam::111111111111:role/other'),
      /a Pod Identity association gives arn:aws:iam::111111111111:role\/other, no role of the template/,
    ],
    [
      'no association',
      (s: AccessStacks) => delete resources(s.workload.template).PodIdentityAssociation,
      /expected exactly one Pod Identity association, found 0/,
    ],
    [
      'a role policy referring to the secret',
      (s: AccessStacks) => (only(s.secret.template, 'AWS::IAM::ManagedPolicy').PolicyDocument.Statement[0].Resource = { Ref: 'Secret' }),
      /Ref Secret is neither a supported pseudo parameter nor a resource/,
    ],
    [
      'another resource type in the secret stack',
      (s: AccessStacks) => (resources(s.secret.template).Topic = { Type: 'AWS::SNS::Topic', Properties: {} }),
      /resource Topic of type AWS::SNS::Topic is not modelled by the access proof/,
    ],
  ])('%s', (_name, mutate, message) => {
    const stacks = structuredClone(original);
    mutate(stacks);
    expect(() => resolveTargetRoleAccess(stacks)).toThrow(message);
  });

  test('the unmodified templates resolve, to the pod role and its target role', () => {
    const { podRole, access } = resolveTargetRoleAccess(original);
    expect([podRole.roleArn, access.workload.roleArn]).toEqual([
      'arn:aws:iam::111111111111:role/eks-secrets/pod-role',
      'arn:aws:iam::222222222222:role/eks-secrets/pod-role-target',
    ]);
  });
});
