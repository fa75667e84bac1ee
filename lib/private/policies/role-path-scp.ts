import { partitionOf } from '../model/identifiers';
import { WorkloadModel } from '../model/model';
import { ROLE_PATH_RESERVED_ACTIONS } from './actions';
import { PolicyJson, policyJson } from './policy-json';

/**
 * A service control policy statement that reserves the pod roles' paths for the role CloudFormation
 * deploys with (the CDK bootstrap's `cfn-exec-role`). The secret and key policies admit a pod role by its
 * ARN (path and name) through `aws:PrincipalArn`; without this, anyone in the workload account who may
 * create roles could create one under that path and name (before the workload stack deploys, or after it
 * is deleted) and read the secrets. Attach it to the organizational unit of the workload accounts.
 *
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html
 * @see https://docs.aws.amazon.com/cdk/v2/guide/bootstrapping-env.html
 */
export function rolePathServiceControlPolicy(workloads: readonly WorkloadModel[]): PolicyJson {
  const partitions = [...new Set(workloads.map((w) => partitionOf(w.region)))];
  return policyJson([
    {
      Sid: 'ReservePodRolePathForDeployRole',
      Effect: 'Deny',
      Action: [...ROLE_PATH_RESERVED_ACTIONS],
      Resource: [...new Set(workloads.map((w) => `arn:${partitionOf(w.region)}:iam::*:role${w.rolePath}*`))],
      Condition: {
        ArnNotLike: { 'aws:PrincipalArn': partitions.map((partition) => `arn:${partition}:iam::*:role/cdk-*-cfn-exec-role-*`) },
      },
    },
  ]);
}
