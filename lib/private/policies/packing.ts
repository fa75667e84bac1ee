import { SecretModel, WorkloadModel } from '../model/model';
import { MANAGED_POLICY_MAX_LENGTH } from '../model/quotas';
import { iamPolicyLength, PolicyJson } from './policy-json';
import { workloadPermissionsPolicy } from './workload-permissions-policy';

/** A workload's packing so far: the secrets packed, the full policies, and the last policy's share. */
interface Packing {
  readonly secrets: SecretModel[];
  readonly full: PolicyJson[];
  last: SecretModel[];
  lastDocument?: PolicyJson;
}

/**
 * The last packing of each workload. Grants only add secrets, in order, so a workload's secrets are those
 * packed before and perhaps more: packing resumes at the last policy (the policies before it are full and
 * stay as they are), and each grant, each policy's `Lazy` and each check costs what its own secrets cost,
 * not the whole packing again. Any other list of secrets (a test's model) is packed anew.
 */
const packings = new WeakMap<WorkloadModel, Packing>();

/**
 * Splits a workload's permissions across as few customer managed policies as fit IAM's size quota:
 * its secrets are taken in grant order and each policy takes as many as fit, so granting another secret
 * only ever adds to the last policy or adds a policy. The builder stays unaware of limits; this decides
 * how grants become documents. A single secret that does not fit alone gets a policy of its own, and the
 * limit check reports it.
 */
export function packWorkloadPermissions(workload: WorkloadModel, secrets: readonly SecretModel[]): PolicyJson[] {
  let packing = packings.get(workload);
  if (packing === undefined || !startsWith(secrets, packing.secrets)) {
    packing = { secrets: [], full: [], last: [] };
    packings.set(workload, packing);
  }
  for (const secret of secrets.slice(packing.secrets.length)) {
    const candidate = [...packing.last, secret];
    const document = workloadPermissionsPolicy(workload, candidate);
    if (packing.last.length > 0 && iamPolicyLength(document) > MANAGED_POLICY_MAX_LENGTH) {
      packing.full.push(packing.lastDocument!);
      packing.last = [secret];
      packing.lastDocument = workloadPermissionsPolicy(workload, packing.last);
    } else {
      packing.last = candidate;
      packing.lastDocument = document;
    }
    packing.secrets.push(secret);
  }
  return packing.lastDocument ? [...packing.full, packing.lastDocument] : [];
}

function startsWith(list: readonly SecretModel[], prefix: readonly SecretModel[]): boolean {
  return prefix.length <= list.length && prefix.every((secret, i) => list[i] === secret);
}
