import { IConstruct } from 'constructs';

/**
 * Builds the one message shape every input error of this library uses:
 * the construct path, the property in backticks, the value, and what is allowed.
 *
 * ``[TestApp] `workload.namespace` "Test_NS" is not a valid Kubernetes namespace: use a-z, 0-9 and "-", at most 63.``
 */
export function invalidProp(scope: IConstruct, prop: string, value: unknown, problem: string): Error {
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return new Error(`[${scope.node.path}] \`${prop}\` ${shown} ${problem}`);
}

/** An error about the construct's placement or the combination of props, not one value. */
export function invalidUse(scope: IConstruct, problem: string): Error {
  return new Error(`[${scope.node.path}] ${problem}`);
}
