import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, aws_iam as iam, CfnJson, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { CrossAccountSecrets, CrossAccountSecretsChecks } from '../../lib';
import { checkTemplates } from '../../lib/private/checks/check-templates';
import { TemplateInput, viewTemplate } from '../../lib/private/checks/template-view';
import { cli } from '../support/run-cli';
import { cfnJson, doc, Json, role, template, tokenIrsaTrust, WORKLOAD } from './templates';

// A cluster built in the same app gives its OIDC issuer as a token. The trust of a role for one of its
// service accounts (this library's, or aws-cdk-lib's eks.ServiceAccount) then has its condition keys in
// a CfnJson resource: the checks read that resource's JSON text and judge the trust like a literal one.

const ENV = { account: WORKLOAD, region: 'eu-west-1' };
type References = 'strong' | 'weak';

function newApp(references: References = 'strong', context: Record<string, unknown> = {}): App {
  const flags = { '@aws-cdk/core:defaultCrossStackReferences': references, ...context };
  return new App({ analyticsReporting: false, context: { '@aws-cdk/core:appMode': 'inmemory', ...flags } });
}

function clusterOf(app: App): eks.Cluster {
  const stack = new Stack(app, 'Cluster', { env: ENV });
  // A kubectl layer only so that aws-cdk-lib can add service accounts; its ARN is never deployed here.
  const kubectlLayer = lambda.LayerVersion.fromLayerVersionArn(stack, 'Kubectl', `arn:aws:lambda:eu-west-1:${WORKLOAD}:layer:kubectl:1`);
  return new eks.Cluster(stack, 'Prod', { version: eks.KubernetesVersion.V1_32, kubectlProviderOptions: { kubectlLayer } });
}

const inputOf = (stack: Stack): TemplateInput => ({
  name: stack.stackName,
  template: Template.fromStack(stack).toJSON(),
  account: stack.account,
  region: stack.region,
});

/** A graph whose IRSA workload trusts a cluster of the app; every template of the app. */
function libraryApp(references: References) {
  const app = newApp(references);
  const cluster = clusterOf(app);
  const secrets = new CrossAccountSecrets(app, 'Secrets');
  const key = secrets.addKey('Key', { account: '333333333333', region: 'eu-west-1', alias: 'k' });
  const db = secrets.addSecret('Db', { account: '222222222222', region: 'eu-west-1', secretName: 'db', key });
  const api = secrets.addWorkload('Api', { ...ENV, namespace: 'payments', serviceAccount: 'api', clusters: [cluster] });
  db.grantRead(api);
  const stacks = app.node.findAll().filter((c): c is Stack => Stack.isStack(c));
  return { inputs: stacks.map(inputOf), workload: Stack.of(api).stackName };
}

/** The logical ID of the only resource of this type in the input. */
function onlyOf(input: TemplateInput, type: string): string {
  const ids = Object.entries((input.template as Json).Resources)
    .filter(([, resource]: [string, any]) => resource.Type === type)
    .map(([id]) => id);
  expect(ids).toHaveLength(1);
  return ids[0];
}

/** Each `CfnJson` value, parsed with its tokens standing in, changed by `edit`, and written back as CDK writes it. */
function editCfnJson(inputs: TemplateInput[], edit: (value: Json) => void): TemplateInput[] {
  return inputs.map((input) => {
    const copy = JSON.parse(JSON.stringify(input.template));
    for (const resource of Object.values<any>(copy.Resources)) {
      if (resource.Type !== 'Custom::AWSCDKCfnJson') continue;
      const [separator, parts] = resource.Properties.Value['Fn::Join'];
      const tokens = parts.filter((part: unknown) => typeof part !== 'string');
      let index = 0;
      const value = JSON.parse(parts.map((part: unknown) => (typeof part === 'string' ? part : `@@${index++}@@`)).join(separator));
      edit(value);
      const pieces = JSON.stringify(value).split(/@@(\d+)@@/);
      resource.Properties.Value = { 'Fn::Join': ['', pieces.map((piece, i) => (i % 2 ? tokens[Number(piece)] : piece))] };
    }
    return { ...input, template: copy };
  });
}

