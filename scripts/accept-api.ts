/**
 * `npm run api:accept`: records the public API of the current build as the accepted baseline that
 * test/release/api-compat.test.ts compares every build against with jsii-diff.
 *
 * Run it when releasing, so that the released API is the baseline, or in the commit that breaks the API on
 * purpose, and say why in the commit message. The baseline is the assembly without its README and without its
 * dependency closure (the language names of every aws-cdk-lib submodule), which jsii-diff does not read, and
 * with its fingerprint taken over what is left, so that its diff in review shows API changes only.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { builtAssembly, ROOT } from './jsii-artifacts';

export const BASELINE = path.join(ROOT, 'test', 'release', 'api-baseline.jsii');

if (require.main === module) {
  const assembly = JSON.parse(fs.readFileSync(builtAssembly(), 'utf8'));
  delete assembly.readme;
  delete assembly.dependencyClosure;
  delete assembly.fingerprint;
  assembly.fingerprint = createHash('sha256').update(JSON.stringify(assembly)).digest('base64');
  fs.writeFileSync(BASELINE, `${JSON.stringify(assembly, null, 2)}\n`);
  console.log(`${path.relative(ROOT, BASELINE)}: ${assembly.name}@${assembly.version}, ${Object.keys(assembly.types).length} types`);
}
