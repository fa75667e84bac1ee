/**
 * Proves that a refactoring leaves every synthesized CloudFormation template unchanged, byte for byte.
 *
 *   npx tsx scripts/capture-templates.ts <outdir>                      capture, into a new or empty <outdir>
 *   npx tsx scripts/capture-templates.ts --compare <baseline> <new>    exit 1 if the template sets differ
 *
 * A capture collects the templates of:
 * 1. the Jest suite (`jest --ci`, with `scripts/capture-templates-hook.ts` in each test file: see there);
 *    failed tests do not stop it, they are listed;
 * 2. the example app through the CDK CLI (`cdk synth`, with the context of the README and of the tests) and
 *    without it (`node --import tsx bin/app.ts`, as the tests and `bench/synth.ts` run it);
 * 3. the benchmarks: `bench/synth.ts` (its in-process apps, through the hook) and every size of
 *    `bench/scale-case.ts` that `bench/scale.ts` runs.
 * Each template is stored once as `<outdir>/<sha256>.json`; `log-*.tsv` say where each came from
 * (`<sha256>\t<test file or command>\t<stack artifact>\t<test name>`); `hashes.txt` is the sorted set
 * compared; `summary.txt`, `jest.log` and `commands.log` tell what ran and what failed.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { captureAssembly } from './capture-templates-hook';

const ROOT = path.join(__dirname, '..');
const HOOK = path.join(__dirname, 'capture-templates-hook.ts');
const HASH_FILE = /^[0-9a-f]{64}\.json$/;

/** One synthesis outside Jest: a command that writes a cloud assembly into `CDK_OUTDIR` or `-o`. */
interface Command {
  readonly label: string;
  readonly argv: (outdir: string) => string[];
  readonly env?: NodeJS.ProcessEnv;
}

/** The example app's context in the README and in test/example-app.test.ts, test/pod-identity-target-role.test.ts. */
const EXAMPLE_CONTEXTS: string[][] = [
  [],
  ['secretName=payments/db', 'namespace=payments'],
  [
    'workloadAccount=444444444444',
    'workloadRegion=us-east-1',
    'oidcIssuer=oidc.eks.us-east-1.amazonaws.com/id/OTHER',
    'namespace=payments',
    'serviceAccount=api',
    'roleName=payments-api',
    'secretAccount=555555555555',
    'secretRegion=us-east-2',
    'secretName=payments/db',
    'keyAccount=666666666666',
    'keyAlias=payments',
  ],
  ['podIdentityCluster=prod'],
  ['podIdentityCluster=prod', 'podIdentityTargetRole=true'],
];

