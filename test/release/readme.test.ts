import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import * as ts from 'typescript';
import { parseAllDocuments } from 'yaml';
import { buildExampleApp } from '../../bin/example';
import { CrossAccountSecretAccess } from '../../lib';
import { seedProps } from '../support/helpers';
import { readmeBlocks } from '../support/readme-examples';

const ROOT = path.join(__dirname, '..', '..');

describe('README', () => {
  test('has TypeScript examples, and every one compiles against the library', () => {
    const blocks = readmeBlocks('ts');
    expect(blocks.length).toBeGreaterThan(0);
    const files = blocks.map((_, i) => path.join(ROOT, 'test', `readme-example-${i}.ts`));
    const options: ts.CompilerOptions = {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: ['node'],
      baseUrl: ROOT,
      paths: { 'cdk-eks-cross-account-secrets': ['lib/index.ts'] },
    };
    const host = ts.createCompilerHost(options);
    const readFile = host.readFile.bind(host);
    host.readFile = (file) => {
      const i = files.indexOf(path.resolve(file));
      return i >= 0 ? blocks[i] : readFile(file);
    };
    const fileExists = host.fileExists.bind(host);
    host.fileExists = (file) => files.includes(path.resolve(file)) || fileExists(file);
    const program = ts.createProgram(files, options, host);
    const problems = ts
      .getPreEmitDiagnostics(program)
      .map((d) => `${d.file ? path.basename(d.file.fileName) : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    expect(problems).toEqual([]);
  });

  test('the error shown is the one the library throws, and what `npx cdk synth` prints', () => {
    const [command, ...shown] = readmeBlocks('text')[0].trimEnd().split('\n');
    expect(command).toBe('$ npx cdk synth -c namespace=Test_NS');
    const props = { ...seedProps(), workload: { ...seedProps().workload, namespace: 'Test_NS' } };
    expect(() => new CrossAccountSecretAccess(new App(), 'TestApp', props)).toThrow(shown[0]);

    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-error-'));
    try {
      const cli = path.join(ROOT, 'node_modules', 'aws-cdk', 'bin', 'cdk');
      const result = spawnSync(process.execPath, [cli, 'synth', '-c', 'namespace=Test_NS', '--output', outdir, '--no-notices'], {
        cwd: ROOT,
        encoding: 'utf8',
      });
      expect(result.status).toBe(1);
      expect(result.stderr.trimEnd().split('\n')).toEqual(shown);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('the YAML shown is what the example app generates', () => {
    const { access } = buildExampleApp({ analyticsReporting: false });
    const generated = access.kubernetesManifests();
    const shown = readmeBlocks('yaml').flatMap((block) => parseAllDocuments(block).map((d) => d.toJSON()));
    expect(shown.length).toBeGreaterThan(0);
    for (const manifest of shown) expect(generated).toContainEqual(manifest);
  });

  test('the access review excerpt is what the example app generates', () => {
    const review = buildExampleApp({ analyticsReporting: false }).access.accessReview();
    const lines = readmeBlocks('markdown')
      .flatMap((block) => block.split('\n'))
      .filter((line) => line.trim() !== '');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(review.split('\n')).toContain(line);
  });
});
