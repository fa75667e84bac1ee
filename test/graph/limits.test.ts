import * as fs from 'fs';
import * as path from 'path';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { CrossAccountSecrets, SecretPart, WorkloadPart } from '../../lib';
import { iamPolicyLength, PolicyJson } from '../../lib/private/policies/policy-json';
import { keyPolicyBytes, secretPolicyLength } from '../../lib/private/render/limit-checks';
import { BLUE } from '../support/graph';

// Every AWS size limit is checked at synth, from the rendered JSON. Each test builds a graph just under
// the limit (it synthesizes) and one step over (synth fails with a message that names the policy, its
// size, the limit and the fix). The step is measured from the rendered documents, not assumed.
// CloudFormation's schema validation is off here: it is slow on big graphs and other suites cover it.

/** A document as the template will carry it (lazy documents resolved from the model), without a synth. */
function rendered(resource: CfnResource, property: string): any {
  return Stack.of(resource).resolve((resource as any)[property]);
}

const REGION = 'eu-west-1';

function graph() {
  const secrets = new CrossAccountSecrets(new App({ analyticsReporting: false, builtinCloudFormationValidation: false }), 'Secrets');
  const key = secrets.addKey('Key', { account: '333333333333', region: REGION, alias: 'k' });
  return { secrets, key };
}

function workload(secrets: CrossAccountSecrets, i: number, extra: object = {}): WorkloadPart {
  return secrets.addWorkload(`W${i}`, {
    account: '111111111111',
    region: REGION,
    namespace: `ns${i}`,
    serviceAccount: 'app',
    roleName: `role-${String(i).padStart(4, '0')}-${'r'.repeat(54)}`,
    oidcIssuers: [BLUE],
    ...extra,
  });
}

function synth(secrets: CrossAccountSecrets): void {
  (secrets.node.root as import('aws-cdk-lib').App).synth();
}

/** A secret read by `readers` workloads. */
function secretReadBy(readers: number) {
  const { secrets, key } = graph();
  const secret = secrets.addSecret('S', { account: '222222222222', region: REGION, secretName: 'shared', key });
  for (let i = 0; i < readers; i++) secret.grantRead(workload(secrets, i));
  return { secrets, secret };
}

const resourcePolicyLength = (secret: SecretPart) => secretPolicyLength(rendered(secret.resourcePolicy!, 'resourcePolicy'));

describe('secret resource policy (20,480 characters)', () => {
  test('grows by exactly one role ARN per workload granted', () => {
    const [two, three] = [2, 3].map((n) => secretReadBy(n));
    const added = three.secrets.node.findAll().find((c) => c instanceof WorkloadPart && c.node.id === 'W2') as WorkloadPart;
    expect(resourcePolicyLength(three.secret) - resourcePolicyLength(two.secret)).toBe(JSON.stringify(added.roleArn).length + 1);
  });

  test('synthesizes just under the limit and fails one workload over it, naming the secret, size, limit and fix', () => {
    const [two, three] = [2, 3].map((n) => resourcePolicyLength(secretReadBy(n).secret));
    const fit = 3 + Math.floor((20480 - three) / (three - two));
    const under = secretReadBy(fit);
    expect(resourcePolicyLength(under.secret)).toBeLessThanOrEqual(20480);
    expect(() => synth(under.secrets)).not.toThrow();
    const over = secretReadBy(fit + 1);
    expect(() => synth(over.secrets)).toThrow(
      /The resource policy of secret "shared" is 20,[0-9]{3} characters, over the 20,480 Secrets Manager allows: .*grant fewer workloads/,
    );
    // One secret serves over 180 workloads with 64-character role names on the default path.
    expect(fit).toBeGreaterThan(180);
  });

  test("the statements an existing secret's owners must add are held to the same limit, though no stack renders them", () => {
    const arn = `arn:aws:secretsmanager:${REGION}:222222222222:secret:shared-AbCdEf`;
    const importedReadBy = (readers: number) => {
      const { secrets, key } = graph();
      const secret = secrets.importSecret('S', { secretArn: arn, key });
      for (let i = 0; i < readers; i++) secret.grantRead(workload(secrets, i));
      return { secrets, length: secretPolicyLength(secrets.secretPolicyStatements()[arn] as PolicyJson) };
    };
    const [two, three] = [2, 3].map((n) => importedReadBy(n).length);
    const fit = 3 + Math.floor((20480 - three) / (three - two));
    expect(importedReadBy(fit).length).toBeLessThanOrEqual(20480);
    const over = importedReadBy(fit + 1);
    expect(over.length).toBeGreaterThan(20480);
    expect(() => synth(over.secrets)).toThrow(/The resource policy of secret "shared" is 20,[0-9]{3} characters, over the 20,480/);
  });
});

