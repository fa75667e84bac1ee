/**
 * One size of the scale benchmark, in its own process so that its peak memory is its own:
 * `node --import tsx bench/scale-case.ts <case> <size>` builds the graph and synthesizes it.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { CrossAccountSecrets, KeyPart, SecretPart } from '../lib';

export const CASES: Record<string, number[]> = {
  'workloads-reading-one-secret': [1, 10, 100, 500],
  'one-workload-reading-secrets': [1, 10, 50],
  'secrets-on-one-key': [200],
  // Workloads on a cluster built in the app (its issuer a token, so a CfnJson each), without and with their
  // ServiceAccount and SecretProviderClass applied through it: what `applyThroughClusters` adds.
  'workloads-on-an-app-cluster': [100, 500],
  'workloads-applied-through-an-app-cluster': [100, 500],
};

/** An aws_eks_v2 cluster with a kubectl provider, in a stack of its own in the workloads' account. */
function appCluster(app: App): eks.Cluster {
  const stack = new Stack(app, 'Platform', { env: { account: '111111111111', region: 'eu-west-1' } });
  const kubectlLayer = lambda.LayerVersion.fromLayerVersionArn(stack, 'Kubectl', 'arn:aws:lambda:eu-west-1:111111111111:layer:kubectl:1');
  return new eks.Cluster(stack, 'Prod', { version: eks.KubernetesVersion.V1_33, kubectlProviderOptions: { kubectlLayer } });
}

/**
 * An estate (security review, appendix A, scaled): workloads over four accounts, 200 per account in each stack
 * group; a secret per 25 workloads, alternating two accounts, 20 a stack group; a key per 125 workloads (five
 * secrets each), 16 a stack group, so that no policy and no stack is over its limit. Workload i reads secret
 * i mod S, and secret s is encrypted with key s mod K. Not in `CASES`: `bench/scale.ts` runs it at these sizes.
 */
export const ESTATE_SIZES = [500, 2000, 8000];

export function buildEstate(app: App, workloads: number): CrossAccountSecrets {
  const estate = new CrossAccountSecrets(app, 'Estate');
  const keys = Array.from({ length: Math.max(4, Math.ceil(workloads / 125)) }, (_, k) =>
    estate.addKey(`Key${k}`, {
      account: '333333333333',
      region: 'eu-west-1',
      alias: `team${k}/secrets`,
      stackGroup: `kg${Math.floor(k / 16)}`,
    }),
  );
  const secrets = Array.from({ length: Math.max(20, Math.ceil(workloads / 25)) }, (_, s) =>
    estate.addSecret(`Secret${s}`, {
      account: s % 2 ? '444444444444' : '222222222222',
      region: 'eu-west-1',
      secretName: `app/secret-${s}`,
      key: keys[s % keys.length],
      stackGroup: `sg${Math.floor(s / 20)}`,
    }),
  );
  const accounts = ['111111111111', '555555555555', '666666666666', '777777777777'];
  for (let i = 0; i < workloads; i++) {
    const workload = estate.addWorkload(`W${i}`, {
      account: accounts[i % accounts.length],
      region: 'eu-west-1',
      namespace: `team-${Math.floor(i / 10)}`,
      serviceAccount: `svc-${i}`,
      oidcIssuers: ['https://oidc.eks.eu-west-1.amazonaws.com/id/A'],
      stackGroup: `g${Math.floor(i / 800)}`,
    });
    secrets[i % secrets.length].grantRead(workload);
  }
  return estate;
}

/** A 64-character role name, the longest IAM allows, so capacities are the worst case. */
export function roleName(i: number): string {
  return `pod-${String(i).padStart(5, '0')}-`.padEnd(64, 'r');
}

/** Short role names (and the root path, below) for the timing runs, so that 500 roles fit one secret's policy. */
function shortRoleName(i: number): string {
  return `w${i.toString(36)}`;
}

