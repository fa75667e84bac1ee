/**
 * Scale benchmark of the graph (prints figures, no pass/fail):
 *
 * 1. synth time and peak memory of graphs of 1, 10, 100 and 500 workloads reading one secret; one
 *    workload reading 1, 10 and 50 secrets; 200 secrets on one key. Each size runs in its own process
 *    (`bench/scale-case.ts`) under GNU time, as `cdk synth` would run the app (CloudFormation validation on);
 * 2. how many workloads one secret and one key can serve before an AWS limit, next to the same graph
 *    built with CDK's own `Secret.grantRead` / `Key.grantDecrypt`, which write one statement per grant;
 *    and how many readers one key serves when every workload reads a secret of its own (the key policy
 *    admits each reader only for its own secrets: one statement per set of readers).
 *
 * Usage: npm run bench:scale
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, aws_iam as iam, aws_kms as kms, aws_secretsmanager as secretsmanager } from 'aws-cdk-lib';
import { KEY_POLICY_MAX_BYTES, SECRET_POLICY_MAX_LENGTH } from '../lib/private/model/quotas';
import { keyPolicyBytes, secretPolicyLength } from '../lib/private/render/limit-checks';
import { buildCase, CASES, roleName } from './scale-case';

const ROOT = path.join(__dirname, '..');
const GNU_TIME = '/usr/bin/time';

function run(name: string, size: number): { seconds: number; peakMb: number } {
  const argv = [GNU_TIME, '-f', 'BENCH %e %M', process.execPath, '--import', 'tsx', 'bench/scale-case.ts', name, String(size)];
  const result = spawnSync(argv[0], argv.slice(1), {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, CDK_OUTDIR: fs.mkdtempSync(path.join(os.tmpdir(), 'scale-')) },
  });
  if (result.status !== 0) throw new Error(`${name} ${size} failed:\n${result.stderr}`);
  const line = /BENCH ([\d.]+) (\d+)/.exec(result.stderr)!;
  return { seconds: Number(line[1]), peakMb: Number(line[2]) / 1024 };
}

console.log(`node ${process.version}, ${os.cpus().length} cores\n`);
console.log('synth (one process per size, CloudFormation validation on):');
const times: Record<string, number> = {};
for (const [name, sizes] of Object.entries(CASES)) {
  for (const size of sizes) {
    const { seconds, peakMb } = run(name, size);
    times[`${name} ${size}`] = seconds;
    console.log(`  ${`${name} ${size}`.padEnd(40)} ${seconds.toFixed(2)} s  peak ${peakMb.toFixed(0)} MB`);
  }
}
const base = run('empty', 0).seconds;
const ratio = (times['workloads-reading-one-secret 500'] - base) / (times['workloads-reading-one-secret 100'] - base);
console.log(`  ${'empty app (node, tsx, aws-cdk-lib load)'.padEnd(40)} ${base.toFixed(2)} s`);
console.log(`  500 workloads / 100 workloads, above the empty app: ${ratio.toFixed(2)}x (aim: at most 6x)\n`);

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

/** CDK's own L2s: Secret.grantRead to roles of another account writes one statement per grant, in both policies. */
function cdkGraph(n: number) {
  const app = new App({ analyticsReporting: false });
  const stack = new Stack(app, 'Cdk', { env: { account: '222222222222', region: 'eu-west-1' } });
  const key = new kms.Key(stack, 'Key');
  const secret = new secretsmanager.Secret(stack, 'Secret', { encryptionKey: key });
  for (let i = 0; i < n; i++) {
    secret.grantRead(iam.Role.fromRoleArn(stack, `R${i}`, `arn:aws:iam::111111111111:role/${roleName(i)}`, { mutable: false }));
  }
  // The L2s keep their policies private; reading them here is a benchmark's privilege, not an API.
  return {
    secretPolicy: () => stack.resolve((secret as any).policy.document.toJSON()),
    keyPolicy: () => stack.resolve((key as any).policy.toJSON()),
  };
}

const ideal = Math.floor(
  SECRET_POLICY_MAX_LENGTH / (JSON.stringify(`arn:aws:iam::111111111111:role/eks-secrets/${roleName(0)}`).length + 1),
);
const ours = {
  secret: capacity((n) => secretPolicyLength(ourGraph(n).secretPolicy()), SECRET_POLICY_MAX_LENGTH),
  key: capacity((n) => keyPolicyBytes(ourGraph(n).keyPolicy()), KEY_POLICY_MAX_BYTES),
};
const cdk = {
  secret: capacity((n) => secretPolicyLength(cdkGraph(n).secretPolicy()), SECRET_POLICY_MAX_LENGTH),
  key: capacity((n) => keyPolicyBytes(cdkGraph(n).keyPolicy()), KEY_POLICY_MAX_BYTES),
};
console.log('workloads one secret and one key can serve before an AWS limit (64-character role names, one account):');
console.log(`  secret resource policy (20,480 characters): this library ${ours.secret}, CDK Secret.grantRead ${cdk.secret}`);
console.log(
  `    ideal at one role ARN each: ${ideal}; this library reaches ${((100 * ours.secret) / ideal).toFixed(1)} % (aim: at least 95 %)`,
);
console.log(`  key policy (32,768 bytes): this library ${ours.key}, CDK Secret.grantRead (its key grants) ${cdk.key}`);

// The key policy admits each reader only for the secrets granted to it: one statement per set of readers.
// All workloads reading one secret share one statement (the figure above); workloads each reading a
// secret of their own get one statement each, the worst case for a key.
const ownSecrets = capacity((n) => keyPolicyBytes(ourGraph(n, 'workloads-reading-own-secrets').keyPolicy()), KEY_POLICY_MAX_BYTES);
console.log('readers one key can serve, exactly as granted (64-character role names, key policy of 32,768 bytes):');
console.log(`  every workload reads the same secret: ${ours.key} (one statement)`);
console.log(`  every workload reads a secret of its own: ${ownSecrets} (one statement each)`);
