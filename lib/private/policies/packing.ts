import { SecretModel, WorkloadModel } from '../model/model';
import { MANAGED_POLICY_MAX_LENGTH } from '../model/quotas';
import { iamPolicyLength, PolicyJson } from './policy-json';
import { workloadPermissionsPolicy } from './workload-permissions-policy';

/**
 * Splits a workload's permissions across as few customer managed policies as fit IAM's size quota:
 * its secrets are taken in grant order and each policy takes as many as fit, so granting another secret
 * only ever adds to the last policy or adds a policy. The builder stays unaware of limits; this decides
 * how grants become documents. A single secret that does not fit alone gets a policy of its own, and the
 * limit check reports it.
 */
export function packWorkloadPermissions(workload: WorkloadModel, secrets: readonly SecretModel[]): PolicyJson[] {
  const shares: SecretModel[][] = [];
  let current: SecretModel[] = [];
  for (const secret of secrets) {
    const candidate = [...current, secret];
    if (current.length > 0 && iamPolicyLength(workloadPermissionsPolicy(workload, candidate)) > MANAGED_POLICY_MAX_LENGTH) {
      shares.push(current);
      current = [secret];
    } else {
      current = candidate;
    }
  }
  if (current.length > 0) shares.push(current);
  return shares.map((share) => workloadPermissionsPolicy(workload, share));
}
