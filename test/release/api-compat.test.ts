import * as fs from 'fs';
import * as path from 'path';
import { compareAssemblies } from 'jsii-diff';
import { classifyDiagnostics, DiagLevel, formatDiagnostic, treatAsError } from 'jsii-diff/lib/diagnostics';
import * as reflect from 'jsii-reflect';
import { BASELINE } from '../../scripts/accept-api';
import { builtAssembly, ROOT } from '../../scripts/jsii-artifacts';

// The API guard: jsii-diff compares the public API of the build with the accepted baseline, as every language
// sees it. A breaking change fails here until `npm run api:accept` records the new API, in the same commit.
// jsii-diff runs as a library rather than as its CLI, which exits 0 when it cannot load an assembly.

type AssemblySpec = reflect.Assembly['spec'];
type Property = NonNullable<reflect.InterfaceType['spec']['properties']>[number];
// What jsii-diff's CLI declares it can compare; aws-cdk-lib's assembly uses both.
const FEATURES: NonNullable<Parameters<reflect.TypeSystem['loadModule']>[1]>['supportedFeatures'] = [
  'intersection-types',
  'class-covariant-overrides',
];

/**
 * An assembly in a type system of its own, with the assemblies it depends on. Those are read from node_modules
 * once (aws-cdk-lib's is 87 MB of JSON) and shared, read-only, by every type system.
 */
const dependencies = new Map<string, Promise<AssemblySpec[]>>();
async function load(spec: AssemblySpec): Promise<reflect.Assembly> {
  const system = new reflect.TypeSystem();
  for (const name of Object.keys(spec.dependencies ?? {})) {
    if (!dependencies.has(name)) {
      const reader = new reflect.TypeSystem();
      const dir = path.join(ROOT, 'node_modules', name);
      dependencies.set(
        name,
        reader.loadModule(dir, { validate: false, supportedFeatures: FEATURES }).then(() => reader.assemblies.map((a) => a.spec)),
      );
    }
    for (const dependency of await dependencies.get(name)!) {
      if (!system.includesAssembly(dependency.name)) system.addAssembly(new reflect.Assembly(system, dependency));
    }
  }
  return system.addAssembly(new reflect.Assembly(system, spec));
}

function readSpec(file: string): AssemblySpec {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** Every change from `original` to `updated` that breaks a user of any language, as jsii-diff words it. */
function breakingChanges(original: reflect.Assembly, updated: reflect.Assembly): string[] {
  // Unmarked APIs count as stable, and changes to experimental ones are errors too: the baseline is the contract.
  const mismatches = compareAssemblies(original, updated, { defaultExperimental: false });
  return classifyDiagnostics(mismatches, treatAsError('all'))
    .filter((diagnostic) => diagnostic.level === DiagLevel.Error)
    .map((diagnostic) => formatDiagnostic(diagnostic));
}

/**
 * `KubernetesManifestsOptions` of the current build alone, as an assembly that needs no other (its properties
 * are primitive), with its properties changed by `change`.
 */
function manifestOptionsAlone(change: (properties: Property[]) => void = () => {}): Promise<reflect.Assembly> {
  const spec = readSpec(builtAssembly());
  const type = structuredClone(spec.types![`${spec.name}.KubernetesManifestsOptions`]) as reflect.InterfaceType['spec'];
  change(type.properties!);
  return load({ ...spec, dependencies: {}, types: { [type.fqn]: type } });
}

function property(properties: Property[], name: string): Property {
  return properties.find((p) => p.name === name)!;
}

test('the public API breaks nothing in the accepted baseline (`npm run api:accept` accepts a breaking change)', async () => {
  const baseline = await load(readSpec(BASELINE));
  const current = await load(readSpec(builtAssembly()));
  expect(current.name).toBe(baseline.name);
  expect(breakingChanges(baseline, current)).toEqual([]);
});

describe('the guard', () => {
  test('reports a removed property as breaking', async () => {
    const removed = await manifestOptionsAlone((properties) => properties.splice(properties.indexOf(property(properties, 'checkJob')), 1));
    expect(breakingChanges(await manifestOptionsAlone(), removed)).toEqual([
      expect.stringMatching(/KubernetesManifestsOptions\.checkJob\b.*removed/),
    ]);
  });

  test('accepts a new optional property', async () => {
    const added = await manifestOptionsAlone((properties) => properties.push({ ...property(properties, 'checkJobImage'), name: 'extra' }));
    expect(breakingChanges(await manifestOptionsAlone(), added)).toEqual([]);
  });
});
