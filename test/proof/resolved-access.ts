import {
  AccessStacks,
  NamedPolicy,
  PolicyDocument,
  ResolvedAccess,
  ResolvedKey,
  ResolvedSecret,
  ResolvedWorkload,
  TemplateResolver,
} from './template-resolver';

// Picks out of the resolved templates every policy that takes part in reading a secret. Every way a
// template can attach a policy to a role, a secret or a key is either followed or rejected. A stack may
// hold several roles, secrets or keys (a `CrossAccountSecrets` graph); `resolveAccess` wants one of each.

const IAM_POLICY_TYPES = ['AWS::IAM::ManagedPolicy', 'AWS::IAM::Policy', 'AWS::IAM::RolePolicy'];

/** The resource types of each kind of stack: any other type fails the proof. */
export const STACK_TYPES = {
  workload: ['AWS::IAM::Role', ...IAM_POLICY_TYPES, 'AWS::EKS::PodIdentityAssociation'],
  secret: ['AWS::SecretsManager::Secret', 'AWS::SecretsManager::ResourcePolicy'],
  key: ['AWS::KMS::Key', 'AWS::KMS::Alias'],
} as const;

/** A secret as deployed, with the `KmsKeyId` it names, still to be matched with a key. */
export interface SecretWithKeyId {
  readonly secret: ResolvedSecret;
  readonly kmsKeyId: string;
}

/**
 * Resolves the templates of the workload, secret and key stacks into the policies AWS evaluates, and
 * checks that they fit together: the resource policy is attached to the secret, and the secret is
 * encrypted with the key of the key stack. Throws on anything it cannot resolve or does not model.
 */
export function resolveAccess(stacks: AccessStacks): ResolvedAccess {
  const workload = exactlyOne(resolveWorkloads(new TemplateResolver(stacks.workload)), 'AWS::IAM::Role');
  const { secret, kmsKeyId } = exactlyOne(resolveSecrets(new TemplateResolver(stacks.secret)), 'AWS::SecretsManager::Secret');
  const key = exactlyOne(resolveKeys(new TemplateResolver(stacks.key)), 'AWS::KMS::Key');
  // Secrets Manager decrypts with the key the secret names: it must be the key whose policy is proven.
  const keyArns = [key.arn, ...key.aliasArns];
  if (!keyArns.includes(kmsKeyId)) {
    throw new Error(`the secret's KmsKeyId ${kmsKeyId} is none of the key stack's identifiers (${keyArns.join(', ')})`);
  }
  return { workload, secret, key };
}

function exactlyOne<T>(items: readonly T[], type: string): T {
  if (items.length !== 1) throw new Error(`expected exactly one ${type}, found ${items.length}`);
  return items[0];
}

/**
 * Every role of a workload stack, with every policy attached to it. A policy attached to no role of the
 * stack, and a Pod Identity association for a role not in the stack, throw: the proof cannot see what
 * they grant.
 */
export function resolveWorkloads(r: TemplateResolver): ResolvedWorkload[] {
  r.onlyTypes(STACK_TYPES.workload);
  const roles = r.ofType('AWS::IAM::Role');
  const attached = new Set<string>();
  const managedByArn = new Map(r.ofType('AWS::IAM::ManagedPolicy').map((id) => [r.resolve({ Ref: id }, id) as string, id]));
  const workloads = roles.map((role) => {
    const roleName = r.stringProp(role, 'RoleName');
    const policies = new Map<string, NamedPolicy>();
    const inline = (r.prop(role, 'Policies') ?? []) as { PolicyName: string; PolicyDocument: PolicyDocument }[];
    for (const p of inline) policies.set(`inline:${p.PolicyName}`, { name: `${role}/${p.PolicyName}`, document: p.PolicyDocument });

    // A managed policy attached by ARN must be in this template: the proof cannot see the document of
    // one that is not (an AWS managed policy, say), so it refuses rather than evaluate without it.
    for (const arn of (r.prop(role, 'ManagedPolicyArns') ?? []) as string[]) {
      const id = managedByArn.get(arn);
      if (!id) throw new Error(`the role's managed policy ${arn} is not in the template: its document is unknown`);
      policies.set(id, { name: id, document: r.prop(id, 'PolicyDocument') as PolicyDocument });
    }
    // Policies can also attach themselves to the role by its name.
    for (const id of IAM_POLICY_TYPES.flatMap((type) => r.ofType(type))) {
      const names = [...((r.prop(id, 'Roles') ?? []) as string[]), r.prop(id, 'RoleName')];
      if (names.includes(roleName)) policies.set(id, { name: id, document: r.prop(id, 'PolicyDocument') as PolicyDocument });
    }
    for (const id of policies.keys()) attached.add(id);
    const roleArn = r.roleArn(role);
    return {
      ...r.placement,
      // With EKS Pod Identity, an association decides which service account gets the role.
      podIdentityAssociations: associations(r).filter((a) => a.roleArn === roleArn),
      roleName,
      roleArn,
      trustPolicy: r.prop(role, 'AssumeRolePolicyDocument') as PolicyDocument,
      identityPolicies: [...policies.values()],
      permissionsBoundaryArn: r.prop(role, 'PermissionsBoundary') as string | undefined,
    };
  });
  for (const id of IAM_POLICY_TYPES.flatMap((type) => r.ofType(type))) {
    if (!attached.has(id)) throw new Error(`the policy ${id} is attached to no role of the template: what it grants is not modelled`);
  }
  const roleArns = workloads.map((w) => w.roleArn);
  for (const a of associations(r)) {
    if (!roleArns.includes(a.roleArn)) throw new Error(`a Pod Identity association gives ${a.roleArn}, no role of the template`);
  }
  return workloads;
}

