/**
 * Who `rolePathServiceControlPolicy()` lets create and change the roles the secret and key policies admit.
 *
 * Name the deployers when the stacks' synthesizer does not: with `CliCredentialsStackSynthesizer` (the role
 * of the credentials that run `cdk deploy`), `cdk deploy --role-arn`, StackSets (the execution role in each
 * target account: `AWSCloudFormationStackSetExecutionRole` with self-managed permissions, `stacksets-exec-*`
 * with service-managed permissions), or a custom synthesizer. CDK Pipelines and custom bootstrap qualifiers
 * with the `DefaultStackSynthesizer` need nothing: the synthesizer names the execution role CloudFormation
 * deploys with.
 *
 * @see https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.CliCredentialsStackSynthesizer.html
 * @see https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.DefaultStackSynthesizer.html
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-prereqs-self-managed.html
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-custom-execution-role.html
 */
export interface RolePathServiceControlPolicyOptions {
  /**
   * ARNs of the IAM roles that deploy the pod roles and the EKS Pod Identity target roles: the only principals
   * allowed to create them, change their trust, attach or put policies on them, or change their boundary.
   *
   * Each is an exact role ARN (`arn:aws:iam::111111111111:role/<path><name>`), without wildcards: for a
   * role session the SCP compares the role's ARN (`aws:PrincipalArn`), not the session's. The policy also
   * reserves these role names: only the role itself and `bootstrapperArns` may create or change them.
   *
   * @default - the CloudFormation execution role of the synthesizer of every stack that holds a pod role
   * or a target role (`DefaultStackSynthesizer`: `cdk-<qualifier>-cfn-exec-role-<account>-<region>`); an
   * error when a stack's synthesizer names none
   */
  readonly deployerRoleArns?: string[];

  /**
   * ARNs of the IAM roles or users that run `cdk bootstrap` (or otherwise manage the deployer roles), which
   * may create the deployer roles and change their trust, policies and boundary.
   *
   * `cdk bootstrap` deploys the bootstrap stack with the caller's own credentials, so with the policy
   * attached, a re-run by anyone else fails when it creates or changes the execution role.
   *
   * @default - nobody but the deployer roles themselves
   */
  readonly bootstrapperArns?: string[];
}
