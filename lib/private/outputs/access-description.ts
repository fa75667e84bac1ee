import { createHash } from 'crypto';
import { keyAliasArn, readerRoleArn, roleArn, secretArnPattern } from '../model/identifiers';
import { AccessModel, KeyModel, SecretModel, WorkloadModel } from '../model/model';
import { labelTokens } from './token-labels';

// What the accounts depend on each other for, keyed by identity, so that apps built from the same
// definition in several repositories can be compared part by part (`verify`). The description goes to
// the cloud assembly, which is not deployed; each template carries only the fingerprint of its slice.

/** The template metadata key under which every stack of the library records its fingerprint. */
export const FINGERPRINT_METADATA = 'cdk-eks-cross-account-secrets';

/** The suffix of the description files in a cloud assembly: `<construct>.access-description.json`. */
export const DESCRIPTION_FILE_SUFFIX = '.access-description.json';

/** The version of the description's format, in every file, so that `verify` rejects a file it cannot read. */
export const DESCRIPTION_FORMAT = 'cdk-eks-cross-account-secrets/access-description/2';

/** One part of the contract: its identity and what the other accounts rely on about it. */
export interface DescribedEntry {
  readonly id: string;
  readonly [field: string]: unknown;
}

/** The contract of one model: keys, secrets, workloads and grants, each sorted by identity. */
export interface AccessDescription {
  readonly keys: readonly DescribedEntry[];
  readonly secrets: readonly DescribedEntry[];
  readonly workloads: readonly DescribedEntry[];
  readonly grants: readonly DescribedEntry[];
}

/** The kinds of entry, as `verify` names them. */
export const ENTRY_KINDS = ['keys', 'secrets', 'workloads', 'grants'] as const;

/** A key's identity: the ARN of an existing key, else the alias ARN (a pinned ARN changes no other account's need). */
function keyIdentity(key: KeyModel): string {
  return key.existing ? key.existing.keyArn : keyAliasArn(key);
}

function grantIdentity(workload: WorkloadModel, secret: SecretModel): string {
  return `${roleArn(workload)} reads ${secretArnPattern(secret)}`;
}

const sorted = (values: readonly string[] | undefined) => (values === undefined ? null : [...new Set(values)].sort());

function describeKey(key: KeyModel): DescribedEntry {
  return {
    id: keyIdentity(key),
    account: key.account,
    region: key.region,
    existing: key.existing !== undefined,
    // The key policy of a created key names its administrators; an existing key's policy is its owners'.
    administratorArns: key.existing ? null : sorted(key.administratorArns),
  };
}

function describeSecret(secret: SecretModel): DescribedEntry {
  return {
    id: secretArnPattern(secret),
    account: secret.account,
    region: secret.region,
    existing: secret.existing !== undefined,
    key: secret.key ? keyIdentity(secret.key) : null,
    keyUserArns: sorted(secret.keyUserArns),
  };
}

/** How EKS Pod Identity's sessions are pinned: session tags, the target role's external ID, or neither. */
function podIdentitySessions(workload: WorkloadModel): string | null {
  if (workload.podIdentityClusters.length === 0) return null;
  if (workload.podIdentitySessionTags) return 'session tags';
  return workload.targetRole ? 'external ID' : 'untagged';
}

/** What the secret and key policies rely on about a reader. */
function describeReader(workload: WorkloadModel): DescribedEntry {
  return {
    id: roleArn(workload),
    readerRoleArn: readerRoleArn(workload),
    principal: workload.principalByRoleArn ? 'role ARN' : 'account root and aws:PrincipalArn',
    readableStages: sorted(workload.readableStages),
    allowDescribeSecret: workload.allowDescribeSecret,
  };
}

