import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import { builtAssembly, builtPackage, PYTHON, ROOT } from '../../scripts/jsii-artifacts';

// The Python package that `npm run package:python` built with jsii-pacmak. It cannot be installed here (its
// dependencies, the jsii runtime and aws-cdk-lib for Python, come from PyPI), so these tests read the wheel and
// the sdist: what they contain, what they declare, and that the generated module is valid Python. They need
// Python, so they are the Jest project `python`, which `npm run test:python` runs (.ci/run, after `npm test`).

const PKG = JSON.parse(fs.readFileSync(`${ROOT}/package.json`, 'utf8'));
const MODULE: string = PKG.jsii.targets.python.module;

/** Reads both archives with the interpreter that built them. */
const PROBE = `
import hashlib, json, sys, tarfile, zipfile
wheel = zipfile.ZipFile(sys.argv[1])
names = wheel.namelist()
module = sys.argv[3] + "/__init__.py"
source = wheel.read(module).decode()
compile(source, module, "exec")
print(json.dumps({
    "wheel": names,
    "metadata": wheel.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode(),
    "module": source,
    "tarballs": {n: hashlib.sha256(wheel.read(n)).hexdigest() for n in names if n.endswith(".jsii.tgz")},
    "sdist": tarfile.open(sys.argv[2]).getnames(),
}))
`;

interface Contents {
  readonly wheel: string[];
  readonly metadata: string;
  readonly module: string;
  readonly tarballs: Record<string, string>;
  readonly sdist: string[];
}

describe('the Python package', () => {
  let contents: Contents;

  beforeAll(() => {
    const wheel = builtPackage('python', '.whl');
    const sdist = builtPackage('python', '.tar.gz');
    contents = JSON.parse(execFileSync(PYTHON, ['-c', PROBE, wheel, sdist, MODULE], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }));
  });

  test('the wheel carries the npm tarball of the same build, which the jsii runtime loads', () => {
    const tarball = builtPackage('js', '.jsii.tgz');
    const sha256 = createHash('sha256').update(fs.readFileSync(tarball)).digest('hex');
    expect(contents.tarballs).toEqual({ [`${MODULE}/_jsii/${PKG.name}@${PKG.version}.jsii.tgz`]: sha256 });
    expect(contents.wheel).toContain(`${MODULE}/py.typed`);
  });

  test('declares its name and version, and requires aws-cdk-lib from the floor of the peer range', () => {
    const floor = PKG.peerDependencies['aws-cdk-lib'].replace(/^\^/, '');
    expect(contents.metadata).toMatch(new RegExp(`^Name: ${PKG.name}$`, 'm'));
    expect(contents.metadata).toMatch(new RegExp(`^Version: ${PKG.version}$`, 'm'));
    expect(contents.metadata).toMatch(new RegExp(`^Requires-Dist: aws-cdk-lib\\b.*>=${floor.replace(/\./g, '\\.')}\\b`, 'm'));
    expect(contents.metadata).toMatch(/^Requires-Dist: jsii\b/m);
  });

  test('its module is valid Python and binds every type of the assembly', () => {
    const types = Object.keys(JSON.parse(fs.readFileSync(builtAssembly(), 'utf8')).types);
    expect(types.length).toBeGreaterThan(0);
    const missing = types.filter((fqn) => !contents.module.includes(`jsii_type="${fqn}"`));
    expect(missing).toEqual([]);
  });

  test('the sdist has the sources to rebuild the wheel', () => {
    const root = `${PKG.name}-${PKG.version}`;
    expect(contents.sdist).toEqual(
      expect.arrayContaining([`${root}/setup.py`, `${root}/pyproject.toml`, `${root}/src/${MODULE}/__init__.py`, `${root}/LICENSE`]),
    );
  });
});
