import { createHash } from 'crypto';
import { Lazy, Stack } from 'aws-cdk-lib';
import { keyAliasArn, kmsKeyIdOf, roleArn, secretArnPattern } from '../model/identifiers';
import { AccessModel } from '../model/model';

// Three teams may deploy the three accounts' parts from three repositories: each stack records the
// access description it was built from, so that `verify` can tell when the apps disagree.

/** The template metadata key under which every stack of the library records its description. */
export const FINGERPRINT_METADATA = 'cdk-eks-cross-account-secrets';

/**
 * What the accounts depend on each other for, as plain data in a fixed order: the names every policy
 * derives from. A key's pinned ARN is left out (pinning changes no other account's need); an existing
 * key's ARN is in.
 */
export function accessDescription(model: AccessModel): Record<string, unknown> {
  return {
    keys: model.keys.map((k) => ({
      account: k.account,
      region: k.region,
      ...(k.existing ? { keyArn: k.keyArn } : { alias: k.alias, aliasArn: keyAliasArn(k) }),
    })),
    secrets: model.secrets.map((s) => ({
      account: s.account,
      region: s.region,
      name: s.name,
      arnPattern: secretArnPattern(s),
      key: s.key ? (s.key.existing ? kmsKeyIdOf(s.key) : keyAliasArn(s.key)) : null,
    })),
    workloads: model.workloads.map((w) => ({
      roleArn: roleArn(w),
      principal: w.principalByRoleArn ? 'role ARN' : 'account root and aws:PrincipalArn',
      readableStages: w.readableStages ?? null,
      allowDescribeSecret: w.allowDescribeSecret,
    })),
    grants: model.grants.map((g) => ({ roleArn: roleArn(g.workload), secretArnPattern: secretArnPattern(g.secret) })),
  };
}

/** A short hash of the canonical JSON of the description. */
export function fingerprintOf(description: unknown): string {
  return createHash('sha256').update(JSON.stringify(description)).digest('hex').slice(0, 16);
}

/** Records the fingerprint and description in the stack's template metadata, read from the model at synth. */
export function recordFingerprint(stack: Stack, model: () => AccessModel): void {
  const record = () => {
    const description = accessDescription(model());
    return { fingerprint: fingerprintOf(description), description };
  };
  stack.templateOptions.metadata = { ...stack.templateOptions.metadata, [FINGERPRINT_METADATA]: Lazy.any({ produce: record }) };
}
