import { seedProps, withProps } from '../support/helpers';
import { podRoleSession } from './access-simulator';
import { GRAPHS, graphWorldOf } from './graph-scenarios';
import { resolveAccess } from './resolved-access';
import { resolveGraph } from './resolved-graph';
import { synthesizeStacks } from './scenarios';
import { AccessStacks, StackInput, SYNTHETIC_SECRET_SUFFIX, TemplateResolver } from './template-resolver';

// The resolver fails closed: what it cannot resolve, or a template shape it does not model, must fail
// the proof rather than be skipped.

const stacks = synthesizeStacks(seedProps());
const SECRET_ARN = `arn:aws:secretsmanager:eu-west-1:222222222222:secret:testsecret-${SYNTHETIC_SECRET_SUFFIX}`;
const resources = (stack: StackInput): Record<string, any> => stack.template.Resources as Record<string, any>;

describe('template resolver', () => {
  const resolver = new TemplateResolver(stacks.secret);
  const partitionJoin = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root']] };

  test.each([
    ['Ref AWS::Partition', { Ref: 'AWS::Partition' }, 'aws'],
    ["Ref AWS::AccountId (the stack's account)", { Ref: 'AWS::AccountId' }, '222222222222'],
    ["Ref AWS::Region (the stack's region)", { Ref: 'AWS::Region' }, 'eu-west-1'],
    ['Fn::Join', partitionJoin, 'arn:aws:iam::222222222222:root'],
    [
      'Fn::Sub with pseudo parameters, an attribute and a literal',
      { 'Fn::Sub': '${AWS::Region} ${Secret.Id} ${!Literal}' },
      `eu-west-1 ${SECRET_ARN} \${Literal}`,
    ],
    [
      'Fn::Sub with variables',
      { 'Fn::Sub': ['${Region}-${AWS::AccountId}', { Region: { Ref: 'AWS::Region' } }] },
      'eu-west-1-222222222222',
    ],
    ['Fn::Select of Fn::Split', { 'Fn::Select': [4, { 'Fn::Split': [':', { Ref: 'Secret' }] }] }, '222222222222'],
    ['Ref of a secret: its ARN with a random suffix', { Ref: 'Secret' }, SECRET_ARN],
    [
      'nested values, dropping AWS::NoValue',
      { a: [partitionJoin, { Ref: 'AWS::NoValue' }], b: { Ref: 'AWS::NoValue' } },
      { a: ['arn:aws:iam::222222222222:root'] },
    ],
  ])('resolves %s', (_, value, expected) => {
    expect(resolver.resolve(value, 'test')).toEqual(expected);
  });

  test.each([
    ['an intrinsic it does not know', { 'Fn::ImportValue': 'shared-key-arn' }],
    ['a condition', { 'Fn::If': ['IsProd', 'a', 'b'] }],
    ['a parameter (no value at synth time)', { Ref: 'BootstrapVersion' }],
    ['a resource that does not exist', { Ref: 'Missing' }],
    ['an attribute it does not model', { 'Fn::GetAtt': ['Secret', 'Unknown'] }],
    ['a pseudo parameter it does not model', { Ref: 'AWS::StackId' }],
    ['a CDK token left in a string', 'arn:aws:iam::${Token[AWS.AccountId.4]}:root'],
    ['an intrinsic mixed with other keys', { Ref: 'AWS::Region', Extra: 1 }],
    ['a Sub of an unknown variable', { 'Fn::Sub': '${Unknown}' }],
  ])('throws on %s', (_, value) => {
    expect(() => resolver.resolve(value, 'test')).toThrow();
  });
});

describe('resolved access', () => {
  test("follows the role's ManagedPolicyArns Ref to the managed policy in the template", () => {
    const { workload } = resolveAccess(stacks);
    expect(workload.identityPolicies).toEqual([
      { name: 'PermissionsPolicy', document: resources(stacks.workload).PermissionsPolicy.Properties.PolicyDocument },
    ]);
    expect(workload.roleArn).toBe('arn:aws:iam::111111111111:role/eks-secrets/pod-role');
  });

  test('follows SecretId Ref to the secret and KmsKeyId to the key alias', () => {
    const { secret, key } = resolveAccess(stacks);
    expect(secret.arn).toBe(SECRET_ARN);
    expect(secret.resourcePolicy).toEqual(resources(stacks.secret).ResourcePolicy.Properties.ResourcePolicy);
    expect(key.aliasArns).toEqual(['arn:aws:kms:eu-west-1:333333333333:alias/testapp-secrets']);
    expect(key.arn).toMatch(/^arn:aws:kms:eu-west-1:333333333333:key\/[0-9a-f-]{36}$/);
  });

  test('includes a policy that attaches itself to the role by name', () => {
    const copy = structuredClone(stacks);
    const document = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'secretsmanager:*', Resource: '*' }] };
    resources(copy.workload).Extra = {
      Type: 'AWS::IAM::Policy',
      Properties: { PolicyName: 'extra', Roles: [{ Ref: 'PodRole' }], PolicyDocument: document },
    };
    expect(resolveAccess(copy).workload.identityPolicies.map((p) => p.name)).toEqual(['PermissionsPolicy', 'Extra']);
  });

  test.each<[string, (s: AccessStacks) => void, RegExp]>([
    [
      'the role has a managed policy whose document is not in the template',
      (s) => resources(s.workload).PodRole.Properties.ManagedPolicyArns.push('arn:aws:iam::aws:policy/ReadOnlyAccess'),
      /ReadOnlyAccess is not in the template/,
    ],
    [
      'the secret is encrypted with another key',
      (s) => (resources(s.secret).Secret.Properties.KmsKeyId = 'arn:aws:kms:eu-west-1:333333333333:alias/other'),
      /none of the key stack's identifiers/,
    ],
    ['the secret names no customer managed key', (s) => delete resources(s.secret).Secret.Properties.KmsKeyId, /no customer managed key/],
    [
      'the resource policy is attached to another secret',
      (s) => (resources(s.secret).ResourcePolicy.Properties.SecretId = 'other-secret'),
      /not to the secret/,
    ],
    [
      'a stack holds a resource type the proof does not model',
      (s) => (resources(s.secret).Rotation = { Type: 'AWS::SecretsManager::RotationSchedule', Properties: {} }),
      /RotationSchedule is not modelled/,
    ],
    ['a resource is conditional', (s) => (resources(s.key).Key.Condition = 'IsProd'), /is conditional/],
  ])('refuses templates where %s', (_, mutate, message) => {
    const copy = structuredClone(stacks);
    mutate(copy);
    expect(() => resolveAccess(copy)).toThrow(message);
  });

  test("a role with a permissions boundary cannot be evaluated without the boundary's document", () => {
    const boundary = 'arn:aws:iam::111111111111:policy/boundary';
    const access = resolveAccess(synthesizeStacks(withProps({ workload: { permissionsBoundaryArn: boundary } })));
    expect(access.workload.permissionsBoundaryArn).toBe(boundary);
    expect(() => podRoleSession(access)).toThrow(/supply its document/);
  });
});

