import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { builtAssembly, ROOT } from '../../scripts/jsii-artifacts';

// API.md is the API reference (the README links to it); jsii-docgen renders it from the jsii assembly, so it
// shows every type and property with its TSDoc, as Construct Hub will.

test('API.md is what jsii-docgen renders from the current build (run `npm run docs` after changing the public API)', () => {
  builtAssembly();
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'api-docs-'));
  try {
    execFileSync(path.join(ROOT, 'node_modules', '.bin', 'jsii-docgen'), ['--output', path.join(out, 'API.md')], {
      cwd: ROOT,
      stdio: 'pipe',
    });
    const rendered = fs.readFileSync(path.join(out, 'API.md'), 'utf8');
    expect(fs.readFileSync(path.join(ROOT, 'API.md'), 'utf8')).toBe(rendered);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});
