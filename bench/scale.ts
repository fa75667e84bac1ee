/**
 * Scale benchmark of the graph (prints figures, no pass/fail):
 *
 * 1. synth time and peak memory of graphs of 1, 10, 100 and 500 workloads reading one secret; one
 *    workload reading 1, 10 and 50 secrets; 200 secrets on one key. Each size runs in its own process
 *    (`bench/scale-case.ts`) under GNU time, as `cdk synth` would run the app (CloudFormation validation on);
 * 2. estates of 500, 2,000 and 8,000 workloads (several accounts, keys and secrets, stack groups: see
 *    `buildEstate`), each size run several times: the median synth time (wall and CPU, from building the
 *    graph to the templates on disk), per workload, peak memory and the largest template as written;
 * 3. how many workloads one secret and one key can serve before an AWS limit, next to the same graph
 *    built with CDK's own `Secret.grantRead` / `Key.grantDecrypt`, with and without the feature flag
 *    `@aws-cdk/aws-iam:minimizePolicies` (which `cdk init` turns on); and how many readers one key serves
 *    when every workload reads a secret of its own (the key policy admits each reader only for its own
 *    secrets: one statement per set of readers).
 *
 * Usage: npm run bench:scale [-- cases|estate|capacity [runs]]   (default: all three, estates 3 runs a size)
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, aws_iam as iam, aws_kms as kms, aws_secretsmanager as secretsmanager } from 'aws-cdk-lib';
import { KEY_POLICY_MAX_BYTES, SECRET_POLICY_MAX_LENGTH } from '../lib/private/model/quotas';
import { keyPolicyBytes, secretPolicyLength } from '../lib/private/render/limit-checks';
import { buildCase, CASES, ESTATE_SIZES, roleName } from './scale-case';

const ROOT = path.join(__dirname, '..');
const GNU_TIME = '/usr/bin/time';
const [SECTION, RUNS] = [process.argv[2], Number(process.argv[3] ?? 3)];

interface Run {
  /** The whole process, node and module loading included. */
  readonly seconds: number;
  readonly peakMb: number;
  /** From building the graph to the templates on disk: wall and CPU time. */
  readonly synthSeconds: number;
  readonly cpuSeconds: number;
  /** The largest `*.template.json` of the cloud assembly, as written. */
  readonly largestTemplateBytes: number;
}

function run(name: string, size: number): Run {
  const argv = [GNU_TIME, '-f', 'BENCH %e %M', process.execPath, '--import', 'tsx', 'bench/scale-case.ts', name, String(size)];
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'scale-'));
  try {
    const result = spawnSync(argv[0], argv.slice(1), { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CDK_OUTDIR: outdir } });
    if (result.status !== 0) throw new Error(`${name} ${size} failed:\n${result.stderr}`);
    const line = /BENCH ([\d.]+) (\d+)/.exec(result.stderr)!;
    const synth = /SYNTH_MS (\d+) CPU_MS (\d+)/.exec(result.stdout)!;
    const templates = fs.readdirSync(outdir).filter((f) => f.endsWith('.template.json'));
    return {
      seconds: Number(line[1]),
      peakMb: Number(line[2]) / 1024,
      synthSeconds: Number(synth[1]) / 1000,
      cpuSeconds: Number(synth[2]) / 1000,
      largestTemplateBytes: Math.max(0, ...templates.map((f) => fs.statSync(path.join(outdir, f)).size)),
    };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const n = (value: number) => value.toLocaleString('en-US');

console.log(
  `node ${process.version}, ${os.cpus().length} cores, load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}\n`,
);
if (SECTION === undefined || SECTION === 'cases') {
  console.log('synth (one process per size, CloudFormation validation on):');
  const times: Record<string, number> = {};
  for (const [name, sizes] of Object.entries(CASES)) {
    for (const size of sizes) {
      const { seconds, peakMb } = run(name, size);
      times[`${name} ${size}`] = seconds;
      console.log(`  ${`${name} ${size}`.padEnd(48)} ${seconds.toFixed(2)} s  peak ${peakMb.toFixed(0)} MB`);
    }
  }
  const base = run('empty', 0).seconds;
  const ratio = (times['workloads-reading-one-secret 500'] - base) / (times['workloads-reading-one-secret 100'] - base);
  console.log(`  ${'empty app (node, tsx, aws-cdk-lib load)'.padEnd(48)} ${base.toFixed(2)} s`);
  console.log(`  500 workloads / 100 workloads, above the empty app: ${ratio.toFixed(2)}x (aim: at most 6x)\n`);
}

if (SECTION === undefined || SECTION === 'estate') {
  console.log(`estates (see buildEstate in bench/scale-case.ts), median of ${RUNS} runs a size, CloudFormation validation on:`);
  const cpuOf: Record<number, number> = {};
  for (const size of ESTATE_SIZES) {
    const runs = Array.from({ length: RUNS }, () => run('estate', size));
    const [synth, cpu] = [median(runs.map((r) => r.synthSeconds)), median(runs.map((r) => r.cpuSeconds))];
    cpuOf[size] = cpu;
    console.log(
      `  ${n(size).padStart(5)} workloads: synth ${synth.toFixed(1)} s (CPU ${cpu.toFixed(1)} s), per workload ${((1000 * synth) / size).toFixed(2)} ms (CPU ${((1000 * cpu) / size).toFixed(2)} ms), peak ${median(runs.map((r) => r.peakMb)).toFixed(0)} MB, largest template ${n(Math.max(...runs.map((r) => r.largestTemplateBytes)))} bytes`,
    );
    console.log(`    runs: ${runs.map((r) => `${r.synthSeconds.toFixed(1)} s (CPU ${r.cpuSeconds.toFixed(1)} s)`).join(', ')}`);
  }
  // Per workload, a synth's fixed costs (CloudFormation validation loads its schemas, a few seconds) favour the
  // large graphs; the CPU each further workload adds, between two sizes, does not.
  const [a, b, c] = ESTATE_SIZES;
  const perWorkload = (size: number) => cpuOf[size] / size;
  const added = (from: number, to: number) => (1000 * (cpuOf[to] - cpuOf[from])) / (to - from);
  console.log(`  CPU per workload at ${n(c)} / at ${n(b)}: ${(perWorkload(c) / perWorkload(b)).toFixed(2)}x (aim: at most 1.10x)`);
  console.log(
    `  CPU each further workload adds: ${added(a, b).toFixed(2)} ms from ${n(a)} to ${n(b)}, ${added(b, c).toFixed(2)} ms from ${n(b)} to ${n(c)}\n`,
  );
}
if (SECTION !== undefined && SECTION !== 'capacity') process.exit(0);

