import { ModelBuilder } from '../../lib/private/build/model-builder';
import { secretArnPattern } from '../../lib/private/model/identifiers';
import { SecretModel, secretsOf, WorkloadModel } from '../../lib/private/model/model';
import { MANAGED_POLICY_MAX_LENGTH } from '../../lib/private/model/quotas';
import { packWorkloadPermissions } from '../../lib/private/policies/packing';
import { iamPolicyLength, PolicyJson } from '../../lib/private/policies/policy-json';
import { workloadPermissionsPolicy } from '../../lib/private/policies/workload-permissions-policy';
import { addKey, addSecret, addWorkload, GRANT } from '../build/model-fixtures';

/**
 * A workload granted `count` secrets of one key, each with a name of about 200 characters: each secret
 * adds two ARNs of about 260 characters to a document, so about eleven fit in one managed policy.
 */
function grantedMany(count: number): { workload: WorkloadModel; secrets: SecretModel[] } {
  const model = new ModelBuilder();
  const key = addKey(model);
  const workload = addWorkload(model);
  for (let i = 0; i < count; i++) {
    const secret = addSecret(model, key, { secretName: `team/${'x'.repeat(190)}/secret${i}` }, `G/Secret${i}`);
    model.grant(GRANT, workload, secret);
  }
  return { workload, secrets: secretsOf(workload, model) };
}

/** The secrets a document lets the role read, by ARN pattern. */
function readable(document: PolicyJson): string[] {
  return [document.Statement[0].Resource!].flat();
}

/** For each secret, in grant order, the index of the document that reads it. */
function documentOfEachSecret(secrets: readonly SecretModel[], documents: readonly PolicyJson[]): number[] {
  return secrets.map((secret) => documents.findIndex((document) => readable(document).includes(secretArnPattern(secret))));
}

test('a workload with no secrets gets no document', () => {
  const { workload } = grantedMany(0);

  expect(packWorkloadPermissions(workload, [])).toEqual([]);
});

test('secrets that fit in one managed policy get one document, the whole permissions policy', () => {
  const { workload, secrets } = grantedMany(3);

  expect(packWorkloadPermissions(workload, secrets)).toEqual([workloadPermissionsPolicy(workload, secrets)]);
});

test('secrets too long for one managed policy are spread over two or three documents', () => {
  const { workload, secrets } = grantedMany(25);
  expect(iamPolicyLength(workloadPermissionsPolicy(workload, secrets))).toBeGreaterThan(2 * MANAGED_POLICY_MAX_LENGTH);

  const documents = packWorkloadPermissions(workload, secrets);

  expect(documents).toHaveLength(3);
});

test('each document is within the managed policy quota', () => {
  const { workload, secrets } = grantedMany(25);

  for (const document of packWorkloadPermissions(workload, secrets)) {
    expect(iamPolicyLength(document)).toBeLessThanOrEqual(MANAGED_POLICY_MAX_LENGTH);
  }
});

test('the documents read every secret once, in grant order', () => {
  const { workload, secrets } = grantedMany(25);

  const documents = packWorkloadPermissions(workload, secrets);

  expect(documents.flatMap(readable)).toEqual(secrets.map(secretArnPattern));
});

test('each document decrypts exactly the secrets it reads', () => {
  const { workload, secrets } = grantedMany(25);

  for (const document of packWorkloadPermissions(workload, secrets)) {
    const decrypt = document.Statement.find((s) => s.Action === 'kms:Decrypt')!;
    expect([decrypt.Condition!.StringLike['kms:EncryptionContext:SecretARN']].flat()).toEqual(readable(document));
  }
});

test('each document but the last is full: it takes as many secrets as fit, so the next one would not', () => {
  const { workload, secrets } = grantedMany(25);
  const documents = packWorkloadPermissions(workload, secrets);
  const taken = documentOfEachSecret(secrets, documents);

  for (let d = 0; d < documents.length - 1; d++) {
    const share = secrets.filter((_, i) => taken[i] === d);
    const next = secrets[taken.lastIndexOf(d) + 1];
    expect(iamPolicyLength(workloadPermissionsPolicy(workload, [...share, next]))).toBeGreaterThan(MANAGED_POLICY_MAX_LENGTH);
  }
});

test('a new grant never moves earlier secrets between documents', () => {
  const { workload, secrets } = grantedMany(30);

  let before = documentOfEachSecret([], []);
  for (let count = 1; count <= secrets.length; count++) {
    const granted = secrets.slice(0, count);
    const after = documentOfEachSecret(granted, packWorkloadPermissions(workload, granted));
    expect(after.slice(0, count - 1)).toEqual(before);
    expect(after[count - 1]).toBeGreaterThanOrEqual(after[count - 2] ?? 0);
    before = after;
  }
  expect(Math.max(...before)).toBeGreaterThanOrEqual(2);
});

test('a new grant changes only the last document, or adds one', () => {
  const { workload, secrets } = grantedMany(30);

  for (let count = 1; count < secrets.length; count++) {
    const before = packWorkloadPermissions(workload, secrets.slice(0, count));
    const after = packWorkloadPermissions(workload, secrets.slice(0, count + 1));
    expect(after.slice(0, before.length - 1)).toEqual(before.slice(0, -1));
    expect(after.length - before.length).toBeLessThanOrEqual(1);
  }
});

test('packing grant by grant gives the documents of packing all the secrets at once', () => {
  const { workload, secrets } = grantedMany(30);
  for (let count = 1; count <= secrets.length; count++) packWorkloadPermissions(workload, secrets.slice(0, count));

  const once = packWorkloadPermissions({ ...workload }, secrets);

  expect(packWorkloadPermissions(workload, secrets)).toEqual(once);
  expect(once).toHaveLength(3);
});

test('a workload packed with other secrets than before is packed anew, not from the earlier packing', () => {
  const { workload, secrets } = grantedMany(30);
  packWorkloadPermissions(workload, secrets);

  const reordered = [...secrets].reverse();
  const fewer = secrets.slice(12, 14);

  expect(packWorkloadPermissions(workload, reordered)).toEqual(packWorkloadPermissions({ ...workload }, reordered));
  expect(packWorkloadPermissions(workload, fewer)).toEqual([workloadPermissionsPolicy(workload, fewer)]);
  expect(packWorkloadPermissions(workload, [])).toEqual([]);
});