describe('key policy (32,768 bytes)', () => {
  function keyWith(secretCount: number) {
    const { secrets, key } = graph();
    for (let i = 0; i < secretCount; i++) {
      secrets.addSecret(`S${i}`, {
        account: '222222222222',
        region: REGION,
        secretName: `s${String(i).padStart(4, '0')}${'n'.repeat(495)}`,
        key,
      });
    }
    return { secrets, key };
  }
  const bytes = (k: ReturnType<typeof keyWith>) => keyPolicyBytes(rendered(k.key.key!, 'keyPolicy'));

  test('synthesizes just under the limit and fails one secret over it', () => {
    const [one, two] = [1, 2].map((n) => bytes(keyWith(n)));
    const fit = 2 + Math.floor((32768 - two) / (two - one));
    const under = keyWith(fit);
    expect(bytes(under)).toBeLessThanOrEqual(32768);
    expect(() => synth(under.secrets)).not.toThrow();
    expect(() => synth(keyWith(fit + 1).secrets)).toThrow(
      /The key policy of alias\/k is 3[2-9],[0-9]{3} bytes, over the 32,768 KMS allows: .*another key/,
    );
  });
});

describe('managed policies of a role (6,144 characters each, 10 per role by default)', () => {
  function readerOf(secretCount: number, extra: object = {}) {
    const { secrets } = graph();
    // Four keys, so that no key policy reaches its own limit first.
    const keys = [0, 1, 2, 3].map((k) => secrets.addKey(`K${k}`, { account: '333333333333', region: REGION, alias: `k${k}` }));
    const reader = workload(secrets, 0, extra);
    for (let i = 0; i < secretCount; i++) {
      secrets
        .addSecret(`S${i}`, {
          account: '222222222222',
          region: REGION,
          secretName: `s${String(i).padStart(4, '0')}${'n'.repeat(495)}`,
          key: keys[i % 4],
        })
        .grantRead(reader);
    }
    return { secrets, reader };
  }

  test('permissions split across managed policies that each fit, in grant order', () => {
    const { reader } = readerOf(12);
    const documents = reader.permissionsPolicies.map((p) => rendered(p, 'policyDocument'));
    expect(documents.length).toBeGreaterThan(1);
    for (const document of documents) expect(iamPolicyLength(document)).toBeLessThanOrEqual(6144);
    const listed = documents.flatMap((d) => [d.Statement[0].Resource].flat());
    expect(listed).toEqual(
      Array.from(
        { length: 12 },
        (_, i) => `arn:aws:secretsmanager:${REGION}:222222222222:secret:s${String(i).padStart(4, '0')}${'n'.repeat(495)}-??????`,
      ),
    );
    expect(rendered(reader.role, 'managedPolicyArns')).toHaveLength(documents.length);
  });

  test('fails when a role needs more managed policies than the quota, and a raised quota lets it synthesize', () => {
    let count = 1;
    while (readerOf(count + 1).reader.permissionsPolicies.length <= 10) count++;
    expect(() => synth(readerOf(count).secrets)).not.toThrow();
    expect(() => synth(readerOf(count + 1).secrets)).toThrow(
      /Role "role-0000-r+" needs 11 managed policies for its secrets, over the 10 IAM allows per role: ask AWS to raise .* set `maxManagedPolicies`/,
    );
    expect(() => synth(readerOf(count + 1, { maxManagedPolicies: 25 }).secrets)).not.toThrow();
  });
});