// Capacity: how many workloads fit before a policy is over its limit. Policies grow linearly with the
// workloads granted, so the count is predicted from two small graphs and then confirmed by building the
// graph at that count (within the limit) and one more (over it). Role names are 64 characters, the longest.

/** Finds the largest n with size(n) <= limit, for a size that grows linearly in n (checked at n and n + 1). */
function capacity(size: (n: number) => number, limit: number): number {
  const [a, b] = [size(4), size(5)];
  let n = 5 + Math.floor((limit - b) / (b - a));
  while (size(n) > limit) n--;
  while (size(n + 1) <= limit) n++;
  return n;
}

function ourGraph(n: number, pattern = 'workloads-reading-one-secret') {
  const app = new App({ analyticsReporting: false, builtinCloudFormationValidation: false });
  const built = buildCase(app, pattern, n, roleName);
  const resolve = (v: unknown) => Stack.of(built.key).resolve(v);
  return { secretPolicy: () => resolve(built.secret.resourcePolicy!.resourcePolicy), keyPolicy: () => resolve(built.key.key!.keyPolicy) };
}

/**
 * CDK's own L2s: Secret.grantRead to roles of another account writes one statement per grant, in both policies;
 * with `@aws-cdk/aws-iam:minimizePolicies` (on in apps `cdk init` creates), statements that differ only in their
 * principal are merged.
 */
function cdkGraph(n: number, minimizePolicies: boolean) {
  const app = new App({ analyticsReporting: false, context: { '@aws-cdk/aws-iam:minimizePolicies': minimizePolicies } });
  const stack = new Stack(app, 'Cdk', { env: { account: '222222222222', region: 'eu-west-1' } });
  const key = new kms.Key(stack, 'Key');
  const secret = new secretsmanager.Secret(stack, 'Secret', { encryptionKey: key });
  for (let i = 0; i < n; i++) {
    // The same role ARNs as this library's graph (default path), so that only the policies' shapes differ.
    secret.grantRead(iam.Role.fromRoleArn(stack, `R${i}`, `arn:aws:iam::111111111111:role/eks-secrets/${roleName(i)}`, { mutable: false }));
  }
  // The L2s keep their policies private; reading them here is a benchmark's privilege, not an API.
  // Resolving the documents (not their toJSON()) merges their statements when the flag is on, as synth does.
  return {
    secretPolicy: () => stack.resolve((secret as any).policy.document),
    keyPolicy: () => stack.resolve((key as any).policy),
  };
}

const ideal = Math.floor(
  SECRET_POLICY_MAX_LENGTH / (JSON.stringify(`arn:aws:iam::111111111111:role/eks-secrets/${roleName(0)}`).length + 1),
);
const ours = {
  secret: capacity((n) => secretPolicyLength(ourGraph(n).secretPolicy()), SECRET_POLICY_MAX_LENGTH),
  key: capacity((n) => keyPolicyBytes(ourGraph(n).keyPolicy()), KEY_POLICY_MAX_BYTES),
};
const cdk = (minimize: boolean) => ({
  secret: capacity((k) => secretPolicyLength(cdkGraph(k, minimize).secretPolicy()), SECRET_POLICY_MAX_LENGTH),
  key: capacity((k) => keyPolicyBytes(cdkGraph(k, minimize).keyPolicy()), KEY_POLICY_MAX_BYTES),
});
const [cdkOff, cdkOn] = [cdk(false), cdk(true)];
console.log('workloads one secret and one key can serve before an AWS limit (64-character role names, one account):');
console.log(
  `  secret resource policy (20,480 characters): this library ${ours.secret}, CDK Secret.grantRead ${cdkOff.secret} (minimizePolicies off) / ${cdkOn.secret} (on)`,
);
console.log(
  `    ideal at one role ARN each: ${ideal}; this library reaches ${((100 * ours.secret) / ideal).toFixed(1)} % (aim: at least 95 %)`,
);
console.log(
  `  key policy (32,768 bytes): this library ${ours.key}, CDK Secret.grantRead (its key grants) ${cdkOff.key} (minimizePolicies off) / ${cdkOn.key} (on)`,
);

// The key policy admits each reader only for the secrets granted to it: one statement per set of readers.
// All workloads reading one secret share one statement (the figure above); workloads each reading a
// secret of their own get one statement each, the worst case for a key.
const ownSecrets = capacity((n) => keyPolicyBytes(ourGraph(n, 'workloads-reading-own-secrets').keyPolicy()), KEY_POLICY_MAX_BYTES);
console.log('readers one key can serve, exactly as granted (64-character role names, key policy of 32,768 bytes):');
console.log(`  every workload reads the same secret: ${ours.key} (one statement)`);
console.log(`  every workload reads a secret of its own: ${ownSecrets} (one statement each)`);
