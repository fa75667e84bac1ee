import { ACKNOWLEDGED_RULES_METADATA, Acknowledgement } from './finding';
import { isObject } from './intrinsics';

// What a cloud assembly's manifest records for each construct of a stack (inline `metadata`, or the
// `additionalMetadataFile` newer aws-cdk-lib releases write beside the template), keyed by construct
// path: `aws:cdk:logicalId` names each resource's logical ID, and `aws:cdk:acknowledged-rules` holds
// what `Validations.of(construct).acknowledge(...)` recorded there ({ "<rule ID>": "<reason>" }).
// Constructs of nested stacks are recorded with their parent stack.

/** The metadata of one stack artifact. */
export interface StackMetadata {
  /** Construct path (without the leading `/`) and logical ID of each resource. */
  readonly logicalIds: ReadonlyArray<readonly [string, string]>;
  readonly acknowledgements: readonly Acknowledgement[];
}

/** Reads the stack's metadata from the artifact (inline) or its metadata file, read by `readJson`. */
export function stackMetadata(artifact: Record<string, unknown>, readJson: (file: string) => unknown): StackMetadata {
  const inline = isObject(artifact.metadata) ? artifact.metadata : {};
  const file = typeof artifact.additionalMetadataFile === 'string' ? readJson(artifact.additionalMetadataFile) : {};
  const entries = [...Object.entries(inline), ...Object.entries(isObject(file) ? file : {})].flatMap(([path, list]) =>
    Array.isArray(list)
      ? list.filter(isObject).map((entry) => ({ path: path.replace(/^\/+/, ''), type: entry.type, data: entry.data }))
      : [],
  );
  return {
    logicalIds: entries
      .filter((entry) => entry.type === 'aws:cdk:logicalId' && typeof entry.data === 'string')
      .map((entry) => [entry.path, entry.data as string] as const),
    acknowledgements: entries
      .filter((entry) => entry.type === ACKNOWLEDGED_RULES_METADATA && isObject(entry.data))
      .flatMap((entry) => recordedAcknowledgements(entry.path, entry.data as Record<string, unknown>)),
  };
}

/**
 * Logical ID → construct path for the resources under `scope` (a stack's path), leaving out those of
 * the nested stacks under `nested` (their paths), whose templates have their own.
 */
export function constructPathsIn(metadata: StackMetadata, scope: string, nested: readonly string[]): Record<string, string> {
  const under = (path: string, prefix: string) => prefix === '' || path === prefix || path.startsWith(`${prefix}/`);
  return Object.fromEntries(
    metadata.logicalIds
      .filter(([path]) => under(path, scope) && !nested.some((inner) => inner !== scope && under(path, inner)))
      .map(([path, logicalId]) => [logicalId, path]),
  );
}

/** The acknowledgements `Validations.acknowledge` recorded on one construct (`target`): reasons by rule ID. */
export function recordedAcknowledgements(target: string, data: Record<string, unknown>): Acknowledgement[] {
  return Object.entries(data).map(([ruleId, reason]) => ({
    ruleId,
    target,
    reason: String(reason),
    source: 'Validations.acknowledge in the app',
  }));
}
