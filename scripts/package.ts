/**
 * The packages, made from the assembly that `npm run build` wrote, under `jsii.outdir` (dist-packages/):
 *
 * - `npm run package` (`tsx scripts/package.ts js`): the npm tarball, with `bundledDependencies` inside, in
 *   dist-packages/js. It needs Node only, so `npm test` builds it for the release tests.
 * - `npm run package:python` (`tsx scripts/package.ts python`): the Python wheel and sdist in
 *   dist-packages/python. It needs Python, so `npm test` does not build it; `npm run test:python` (run by
 *   .ci/run after `npm test`) does.
 *
 * jsii-pacmak generates both. Each target packs the same npm tarball (npm pack is reproducible), so the wheel
 * carries the bytes of dist-packages/js even when the two are made by separate runs. Its own Python build would
 * pip-install pinned releases of setuptools, build and twine from PyPI, which these machines cannot reach, so
 * pacmak runs with `--code-only` and this script builds the wheel and the sdist from its output with the
 * interpreter's own setuptools and `build`, without build isolation (on Debian: python3-build,
 * python3-setuptools, python3-wheel; .ci/run installs them). The Java, .NET and Go targets in package.json are
 * for a release machine: their builds need Maven Central, NuGet and the Go module proxy.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { builtAssembly, PACKAGES, PYTHON, ROOT } from './jsii-artifacts';

type Target = 'js' | 'python';

function run(command: string, args: string[]): number {
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`${[command, ...args].join(' ')} failed:\n${result.stdout ?? ''}${result.stderr ?? result.error}`);
  }
  return (Date.now() - started) / 1000;
}

function checkPython(): void {
  const probe = spawnSync(PYTHON, ['-c', 'import build, setuptools, wheel'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    throw new Error(
      `The Python package is built with the Python modules build, setuptools and wheel, and ${PYTHON} lacks one: ` +
        'on Debian, `apt-get install python3-build python3-setuptools python3-wheel` (.ci/run does this), ' +
        `or set PYTHON to an interpreter that has them.\n${probe.stderr ?? probe.error}`,
    );
  }
}

/** Generates `target` with jsii-pacmak under `into` and returns the folder that holds what it generated. */
function generate(target: Target, into: string): string {
  const pacmak = path.join(ROOT, 'node_modules', '.bin', 'jsii-pacmak');
  const outdir = path.join(into, target);
  const seconds = run(pacmak, ['--code-only', '--no-npmignore', '--outdir', outdir, '--targets', target]);
  console.log(`jsii-pacmak (${target === 'js' ? 'npm tarball' : 'Python code'}) ${seconds.toFixed(1)} s`);
  return path.join(outdir, target);
}

function packageJs(generated: string): void {
  const out = path.join(PACKAGES, 'js');
  fs.rmSync(out, { recursive: true, force: true });
  fs.cpSync(generate('js', generated), out, { recursive: true });
}

function packagePython(generated: string): void {
  checkPython();
  const code = generate('python', generated);
  const out = path.join(PACKAGES, 'python');
  fs.rmSync(out, { recursive: true, force: true });
  const seconds = run(PYTHON, ['-m', 'build', '--no-isolation', '--skip-dependency-check', '--outdir', out, code]);
  console.log(`Python wheel and sdist ${seconds.toFixed(1)} s`);
}

function main(targets: string[]): void {
  const unknown = targets.filter((t) => t !== 'js' && t !== 'python');
  if (targets.length === 0 || unknown.length > 0) {
    throw new Error(`usage: tsx scripts/package.ts js|python...${unknown.length > 0 ? ` (unknown: ${unknown.join(', ')})` : ''}`);
  }
  builtAssembly();
  const generated = fs.mkdtempSync(path.join(os.tmpdir(), 'pacmak-'));
  try {
    if (targets.includes('js')) packageJs(generated);
    if (targets.includes('python')) packagePython(generated);
  } finally {
    fs.rmSync(generated, { recursive: true, force: true });
  }
  for (const language of targets) {
    for (const file of fs.readdirSync(path.join(PACKAGES, language))) console.log(path.relative(ROOT, path.join(PACKAGES, language, file)));
  }
}

main(process.argv.slice(2));
