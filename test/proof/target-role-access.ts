import { resolveAccess, resolveWorkloads } from './resolved-access';
import { AccessStacks, CfnTemplate, ResolvedAccess, ResolvedWorkload, StackInput, TemplateResolver } from './template-resolver';

// With an EKS Pod Identity target role the secret stack also holds a role: the one that reads
// the secret. Its template is split in two, the role with its policies and the secret with its policy,
// and each part is resolved by the resolver of its kind. Each resource goes to exactly one part, so a
// reference from one part into the other, or a resource type neither part models, still throws.
// https://docs.aws.amazon.com/eks/latest/userguide/pod-id-assign-target-role.html

/** The resource types of the role part of a secret stack; everything else goes to the secret part. */
const ROLE_PART_TYPES = ['AWS::IAM::Role', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::Policy', 'AWS::IAM::RolePolicy'];

/** A Pod Identity chain, resolved: the pod role of account 1, and the target role that reads the secret. */
export interface TargetRoleAccess {
  /** The pod role EKS assumes first (account 1), with its policies. */
  readonly podRole: ResolvedWorkload;
  /** The secret and the key, with `workload` set to the target role (account 2): the role that reads. */
  readonly access: ResolvedAccess;
}

/**
 * Resolves the three stacks of a target-role configuration. Throws unless the workload stack's one
 * Pod Identity association names the pod role and, as its target, the secret stack's one role.
 */
export function resolveTargetRoleAccess(stacks: AccessStacks): TargetRoleAccess {
  const [rolePart, secretPart] = splitSecretStack(stacks.secret);
  const base = resolveAccess({ ...stacks, secret: secretPart });
  const targets = resolveWorkloads(new TemplateResolver(rolePart));
  if (targets.length !== 1) throw new Error(`expected exactly one target role in ${stacks.secret.stackName}, found ${targets.length}`);
  const [target] = targets;

  // The association decides which role EKS assumes second: it must be the role whose policies are proven.
  const workload = new TemplateResolver(stacks.workload);
  const associations = workload.ofType('AWS::EKS::PodIdentityAssociation');
  if (associations.length !== 1) throw new Error(`expected exactly one Pod Identity association, found ${associations.length}`);
  const [association] = associations;
  const podRoleArn = workload.stringProp(association, 'RoleArn');
  const targetRoleArn = workload.stringProp(association, 'TargetRoleArn');
  if (podRoleArn !== base.workload.roleArn)
    throw new Error(`the association gives ${podRoleArn}, not the pod role ${base.workload.roleArn}`);
  if (targetRoleArn !== target.roleArn) throw new Error(`the association's target role ${targetRoleArn} is not ${target.roleArn}`);
  return { podRole: base.workload, access: { ...base, workload: target } };
}

/** The secret stack as two stacks: its IAM resources, and everything else. */
function splitSecretStack(stack: StackInput): [StackInput, StackInput] {
  const resources = (stack.template.Resources ?? {}) as Record<string, { Type: string }>;
  const part = (inRolePart: boolean): StackInput => {
    const picked = Object.entries(resources).filter(([, r]) => ROLE_PART_TYPES.includes(r.Type) === inRolePart);
    const template: CfnTemplate = { ...stack.template, Resources: Object.fromEntries(picked) };
    return { ...stack, template };
  };
  return [part(true), part(false)];
}
