import { CrossAccountSecrets } from '../../lib';
import { newApp } from '../support/helpers';
import { call, checkDocument, getSecretValue, podRoleSession, Requester, roleSession, secretTarget } from './access-simulator';
import { allowing, Case, decided, Outcome, read, row, testRows } from './cases';
import { resolveKeys, resolveWorkloads } from './resolved-access';
import { stackInput } from './scenarios';
import { PolicyDocument, ResolvedAccess, StackInput, TemplateResolver } from './template-resolver';

// The owners' statements survive an existing secret. By default the library renders no resource policy
// for it: the secret's policy is what its owners had plus the statements the library asks them to add
// (`secretPolicyStatements()`). With `manageResourcePolicy`, the rendered policy is the whole policy
// (PutResourcePolicy sets a secret's one policy), and the owners' statements are gone, as the review says.
// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutResourcePolicy.html

const EU = 'eu-west-1';
const SECRET_ARN = `arn:aws:secretsmanager:${EU}:222222222222:secret:payments/db-AbCdEf`;
/** A consumer the owners admitted before this app: a role of another account. */
const CONSUMER = 'arn:aws:iam::888888888888:role/reporting';
/** An administrator of the secret's account, signed in through IAM Identity Center. */
const SSO_ADMIN = `arn:aws:iam::222222222222:role/aws-reserved/sso.amazonaws.com/${EU}/AWSReservedSSO_AdministratorAccess_0123456789abcdef`;

