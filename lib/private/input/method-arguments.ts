import { invalidProp, invalidUse, shown } from './errors';
import { kind, object, stringList } from './types';

// The arguments of the public methods, checked at their start for callers without TypeScript's checks
// (JavaScript, and values read from files): each wrong argument gets the message shape of the props'
// errors, naming the argument and the call, instead of a TypeError or a message about something else.

/** "is missing", or what the value is instead: "is a number, not a string". */
function isInstead(value: unknown, expected: string): string {
  return value === undefined || value === null ? 'is missing' : `is ${kind(value)}, not ${expected}`;
}

/**
 * The id of a new part, `addKey(id, options)` and the like: a non-empty string without "/" (constructs
 * would rewrite it, and errors would name a path the part does not have). `where` is the graph's path.
 */
export function checkPartId(where: string, method: string, id: unknown, example: string): string {
  const call = `${method}(id, options)`;
  if (typeof id !== 'string') {
    throw invalidProp(where, 'id', id, `${isInstead(id, 'a string')}: call \`${call}\` with the part's id first, such as "${example}".`);
  }
  if (id.trim() === '') throw invalidProp(where, 'id', id, `is empty: call \`${call}\` with the part's id first, such as "${example}".`);
  if (id.includes('/')) {
    throw invalidProp(where, 'id', id, `contains "/", which separates the parts of construct paths: use an id such as "${example}".`);
  }
  return id;
}

/** An options object; `required` for `add*` and `import*`, optional (undefined or null) elsewhere. */
export function checkOptions(where: string, method: string, options: unknown, required: boolean): void {
  if ((options === undefined || options === null) && !required) return;
  const fix = `call \`${method}(${required ? 'id, ' : ''}options)\` with its options as an object.`;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw invalidProp(where, 'options', options, `${isInstead(options, 'an object')}: ${fix}`);
  }
}

/** A constructor's props: an object, which may be left out (undefined) when every prop is optional. */
export function checkProps(where: string, props: unknown, required: boolean): void {
  if (props !== undefined || required) object(where, 'props', props);
}

/** A method that takes no arguments, given some: a caller that expects options to have an effect. */
export function checkNoArguments(where: string, method: string, args: ArrayLike<unknown>): void {
  const given = Array.from(args).filter((arg) => arg !== undefined);
  if (given.length > 0) {
    throw invalidUse(where, `\`${method}()\` takes no arguments, but got ${given.map(shown).join(', ')}: call it without arguments.`);
  }
}

/**
 * What `grantRead()` grants to: an `IWorkloadPart`, a construct with a role. The graph then checks that
 * it is a workload of its own.
 */
export function checkWorkloadPart(where: string, workload: unknown): void {
  const part = workload as { node?: { path?: unknown }; roleArn?: unknown } | undefined;
  if (typeof part === 'object' && part !== null && typeof part.node?.path === 'string' && typeof part.roleArn === 'string') return;
  throw invalidProp(
    where,
    'grantRead(workload)',
    workload,
    `${isInstead(workload, 'a workload')}: pass what \`addWorkload()\` of the same CrossAccountSecrets returned.`,
  );
}

/** A non-empty list of paths, such as the cloud assembly directories `AccessFingerprints.differences()` compares. */
export function checkPathList(where: string, prop: string, value: unknown, what: string): string[] {
  if (value === undefined || value === null) throw invalidProp(where, prop, value, `is missing: give ${what}, as a list.`);
  const paths = stringList(where, prop, value);
  if (paths.length === 0) throw invalidProp(where, prop, value, `is empty: give ${what}.`);
  return paths;
}
