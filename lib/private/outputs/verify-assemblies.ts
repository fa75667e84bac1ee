import * as fs from 'fs';
import * as path from 'path';
import { FINGERPRINT_METADATA } from '../render/fingerprint';

/** A stack of a synthesized app and the access description it recorded. */
export interface RecordedStack {
  readonly assembly: string;
  readonly stackName: string;
  readonly fingerprint: string;
  readonly description: unknown;
}

/** The outcome of comparing apps: the stacks compared, and one line per difference. */
export interface Verification {
  readonly stacks: readonly RecordedStack[];
  readonly differences: readonly string[];
}

/** What a cloud assembly manifest says of an artifact, as far as this reads it. */
interface StackArtifact {
  readonly type: string;
  readonly properties: { readonly templateFile: string; readonly stackName?: string };
}

/** The stacks of a cloud assembly (`cdk.out`) that recorded an access description. */
export function recordedStacks(assembly: string): RecordedStack[] {
  const manifestFile = path.join(assembly, 'manifest.json');
  if (!fs.existsSync(manifestFile))
    throw new Error(`${assembly} is not a cloud assembly: it has no manifest.json (run \`cdk synth\` first)`);
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
  const stacks: RecordedStack[] = [];
  for (const [id, artifact] of Object.entries<StackArtifact>(manifest.artifacts ?? {})) {
    if (artifact.type !== 'aws:cloudformation:stack') continue;
    const template = JSON.parse(fs.readFileSync(path.join(assembly, artifact.properties.templateFile), 'utf8'));
    const recorded = template.Metadata?.[FINGERPRINT_METADATA];
    if (!recorded) continue;
    stacks.push({ assembly, stackName: artifact.properties.stackName ?? id, ...recorded });
  }
  return stacks;
}

/** `path: a ≠ b` for every leaf that differs between two descriptions. */
export function describeDifferences(a: unknown, b: unknown, at = ''): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    const [x, y] = [a as Record<string, unknown>, b as Record<string, unknown>];
    return keys.flatMap((k) => describeDifferences(x[k], y[k], Array.isArray(a) ? `${at}[${k}]` : at ? `${at}.${k}` : k));
  }
  return [`${at || '(whole description)'}: ${JSON.stringify(a) ?? 'missing'} ≠ ${JSON.stringify(b) ?? 'missing'}`];
}

/**
 * Compares the access descriptions recorded by the stacks of several synthesized apps: all must be
 * the same, or each difference is reported against the first stack's description.
 */
export function verifyAssemblies(assemblies: readonly string[]): Verification {
  const stacks = assemblies.flatMap((assembly) => {
    const found = recordedStacks(assembly);
    if (found.length === 0) throw new Error(`${assembly} has no stack of cdk-eks-cross-account-secrets`);
    return found;
  });
  const [first] = stacks;
  const differences = stacks
    .filter((s) => s.fingerprint !== first.fingerprint)
    .flatMap((s) =>
      describeDifferences(first.description, s.description).map(
        (d) => `${s.stackName} (${s.assembly}) differs from ${first.stackName} (${first.assembly}): ${d}`,
      ),
    );
  return { stacks, differences };
}