export function buildCase(
  app: App,
  name: string,
  size: number,
  names: (i: number) => string = shortRoleName,
): { secrets: CrossAccountSecrets; key: KeyPart; secret: SecretPart } {
  const secrets = new CrossAccountSecrets(app, 'Scale');
  const key = secrets.addKey('Key', { account: '333333333333', region: 'eu-west-1', alias: 'scale' });
  const secret = secrets.addSecret('Secret', { account: '222222222222', region: 'eu-west-1', secretName: 'shared', key });
  const workload = (i: number) =>
    secrets.addWorkload(`W${i}`, {
      account: '111111111111',
      region: 'eu-west-1',
      namespace: `ns${i}`,
      serviceAccount: 'app',
      roleName: names(i),
      rolePath: names === shortRoleName ? '/' : undefined,
      oidcIssuers: ['https://oidc.eks.eu-west-1.amazonaws.com/id/A'],
      // CloudFormation allows 500 resources a stack: two hundred workloads (role and policy) a group.
      stackGroup: `g${Math.floor(i / 200)}`,
    });
  if (name === 'workloads-reading-one-secret') for (let i = 0; i < size; i++) secret.grantRead(workload(i));
  if (name === 'workloads-on-an-app-cluster' || name === 'workloads-applied-through-an-app-cluster') {
    const cluster = appCluster(app);
    const apply = name === 'workloads-applied-through-an-app-cluster' ? { secretProviderClass: true } : undefined;
    for (let i = 0; i < size; i++) {
      const reader = secrets.addWorkload(`W${i}`, {
        account: '111111111111',
        region: 'eu-west-1',
        namespace: `ns${i}`,
        serviceAccount: 'app',
        roleName: names(i),
        rolePath: '/',
        clusters: [cluster],
        applyThroughClusters: apply,
        // Role, policy, CfnJson and two manifests a workload, within CloudFormation's 500 resources a stack.
        stackGroup: `g${Math.floor(i / 80)}`,
      });
      secret.grantRead(reader);
    }
  }
  if (name === 'one-workload-reading-secrets') {
    const reader = workload(0);
    for (let i = 0; i < size; i++)
      secrets.addSecret(`S${i}`, { account: '222222222222', region: 'eu-west-1', secretName: `s${i}`, key }).grantRead(reader);
  }
  // Capacity only (not timed): every workload reads a secret of its own, all on one key.
  if (name === 'workloads-reading-own-secrets') {
    for (let i = 0; i < size; i++) {
      const own = secrets.addSecret(`S${i}`, { account: '222222222222', region: 'eu-west-1', secretName: `app/secret-${i}`, key });
      own.grantRead(workload(i));
    }
  }
  if (name === 'secrets-on-one-key') {
    const reader = workload(0);
    for (let i = 0; i < size; i++) {
      const s = secrets.addSecret(`S${i}`, { account: '222222222222', region: 'eu-west-1', secretName: `s${i}`, key });
      if (i < 50) s.grantRead(reader);
    }
  }
  return { secrets, key, secret };
}

if (require.main === module) {
  const [name, size] = [process.argv[2], Number(process.argv[3])];
  // The native OIDC provider for aws_eks_v2 clusters, as `cdk init` sets it.
  const context = { '@aws-cdk/core:validateAgainstDefaultRules': true, '@aws-cdk/aws-eks:useNativeOidcProvider': true };
  const app = new App({ analyticsReporting: false, context });
  // From building the graph to the templates on disk, after node, tsx and aws-cdk-lib are loaded.
  // CPU time too: on a shared machine it varies less than wall time.
  const [started, cpu] = [performance.now(), process.cpuUsage()];
  if (name === 'estate') buildEstate(app, size);
  else if (name !== 'empty') buildCase(app, name, size);
  app.synth();
  const used = process.cpuUsage(cpu);
  console.log(`SYNTH_MS ${(performance.now() - started).toFixed(0)} CPU_MS ${((used.user + used.system) / 1000).toFixed(0)}`);
}