describe('resolved graph', () => {
  // The example graph: one key stack, two secret stacks, two workload stacks.
  const { stacks } = graphWorldOf(GRAPHS[0]);
  const stack = (kind: string, copy: StackInput[]): StackInput => copy.find((s) => s.stackName.includes(`-${kind}-`))!;
  const idOf = (s: StackInput, type: string): string => Object.keys(resources(s)).find((id) => resources(s)[id].Type === type)!;

  test('resolves every stack, links each secret to the key its KmsKeyId names, and each policy to its role', () => {
    const graph = resolveGraph(stacks);
    expect(graph.keys).toHaveLength(1);
    expect(graph.secrets.map((s) => [s.name, s.key])).toEqual([
      ['payments/db', graph.keys[0]],
      ['payments/cache', graph.keys[0]],
    ]);
    expect(graph.workloads.map((w) => [w.account, w.identityPolicies.length, w.podIdentityAssociations.length])).toEqual([
      ['111111111111', 1, 0],
      ['555555555555', 1, 1],
    ]);
  });

  test.each<[string, (s: StackInput[]) => void, RegExp]>([
    [
      'a stack holds parts of two kinds',
      (s) => (resources(stack('Secrets', s)).Key = resources(stack('Keys', s))[idOf(stack('Keys', s), 'AWS::KMS::Key')]),
      /holds parts of 2 kinds/,
    ],
    [
      'a secret is encrypted with a key that is not in the graph',
      (s) =>
        (resources(stack('Secrets', s))[idOf(stack('Secrets', s), 'AWS::SecretsManager::Secret')].Properties.KmsKeyId =
          'arn:aws:kms:eu-west-1:333333333333:alias/other'),
      /which is no key of the graph/,
    ],
    [
      "a secret's KmsKeyId is imported from another stack",
      (s) =>
        (resources(stack('Secrets', s))[idOf(stack('Secrets', s), 'AWS::SecretsManager::Secret')].Properties.KmsKeyId = {
          'Fn::ImportValue': 'key-arn',
        }),
      /cannot resolve Fn::ImportValue/,
    ],
    [
      'a resource policy guards a secret of another stack',
      (s) =>
        (resources(stack('Secrets', s))[idOf(stack('Secrets', s), 'AWS::SecretsManager::ResourcePolicy')].Properties.SecretId =
          'payments/cache'),
      /not to the secret/,
    ],
    [
      'a secret has two resource policies',
      (s) => {
        const r = resources(stack('Secrets', s));
        r.Second = structuredClone(r[idOf(stack('Secrets', s), 'AWS::SecretsManager::ResourcePolicy')]);
      },
      /at most one AWS::SecretsManager::ResourcePolicy/,
    ],
    [
      'an alias targets a key of another stack',
      (s) =>
        (resources(stack('Keys', s))[idOf(stack('Keys', s), 'AWS::KMS::Alias')].Properties.TargetKeyId =
          'arn:aws:kms:eu-west-1:333333333333:key/other'),
      /not the key/,
    ],
    [
      'a managed policy is attached to no role of its stack',
      (s) => delete resources(stack('Workloads', s))[idOf(stack('Workloads', s), 'AWS::IAM::Role')].Properties.ManagedPolicyArns,
      /attached to no role/,
    ],
    [
      'a Pod Identity association gives a role that is not in its stack',
      (s) => {
        const w = [...s].reverse().find((x) => x.stackName.includes('-Workloads-'))!;
        resources(w)[idOf(w, 'AWS::EKS::PodIdentityAssociation')].Properties.RoleArn = 'arn:aws:iam::555555555555:role/other';
      },
      /no role of the template/,
    ],
    [
      'a workload stack holds a resource type the proof does not model',
      (s) => (resources(stack('Workloads', s)).User = { Type: 'AWS::IAM::User', Properties: {} }),
      /AWS::IAM::User is not modelled/,
    ],
    ['a stack is deployed twice', (s) => s.push(structuredClone(stack('Keys', s))), /deployed twice/],
  ])('refuses a graph where %s', (_, mutate, message) => {
    const copy = structuredClone([...stacks]);
    mutate(copy);
    expect(() => resolveGraph(copy)).toThrow(message);
  });
});
