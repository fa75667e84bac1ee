/**
 * Records every CloudFormation template that aws-cdk-lib synthesizes, so that a refactoring can be shown to
 * leave all of them unchanged byte for byte (`scripts/capture-templates.ts` runs it and compares two runs).
 *
 * Loaded into a process, it wraps `Stage.prototype.synth` (which `App` inherits, and which
 * `Template.fromStack` calls): after each synthesis it copies the template file of every stack of the
 * returned cloud assembly, nested stages' and nested stacks' included, into `$CAPTURE_TEMPLATES_DIR` as
 * `<sha256 of the bytes>.json`, and appends `<sha256>\t<source>\t<artifact>\t<test name>` to that
 * directory's `log-<pid>.tsv`. Without `CAPTURE_TEMPLATES_DIR` it does nothing.
 *
 * - Jest: `jest --setupFilesAfterEnv=<absolute path of this file>` (with `=`: the flag takes a list). Jest gives
 *   each test file its own module registry (its own aws-cdk-lib), so the patch must run in each: a setup file
 *   does, in every Jest project. The source is the test file, relative to the working directory.
 * - A tsx process: `node --import tsx --import ./scripts/capture-templates-hook.ts app.ts` (the source is
 *   `$CAPTURE_TEMPLATES_SOURCE`, else the script).
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Stage } from 'aws-cdk-lib';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';

/** Where a template came from, for the log: a test file (and test) or a command. */
export interface CaptureSource {
  readonly source: string;
  readonly test?: string;
}

/** Log lines already written by this process: a test that synthesizes the same thing twice is logged once. */
const logged = new Set<string>();

/**
 * Copies the templates of one cloud assembly into `dir` and logs them to `dir/logName`. Nested stack
 * templates (`*.nested.template.json`) are not stack artifacts: they are taken from each assembly directory.
 */
export function captureAssembly(assembly: CloudAssembly, dir: string, from: CaptureSource, logName = `log-${process.pid}.tsv`): void {
  // Templates of a nested stage (assembly-<stage>/) are named with their directory, to tell them apart.
  const name = (where: string, id: string) => (where === assembly.directory ? id : `${path.relative(assembly.directory, where)}/${id}`);
  const files: Array<{ file: string; artifact: string }> = [];
  const directories = new Set<string>([assembly.directory]);
  for (const stack of assembly.stacksRecursively) {
    const where = stack.assembly.directory;
    directories.add(where);
    files.push({ file: stack.templateFullPath, artifact: name(where, stack.id) });
  }
  for (const where of directories) {
    for (const file of fs.readdirSync(where).filter((f) => f.endsWith('.nested.template.json'))) {
      files.push({ file: path.join(where, file), artifact: name(where, file) });
    }
  }
  const lines: string[] = [];
  for (const { file, artifact } of files) {
    const bytes = fs.readFileSync(file);
    const hash = createHash('sha256').update(bytes).digest('hex');
    const target = path.join(dir, `${hash}.json`);
    if (!fs.existsSync(target)) {
      // Written under a temporary name, then renamed: two Jest workers may write the same template at once.
      const temporary = `${target}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, bytes);
      fs.renameSync(temporary, target);
    }
    const line = [hash, from.source, artifact, from.test ?? ''].map((f) => f.replace(/[\t\n]/g, ' ')).join('\t');
    if (!logged.has(line)) lines.push(line);
    logged.add(line);
  }
  if (lines.length > 0) fs.appendFileSync(path.join(dir, logName), `${lines.join('\n')}\n`);
}

/** The test file and test running now under Jest (`expect` is a global there), else the command. */
function currentSource(): CaptureSource {
  const state = (globalThis as any).expect?.getState?.();
  if (state?.testPath) return { source: path.relative(process.cwd(), state.testPath), test: state.currentTestName };
  const script = process.argv[1] ? path.relative(process.cwd(), process.argv[1]) : 'node';
  return { source: process.env.CAPTURE_TEMPLATES_SOURCE ?? script };
}

const CAPTURE_DIR = process.env.CAPTURE_TEMPLATES_DIR;
const PATCHED = Symbol.for('capture-templates-hook.patched');
if (CAPTURE_DIR && !(Stage.prototype as any)[PATCHED]) {
  fs.mkdirSync(CAPTURE_DIR, { recursive: true });
  // A repeated `app.synth()` returns the same (cached) assembly: its files are read once, right after CDK
  // wrote them, so a test that later edits a template in the assembly directory does not add a template.
  const seen = new WeakSet<object>();
  const record = (assembly: () => CloudAssembly, from: CaptureSource) => {
    try {
      captureAssembly(assembly(), CAPTURE_DIR, from);
    } catch (error) {
      // Never fail the test being observed: the error is kept for the capture script to report.
      fs.appendFileSync(path.join(CAPTURE_DIR, `errors-${process.pid}.log`), `${from.source} ${from.test ?? ''}: ${String(error)}\n`);
    }
  };
  const synth = Stage.prototype.synth;
  Stage.prototype.synth = function (this: Stage, ...args: Parameters<Stage['synth']>) {
    let assembly: CloudAssembly;
    try {
      assembly = synth.apply(this, args);
    } catch (error) {
      // A policy validation plugin (cdk-nag, CrossAccountSecretsChecks) fails synthesis after the templates
      // and the manifest are written: they are templates of this code too, so they are kept, marked. (An
      // error before that leaves no manifest, or the one of an earlier synthesis, already taken.)
      const manifest = path.join(this.outdir, 'manifest.json');
      if (fs.existsSync(manifest)) {
        const from = currentSource();
        record(() => new CloudAssembly(this.outdir, { skipVersionCheck: true }), { ...from, test: `[synth threw] ${from.test ?? ''}` });
      }
      throw error;
    }
    if (!seen.has(assembly)) {
      seen.add(assembly);
      record(() => assembly, currentSource());
    }
    return assembly;
  };
  (Stage.prototype as any)[PATCHED] = true;
}
