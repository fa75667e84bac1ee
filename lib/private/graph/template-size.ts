import { Stack } from 'aws-cdk-lib';
import { AccessModel, policyLeftToOwners, readersOf, secretsOf } from '../model/model';
import { keyPolicy } from '../policies/key-policy';
import { packWorkloadPermissions } from '../policies/packing';
import { secretResourcePolicy } from '../policies/secret-resource-policy';
import { trustPolicy } from '../policies/trust-policy';
import { GraphParts } from './graph-parts';

/**
 * The template size of a graph stack, estimated from the documents its parts render (which dominate it)
 * and a generous allowance for every resource's type, names, metadata and policies.
 */
export function estimateTemplateBytes(stack: Stack, resources: number, parts: GraphParts, model: AccessModel): number {
  const size = (value: unknown) => JSON.stringify(value).length;
  let bytes = 2000 + resources * 700;
  for (const [key, entry] of parts.keys) {
    if (entry.key && Stack.of(entry.key) === stack) bytes += size(keyPolicy(key, model));
  }
  for (const [secret, entry] of parts.secrets) {
    // An existing secret whose policy is its owners' renders nothing, in no stack.
    if (!policyLeftToOwners(secret) && Stack.of(entry.part) === stack) bytes += size(secretResourcePolicy(readersOf(secret, model)));
  }
  for (const [workload, entry] of parts.workloads) {
    if (Stack.of(entry.part) === stack)
      bytes += size(trustPolicy(workload)) + size(packWorkloadPermissions(workload, secretsOf(workload, model)));
  }
  return bytes;
}
