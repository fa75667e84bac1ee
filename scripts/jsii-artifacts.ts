/**
 * Where the jsii build leaves its output, shared by the build scripts and the tests that check that output.
 *
 * `npm run build` (jsii) compiles lib/ into dist/ and writes the assembly, `.jsii`. `npm run package` turns the
 * assembly into the npm tarball, and `npm run package:python` into the Python wheel and sdist, under
 * `jsii.outdir` (dist-packages/). `npm test` and `npm run test:release` run the build and the npm package once,
 * before Jest; `npm run test:python` also builds the Python package. The tests never build: they check what
 * those steps left and say which step to run again when it is missing or older than its input.
 */
import * as fs from 'fs';
import * as path from 'path';

export const ROOT = path.join(__dirname, '..');
export const ASSEMBLY = path.join(ROOT, '.jsii');
export const PACKAGES = path.join(ROOT, JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).jsii.outdir);

/**
 * The interpreter that builds the Python package: Debian's python3, where `apt-get install python3-build`
 * puts the `build` module, unless PYTHON names another one that has `build`, `setuptools` and `wheel`.
 */
export const PYTHON = process.env.PYTHON ?? (fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');

function newestMtime(dir: string): number {
  return Math.max(
    ...fs.readdirSync(dir, { withFileTypes: true }).map((entry) => {
      const file = path.join(dir, entry.name);
      return entry.isDirectory() ? newestMtime(file) : fs.statSync(file).mtimeMs;
    }),
  );
}

function assertNewer(file: string, inputMtime: number, step: string): void {
  if (!fs.existsSync(file)) throw new Error(`${path.relative(ROOT, file)} does not exist: run \`${step}\` first`);
  if (fs.statSync(file).mtimeMs < inputMtime) throw new Error(`${path.relative(ROOT, file)} is older than its input: run \`${step}\``);
}

/** The path of the assembly, after checking that it is newer than lib/ and package.json. */
export function builtAssembly(): string {
  const inputs = Math.max(newestMtime(path.join(ROOT, 'lib')), fs.statSync(path.join(ROOT, 'package.json')).mtimeMs);
  assertNewer(ASSEMBLY, inputs, 'npm run build');
  return ASSEMBLY;
}

/** The step that writes `dist-packages/<language>`. */
const PACKAGE_STEP = { js: 'npm run package', python: 'npm run package:python' } as const;

/** The one file of the package step in `dist-packages/<language>` whose name ends with `suffix`, checked newer than the assembly. */
export function builtPackage(language: 'js' | 'python', suffix: string): string {
  const step = PACKAGE_STEP[language];
  const dir = path.join(PACKAGES, language);
  const matches = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(suffix)) : [];
  if (matches.length !== 1)
    throw new Error(`expected one *${suffix} in ${path.relative(ROOT, dir)}, found ${matches.length}: run \`${step}\``);
  const file = path.join(dir, matches[0]);
  assertNewer(file, fs.statSync(builtAssembly()).mtimeMs, step);
  return file;
}
