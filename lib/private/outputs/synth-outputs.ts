import * as fs from 'fs';
import * as path from 'path';
import { Stage } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { invalidUse, isInputError } from '../input/errors';
import * as types from '../input/types';
import { onSynthesis } from '../render/synthesis-hooks';

// What the reviewers and the cluster team need, written by `cdk synth` itself, beside the templates of
// the construct's stage: aws-cdk-lib calls a construct's custom synthesis while it synthesizes that
// construct's stage, with `session.outdir` the stage's own assembly directory (a nested `Stage` has its
// own), after validation and after every grant has been added. Each construct writes into its own
// folder, so several constructs of one stage never overwrite each other.

/** A front door, whose public methods' results are the files, so the files equal what they return. */
export interface SynthOutputSources extends IConstruct {
  kubernetesManifestFiles(): { [fileName: string]: string };
  accessReview(): string;
  keyPolicyStatements(): Record<string, unknown>;
  /** The graph's; the one-of-each construct has no existing secrets. */
  secretPolicyStatements?(): Record<string, unknown>;
  rolePathServiceControlPolicy(): Record<string, unknown>;
}

/** The files one construct writes, by path relative to its folder. */
export type SynthOutputFiles = Record<string, string>;

/** The folder of the Kubernetes files, below the construct's folder. */
const KUBERNETES_FOLDER = 'kubernetes';

/** Every top-level file name this module writes, so a later synth removes those it no longer writes. */
const OWN_FILES = ['access-review.md', 'role-path-scp.json', 'key-policy-statements.json', 'secret-policy-statements.json'];

/** Which folder's claims: one register per stage, as each stage has its own assembly directory. */
const folders = new WeakMap<IConstruct, Map<string, string>>();

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * The construct's folder in its stage's assembly directory: its path below the stage, ids joined with
 * "-", every character but letters, digits, "_" and "-" replaced by "_" (so no id can leave the folder).
 */
function synthOutputFolder(construct: IConstruct): string {
  const stage = Stage.of(construct);
  const below = construct.node.scopes.slice(stage ? stage.node.scopes.length : 0);
  return below.map((scope) => scope.node.id.replace(/[^A-Za-z0-9_-]/g, '_')).join('-');
}

/**
 * The files, by path relative to the construct's folder: the SCP only when there is a pod role whose path
 * it reserves (`hasWorkloads`; a graph may hold keys and secrets only), statements only when the owners of
 * existing parts have some to add.
 */
function synthOutputFiles(sources: SynthOutputSources, hasWorkloads: boolean): SynthOutputFiles {
  const files: SynthOutputFiles = {};
  for (const [fileName, yaml] of Object.entries(sources.kubernetesManifestFiles())) {
    files[`${KUBERNETES_FOLDER}/${fileName}`] = yaml;
  }
  files['access-review.md'] = sources.accessReview();
  if (hasWorkloads) files['role-path-scp.json'] = json(sources.rolePathServiceControlPolicy());
  const keyStatements = sources.keyPolicyStatements();
  if (Object.keys(keyStatements).length > 0) files['key-policy-statements.json'] = json(keyStatements);
  const secretStatements = sources.secretPolicyStatements?.() ?? {};
  if (Object.keys(secretStatements).length > 0) files['secret-policy-statements.json'] = json(secretStatements);
  return files;
}

/**
 * The files, or an input error that says it came from writing them, and how to synthesize without them:
 * an app whose templates are valid can still ask for files that cannot be written (such as one service
 * account bound to two roles).
 */
function filesOrError(construct: SynthOutputSources, hasWorkloads: boolean): SynthOutputFiles {
  try {
    return synthOutputFiles(construct, hasWorkloads);
  } catch (error) {
    if (!isInputError(error)) throw error;
    const where = construct.node.path;
    const problem = error.message.startsWith(`[${where}] `) ? error.message.slice(where.length + 3) : error.message;
    throw invalidUse(where, `cannot write its files at synth: ${problem} Or set \`writeOutputs: false\` to synthesize without them.`);
  }
}

/**
 * Writes the construct's files into `<outdir>/<folder>/`, after removing the files of an earlier synth
 * that this one does not write (a consumer left out, statements no longer needed). Only this module's
 * own file names are removed. Returns the paths written, relative to `outdir`.
 */
function writeSynthOutputs(construct: SynthOutputSources, outdir: string, hasWorkloads: boolean): string[] {
  const files = filesOrError(construct, hasWorkloads);
  const folder = path.join(outdir, synthOutputFolder(construct));
  const kubernetes = path.join(folder, KUBERNETES_FOLDER);
  const earlier = fs.existsSync(kubernetes)
    ? fs
        .readdirSync(kubernetes)
        .filter((f) => f.endsWith('.yaml'))
        .map((f) => `${KUBERNETES_FOLDER}/${f}`)
    : [];
  for (const stale of [...OWN_FILES, ...earlier].filter((f) => !(f in files))) {
    fs.rmSync(path.join(folder, stale), { force: true });
  }
  if (fs.existsSync(kubernetes) && fs.readdirSync(kubernetes).length === 0) fs.rmdirSync(kubernetes);
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
    fs.writeFileSync(path.join(folder, file), content);
  }
  return Object.keys(files).map((file) => path.posix.join(synthOutputFolder(construct), file));
}

/**
 * Makes `cdk synth` write the construct's files (unless `writeOutputs` is false), and claims its folder
 * in its stage: two constructs whose folders would be the same are an error that names both.
 *
 * A construct has one custom synthesis (aws-cdk-lib defines it as a non-writable property), so the writer
 * is registered with `onSynthesis`, beside the access description's.
 */
export function attachSynthOutputs(construct: Construct & SynthOutputSources, writeOutputs: unknown, hasWorkloads: () => boolean): void {
  if (writeOutputs !== undefined && !types.boolean(construct.node.path, 'writeOutputs', writeOutputs)) return;
  const folder = synthOutputFolder(construct);
  const stage = Stage.of(construct) ?? construct.node.root;
  let claimed = folders.get(stage);
  if (!claimed) {
    claimed = new Map();
    folders.set(stage, claimed);
  }
  const other = claimed.get(folder);
  if (other !== undefined && other !== construct.node.path) {
    throw invalidUse(
      construct.node.path,
      `writes its synth outputs to the folder "${folder}" of its cloud assembly, as "${other}" does: give one of them another id, or set \`writeOutputs: false\` on one.`,
    );
  }
  claimed.set(folder, construct.node.path);
  onSynthesis(construct, (outdir) => writeSynthOutputs(construct, outdir, hasWorkloads()));
}
