import * as fs from 'fs';
import * as path from 'path';
import { createValidatedPolicy, validateResourcePolicy } from '@cloud-copilot/iam-policy';
import { isWildcardOnlyAction, runUnsafeSimulation } from '@cloud-copilot/iam-simulate';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CrossAccountSecretAccess, CrossAccountSecrets } from '../../lib';
import { checkDocument } from '../proof/access-simulator';
import { PolicyDocument } from '../proof/template-resolver';
import { newApp, withProps } from '../support/helpers';

// The execution policies of docs/deploying.md, evaluated with the IAM engine of test/proof: every action that the
// CloudFormation handlers of a resource type list (registry schemas, vendored in fixtures/) must be allowed,
// on that resource, by the policies the README's table gives the stack holding it. The accounts, region
// and cluster of the apps below are the README's, so its policies are evaluated as printed.

const README = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'deploying.md'), 'utf8');
const HANDLERS: Record<string, Record<string, string[]>> = JSON.parse(
  fs.readFileSync(path.join(__dirname, 'fixtures', 'cfn-handler-permissions.json'), 'utf8'),
).handlers;

/** Handler actions the README leaves out on purpose: they serve properties these templates never set. */
const LEFT_OUT = ['iam:PutRolePolicy', 'iam:AttachGroupPolicy', 'iam:AttachUserPolicy', 'iam:DetachGroupPolicy', 'iam:DetachUserPolicy'];

const CLUSTER = 'my-cluster';
const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';

/** Handler actions that IAM authorizes on `*` only (no resource type): filled before the tests run. */
const WILDCARD_ONLY = new Set<string>();

async function findWildcardOnlyActions(): Promise<void> {
  for (const action of new Set(Object.values(HANDLERS).flatMap((handlers) => Object.values(handlers).flat()))) {
    const [service, name] = action.split(':');
    // Throws on an action IAM does not know, so a misspelt handler action fails the test.
    if (await isWildcardOnlyAction(service, name)) WILDCARD_ONLY.add(action);
  }
}

/** The JSON policies of section 2 of docs/deploying.md, by the name in backticks in the bold label before each. */
function readmePolicies(): Record<string, PolicyDocument> {
  const section = README.slice(README.indexOf('### 2. '), README.indexOf('### 3. '));
  const policies: Record<string, PolicyDocument> = {};
  for (const match of section.matchAll(/\*\*[^*]*\(`(\w+Deployer)`[^*]*\*\*[\s\S]*?```json\n([\s\S]*?)```/g)) {
    policies[match[1]] = JSON.parse(match[2]);
  }
  return policies;
}

/** The policies the README's table gives a stack, from what it holds. */
function policiesFor(resources: Array<{ type: string; properties: Record<string, any> }>): string[] {
  const names = new Set<string>();
  for (const { type, properties } of resources) {
    if (type.startsWith('AWS::KMS::')) names.add('SecretKeyDeployer');
    if (type.startsWith('AWS::SecretsManager::')) names.add('SecretDeployer');
    if (type === 'AWS::IAM::OIDCProvider') names.add('OidcProviderDeployer');
    if (type === 'AWS::EKS::PodIdentityAssociation') names.add('PodRoleDeployer');
    if (type === 'AWS::IAM::Role') {
      // A target role is assumed by a role of another account; a pod role by EKS.
      const principals = properties.AssumeRolePolicyDocument.Statement.map((s: any) => s.Principal);
      names.add(principals.some((p: any) => p.AWS) ? 'TargetRoleDeployer' : 'PodRoleDeployer');
    }
  }
  return [...names].sort();
}

interface Request {
  readonly action: string;
  readonly resource: string;
  readonly context?: Record<string, string>;
  /** A cross-account request also needs the resource's policy: a stand-in admitting the caller's account. */
  readonly crossAccount?: boolean;
}

/** Every request the handlers of a resource's type make, on the ARNs that resource will have. */
function handlerRequests(
  stack: Stack,
  logicalId: string,
  type: string,
  p: Record<string, any>,
  arnOf: (ref: unknown) => string,
): Request[] {
  const { account, region } = stack;
  const actions = [...new Set(Object.values(HANDLERS[type] ?? {}).flat())].filter((a) => !LEFT_OUT.includes(a));
  const own: Record<string, string> = {
    'AWS::KMS::Key': `arn:aws:kms:${region}:${account}:key/${KEY_ID}`,
    'AWS::KMS::Alias': `arn:aws:kms:${region}:${account}:${p.AliasName}`,
    'AWS::SecretsManager::Secret': `arn:aws:secretsmanager:${region}:${account}:secret:${p.Name}-AbCdEf`,
    'AWS::SecretsManager::ResourcePolicy': arnOf(p.SecretId),
    'AWS::IAM::Role': `arn:aws:iam::${account}:role${p.Path ?? '/'}${p.RoleName}`,
    'AWS::IAM::ManagedPolicy': `arn:aws:iam::${account}:policy/${stack.stackName}-${logicalId}-ABCDEFGH`,
    'AWS::IAM::OIDCProvider': `arn:aws:iam::${account}:oidc-provider/${String(p.Url).replace('https://', '')}`,
    'AWS::EKS::PodIdentityAssociation': `arn:aws:eks:${region}:${account}:podidentityassociation/${p.ClusterName}/a-abcdefghijklmnop`,
  };
  if (!own[type]) throw new Error(`${stack.stackName}/${logicalId}: no ARN for ${type}; add it here and to the README`);
  const requests = actions.flatMap((action): Request[] => {
    const [service, name] = action.split(':');
    if (action === 'kms:CreateKey') {
      return [{ action, resource: '*', context: { 'kms:KeySpec': p.KeySpec, 'kms:KeyUsage': p.KeyUsage } }];
    }
    if (WILDCARD_ONLY.has(action)) return [{ action, resource: '*' }];
    if (action === 'eks:CreatePodIdentityAssociation' || action === 'eks:ListPodIdentityAssociations') {
      return [{ action, resource: `arn:aws:eks:${region}:${account}:cluster/${p.ClusterName}` }];
    }
    if (type === 'AWS::EKS::PodIdentityAssociation' && service === 'iam') return [{ action, resource: arnOf(p.RoleArn) }];
    if (type === 'AWS::KMS::Alias' && service === 'kms' && name !== 'ListAliases') {
      return [
        { action, resource: own[type] },
        { action, resource: `arn:aws:kms:${region}:${account}:key/${KEY_ID}` },
      ];
    }
    if (action === 'iam:AttachRolePolicy' || action === 'iam:DetachRolePolicy') {
      const policyArns: string[] = (p.ManagedPolicyArns ?? []).map(arnOf);
      return policyArns.map((policyArn) => ({ action, resource: own[type], context: { 'iam:PolicyARN': policyArn } }));
    }
    if (action === 'secretsmanager:PutResourcePolicy') {
      return [{ action, resource: own[type], context: { 'secretsmanager:BlockPublicPolicy': String(p.BlockPublicPolicy) } }];
    }
    return [{ action, resource: own[type] }];
  });
  // Secrets Manager uses the key on behalf of the execution role when CloudFormation creates and reads the secret.
  if (type === 'AWS::SecretsManager::Secret') {
    const keyAccount = String(p.KmsKeyId).split(':')[4];
    for (const action of ['kms:GenerateDataKey', 'kms:Decrypt']) {
      requests.push({
        action,
        resource: `arn:aws:kms:${region}:${keyAccount}:key/${KEY_ID}`,
        context: {
          'kms:ViaService': `secretsmanager.${region}.amazonaws.com`,
          'kms:CallerAccount': account!,
          'kms:EncryptionContext:SecretARN': own[type],
        },
        crossAccount: keyAccount !== account,
      });
    }
  }
  return requests;
}

/**
 * A stand-in key policy admitting an account: the library's key policy delegates administration to the key
 * account and admits the secret account through Secrets Manager; that side is the access proof's subject.
 */
function admitting(account: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: '*', Resource: '*' }],
  };
}

