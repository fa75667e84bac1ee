import * as path from 'path';

// aws-cdk-lib marks its own validation errors with these registered symbols, and `Errors.isValidationError`
// (aws-cdk-lib/core/lib/errors.ts) tests for them; ours carry them too, so tools that sort CDK errors
// treat ours as what they are: input errors of a construct, not crashes.
const SYNTHESIS_ERROR = Symbol.for('@aws-cdk/core.SynthesisError');
const VALIDATION_ERROR = Symbol.for('@aws-cdk/core.ValidationError');

/** The folder of the library's own code (`lib/` from source, `dist/` when installed): two levels above this file. */
const LIBRARY_ROOT = path.resolve(__dirname, '..', '..') + path.sep;

/**
 * An input error. Like aws-cdk-lib's `ValidationError`, its stack starts with `«ValidationError»` and the
 * message, then shows only the caller's frames: the library's, Node's and other packages' frames are
 * folded into one line each, so `cdk synth` points at the user's code, not at ours.
 */
class InputError extends Error {
  /** The construct path the error names. */
  declare public readonly constructPath: string;

  constructor(where: string, message: string) {
    super(message);
    Object.setPrototypeOf(this, InputError.prototype);
    // Not enumerable, so that Node prints neither after the stack of an uncaught error.
    Object.defineProperty(this, 'name', { value: 'ValidationError', configurable: true, writable: true });
    Object.defineProperty(this, 'constructPath', { value: where });
    Object.defineProperty(this, SYNTHESIS_ERROR, { value: true });
    Object.defineProperty(this, VALIDATION_ERROR, { value: true });
    this.stack = `«${this.name}» ${message}\n${callerFrames(this.stack ?? '').join('\n')}`;
  }
}

/** The `at ...` lines of a stack outside this library, with folded runs of other frames. */
export function callerFrames(stack: string): string[] {
  const lines: string[] = [];
  let folded: string | undefined;
  for (const line of stack.split('\n').filter((l) => l.startsWith('    at '))) {
    const where = line.includes(LIBRARY_ROOT)
      ? 'cdk-eks-cross-account-secrets'
      : /[(\s]node:/.test(line)
        ? 'node internals'
        : /[/\\]node_modules[/\\]/.test(line)
          ? 'other packages'
          : undefined;
    if (where === undefined) {
      lines.push(line);
    } else if (where !== folded) {
      lines.push(`    ...${where}...`);
    }
    folded = where;
  }
  return lines;
}

/** Whether an error is one of this library's input errors (or one of aws-cdk-lib's validation errors). */
export function isInputError(error: unknown): error is Error {
  return typeof error === 'object' && error !== null && VALIDATION_ERROR in error;
}

/** How a value reads in a message: strings quoted, other values as JSON or by kind, long ones cut. */
export function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined || typeof value !== 'object' || value === null) return String(value);
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * Builds the one message shape every input error of this library uses: where (the construct path), the
 * property in backticks, the value, and what is allowed.
 *
 * ``[TestApp] `workload.namespace` "Test_NS" is not a valid Kubernetes namespace (RFC 1123 label): use a-z, 0-9 and "-", ...``
 */
export function invalidProp(where: string, prop: string, value: unknown, problem: string): Error {
  return new InputError(where, `[${where}] \`${prop}\` ${shown(value)} ${problem}`);
}

/** An error about the construct's placement or the combination of props, not one value. */
export function invalidUse(where: string, problem: string): Error {
  return new InputError(where, `[${where}] ${problem}`);
}

/** The path a construct will have, for errors raised before it exists (a stack validates before `super()`). */
export function pathOf(scope: { readonly node: { readonly path: string } }, id: string): string {
  return scope.node.path ? `${scope.node.path}/${id}` : id;
}
