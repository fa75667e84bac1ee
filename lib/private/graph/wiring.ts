import { Annotations, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { invalidUse } from '../input/errors';
import { unknownRegionWarnings } from '../input/regions';
import { KeyModel, SecretModel, WorkloadModel } from '../model/model';
import { addStackDependency } from '../render/aws-cdk-lib-compat';

// Construct wiring both front doors share: where they may be created, where region warnings go, and the
// order their stacks deploy in. The one-of-each construct is a graph of one key, secret and workload.

/** Both front doors create stacks, so they cannot be inside one. */
export function assertNotInStack(construct: IConstruct, name: string, because: string): void {
  const enclosing = construct.node.scopes.find((s) => s !== construct && Stack.isStack(s));
  if (enclosing) {
    throw invalidUse(
      construct.node.path,
      `is inside stack "${enclosing.node.path}": create ${name} in an App or a Stage, because ${because}.`,
    );
  }
}

/**
 * A region newer than aws-cdk-lib is accepted with a warning, on the stack of that region: the CLI
 * reports warnings of constructs in stacks only.
 */
export function warnUnknownRegions(stack: Stack, where: string, regions: Record<string, string>): void {
  for (const w of unknownRegionWarnings(where, regions)) Annotations.of(stack).addWarningV2(w.id, w.message);
}

/**
 * The stack each part of a model is rendered in; undefined for an existing key, and for an existing secret
 * whose resource policy is its owners', which have none.
 */
export interface StackOfPart {
  key(key: KeyModel): Stack | undefined;
  secret(secret: SecretModel): Stack | undefined;
  workload(workload: WorkloadModel): Stack;
  /** The stack of the workload's Pod Identity target role. */
  targetRole(workload: WorkloadModel): Stack | undefined;
}

/** The stack each part of a model is in, if any (`StackOfPart` of the graph, or one stack's share). */
export interface PartStacks {
  key(key: KeyModel): Stack | undefined;
  secret(secret: SecretModel): Stack | undefined;
  workload(workload: WorkloadModel): Stack | undefined;
  targetRole(workload: WorkloadModel): Stack | undefined;
}

/**
 * The stacks an order of deployment is set between: those the app synthesizes. A part of an account the
 * app does not deploy (`deployAccounts`) has none here; its own app orders its stacks.
 */
export type RenderedStackOfPart = PartStacks;

/** Secrets Manager encrypts the generated value with the key when it creates the secret. */
export function deploySecretAfterKey(stacks: RenderedStackOfPart, secret: SecretModel): void {
  const keyStack = secret.key && stacks.key(secret.key);
  const secretStack = stacks.secret(secret);
  if (keyStack && secretStack) addStackDependency(secretStack, keyStack, 'secrets are encrypted with keys of this stack');
}

/** The Pod Identity association names the target role. */
export function deployWorkloadAfterTargetRole(stacks: RenderedStackOfPart, workload: WorkloadModel): void {
  const targetStack = stacks.targetRole(workload);
  const workloadStack = stacks.workload(workload);
  if (targetStack && workloadStack)
    addStackDependency(workloadStack, targetStack, 'Pod Identity associations name target roles of this stack');
}

/** IAM and KMS reject a policy that names a role which does not exist yet. */
export function deployGrantAfterRole(stacks: RenderedStackOfPart, workload: WorkloadModel, secret: SecretModel): void {
  if (!workload.principalByRoleArn) return;
  const reason = 'policies name the pod role by ARN';
  const workloadStack = stacks.workload(workload);
  if (!workloadStack) return;
  const secretStack = stacks.secret(secret);
  if (secretStack && secretStack !== workloadStack) addStackDependency(secretStack, workloadStack, reason);
  const keyStack = secret.key && stacks.key(secret.key);
  if (keyStack) addStackDependency(keyStack, workloadStack, reason);
}
