/**
 * Builds the one message shape every input error of this library uses: where (the construct path), the
 * property in backticks, the value, and what is allowed.
 *
 * ``[TestApp] `workload.namespace` "Test_NS" is not a valid Kubernetes namespace (RFC 1123 label): use a-z, 0-9 and "-", ...``
 */
export function invalidProp(where: string, prop: string, value: unknown, problem: string): Error {
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return new Error(`[${where}] \`${prop}\` ${shown} ${problem}`);
}

/** An error about the construct's placement or the combination of props, not one value. */
export function invalidUse(where: string, problem: string): Error {
  return new Error(`[${where}] ${problem}`);
}

/** The path a construct will have, for errors raised before it exists (a stack validates before `super()`). */
export function pathOf(scope: { readonly node: { readonly path: string } }, id: string): string {
  return scope.node.path ? `${scope.node.path}/${id}` : id;
}