async function evaluate(account: string, policies: Record<string, PolicyDocument>, request: Request): Promise<string> {
  const execRole = `arn:aws:iam::${account}:role/cdk-hnb659fds-cfn-exec-role-${account}-eu-west-1`;
  const resourceAccount = request.resource === '*' ? account : request.resource.split(':')[4] || account;
  return runUnsafeSimulation(
    {
      request: {
        principal: `arn:aws:sts::${account}:assumed-role/cdk-hnb659fds-cfn-exec-role-${account}-eu-west-1/session`,
        action: request.action,
        resource: { resource: request.resource, accountId: resourceAccount },
        contextVariables: { 'aws:PrincipalArn': execRole, 'aws:PrincipalAccount': account, ...request.context },
      },
      identityPolicies: Object.entries(policies).map(([policyName, policy]) => ({ name: policyName, policy })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      // A KMS key is always guarded by its key policy, even in its own account.
      resourcePolicy:
        request.crossAccount || /^arn:aws:kms:[^:]*:\d+:key\//.test(request.resource)
          ? createValidatedPolicy(admitting(account), validateResourcePolicy, { name: 'key policy (stand-in)' })
          : undefined,
    },
    {},
  );
}

/** What the README's policies refuse to the stacks' execution roles, as `stack/logical ID action resource`. */
async function refused(stacks: readonly Stack[]): Promise<string[]> {
  const policies = readmePolicies();
  const problems: string[] = [];
  for (const stack of stacks) {
    const resources = Object.entries(Template.fromStack(stack).toJSON().Resources as Record<string, { Type: string; Properties?: any }>)
      .filter(([, r]) => r.Type !== 'AWS::CDK::Metadata')
      .map(([logicalId, r]) => ({ logicalId, type: r.Type, properties: r.Properties ?? {} }));
    // The ARNs that Ref and Fn::GetAtt name in these templates, as the resources will have them.
    const arns = new Map<string, string>();
    for (const r of resources) {
      const { account, region, stackName } = stack;
      if (r.type === 'AWS::IAM::Role')
        arns.set(r.logicalId, `arn:aws:iam::${account}:role${r.properties.Path ?? '/'}${r.properties.RoleName}`);
      if (r.type === 'AWS::IAM::ManagedPolicy')
        arns.set(r.logicalId, `arn:aws:iam::${account}:policy/${stackName}-${r.logicalId}-ABCDEFGH`);
      if (r.type === 'AWS::SecretsManager::Secret') {
        arns.set(r.logicalId, `arn:aws:secretsmanager:${region}:${account}:secret:${r.properties.Name}-AbCdEf`);
      }
      if (r.type === 'AWS::KMS::Key') arns.set(r.logicalId, `arn:aws:kms:${region}:${account}:key/${KEY_ID}`);
    }
    const arnOf = (ref: any): string => {
      const id = typeof ref === 'string' ? undefined : (ref?.Ref ?? ref?.['Fn::GetAtt']?.[0]);
      if (id === undefined) return ref;
      const arn = arns.get(id);
      if (!arn) throw new Error(`${stack.stackName}: no ARN for ${JSON.stringify(ref)}`);
      return arn;
    };
    const names = policiesFor(resources);
    const missing = names.filter((name) => !policies[name]);
    if (missing.length > 0) throw new Error(`the README has no policy ${missing.join(', ')}`);
    const given = Object.fromEntries(names.map((name) => [name, policies[name]]));
    for (const r of resources) {
      for (const request of handlerRequests(stack, r.logicalId, r.type, r.properties, arnOf)) {
        if ((await evaluate(stack.account, given, request)) !== 'Allowed') {
          problems.push(`${stack.stackName}/${r.logicalId} ${request.action} ${request.resource}`);
        }
      }
    }
  }
  return problems;
}

const oneOfEach = (access: CrossAccountSecretAccess) => [access.workloadStack, access.secretStack, access.keyStack!];

describe("the README's execution policies", () => {
  beforeAll(async () => {
    process.env.CDK_VALIDATION = 'false';
    await findWildcardOnlyActions();
  });

  test('are valid identity policies, one per kind of stack', async () => {
    const policies = readmePolicies();
    expect(Object.keys(policies).sort()).toEqual([
      'OidcProviderDeployer',
      'PodRoleDeployer',
      'SecretDeployer',
      'SecretKeyDeployer',
      'TargetRoleDeployer',
    ]);
    for (const [name, document] of Object.entries(policies)) await checkDocument(name, document, 'identity');
  });

  test.each([
    ['IRSA (the example app)', withProps({})],
    ['EKS Pod Identity', withProps({ workload: { oidcIssuers: undefined, podIdentity: { clusterName: CLUSTER } } })],
    [
      'EKS Pod Identity with a target role in the secret stack',
      withProps({ workload: { oidcIssuers: undefined, podIdentity: { clusterName: CLUSTER, targetRole: true } } }),
    ],
  ])('%s: allow every handler action on every resource', async (_name, props) => {
    const access = new CrossAccountSecretAccess(newApp(), 'TestApp', props);
    expect(await refused(oneOfEach(access))).toEqual([]);
  });

  test('a graph with a target role in a workloads stack of the secret account and an OIDC provider: allow every handler action', async () => {
    const secrets = new CrossAccountSecrets(newApp(), 'Secrets');
    const key = secrets.addKey('Payments', { account: '333333333333', region: 'eu-west-1', alias: 'security/payments' });
    const db = secrets.addSecret('Db', { account: '222222222222', region: 'eu-west-1', secretName: 'payments/db', key });
    const api = secrets.addWorkload('Api', {
      account: '111111111111',
      region: 'eu-west-1',
      namespace: 'payments',
      serviceAccount: 'api',
      oidcIssuers: ['https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE'],
      createOidcProvider: true,
    });
    const worker = secrets.addWorkload('Worker', {
      account: '111111111111',
      region: 'eu-west-1',
      namespace: 'payments',
      serviceAccount: 'worker',
      podIdentityClusters: [CLUSTER],
      podIdentityTargetRole: { account: '222222222222' },
    });
    db.grantRead(api);
    db.grantRead(worker);
    const types = secrets.stacks.flatMap((s) =>
      Object.values(Template.fromStack(s).toJSON().Resources as Record<string, any>).map((r) => r.Type),
    );
    expect(types).toEqual(expect.arrayContaining(['AWS::IAM::OIDCProvider', 'AWS::EKS::PodIdentityAssociation']));
    expect(await refused(secrets.stacks)).toEqual([]);
  });

  test('refuse what a kind of stack does not need: the secret stack policy cannot create a target role', async () => {
    const policies = readmePolicies();
    const decision = await evaluate(
      '222222222222',
      { SecretDeployer: policies.SecretDeployer },
      { action: 'iam:CreateRole', resource: 'arn:aws:iam::222222222222:role/eks-secrets/pod-role-target' },
    );
    expect(decision).not.toBe('Allowed');
    const oidc = await evaluate(
      '111111111111',
      { PodRoleDeployer: policies.PodRoleDeployer },
      {
        action: 'iam:CreateOpenIDConnectProvider',
        resource: 'arn:aws:iam::111111111111:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE',
      },
    );
    expect(oidc).not.toBe('Allowed');
  });
});
