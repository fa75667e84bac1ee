/**
 * Benchmarks what users run many times a day, and prints figures (no pass/fail):
 *
 * 1. `npx cdk synth` of the example app, as a user runs it: wall time and peak memory (GNU time);
 * 2. the example app without the CLI, with and without CloudFormation validation, to show where time goes;
 * 3. building and synthesizing the construct alone, in process, averaged over many apps.
 *
 * Usage: npm run bench [-- runs]
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { CrossAccountSecretAccess } from '../lib';
import { seedProps } from '../test/support/helpers';

const ROOT = path.join(__dirname, '..');
const RUNS = Number(process.argv[2] ?? 3);
const GNU_TIME = '/usr/bin/time';

interface Measure {
  readonly seconds: number;
  readonly peakMb?: number;
}

function measure(command: string[], env: NodeJS.ProcessEnv = {}): Measure {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
  const withTime = fs.existsSync(GNU_TIME);
  const argv = withTime ? [GNU_TIME, '-f', 'BENCH %e %M', ...command] : command;
  const started = process.hrtime.bigint();
  const result = spawnSync(argv[0], argv.slice(1), { cwd: ROOT, env: { ...process.env, CDK_OUTDIR: outdir, ...env }, encoding: 'utf8' });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  fs.rmSync(outdir, { recursive: true, force: true });
  if (result.status !== 0) throw new Error(`${command.join(' ')} failed:\n${result.stderr}`);
  const line = /BENCH ([\d.]+) (\d+)/.exec(result.stderr);
  return line ? { seconds: Number(line[1]), peakMb: Number(line[2]) / 1024 } : { seconds: elapsed };
}

function summarize(name: string, runs: Measure[]): string {
  const seconds = runs.map((r) => r.seconds).sort((a, b) => a - b);
  const median = seconds[Math.floor(seconds.length / 2)];
  const peaks = runs.map((r) => r.peakMb).filter((p): p is number => p !== undefined);
  const peak = peaks.length ? `${Math.max(...peaks).toFixed(0)} MB` : 'n/a';
  return `${name.padEnd(58)} median ${median.toFixed(2)} s  (min ${seconds[0].toFixed(2)}, max ${seconds[seconds.length - 1].toFixed(2)})  peak ${peak}`;
}

function repeat(command: string[], env: NodeJS.ProcessEnv = {}): Measure[] {
  return Array.from({ length: RUNS }, () => measure(command, env));
}

function inProcess(apps: number): { msPerApp: number; heapMb: number } {
  const started = process.hrtime.bigint();
  for (let i = 0; i < apps; i++) {
    const app = new App({ analyticsReporting: false });
    new CrossAccountSecretAccess(app, 'TestApp', seedProps());
    app.synth({ skipValidation: true });
  }
  return { msPerApp: Number(process.hrtime.bigint() - started) / 1e6 / apps, heapMb: process.memoryUsage().heapUsed / 1024 / 1024 };
}

console.log(`node ${process.version}, ${os.cpus().length} cores, ${RUNS} runs each\n`);
console.log(summarize('npx cdk synth --quiet (what users run)', repeat(['npx', 'cdk', 'synth', '--quiet'])));
console.log(summarize('example app without the CLI (node --import tsx)', repeat([process.execPath, '--import', 'tsx', 'bin/app.ts'])));
console.log(
  summarize(
    '  the same, CloudFormation validation off (CDK_VALIDATION)',
    repeat([process.execPath, '--import', 'tsx', 'bin/app.ts'], { CDK_VALIDATION: 'false' }),
  ),
);
inProcess(3); // warm up module loading
const { msPerApp, heapMb } = inProcess(30);
console.log(`${'construct + synth in process, no validation'.padEnd(58)} ${msPerApp.toFixed(1)} ms per app  heap ${heapMb.toFixed(0)} MB`);
console.log('\nReference: an equivalent app in the `cdk init` layout (ts-node, type checking) takes about 12 s and 1.3 GB.');