function associations(r: TemplateResolver) {
  return r.ofType('AWS::EKS::PodIdentityAssociation').map((id) => ({
    clusterName: r.stringProp(id, 'ClusterName'),
    namespace: r.stringProp(id, 'Namespace'),
    serviceAccount: r.stringProp(id, 'ServiceAccount'),
    roleArn: r.stringProp(id, 'RoleArn'),
  }));
}

/** Every secret of a secret stack, with its resource policy; every resource policy must guard one of them. */
export function resolveSecrets(r: TemplateResolver): SecretWithKeyId[] {
  r.onlyTypes(STACK_TYPES.secret);
  const ids = r.ofType('AWS::SecretsManager::Secret');
  const policyOf = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const policy of r.ofType('AWS::SecretsManager::ResourcePolicy')) {
    const target = r.stringProp(policy, 'SecretId');
    const id = ids.find((s) => [r.secretArn(s), r.stringProp(s, 'Name')].includes(target));
    if (id === undefined) {
      throw new Error(
        `the resource policy ${policy} is attached to ${target}, not to the secret ${ids.map((s) => r.secretArn(s)).join(' or ')}`,
      );
    }
    policyOf.get(id)!.push(policy);
  }
  return ids.map((id) => {
    const arn = r.secretArn(id);
    const policies = policyOf.get(id)!;
    if (policies.length > 1)
      throw new Error(`expected at most one AWS::SecretsManager::ResourcePolicy for ${arn}, found ${policies.length}`);
    const policy = policies[0];
    // Without KmsKeyId, Secrets Manager uses aws/secretsmanager, which no other account can use.
    const kmsKeyId = r.prop(id, 'KmsKeyId');
    if (typeof kmsKeyId !== 'string') throw new Error(`the secret ${arn} names no customer managed key (KmsKeyId)`);
    return {
      secret: {
        ...r.placement,
        name: r.stringProp(id, 'Name'),
        arn,
        resourcePolicy: policy === undefined ? undefined : (r.prop(policy, 'ResourcePolicy') as PolicyDocument),
        blockPublicPolicy: policy !== undefined && r.prop(policy, 'BlockPublicPolicy') === true,
      },
      kmsKeyId,
    };
  });
}

/** Every key of a key stack, with its aliases; every alias must target one of them. */
export function resolveKeys(r: TemplateResolver): ResolvedKey[] {
  r.onlyTypes(STACK_TYPES.key);
  const { partition, region, account } = r.placement;
  const keys = r.ofType('AWS::KMS::Key').map((id) => ({
    arn: r.resolve({ 'Fn::GetAtt': [id, 'Arn'] }, id) as string,
    keyId: r.resolve({ Ref: id }, id) as string,
    keyPolicy: r.prop(id, 'KeyPolicy') as PolicyDocument,
    aliasArns: [] as string[],
  }));
  for (const alias of r.ofType('AWS::KMS::Alias')) {
    const target = r.stringProp(alias, 'TargetKeyId');
    const key = keys.find((k) => [k.arn, k.keyId].includes(target));
    if (!key) throw new Error(`alias ${alias} targets ${target}, not the key ${keys.map((k) => k.arn).join(' or ')}`);
    key.aliasArns.push(`arn:${partition}:kms:${region}:${account}:${r.stringProp(alias, 'AliasName')}`);
  }
  return keys.map(({ arn, keyPolicy, aliasArns }) => ({ ...r.placement, arn, keyPolicy, aliasArns }));
}
