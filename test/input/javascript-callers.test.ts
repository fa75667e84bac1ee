import { AccessFingerprints, CrossAccountSecretAccess, CrossAccountSecrets } from '../../lib';
import { exampleGraph } from '../support/graph';
import { newApp, seedProps } from '../support/helpers';

// Callers without TypeScript's checks (JavaScript, values read from files) can pass anything. Each public
// method checks its arguments first and answers a wrong one in the message shape of the props' errors:
// where, the argument in backticks, the value, and what to give instead.

const graph = () => exampleGraph().secrets as any;
const access = () => new CrossAccountSecretAccess(newApp(), 'TestApp', seedProps()) as any;
const grantRead = (workload: (g: ReturnType<typeof exampleGraph>) => unknown) => () => {
  const g = exampleGraph();
  g.db.grantRead(workload(g) as any);
};
function thrown(call: () => unknown): Error {
  try {
    call();
  } catch (error) {
    return error as Error;
  }
  throw new Error('the call did not throw');
}

const KEY = { account: '333333333333', region: 'eu-west-1', alias: 'other' };
const DB = '[Secrets/Secrets-222222222222-eu-west-1/Db] `grantRead(workload)`';
const NOT_A_WORKLOAD = 'pass what `addWorkload()` of the same CrossAccountSecrets returned.';
const OPTIONS = (call: string) => `call \`${call}\` with its options as an object.`;
const ID = (call: string, example: string) => `call \`${call}(id, options)\` with the part's id first, such as "${example}".`;
const NO_ARGUMENTS = 'call it without arguments.';
const DIFFERENCES = '[AccessFingerprints.differences()] `assemblies`';