describe('trust policy (2,048 characters by default, 4,096 on request)', () => {
  const issuers = (n: number) =>
    Array.from({ length: n }, (_, i) => `https://oidc.eks.${REGION}.amazonaws.com/id/${String(i).padStart(32, 'C')}`);
  function trusting(n: number, extra: object = {}) {
    const { secrets } = graph();
    const w = workload(secrets, 0, { oidcIssuers: issuers(n), ...extra });
    return { secrets, length: iamPolicyLength(rendered(w.role, 'assumeRolePolicyDocument')) };
  }

  test('synthesizes just under the limit and fails one cluster over it; the raised quota lets it synthesize', () => {
    let n = 1;
    while (trusting(n + 1).length <= 2048) n++;
    expect(() => synth(trusting(n).secrets)).not.toThrow();
    expect(() => synth(trusting(n + 1).secrets)).toThrow(
      /The trust policy of role "role-0000-r+" is [23],[0-9]{3} characters \(without white space\), over the 2,048 IAM allows: ask AWS to raise .* and set `maxTrustPolicyLength` to the new quota, or/,
    );
    expect(() => synth(trusting(n + 1, { maxTrustPolicyLength: 4096 }).secrets)).not.toThrow();
  });
});

describe('CloudFormation stack (500 resources)', () => {
  function fleet(size: number, group?: (i: number) => string | undefined) {
    const { secrets } = graph();
    for (let i = 0; i < size; i++) {
      workload(secrets, i, { oidcIssuers: undefined, podIdentityClusters: ['a', 'b'], stackGroup: group?.(i) });
    }
    return secrets;
  }

  test('fails over 500 resources in one stack, and stack groups split the fleet', () => {
    // Each workload here is a role and two Pod Identity associations: three resources.
    expect(() => synth(fleet(166))).not.toThrow();
    expect(() => synth(fleet(167))).toThrow(
      /Stack "Secrets-Workloads-111111111111-eu-west-1" has 501 resources, over the 500 CloudFormation allows in one stack: .*`stackGroup`/,
    );
    expect(() => synth(fleet(167, (i) => (i < 100 ? undefined : 'second')))).not.toThrow();
  });
});

describe('CloudFormation template (1,000,000 bytes, as CDK writes it)', () => {
  // Long trust policies make big roles: 8 clusters each, in one stack or in two groups.
  const issuers = Array.from({ length: 8 }, (_, i) => `https://oidc.eks.${REGION}.amazonaws.com/id/${String(i).padStart(32, 'C')}`);
  function fleet(group: (i: number) => string | undefined) {
    const { secrets } = graph();
    for (let i = 0; i < 200; i++) workload(secrets, i, { oidcIssuers: issuers, maxTrustPolicyLength: 4096, stackGroup: group(i) });
    return secrets;
  }
  const outdirOf = (secrets: CrossAccountSecrets) => (secrets.node.root as App).outdir;

  test('fails synth over the limit, with the size of the file CDK wrote, and stack groups split the fleet', () => {
    const big = fleet(() => undefined);
    let message = '';
    try {
      synth(big);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(
      /^\[Secrets\] The template of stack "Secrets-Workloads-111111111111-eu-west-1" is 1,[0-9]{3},[0-9]{3} bytes as CDK wrote it, over the 1,000,000 bytes CloudFormation allows \(https:\/\/docs\.aws\.amazon\.com\/AWSCloudFormation\/latest\/UserGuide\/cloudformation-limits\.html\): place some of its parts in another stack group \(the `stackGroup` option of addWorkload, addSecret or addKey\)\.$/,
    );
    const workloads = big.stacks.find((s) => s.stackName === 'Secrets-Workloads-111111111111-eu-west-1')!;
    const file = path.join(outdirOf(big), workloads.templateFile);
    expect(message).toContain(`is ${fs.statSync(file).size.toLocaleString('en-US')} bytes`);

    const split = fleet((i) => (i < 100 ? undefined : 'second'));
    expect(() => synth(split)).not.toThrow();
    for (const stack of split.stacks) expect(fs.statSync(path.join(outdirOf(split), stack.templateFile)).size).toBeLessThan(1_000_000);
  });
});
