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

// Picks out of the resolved templates every policy that takes part in reading the secret. Every way a
// template can attach a policy to the role, the secret or the key is either followed or rejected.

const IAM_POLICY_TYPES = ['AWS::IAM::ManagedPolicy', 'AWS::IAM::Policy', 'AWS::IAM::RolePolicy'];

/**
 * Resolves the templates of the workload, secret and key stacks into the policies AWS evaluates, and
 * checks that they fit together: the resource policy is attached to the secret, and the secret is
 * encrypted with the key of the key stack. Throws on anything it cannot resolve or does not model.
 */
export function resolveAccess(stacks: AccessStacks): ResolvedAccess {
  const workload = resolveWorkload(new TemplateResolver(stacks.workload));
  const { secret, kmsKeyId } = resolveSecret(new TemplateResolver(stacks.secret));
  const key = resolveKey(new TemplateResolver(stacks.key));
  // Secrets Manager decrypts with the key the secret names: it must be the key whose policy is proven.
  const keyArns = [key.arn, ...key.aliasArns];
  if (!keyArns.includes(kmsKeyId)) {
    throw new Error(`the secret's KmsKeyId ${kmsKeyId} is none of the key stack's identifiers (${keyArns.join(', ')})`);
  }
  return { workload, secret, key };
}

function only(r: TemplateResolver, type: string): string {
  const ids = r.ofType(type);
  if (ids.length !== 1) throw new Error(`expected exactly one ${type}, found ${ids.length}`);
  return ids[0];
}

function resolveWorkload(r: TemplateResolver): ResolvedWorkload {
  r.onlyTypes(['AWS::IAM::Role', ...IAM_POLICY_TYPES, 'AWS::EKS::PodIdentityAssociation']);
  const role = only(r, 'AWS::IAM::Role');
  const roleName = r.stringProp(role, 'RoleName');
  const policies = new Map<string, NamedPolicy>();

  const inline = (r.prop(role, 'Policies') ?? []) as { PolicyName: string; PolicyDocument: PolicyDocument }[];
  for (const p of inline) policies.set(`inline:${p.PolicyName}`, { name: `${role}/${p.PolicyName}`, document: p.PolicyDocument });

  // A managed policy attached by ARN must be in this template: the proof cannot see the document of
  // one that is not (an AWS managed policy, say), so it refuses rather than evaluate without it.
  const managedByArn = new Map(r.ofType('AWS::IAM::ManagedPolicy').map((id) => [r.resolve({ Ref: id }, id) as string, id]));
  for (const arn of (r.prop(role, 'ManagedPolicyArns') ?? []) as string[]) {
    const id = managedByArn.get(arn);
    if (!id) throw new Error(`the role's managed policy ${arn} is not in the template: its document is unknown`);
    policies.set(id, { name: id, document: r.prop(id, 'PolicyDocument') as PolicyDocument });
  }
  // Policies can also attach themselves to the role by its name.
  for (const id of IAM_POLICY_TYPES.flatMap((type) => r.ofType(type))) {
    const roles = [...((r.prop(id, 'Roles') ?? []) as string[]), r.prop(id, 'RoleName')];
    if (roles.includes(roleName)) policies.set(id, { name: id, document: r.prop(id, 'PolicyDocument') as PolicyDocument });
  }
  // With EKS Pod Identity, an association decides which service account gets the role.
  const podIdentityAssociations = r.ofType('AWS::EKS::PodIdentityAssociation').map((id) => ({
    clusterName: r.stringProp(id, 'ClusterName'),
    namespace: r.stringProp(id, 'Namespace'),
    serviceAccount: r.stringProp(id, 'ServiceAccount'),
    roleArn: r.stringProp(id, 'RoleArn'),
  }));
  return {
    ...r.placement,
    podIdentityAssociations,
    roleName,
    roleArn: r.roleArn(role),
    trustPolicy: r.prop(role, 'AssumeRolePolicyDocument') as PolicyDocument,
    identityPolicies: [...policies.values()],
    permissionsBoundaryArn: r.prop(role, 'PermissionsBoundary') as string | undefined,
  };
}

function resolveSecret(r: TemplateResolver): { secret: ResolvedSecret; kmsKeyId: string } {
  r.onlyTypes(['AWS::SecretsManager::Secret', 'AWS::SecretsManager::ResourcePolicy']);
  const id = only(r, 'AWS::SecretsManager::Secret');
  const name = r.stringProp(id, 'Name');
  const arn = r.secretArn(id);
  const policies = r.ofType('AWS::SecretsManager::ResourcePolicy');
  if (policies.length > 1) throw new Error(`expected at most one AWS::SecretsManager::ResourcePolicy, found ${policies.length}`);
  const policy = policies[0];
  if (policy !== undefined && ![arn, name].includes(r.stringProp(policy, 'SecretId'))) {
    throw new Error(`the resource policy ${policy} is attached to ${r.stringProp(policy, 'SecretId')}, not to the secret ${arn}`);
  }
  // Without KmsKeyId, Secrets Manager uses aws/secretsmanager, which no other account can use.
  const kmsKeyId = r.prop(id, 'KmsKeyId');
  if (typeof kmsKeyId !== 'string') throw new Error('the secret names no customer managed key (KmsKeyId)');
  return {
    secret: {
      ...r.placement,
      name,
      arn,
      resourcePolicy: policy === undefined ? undefined : (r.prop(policy, 'ResourcePolicy') as PolicyDocument),
      blockPublicPolicy: policy !== undefined && r.prop(policy, 'BlockPublicPolicy') === true,
    },
    kmsKeyId,
  };
}

function resolveKey(r: TemplateResolver): ResolvedKey {
  r.onlyTypes(['AWS::KMS::Key', 'AWS::KMS::Alias']);
  const id = only(r, 'AWS::KMS::Key');
  const arn = r.resolve({ 'Fn::GetAtt': [id, 'Arn'] }, id) as string;
  const keyId = r.resolve({ Ref: id }, id) as string;
  const aliasArns = r.ofType('AWS::KMS::Alias').map((alias) => {
    const target = r.stringProp(alias, 'TargetKeyId');
    if (![arn, keyId].includes(target)) throw new Error(`alias ${alias} targets ${target}, not the key ${arn}`);
    const { partition, region, account } = r.placement;
    return `arn:${partition}:kms:${region}:${account}:${r.stringProp(alias, 'AliasName')}`;
  });
  return { ...r.placement, arn, keyPolicy: r.prop(id, 'KeyPolicy') as PolicyDocument, aliasArns };
}