test.each<[string, () => unknown, string]>([
  // SecretPart.grantRead
  [
    'grantRead(role ARN)',
    grantRead(() => 'arn:aws:iam::111111111111:role/x'),
    `${DB} "arn:aws:iam::111111111111:role/x" is a string, not a workload: ${NOT_A_WORKLOAD}`,
  ],
  ['grantRead(undefined)', grantRead(() => undefined), `${DB} undefined is missing: ${NOT_A_WORKLOAD}`],
  [
    'grantRead(key)',
    grantRead((g) => g.key),
    `${DB} Secrets/Keys-333333333333-eu-west-1/Payments is a KeyPart object, not a workload: ${NOT_A_WORKLOAD}`,
  ],
  ['grantRead({})', grantRead(() => ({})), `${DB} {} is an object, not a workload: ${NOT_A_WORKLOAD}`],
  // CrossAccountSecrets: ids and options of the parts
  [
    'addWorkload(options)',
    () => graph().addWorkload({ account: '111111111111' }),
    `[Secrets] \`id\` {"account":"111111111111"} is an object, not a string: ${ID('addWorkload', 'Api')}`,
  ],
  ['addKey(123, options)', () => graph().addKey(123, KEY), `[Secrets] \`id\` 123 is a number, not a string: ${ID('addKey', 'Payments')}`],
  ['addKey("", options)', () => graph().addKey('', KEY), `[Secrets] \`id\` "" is empty: ${ID('addKey', 'Payments')}`],
  [
    'addKey("a/b", options)',
    () => graph().addKey('a/b', KEY),
    '[Secrets] `id` "a/b" contains "/", which separates the parts of construct paths: use an id such as "Payments".',
  ],
  ['addKey(id)', () => graph().addKey('Other'), `[Secrets/Other] \`options\` undefined is missing: ${OPTIONS('addKey(id, options)')}`],
  [
    'addSecret(id, "text")',
    () => graph().addSecret('Other', 'text'),
    `[Secrets/Other] \`options\` "text" is a string, not an object: ${OPTIONS('addSecret(id, options)')}`,
  ],
  [
    'addSecret(id, [])',
    () => graph().addSecret('Other', []),
    `[Secrets/Other] \`options\` [] is a list, not an object: ${OPTIONS('addSecret(id, options)')}`,
  ],
  [
    'importKey(id)',
    () => graph().importKey('Other'),
    `[Secrets/Other] \`options\` undefined is missing: ${OPTIONS('importKey(id, options)')}`,
  ],
  [
    'importKey(undefined, options)',
    () => graph().importKey(undefined, { keyArn: 'x' }),
    `[Secrets] \`id\` undefined is missing: ${ID('importKey', 'Payments')}`,
  ],
  [
    'importSecret(id)',
    () => graph().importSecret('Other'),
    `[Secrets/Other] \`options\` undefined is missing: ${OPTIONS('importSecret(id, options)')}`,
  ],
  [
    'importSecret(0, options)',
    () => graph().importSecret(0, {}),
    `[Secrets] \`id\` 0 is a number, not a string: ${ID('importSecret', 'Db')}`,
  ],
  [
    'addWorkload(id, null)',
    () => graph().addWorkload('Other', null),
    `[Secrets/Other] \`options\` null is missing: ${OPTIONS('addWorkload(id, options)')}`,
  ],
  // CrossAccountSecrets: outputs
  [
    'graph kubernetesManifests(123)',
    () => graph().kubernetesManifests(123),
    `[Secrets] \`options\` 123 is a number, not an object: ${OPTIONS('kubernetesManifests(options)')}`,
  ],
  [
    'graph kubernetesManifestsYaml("x")',
    () => graph().kubernetesManifestsYaml('x'),
    `[Secrets] \`options\` "x" is a string, not an object: ${OPTIONS('kubernetesManifestsYaml(options)')}`,
  ],
  [
    'graph kubernetesManifestFiles([])',
    () => graph().kubernetesManifestFiles([]),
    `[Secrets] \`options\` [] is a list, not an object: ${OPTIONS('kubernetesManifestFiles(options)')}`,
  ],
  [
    'graph rolePathServiceControlPolicy("x")',
    () => graph().rolePathServiceControlPolicy('x' as never),
    '[Secrets] `options` "x" is a string, not an object: call `rolePathServiceControlPolicy(options)` with its options as an object.',
  ],
  [
    'graph keyPolicyStatements({})',
    () => graph().keyPolicyStatements({}),
    `[Secrets] \`keyPolicyStatements()\` takes no arguments, but got {}: ${NO_ARGUMENTS}`,
  ],
  [
    'graph accessReview(true)',
    () => graph().accessReview(true),
    `[Secrets] \`accessReview()\` takes no arguments, but got true: ${NO_ARGUMENTS}`,
  ],
  [
    'new CrossAccountSecrets(scope, id, 1)',
    () => new CrossAccountSecrets(newApp(), 'Secrets', 1 as any),
    '[Secrets] `props` 1 is a number, not an object: give `props` as an object of settings.',
  ],
  // CrossAccountSecretAccess
  [
    'new CrossAccountSecretAccess(scope, id)',
    () => new CrossAccountSecretAccess(newApp(), 'TestApp', undefined as any),
    '[TestApp] `props` undefined is missing: give `props` as an object of settings.',
  ],
  [
    'access kubernetesManifests(123)',
    () => access().kubernetesManifests(123),
    `[TestApp] \`options\` 123 is a number, not an object: ${OPTIONS('kubernetesManifests(options)')}`,
  ],
  [
    'access kubernetesManifestsYaml("x")',
    () => access().kubernetesManifestsYaml('x'),
    `[TestApp] \`options\` "x" is a string, not an object: ${OPTIONS('kubernetesManifestsYaml(options)')}`,
  ],
  [
    'access kubernetesManifestFiles(true)',
    () => access().kubernetesManifestFiles(true),
    `[TestApp] \`options\` true is a boolean, not an object: ${OPTIONS('kubernetesManifestFiles(options)')}`,
  ],
  [
    'access rolePathServiceControlPolicy("x")',
    () => access().rolePathServiceControlPolicy('x' as never),
    '[TestApp] `options` "x" is a string, not an object: call `rolePathServiceControlPolicy(options)` with its options as an object.',
  ],
  [
    'access keyPolicyStatements({})',
    () => access().keyPolicyStatements({}),
    `[TestApp] \`keyPolicyStatements()\` takes no arguments, but got {}: ${NO_ARGUMENTS}`,
  ],
  ['access accessReview(1)', () => access().accessReview(1), `[TestApp] \`accessReview()\` takes no arguments, but got 1: ${NO_ARGUMENTS}`],
  // AccessFingerprints
  [
    'differences("dir")',
    () => AccessFingerprints.differences('dir' as any),
    `${DIFFERENCES} "dir" is a string, not a list: give a list, such as ["dir"].`,
  ],
  [
    'differences([1])',
    () => AccessFingerprints.differences([1] as any),
    '[AccessFingerprints.differences()] `assemblies[0]` 1 is a number, not a string.',
  ],
  [
    'differences([])',
    () => AccessFingerprints.differences([]),
    `${DIFFERENCES} [] is empty: give the cloud assembly directories (cdk.out) of the apps to compare.`,
  ],
  [
    'differences()',
    () => (AccessFingerprints as any).differences(),
    `${DIFFERENCES} undefined is missing: give the cloud assembly directories (cdk.out) of the apps to compare, as a list.`,
  ],
])('%s is an error that names the argument and the fix', (_call, call, message) => {
  const error = thrown(call);
  expect(error.message).toBe(message);
  expect(error.name).toBe('ValidationError');
});

describe('right arguments still pass', () => {
  test('options left out, undefined or null are the defaults', () => {
    const secrets = exampleGraph().secrets as any;
    const manifests = secrets.kubernetesManifests();
    expect(secrets.kubernetesManifests(undefined)).toEqual(manifests);
    expect(secrets.kubernetesManifests(null)).toEqual(manifests);
    expect(Object.keys(access().kubernetesManifestFiles(null))).toContain('service-accounts.yaml');
  });

  test('methods without arguments accept an explicit undefined', () => {
    expect(() => graph().rolePathServiceControlPolicy(undefined)).not.toThrow();
    expect(() => access().accessReview(undefined)).not.toThrow();
  });

  test('a workload of another graph is still named as such', () => {
    const other = exampleGraph();
    const g = exampleGraph();
    expect(() => g.db.grantRead(other.api)).toThrow(
      '[Secrets/Secrets-222222222222-eu-west-1/Db] grantRead: the workload "Secrets/Workloads-111111111111-eu-west-1/Api" belongs to another CrossAccountSecrets graph: grant secrets to workloads of the same graph.',
    );
  });
});
