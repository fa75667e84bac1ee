/**
 * Prints the `openAPIV3Schema` of one version of a CustomResourceDefinition, read from standard input,
 * as JSON: how the schemas under test/support/schemas/ were extracted from the upstream CRD files (see
 * test/support/schemas/SOURCE.md).
 *
 *   git show <commit>:<path to CRD yaml> | npx tsx scripts/crd-schema.ts v1 > test/support/schemas/<file>.json
 */
import * as fs from 'fs';
import { parseAllDocuments } from 'yaml';

const version = process.argv[2];
const crds = parseAllDocuments(fs.readFileSync(0, 'utf8'))
  .map((d) => d.toJSON())
  .filter((d) => d?.kind === 'CustomResourceDefinition');
const found = crds.flatMap((crd) => crd.spec.versions).find((v: { name: string }) => v.name === version);
if (!found) throw new Error(`no version ${version} in the CRD`);
process.stdout.write(`${JSON.stringify(found.schema.openAPIV3Schema, null, 1)}\n`);