function commands(outdir: string): Command[] {
  const tsx = [process.execPath, '--import', 'tsx'];
  const list: Command[] = EXAMPLE_CONTEXTS.map((context) => ({
    label: ['cdk synth', ...context.map((c) => `-c ${c}`)].join(' '),
    argv: (out) => ['npx', 'cdk', 'synth', '--quiet', '--no-notices', '-o', out, ...context.flatMap((c) => ['-c', c])],
  }));
  list.push(
    { label: 'node --import tsx bin/app.ts', argv: () => [...tsx, 'bin/app.ts'] },
    { label: 'CDK_VALIDATION=false node --import tsx bin/app.ts', argv: () => [...tsx, 'bin/app.ts'], env: { CDK_VALIDATION: 'false' } },
    // Once each; its own subprocesses are the commands above, its in-process apps are taken by the hook.
    {
      label: 'bench/synth.ts 1',
      argv: () => [...tsx, '--import', HOOK, 'bench/synth.ts', '1'],
      env: { CAPTURE_TEMPLATES_DIR: outdir, CAPTURE_TEMPLATES_SOURCE: 'bench/synth.ts (in process)' },
    },
  );
  // The sizes bench/scale.ts runs, from bench/scale-case.ts itself. (Its capacity graphs resolve, not synthesize.)
  const cases = spawnSync(process.execPath, ['--import', 'tsx', '-e', 'console.log(JSON.stringify(require("./bench/scale-case").CASES))'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (cases.status !== 0) throw new Error(`cannot read CASES of bench/scale-case.ts:\n${cases.stderr}`);
  for (const [name, sizes] of Object.entries<number[]>(JSON.parse(cases.stdout))) {
    for (const size of sizes)
      list.push({ label: `bench/scale-case.ts ${name} ${size}`, argv: () => [...tsx, 'bench/scale-case.ts', name, String(size)] });
  }
  return list;
}

/** Runs a command to completion; its output is appended to `log` at the end, after a line that names it. */
function run(argv: string[], env: NodeJS.ProcessEnv, log: string): Promise<number> {
  return new Promise((resolve) => {
    const output: Buffer[] = [];
    const child = spawn(argv[0], argv.slice(1), { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    const done = (code: number) => {
      fs.appendFileSync(log, Buffer.concat([Buffer.from(`=== ${argv.join(' ')}: exit ${code}\n`), ...output]));
      resolve(code);
    };
    child.on('error', (error) => {
      output.push(Buffer.from(`${error}\n`));
      done(-1);
    });
    child.on('close', (code) => done(code ?? -1));
  });
}

/** The Jest suite, with the hook: returns the failed tests (`file: test`), or why the run failed. */
async function runJest(outdir: string): Promise<string[]> {
  const results = path.join(outdir, 'jest-results.json');
  const argv = ['npx', 'jest', '--ci', `--setupFilesAfterEnv=${HOOK}`, '--json', `--outputFile=${results}`];
  const code = await run(argv, { CAPTURE_TEMPLATES_DIR: outdir }, path.join(outdir, 'jest.log'));
  if (!fs.existsSync(results)) return [`jest exited with ${code} and no results: see jest.log`];
  const json = JSON.parse(fs.readFileSync(results, 'utf8'));
  const failed: string[] = [];
  for (const file of json.testResults) {
    const where = path.relative(ROOT, file.name);
    const tests = file.assertionResults.filter((t: any) => t.status === 'failed');
    for (const t of tests) failed.push(`${where}: ${t.fullName}`);
    if (tests.length === 0 && file.status === 'failed')
      failed.push(`${where}: the file failed to run (${String(file.message ?? '').split('\n')[0]})`);
  }
  return failed;
}

/** Runs the commands, two at a time (one per core), and captures the assembly each wrote. Returns the failed ones. */
async function runCommands(outdir: string, list: Command[]): Promise<string[]> {
  const failed: string[] = [];
  const queue = [...list];
  const worker = async () => {
    for (let command = queue.shift(); command; command = queue.shift()) {
      const out = fs.mkdtempSync(path.join(os.tmpdir(), 'capture-templates-'));
      const log = path.join(outdir, 'commands.log');
      const code = await run(command.argv(out), { CDK_OUTDIR: out, ...command.env }, log);
      if (code !== 0) failed.push(`${command.label} (exit ${code}: see commands.log)`);
      // bench/synth.ts's in-process apps write here too (the last one stays), its subprocesses elsewhere: the
      // hook took its apps, and its subprocesses are the commands before it.
      if (fs.existsSync(path.join(out, 'manifest.json'))) {
        captureAssembly(new CloudAssembly(out, { skipVersionCheck: true }), outdir, { source: command.label }, 'log-commands.tsv');
      } else if (!command.env?.CAPTURE_TEMPLATES_DIR) {
        failed.push(`${command.label} wrote no cloud assembly`);
      }
      fs.rmSync(out, { recursive: true, force: true });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(2, os.cpus().length)) }, worker));
  return failed;
}

interface Origin {
  readonly source: string;
  readonly artifact: string;
  readonly test: string;
}

/** The hashes of a capture directory, and where each came from. */
function load(dir: string): { hashes: Set<string>; origins: Map<string, Origin[]> } {
  const hashes = new Set(
    fs
      .readdirSync(dir)
      .filter((f) => HASH_FILE.test(f))
      .map((f) => f.slice(0, 64)),
  );
  const origins = new Map<string, Origin[]>();
  for (const log of fs.readdirSync(dir).filter((f) => /^log-.*\.tsv$/.test(f))) {
    for (const line of fs.readFileSync(path.join(dir, log), 'utf8').split('\n').filter(Boolean)) {
      const [hash, source, artifact, test = ''] = line.split('\t');
      origins.set(hash, [...(origins.get(hash) ?? []), { source, artifact, test }]);
    }
  }
  return { hashes, origins };
}

async function capture(outdir: string): Promise<void> {
  if (fs.existsSync(outdir) && fs.readdirSync(outdir).length > 0) throw new Error(`${outdir} is not empty`);
  fs.mkdirSync(outdir, { recursive: true });
  const started = Date.now();
  const seconds = (from: number) => `${((Date.now() - from) / 1000).toFixed(0)} s`;

  console.log(`jest --ci, with the hook (output in ${path.join(outdir, 'jest.log')}) ...`);
  const failedTests = await runJest(outdir);
  const jestTime = seconds(started);
  const jestTemplates = load(outdir).hashes.size;

  const list = commands(outdir);
  console.log(`${list.length} commands: the example app and the benchmarks (output in ${path.join(outdir, 'commands.log')}) ...`);
  const commandsStarted = Date.now();
  const failedCommands = await runCommands(outdir, list);
  const commandsTime = seconds(commandsStarted);

  const { hashes, origins } = load(outdir);
  const sorted = [...hashes].sort();
  fs.writeFileSync(path.join(outdir, 'hashes.txt'), sorted.map((h) => `${h}\n`).join(''));
  const all = [...origins.values()].flat();
  const testFiles = new Set(all.map((o) => o.source).filter((s) => /\.test\.[jt]s$/.test(s)));
  const errors = fs
    .readdirSync(outdir)
    .filter((f) => /^errors-.*\.log$/.test(f))
    .flatMap((f) => fs.readFileSync(path.join(outdir, f), 'utf8').split('\n').filter(Boolean));
  const unlogged = sorted.filter((h) => !origins.has(h));
  const summary = [
    `unique templates: ${hashes.size} (${jestTemplates} from the Jest suite, ${hashes.size - jestTemplates} more from the commands)`,
    `template records: ${all.length}, from ${testFiles.size} test files and ${list.length} commands`,
    `time: ${seconds(started)} (jest ${jestTime}, commands ${commandsTime})`,
    `failed tests (${failedTests.length}):`,
    ...failedTests.map((t) => `  ${t}`),
    `failed commands (${failedCommands.length}):`,
    ...failedCommands.map((c) => `  ${c}`),
    `capture errors (${errors.length + unlogged.length}):`,
    ...errors.map((e) => `  ${e}`),
    ...unlogged.map((h) => `  ${h}.json is in no log`),
  ];
  fs.writeFileSync(path.join(outdir, 'summary.txt'), `${summary.join('\n')}\n`);
  console.log(summary.join('\n'));
}

/** Prints the templates of one capture that the other lacks, with where they came from. Returns whether the sets are equal. */
function compare(baselineDir: string, newDir: string): boolean {
  const [a, b] = [load(baselineDir), load(newDir)];
  const key = (o: Origin) => `${o.source}\t${o.artifact}\t${o.test}`;
  const describe = (o: Origin) => `${o.source}  ${o.artifact}${o.test ? `  (${o.test})` : ''}`;
  const report = (title: string, from: typeof a, to: typeof b, toDir: string) => {
    const only = [...from.hashes].filter((h) => !to.hashes.has(h)).sort();
    console.log(`${title}: ${only.length}`);
    for (const hash of only) {
      console.log(`  ${hash}.json`);
      const origins = from.origins.get(hash) ?? [];
      for (const o of origins.slice(0, 5)) {
        // The template the same test and stack gave on the other side, if any: `diff` the two files.
        const other = [...to.origins].filter(([h, os]) => h !== hash && os.some((x) => key(x) === key(o))).map(([h]) => h);
        console.log(
          `    ${describe(o)}${other.length ? `\n      same origin there: ${other.map((h) => path.join(toDir, `${h}.json`)).join(' ')}` : ''}`,
        );
      }
      if (origins.length > 5) console.log(`    ... and ${origins.length - 5} more`);
    }
    return only.length;
  };
  const differences = report(`only in ${baselineDir}`, a, b, newDir) + report(`only in ${newDir}`, b, a, baselineDir);
  // Equal sets can still hide a change: a test whose template became another test's. Same test and stack on
  // both sides with other templates is worth a look (it may also be a test that now meets a cached assembly first).
  const byOrigin = (side: typeof a) => {
    const map = new Map<string, Set<string>>();
    for (const [hash, origins] of side.origins) for (const o of origins) map.set(key(o), (map.get(key(o)) ?? new Set()).add(hash));
    return map;
  };
  const [originsA, originsB] = [byOrigin(a), byOrigin(b)];
  const moved = [...originsA].filter(([k, hs]) => originsB.has(k) && [...hs].sort().join() !== [...originsB.get(k)!].sort().join());
  if (differences === 0 && moved.length > 0) {
    console.log(`note: ${moved.length} test/stack pairs give other templates than before, though the sets are equal:`);
    for (const [k] of moved.slice(0, 20)) console.log(`  ${k.replace(/\t/g, '  ')}`);
  }
  console.log(`${a.hashes.size} and ${b.hashes.size} unique templates: ${differences === 0 ? 'the same set' : 'the sets differ'}`);
  return differences === 0;
}

async function main(args: string[]): Promise<number> {
  if (args[0] === '--compare' && args.length === 3) return compare(path.resolve(args[1]), path.resolve(args[2])) ? 0 : 1;
  if (args.length === 1 && !args[0].startsWith('-')) {
    await capture(path.resolve(args[0]));
    return 0;
  }
  console.error('usage: npx tsx scripts/capture-templates.ts <outdir> | --compare <baselineDir> <newDir>');
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error) => {
    console.error(error);
    process.exitCode = 2;
  },
);
