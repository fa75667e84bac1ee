import { SecretModel, WorkloadModel } from '../model/model';
import { PolicyDocument } from './policy-json';
import { workloadPermissionsPolicy } from './workload-permissions-policy';

/**
 * What IAM counts against a policy's size quota: its characters, without white space.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-entity-length
 */
export function iamPolicyLength(document: PolicyDocument): number {
  return JSON.stringify(document).replace(/\s/g, '').length;
}

/** IAM's quota for one customer managed policy, in characters without white space. */
export const MANAGED_POLICY_MAX_LENGTH = 6144;

/**
 * Splits a workload's permissions across as few customer managed policies as fit IAM's size quota:
 * its secrets are taken in grant order and each policy takes as many as fit, so granting another secret
 * only ever adds to the last policy or adds a policy. The builder stays unaware of limits; this decides
 * how grants become documents. A single secret that does not fit alone gets a policy of its own, and the
 * limit check reports it.
 */
export function packWorkloadPermissions(workload: WorkloadModel, secrets: readonly SecretModel[]): PolicyDocument[] {
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
