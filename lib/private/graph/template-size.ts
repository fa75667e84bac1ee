import { Stack } from 'aws-cdk-lib';
import { AccessModel, policyLeftToOwners, readersOf, secretsOf } from '../model/model';
import { keyPolicy } from '../policies/key-policy';
import { packWorkloadPermissions } from '../policies/packing';
import { secretResourcePolicy } from '../policies/secret-resource-policy';
import { trustPolicy } from '../policies/trust-policy';
import { GraphParts } from './graph-parts';

/** The bytes of the documents of a graph's parts, by stack, and the model's size they were counted at. */
interface DocumentBytes {
  readonly at: string;
  readonly byStack: Map<Stack, number>;
}

/**
 * Each graph's document bytes, counted once for all its stacks: every stack's check at synth reads them,
 * and the parts and grants only grow, so their counts tell whether the graph changed since.
 */
const counted = new WeakMap<GraphParts, DocumentBytes>();

/**
 * The template size of a graph stack, estimated from the documents its parts render (which dominate it)
 * and a generous allowance for every resource's type, names, metadata and policies.
 */
export function estimateTemplateBytes(stack: Stack, resources: number, parts: GraphParts, model: AccessModel): number {
  return 2000 + resources * 700 + (documentBytes(parts, model).get(stack) ?? 0);
}

function documentBytes(parts: GraphParts, model: AccessModel): Map<Stack, number> {
  const at = [model.keys, model.secrets, model.workloads, model.grants, parts.keys, parts.secrets, parts.workloads]
    .map((list) => ('size' in list ? list.size : list.length))
    .join();
  const known = counted.get(parts);
  if (known?.at === at) return known.byStack;
  const byStack = new Map<Stack, number>();
  const add = (stack: Stack, value: unknown) => byStack.set(stack, (byStack.get(stack) ?? 0) + JSON.stringify(value).length);
  for (const [key, entry] of parts.keys) {
    if (entry.key) add(Stack.of(entry.key), keyPolicy(key, model));
  }
  for (const [secret, entry] of parts.secrets) {
    // An existing secret whose policy is its owners' renders nothing, in no stack.
    if (!policyLeftToOwners(secret)) add(Stack.of(entry.part), secretResourcePolicy(readersOf(secret, model)));
  }
  for (const [workload, entry] of parts.workloads) {
    const stack = Stack.of(entry.part);
    add(stack, trustPolicy(workload));
    add(stack, packWorkloadPermissions(workload, secretsOf(workload, model)));
  }
  counted.set(parts, { at, byStack });
  return byStack;
}
