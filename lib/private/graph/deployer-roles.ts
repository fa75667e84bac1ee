import { DefaultStackSynthesizer, Stack, Token } from 'aws-cdk-lib';
import { deployerArnOptions, isRoleArn } from '../input/deployer-arns';
import { invalidUse } from '../input/errors';
import { partitionOf } from '../model/identifiers';
import { WorkloadModel } from '../model/model';
import { SCP_MAX_LENGTH } from '../model/quotas';
import { PolicyJson } from '../policies/policy-json';
import { rolePathServiceControlPolicy } from '../policies/role-path-scp';
import { StackOfPart } from './wiring';

/**
 * The role-path service control policy of a model, with its deployers: the ARNs given as
 * `deployerRoleArns`, else the CloudFormation execution role of the synthesizer of every stack that holds a
 * pod role or a target role.
 */
export function roleReservationPolicy(
  where: string,
  workloads: readonly WorkloadModel[],
  stacks: StackOfPart,
  options: unknown,
): PolicyJson {
  if (workloads.length === 0) {
    throw invalidUse(
      where,
      'has no workloads, so no role is admitted by name and there is no role path to reserve: call `rolePathServiceControlPolicy()` after `addWorkload()`.',
    );
  }
  const given = deployerArnOptions(where, options);
  const deployerRoleArns = given.deployerRoleArns ?? synthesizerDeployers(where, workloads, stacks);
  const policy = rolePathServiceControlPolicy(workloads, { deployerRoleArns, bootstrapperArns: given.bootstrapperArns });
  const length = JSON.stringify(policy).length;
  if (length > SCP_MAX_LENGTH) {
    throw invalidUse(
      where,
      `the role-path service control policy is ${length} characters without white space, over the ${SCP_MAX_LENGTH} AWS Organizations allows for one SCP: it names ${new Set(deployerRoleArns).size} deployer roles (by default one per account and region of the stacks that hold reader roles) and ${policy.Statement[0].Resource!.length} role paths. Name fewer deployers with \`deployerRoleArns\` (one role per account can deploy every region), or split the workloads across graphs.`,
    );
  }
  return policy;
}

/** The execution roles of the stacks that create reader roles, each once, in the order of the workloads. */
function synthesizerDeployers(where: string, workloads: readonly WorkloadModel[], stacks: StackOfPart): string[] {
  const roleStacks = new Set<Stack>();
  for (const workload of workloads) {
    const pod = stacks.workload(workload);
    const target = stacks.targetRole(workload);
    if (pod) roleStacks.add(pod);
    if (target) roleStacks.add(target);
  }
  return [...new Set([...roleStacks].map((stack) => executionRoleArn(where, stack)))];
}

/**
 * The role CloudFormation deploys a stack with, as its synthesizer names it. The `DefaultStackSynthesizer`
 * names `cdk-<qualifier>-cfn-exec-role-<account>-<region>` (or its `cloudFormationExecutionRole`), with
 * the qualifier, account and region filled in and the partition left as a placeholder, filled in here.
 * `CliCredentialsStackSynthesizer` names none: CloudFormation then uses the credentials of whoever deploys.
 *
 * @see https://docs.aws.amazon.com/cdk/v2/guide/bootstrapping-env.html
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-iam-servicerole.html
 */
function executionRoleArn(where: string, stack: Stack): string {
  const bound = stack.synthesizer;
  // `IStackSynthesizer.cloudFormationExecutionRole` is newer than the peer floor (2.112.0 has only the
  // `DefaultStackSynthesizer` getter, which subclasses such as `BootstraplessSynthesizer` inherit).
  const named =
    bound.cloudFormationExecutionRole ?? (bound instanceof DefaultStackSynthesizer ? bound.cloudFormationExecutionRoleArn : undefined);
  const synthesizer = bound.constructor.name;
  const pass =
    'pass the ARNs of the roles that deploy it as `deployerRoleArns` to `rolePathServiceControlPolicy()` (see `RolePathServiceControlPolicyOptions`).';
  if (named === undefined) {
    throw invalidUse(
      where,
      `cannot tell who deploys the stack ${stack.node.path}: its ${synthesizer} names no CloudFormation execution role, so CloudFormation uses the credentials of whoever runs the deployment; ${pass}`,
    );
  }
  const arn = Token.isUnresolved(named) ? named : named.split('${AWS::Partition}').join(partitionOf(stack.region));
  if (Token.isUnresolved(arn) || !isRoleArn(arn)) {
    throw invalidUse(
      where,
      `cannot tell who deploys the stack ${stack.node.path}: its ${synthesizer} names the CloudFormation execution role ${JSON.stringify(named)}, which is not one literal role ARN at synth; ${pass}`,
    );
  }
  return arn;
}