/** Deletes the condition keys of a claim (`sub`, `aud`) wherever they are in a condition object. */
const withoutClaim = (claim: string) => (value: Json) => {
  for (const [key, inner] of Object.entries(value)) {
    if (key.endsWith(`:${claim}`)) delete value[key];
    else if (inner && typeof inner === 'object') withoutClaim(claim)(inner);
  }
};

const findingsOf = (inputs: TemplateInput[]) => checkTemplates(inputs).map((f) => [f.ruleId, f.template, f.logicalId, f.detail]);

describe.each([
  ['Fn::ImportValue', 'strong' as const],
  ['Fn::GetStackOutput', 'weak' as const],
])('a graph whose workload trusts a cluster of the app (cross-stack references by %s)', (intrinsic, references) => {
  let inputs: TemplateInput[];
  let workload: TemplateInput;
  let podRole: string;
  beforeAll(() => {
    process.env.CDK_VALIDATION = 'false';
    const built = libraryApp(references);
    inputs = built.inputs;
    workload = inputs.find((input) => input.name === built.workload)!;
    podRole = Object.keys((workload.template as Json).Resources).find((id) => /^ApiPodRole/.test(id))!;
  });

  test(`the trust reads its condition from CfnJson, whose value holds the issuer by ${intrinsic}`, () => {
    const conditions = onlyOf(workload, 'Custom::AWSCDKCfnJson');
    expect(JSON.stringify((workload.template as Json).Resources[conditions].Properties.Value)).toContain(`"${intrinsic}"`);
    const trust = viewTemplate(workload).policies.find((site) => site.kind === 'trust' && site.logicalId === podRole)!;
    expect(trust.statements[0].conditionsUnknown).toBe(false);
    expect(trust.statements[0].conditions).toEqual([
      { operator: 'StringEquals', key: '{{Select}}:sub', values: ['system:serviceaccount:payments:api'] },
      { operator: 'StringEquals', key: '{{Select}}:aud', values: ['sts.amazonaws.com'] },
    ]);
  });

  test('the templates are clean', () => {
    expect(findingsOf(inputs)).toEqual([]);
  });

  test('without sub in the CfnJson value: EKSSEC1 on the pod role', () => {
    expect(findingsOf(editCfnJson(inputs, withoutClaim('sub')))).toEqual([
      ['EKSSEC1', workload.name, podRole, 'no `sub` condition: every service account of the cluster can assume the role'],
    ]);
  });

  test('without aud in the CfnJson value: EKSSEC1 on the pod role', () => {
    expect(findingsOf(editCfnJson(inputs, withoutClaim('aud')))).toEqual([
      ['EKSSEC1', workload.name, podRole, 'no `aud` condition: tokens issued for any audience are accepted'],
    ]);
  });

  test('the command finds it in a template file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'checks-cfn-json-'));
    try {
      const file = path.join(dir, 'workload.template.json');
      const [edited] = editCfnJson([workload], withoutClaim('sub'));
      fs.writeFileSync(file, JSON.stringify(edited.template));
      const { code, stdout } = await cli('check', file, '--account', WORKLOAD);
      expect(code).toBe(1);
      expect(stdout).toContain(`${podRole}`);
      expect(stdout.trim().split('\n').pop()).toBe('1 finding in 1 template (EKSSEC1 ×1).');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.each([
  ['the custom resource provider', false],
  ['the native IAM OIDC provider', true],
])("aws-cdk-lib's eks.ServiceAccount on an aws_eks_v2 cluster, with %s", (_label, native) => {
  function serviceAccountApp() {
    const app = newApp('strong', { '@aws-cdk/aws-eks:useNativeOidcProvider': native });
    const cluster = clusterOf(app);
    cluster.addServiceAccount('Reader', { name: 'reader', namespace: 'apps' });
    return { app, cluster, input: () => inputOf(Stack.of(cluster)) };
  }

  beforeAll(() => (process.env.CDK_VALIDATION = 'false'));

  test('its role is judged and clean: StringEquals in a CfnJson pins sub and aud', () => {
    const input = serviceAccountApp().input();
    const roleId = Object.keys((input.template as Json).Resources).find((id) => /^ProdReaderRole/.test(id))!;
    const trust = viewTemplate(input).policies.find((site) => site.logicalId === roleId)!.statements[0];
    expect(trust.conditions.map((c) => [c.operator, c.key, c.values])).toEqual([
      ['StringEquals', '{{Select}}:aud', ['sts.amazonaws.com']],
      ['StringEquals', '{{Select}}:sub', ['system:serviceaccount:apps:reader']],
    ]);
    expect(findingsOf([input])).toEqual([]);
  });

  test('without sub: EKSSEC1 on the service account role', () => {
    const [edited] = editCfnJson([serviceAccountApp().input()], withoutClaim('sub'));
    expect(findingsOf([edited])).toEqual([
      ['EKSSEC1', 'Cluster', expect.stringMatching(/^ProdReaderRole/), expect.stringMatching(/^no `sub`/)],
    ]);
  });

  test("the plugin fails synthesis on a user's own role for the cluster that pins only aud", () => {
    const { app, cluster } = serviceAccountApp();
    const provider = cluster.openIdConnectProvider;
    const issuer = provider.openIdConnectProviderIssuer;
    const onlyAud = new CfnJson(Stack.of(cluster), 'OnlyAud', { value: { [`${issuer}:aud`]: 'sts.amazonaws.com' } });
    new iam.Role(Stack.of(cluster), 'OwnRole', { assumedBy: new iam.OpenIdConnectPrincipal(provider, { StringEquals: onlyAud }) });
    Validations.of(app).addPlugins(new CrossAccountSecretsChecks());
    expect(() => app.synth()).toThrow(/no `sub` condition[\s\S]*Cluster\/OwnRole\/Resource[\s\S]*EKSSEC1/);
  });
});

describe('conditions the checks cannot read', () => {
  const tokenFederated = (issuer: unknown) => ({ 'Fn::Join': ['', [`arn:aws:iam::${WORKLOAD}:oidc-provider/`, issuer]] });
  const trust = (federated: unknown, condition?: unknown) => ({
    Effect: 'Allow',
    Principal: { Federated: federated },
    Action: 'sts:AssumeRoleWithWebIdentity',
    ...(condition ? { Condition: condition } : {}),
  });
  const notCfnJson = { 'Fn::GetAtt': ['Cluster', 'OpenIdConnectIssuerUrl'] };
  const issuerToken = { 'Fn::Select': [1, { 'Fn::Split': ['//', { 'Fn::GetStackOutput': { StackName: 'Cluster', OutputName: 'Url' } }] }] };
  const findings = (resources: Json) => checkTemplates([template(resources, WORKLOAD)]).map((f) => [f.ruleId, f.logicalId, f.detail]);

  test.each([
    ['a token issuer', tokenFederated(issuerToken), notCfnJson],
    ['a literal EKS issuer', `arn:aws:iam::${WORKLOAD}:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/X`, notCfnJson],
    ['a token issuer, as the StringEquals block', tokenFederated(issuerToken), { StringEquals: notCfnJson }],
  ])(
    'a Condition that is a GetAtt of a resource that is not CfnJson, on %s: EKSSEC1, as pinning nothing',
    (_label, federated, condition) => {
      expect(findings({ Cluster: { Type: 'AWS::EKS::Cluster', Properties: {} }, Role: role(trust(federated, condition)) })).toEqual([
        [
          'EKSSEC1',
          'Role',
          expect.stringMatching(/^part of the condition is an intrinsic these checks cannot read .*; no `sub` .*; no `aud`/),
        ],
      ]);
    },
  );

  test('an unreadable operator block beside StringEquals pinning sub and aud: clean, since conditions are ANDed', () => {
    const pinned = {
      'oidc.eks.eu-west-1.amazonaws.com/id/X:sub': 'system:serviceaccount:a:b',
      'oidc.eks.eu-west-1.amazonaws.com/id/X:aud': 'sts.amazonaws.com',
    };
    const condition = { StringEquals: pinned, StringLike: notCfnJson };
    expect(
      findings({ Role: role(trust(`arn:aws:iam::${WORKLOAD}:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/X`, condition)) }),
    ).toEqual([]);
  });

  test.each([
    ['a token', notCfnJson],
    ['a literal EKS issuer', 'https://oidc.eks.eu-west-1.amazonaws.com/id/X'],
  ])('a provider resource of the template by Ref, whose URL is %s, with no condition: EKSSEC1', (_label, url) => {
    const provider = { Type: 'AWS::IAM::OIDCProvider', Properties: { Url: url, ClientIdList: ['sts.amazonaws.com'] } };
    expect(findings({ Provider: provider, Role: role(trust({ Ref: 'Provider' })) })).toEqual([
      ['EKSSEC1', 'Role', expect.stringMatching(/^no `sub` condition/)],
    ]);
  });
});

describe('the JSON text of a CfnJson', () => {
  test('a token whose placeholder holds a quote is escaped, so the text still parses', () => {
    const quoted = { 'Fn::ImportValue': 'say"cheese' };
    const conditions = cfnJson({ StringEquals: { '<issuer>:aud': 'sts.amazonaws.com' } }, quoted);
    const statement = viewTemplate(template({ Conditions: conditions, Role: role(tokenIrsaTrust()) }, WORKLOAD)).policies[0].statements[0];
    expect(statement.conditions).toEqual([{ operator: 'StringEquals', key: '{{Import.say"cheese}}:aud', values: ['sts.amazonaws.com'] }]);
  });
});

describe('web identity trusts of other issuers stay silent', () => {
  beforeAll(() => (process.env.CDK_VALIDATION = 'false'));

  test('GitHub Actions through a provider of the app (Federated by reference, keys of the literal issuer)', () => {
    const app = newApp();
    const stack = new Stack(app, 'Ci', { env: ENV });
    const provider = new iam.OpenIdConnectProvider(stack, 'GitHub', {
      url: 'https://token.actions.githubusercontent.com',
      clientIds: ['sts.amazonaws.com'],
    });
    new iam.Role(stack, 'Deploy', {
      assumedBy: new iam.OpenIdConnectPrincipal(provider, {
        StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:example/app:*' },
        StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
      }),
    });
    expect(findingsOf([inputOf(stack)])).toEqual([]);
  });

  const GITHUB_KEYS = {
    StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:example/app:*' },
    StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
  };
  test.each([
    ['a provider resource with a literal URL of another issuer, no condition', { Ref: 'Provider' }, undefined],
    [
      'an oidc-provider ARN of another issuer in an Fn::Join, no condition',
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${WORKLOAD}:oidc-provider/token.actions.githubusercontent.com`]] },
      undefined,
    ],
    ['an imported provider, with condition keys of another issuer', { 'Fn::ImportValue': 'GitHubProvider' }, GITHUB_KEYS],
    ['Cognito', 'cognito-identity.amazonaws.com', undefined],
  ])('%s', (_label, federated, condition) => {
    const provider = { Type: 'AWS::IAM::OIDCProvider', Properties: { Url: 'https://token.actions.githubusercontent.com' } };
    const statement = {
      Effect: 'Allow',
      Principal: { Federated: federated },
      Action: 'sts:AssumeRoleWithWebIdentity',
      ...(condition ? { Condition: condition } : {}),
    };
    const resources = { Provider: provider, Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: doc(statement) } } };
    expect(checkTemplates([template(resources, WORKLOAD)])).toEqual([]);
  });
});
