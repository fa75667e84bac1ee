import * as fs from 'fs';
import * as path from 'path';
import { AccessDescription, DESCRIPTION_FILE_SUFFIX, DESCRIPTION_FORMAT, ENTRY_KINDS, FINGERPRINT_METADATA } from './access-description';
import { compareDescriptions, DescribedSource } from './compare-descriptions';

/** The outcome of comparing apps: the descriptions read, and one line per difference. */
export interface Verification {
  readonly descriptions: readonly DescribedSource[];
  readonly differences: readonly string[];
  /** How many keys, secrets, workloads and grants the apps describe together. */
  readonly counts: Readonly<Record<(typeof ENTRY_KINDS)[number], number>>;
}

/** What a cloud assembly manifest says of an artifact, as far as this reads it. */
interface Artifact {
  readonly type: string;
  readonly properties?: { readonly templateFile?: string; readonly directoryName?: string };
}

interface DescriptionFile extends AccessDescription {
  readonly format: string;
  readonly construct: string;
  readonly stacks: Record<string, string | null>;
}

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

/**
 * The access descriptions of one cloud assembly (`cdk.out`) and of its nested assemblies (Stages). A
 * description counts when every stack it lists is in the manifest with the fingerprint it recorded, so
 * that a file left from an earlier synth (a renamed construct) is not read.
 */
function assemblyDescriptions(assembly: string, dir: string = assembly): DescribedSource[] {
  const manifestFile = path.join(dir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) throw new Error(`${dir} is not a cloud assembly: it has no manifest.json (run \`cdk synth\` first)`);
  const artifacts = Object.entries<Artifact>(readJson<{ artifacts?: Record<string, Artifact> }>(manifestFile).artifacts ?? {});
  const fingerprints = new Map<string, string | undefined>();
  const found: DescribedSource[] = [];
  for (const [id, artifact] of artifacts) {
    if (artifact.type === 'aws:cloudformation:stack' && artifact.properties?.templateFile) {
      const template = readJson<{ Metadata?: Record<string, { fingerprint?: string } | undefined> }>(
        path.join(dir, artifact.properties.templateFile),
      );
      fingerprints.set(id, template.Metadata?.[FINGERPRINT_METADATA]?.fingerprint);
    }
    if (artifact.type === 'cdk:cloud-assembly' && artifact.properties?.directoryName) {
      found.push(...assemblyDescriptions(assembly, path.join(dir, artifact.properties.directoryName)));
    }
  }
  for (const name of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(DESCRIPTION_FILE_SUFFIX))
    .sort()) {
    const file = readJson<DescriptionFile>(path.join(dir, name));
    if (file.format !== DESCRIPTION_FORMAT) {
      throw new Error(
        `${path.join(dir, name)} is not an access description this version reads (format ${JSON.stringify(file.format)}): synthesize the app again`,
      );
    }
    const current = Object.entries(file.stacks).every(([id, fingerprint]) => fingerprints.has(id) && fingerprints.get(id) === fingerprint);
    if (current) found.push({ assembly, construct: file.construct, description: file });
  }
  return found;
}

/**
 * Compares the access descriptions that several synthesized apps (one per team or account) wrote into
 * their cloud assemblies: every key, secret, workload and grant must be in every app, with the same values.
 */
export function verifyAssemblies(assemblies: readonly string[]): Verification {
  const descriptions = assemblies.flatMap((assembly) => {
    const found = assemblyDescriptions(assembly);
    if (found.length === 0) {
      throw new Error(
        `${assembly} has no access description of cdk-eks-cross-account-secrets (no *${DESCRIPTION_FILE_SUFFIX} that matches its stacks): synthesize it with this version of the library`,
      );
    }
    return found;
  });
  return { descriptions, ...compareDescriptions(descriptions) };
}
