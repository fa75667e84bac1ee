/**
 * One size of the scale benchmark, in its own process so that its peak memory is its own:
 * `node --import tsx bench/scale-case.ts <case> <size>` builds the graph and synthesizes it.
 */
import { App } from 'aws-cdk-lib';
import { CrossAccountSecrets, KeyPart, SecretPart } from '../lib';

export const CASES: Record<string, number[]> = {
  'workloads-reading-one-secret': [1, 10, 100, 500],
  'one-workload-reading-secrets': [1, 10, 50],
  'secrets-on-one-key': [200],
};

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
  const app = new App({ analyticsReporting: false, context: { '@aws-cdk/core:validateAgainstDefaultRules': true } });
  if (name !== 'empty') buildCase(app, name, size);
  app.synth();
}
