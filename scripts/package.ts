/**
 * `npm run package`: the packages for npm and PyPI, made from the assembly that `npm run build` wrote, in
 * dist-packages/js (the npm tarball, with `bundledDependencies` inside) and dist-packages/python (wheel and sdist).
 *
 * jsii-pacmak generates both. Its own Python build would pip-install pinned releases of setuptools, build and
 * twine from PyPI, which these machines cannot reach, so pacmak runs with `--code-only` and this script builds
 * the wheel and the sdist from its output with the interpreter's own setuptools and `build`, without build
 * isolation (on Debian: python3-build, python3-setuptools, python3-wheel; .ci/run installs them). The Java,
 * .NET and Go targets in package.json are for a release machine: their builds need Maven Central, NuGet and the
 * Go module proxy.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { builtAssembly, PACKAGES, PYTHON, ROOT } from './jsii-artifacts';

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

function main(): void {
  builtAssembly();
  checkPython();
  const generated = fs.mkdtempSync(path.join(os.tmpdir(), 'pacmak-'));
  try {
    const pacmak = path.join(ROOT, 'node_modules', '.bin', 'jsii-pacmak');
    const generate = run(pacmak, ['--code-only', '--no-npmignore', '--outdir', generated, '--targets', 'js', 'python']);
    fs.rmSync(PACKAGES, { recursive: true, force: true });
    fs.cpSync(path.join(generated, 'js'), path.join(PACKAGES, 'js'), { recursive: true });
    const python = run(PYTHON, [
      '-m',
      'build',
      '--no-isolation',
      '--skip-dependency-check',
      '--outdir',
      path.join(PACKAGES, 'python'),
      path.join(generated, 'python'),
    ]);
    console.log(`jsii-pacmak (npm tarball, Python code) ${generate.toFixed(1)} s, Python wheel and sdist ${python.toFixed(1)} s`);
  } finally {
    fs.rmSync(generated, { recursive: true, force: true });
  }
  for (const language of ['js', 'python']) {
    for (const file of fs.readdirSync(path.join(PACKAGES, language))) console.log(path.relative(ROOT, path.join(PACKAGES, language, file)));
  }
}

main();