/** The secret's resource policy as its owners had it: a consumer of theirs, and a guardrail against human reads. */
const OWNERS: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'ReportingReads', Effect: 'Allow', Principal: { AWS: CONSUMER }, Action: 'secretsmanager:GetSecretValue', Resource: '*' },
    {
      Sid: 'DenyHumanReads',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 'secretsmanager:GetSecretValue',
      Resource: '*',
      Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::222222222222:role/aws-reserved/sso.amazonaws.com/*' } },
    },
  ],
};

function merged(...documents: PolicyDocument[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: documents.flatMap((d) => [d.Statement ?? []].flat()) };
}

function without(document: PolicyDocument, sid: string): PolicyDocument {
  return { ...document, Statement: [document.Statement ?? []].flat().filter((s) => (s as { Sid?: string }).Sid !== sid) };
}

/** A graph with one existing secret, encrypted with a key of the graph, granted to one IRSA workload. */
function build(manageResourcePolicy: boolean) {
  const secrets = new CrossAccountSecrets(newApp(), 'Graph');
  const key = secrets.addKey('Payments', { account: '333333333333', region: EU, alias: 'security/payments' });
  const db = secrets.importSecret('Db', { secretArn: SECRET_ARN, key, manageResourcePolicy });
  const api = secrets.addWorkload('Api', {
    account: '111111111111',
    region: EU,
    namespace: 'payments',
    serviceAccount: 'api',
    oidcIssuers: [`https://oidc.eks.${EU}.amazonaws.com/id/BLUE`],
  });
  db.grantRead(api);
  const stacks = secrets.stacks.map(stackInput);
  const of = (kind: string): StackInput[] => stacks.filter((s) => s.stackName.includes(`-${kind}-`));
  const [workload] = of('Workloads').flatMap((s) => resolveWorkloads(new TemplateResolver(s)));
  const [keyPart] = of('Keys').flatMap((s) => resolveKeys(new TemplateResolver(s)));
  const rendered = of('Secrets').flatMap((s) => {
    const r = new TemplateResolver(s);
    r.onlyTypes(['AWS::SecretsManager::ResourcePolicy']);
    return r.ofType('AWS::SecretsManager::ResourcePolicy').map((id) => ({
      secretId: r.stringProp(id, 'SecretId'),
      document: r.prop(id, 'ResourcePolicy') as PolicyDocument,
      blockPublicPolicy: r.prop(id, 'BlockPublicPolicy') === true,
    }));
  });
  /** The access with the secret's resource policy as deployed. */
  const access = (resourcePolicy: PolicyDocument): ResolvedAccess => ({
    workload,
    key: keyPart,
    secret: {
      account: '222222222222',
      region: EU,
      partition: 'aws',
      name: 'payments/db',
      arn: SECRET_ARN,
      resourcePolicy,
      blockPublicPolicy: true,
    },
  });
  return { secrets, stacks, rendered, access };
}

const consumer = roleSession(CONSUMER, [allowing('ReportingPermissions', ['secretsmanager:GetSecretValue'])]);
const ssoAdmin = roleSession(SSO_ADMIN, [allowing('AdministratorAccess', ['*'])]);

async function getValue(access: ResolvedAccess, requester: Requester): Promise<Outcome> {
  return decided(await call(requester, 'secretsmanager:GetSecretValue', secretTarget(access)), 'GetSecretValue: ');
}

describe('an existing secret, by default: its owners add the statements, and keep their own', () => {
  const { secrets, stacks, access } = build(false);
  const toAdd = secrets.secretPolicyStatements()[SECRET_ARN] as PolicyDocument;
  const effective = access(merged(OWNERS, toAdd));
  const ownersOnly = access(OWNERS);

  test('no template holds a resource policy for the secret, and the statements to add are one grant to the pod role', () => {
    expect(stacks.flatMap((s) => Object.values(s.template.Resources ?? {})).map((r: any) => r.Type)).not.toContain(
      'AWS::SecretsManager::ResourcePolicy',
    );
    expect([toAdd.Statement].flat().map((s: any) => s.Condition)).toEqual([
      { ArnEquals: { 'aws:PrincipalArn': effective.workload.roleArn } },
    ]);
  });

  test("the owners' policy with the statements added validates and lints clean", async () => {
    await checkDocument('the owners policy with the statements added', effective.secret.resourcePolicy!, 'resource');
  });

  const cases: Case[] = [
    row('pod-reads', 'the granted pod role reads the secret, once its owners added the statements', { verdict: 'allowed' }, async () =>
      read(await getSecretValue(effective, podRoleSession(effective))),
    ),
    row(
      'pod-before-owners',
      'the granted pod role reads the secret before its owners added the statements: this app changed nothing',
      { verdict: 'denied' },
      async () => read(await getSecretValue(ownersOnly, podRoleSession(ownersOnly))),
      { what: 'the same read after they added them', run: async () => read(await getSecretValue(effective, podRoleSession(effective))) },
    ),
    row('consumer-survives', "the owners' existing consumer (another account) still gets GetSecretValue", { verdict: 'allowed' }, () =>
      getValue(effective, consumer),
    ),
    row(
      'guardrail-survives',
      "the owners' Deny guardrail still stops an administrator of the secret's account from reading the value",
      { verdict: 'denied' },
      async () => read(await getSecretValue(effective, ssoAdmin)),
      {
        what: 'the same read without the guardrail',
        run: async () => read(await getSecretValue(access(without(effective.secret.resourcePolicy!, 'DenyHumanReads')), ssoAdmin)),
      },
    ),
  ];
  testRows(cases);
});

describe("an existing secret with manageResourcePolicy: the rendered policy replaces the owners' statements", () => {
  const { secrets, rendered, access } = build(true);
  const replaced = access(rendered[0]?.document ?? OWNERS);

  test('the secret stack renders one policy, on the secret, blocking public policies, and the review says it replaces every statement', async () => {
    expect(rendered.map((r) => [r.secretId, r.blockPublicPolicy])).toEqual([[SECRET_ARN, true]]);
    await checkDocument('the rendered policy', rendered[0].document, 'resource');
    expect(secrets.accessReview()).toContain("replaces every statement the secret's policy had");
  });

  const cases: Case[] = [
    row('pod-reads', 'the granted pod role reads the secret', { verdict: 'allowed' }, async () =>
      read(await getSecretValue(replaced, podRoleSession(replaced))),
    ),
    row(
      'consumer-replaced',
      "the owners' existing consumer gets GetSecretValue",
      { verdict: 'denied', why: "the policy replaces the owners' statements" },
      () => getValue(replaced, consumer),
      { what: "the same call under the owners' policy", run: () => getValue(access(OWNERS), consumer) },
    ),
    row(
      'guardrail-replaced',
      "an administrator of the secret's account reads the value",
      { verdict: 'allowed', why: "the owners' Deny guardrail is replaced" },
      async () => read(await getSecretValue(replaced, ssoAdmin)),
    ),
  ];
  testRows(cases);
});