/** A reader, and the trust inputs its pod role and target role rely on. */
function describeWorkload(workload: WorkloadModel): DescribedEntry {
  return {
    ...describeReader(workload),
    namespace: workload.namespace,
    serviceAccount: workload.serviceAccount,
    // A cluster's issuer or name from the same app, by what CloudFormation resolves it from: the same in
    // every app of one definition, where the token's own text is numbered by creation order.
    oidcIssuers: sorted(workload.oidcIssuers.map(labelTokens)),
    podIdentityClusters: sorted(workload.podIdentityClusters.map(labelTokens)),
    podIdentitySessions: podIdentitySessions(workload),
  };
}

const byId = (a: DescribedEntry, b: DescribedEntry) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The model's contract, each list sorted by identity (the order parts were added in changes nothing). */
export function describeAccess(model: AccessModel): AccessDescription {
  return {
    keys: model.keys.map(describeKey).sort(byId),
    secrets: model.secrets.map(describeSecret).sort(byId),
    workloads: model.workloads.map(describeWorkload).sort(byId),
    grants: model.grants
      .map((g) => ({ id: grantIdentity(g.workload, g.secret), workload: roleArn(g.workload), secret: secretArnPattern(g.secret) }))
      .sort(byId),
  };
}

/** A short hash of a list of canonical JSON texts. */
export function fingerprintOf(texts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const text of texts) hash.update(text).update('\n');
  return hash.digest('hex').slice(0, 16);
}

/** Where each part of a model is rendered: a stack's name, or undefined when nothing is rendered for it. */
export interface PartPlaces {
  key(key: KeyModel): string | undefined;
  secret(secret: SecretModel): string | undefined;
  workload(workload: WorkloadModel): string | undefined;
  targetRole(workload: WorkloadModel): string | undefined;
}

/**
 * The fingerprint of each stack's slice of the contract: the parts rendered in it, their grants, and the
 * parts at the other end of those grants (with a secret's key, and a key's secrets); of a workload, a secret
 * or key stack sees only what its policies name (the reader), not the trust inputs. Nothing else changes the
 * stack's policies, so a change elsewhere in the estate leaves its template alone. Linear in the model: each
 * grant is in the slices of its workload's, target role's, secret's and key's stacks.
 */
export function sliceFingerprints(model: AccessModel, places: PartPlaces): Map<string, string> {
  const texts = new Map<object, string>();
  const readers = new Map<object, string>();
  const text = (part: object, entry: () => DescribedEntry, cache = texts) => {
    if (!cache.has(part)) cache.set(part, JSON.stringify(entry()));
    return cache.get(part)!;
  };
  const reader = (workload: WorkloadModel) => text(workload, () => describeReader(workload), readers);
  const workloadText = (workload: WorkloadModel) => text(workload, () => describeWorkload(workload));
  const slices = new Map<string, Set<string>>();
  const add = (stack: string | undefined, ...entries: string[]) => {
    if (stack === undefined) return;
    const slice = slices.get(stack) ?? slices.set(stack, new Set()).get(stack)!;
    for (const e of entries) slice.add(e);
  };
  const keyText = (secret: SecretModel) => (secret.key ? [text(secret.key, () => describeKey(secret.key!))] : []);
  for (const key of model.keys)
    add(
      places.key(key),
      text(key, () => describeKey(key)),
    );
  for (const secret of model.secrets) {
    const own = [text(secret, () => describeSecret(secret)), ...keyText(secret)];
    add(places.secret(secret), ...own);
    if (secret.key) add(places.key(secret.key), ...own);
  }
  for (const workload of model.workloads) {
    add(places.workload(workload), workloadText(workload));
    add(places.targetRole(workload), workloadText(workload));
  }
  for (const { workload, secret } of model.grants) {
    const grant = [
      JSON.stringify({ grant: grantIdentity(workload, secret) }),
      text(secret, () => describeSecret(secret)),
      ...keyText(secret),
    ];
    for (const stack of [places.workload(workload), places.targetRole(workload)]) add(stack, ...grant, workloadText(workload));
    add(places.secret(secret), ...grant, reader(workload));
    if (secret.key) add(places.key(secret.key), ...grant, reader(workload));
  }
  return new Map([...slices].map(([stack, slice]) => [stack, fingerprintOf([...slice].sort())]));
}
