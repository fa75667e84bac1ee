import { partitionOf, readerAccount } from '../model/identifiers';
import { WorkloadModel } from '../model/model';
import { ROLE_RESERVED_ACTIONS } from './actions';
import { PolicyJson, policyJson } from './policy-json';

/** The principals the service control policy lets create and change reserved roles. */
export interface RoleReservationPrincipals {
  /** Exact ARNs of the roles that deploy the pod roles and target roles. */
  readonly deployerRoleArns: readonly string[];
  /** Exact ARNs of the roles or users that may also create and change the deployer roles. */
  readonly bootstrapperArns: readonly string[];
}

/**
 * A service control policy with two statements.
 *
 * 1. The IAM paths of the pod roles and of the EKS Pod Identity target roles are reserved for the deployer
 *    roles, by exact ARN. The secret and key policies admit a reader role by its ARN (path and name) through
 *    `aws:PrincipalArn`; without this, anyone who may create roles in a reader role's account could create
 *    one under that path and name (before its stack deploys, or after it is deleted) and read the secrets.
 * 2. The deployer roles themselves are reserved: only they and the bootstrappers may create them or change
 *    their trust, policies or boundary. Otherwise whoever may create roles could create (or re-trust) a
 *    role with a deployer's name, assume it, and create a reader role as the exempted principal.
 *
 * `aws:PrincipalArn` is the ARN of the role a session belongs to, so a session of a deployer role matches
 * its role ARN exactly, and `ArnNotEquals` admits no other role.
 *
 * What an SCP cannot do, whatever it says: it does not affect users or roles of the organization's
 * management account, nor any service-linked role (an AWS service acting through one is not stopped), so
 * no reader role belongs in the management account.
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html
 */
export function rolePathServiceControlPolicy(workloads: readonly WorkloadModel[], principals: RoleReservationPrincipals): PolicyJson {
  const deployers = [...new Set(principals.deployerRoleArns)];
  const managers = [...new Set([...deployers, ...principals.bootstrapperArns])];
  return policyJson([
    {
      Sid: 'ReserveReaderRolePathsForDeployers',
      Effect: 'Deny',
      Action: [...ROLE_RESERVED_ACTIONS],
      Resource: readerRolePaths(workloads),
      Condition: { ArnNotEquals: { 'aws:PrincipalArn': deployers } },
    },
    {
      Sid: 'ReserveDeployerRoles',
      Effect: 'Deny',
      Action: [...ROLE_RESERVED_ACTIONS],
      Resource: deployers,
      Condition: { ArnNotEquals: { 'aws:PrincipalArn': managers } },
    },
  ]);
}

/**
 * The role paths of the pod roles and target roles, in every account of their partition (the policy is
 * attached to organizational units, not to one account), each once, in the order of the workloads.
 */
function readerRolePaths(workloads: readonly WorkloadModel[]): string[] {
  const paths = workloads.flatMap((w) => {
    const partition = partitionOf(w.region);
    const pod = `arn:${partition}:iam::*:role${w.rolePath}*`;
    return w.targetRole ? [pod, `arn:${partition}:iam::*:role${w.targetRole.rolePath}*`] : [pod];
  });
  return [...new Set(paths)];
}

/**
 * The accounts that hold a role the secret and key policies admit: every workload account (pod roles) and
 * every account of an EKS Pod Identity target role (the secrets' accounts), sorted. The policy protects an
 * account only where it is attached above that account.
 */
export function readerRoleAccounts(workloads: readonly WorkloadModel[]): string[] {
  return [...new Set(workloads.flatMap((w) => [w.account, readerAccount(w)]))].sort();
}
