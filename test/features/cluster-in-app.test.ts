import { App, CfnParameter, Stack, Stage } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as eksv2 from 'aws-cdk-lib/aws-eks-v2';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { IConstruct } from 'constructs';
import { ClusterIdentity, CrossAccountSecretAccess, CrossAccountSecrets, WorkloadOptions } from '../../lib';
import { assumeRoleWithWebIdentity } from '../proof/access-simulator';
import { TemplateResolver } from '../proof/template-resolver';
import { ISSUER, newApp, withProps } from '../support/helpers';

// When the cluster is built in the same CDK app, its OIDC issuer and name are tokens that CloudFormation
// resolves in the workload's account. A workload takes them there (the trust policy's keys, the Pod
// Identity association); every value another account needs stays a literal.

const ISSUER_URL = `https://${ISSUER}`;
const ENV = { account: '111111111111', region: 'eu-west-1' };

/** A graph whose workload trusts a cluster of another stack of the app, by the cluster's tokens. */
function graphWithClusterTokens(options: Partial<WorkloadOptions> = {}) {
  const app = newApp();
  const clusterStack = new Stack(app, 'Cluster', { env: ENV });
  const issuerUrl = new CfnParameter(clusterStack, 'IssuerUrl').valueAsString;
  const clusterName = new CfnParameter(clusterStack, 'ClusterName').valueAsString;
  // Values that leave their stack become exports; the parameters stand in for a cluster's attributes.
  const issuer = clusterStack.exportValue(issuerUrl, { name: 'IssuerUrl' });
  const name = clusterStack.exportValue(clusterName, { name: 'ClusterName' });
  const secrets = new CrossAccountSecrets(app, 'Secrets');
  const key = secrets.addKey('Key', { account: '333333333333', region: 'eu-west-1', alias: 'k' });
  const db = secrets.addSecret('Db', { account: '222222222222', region: 'eu-west-1', secretName: 'db', key });
  const api = secrets.addWorkload('Api', {
    ...ENV,
    namespace: 'payments',
    serviceAccount: 'api',
    oidcIssuers: [issuer],
    podIdentityClusters: [name],
    ...options,
  });
  db.grantRead(api);
  return { app, secrets, api, template: Template.fromStack(Stack.of(api)).toJSON() };
}

/**
 * What CloudFormation deploys: the exports resolved to the cluster's values, and each `CfnJson` replaced
 * by the object its custom resource returns (its `Value`, resolved, then parsed).
 */
function asDeployed(template: Record<string, any>, values: Record<string, string>): Record<string, any> {
  const imported = JSON.parse(
    JSON.stringify(template, (_key, value) =>
      value && typeof value === 'object' && typeof value['Fn::ImportValue'] === 'string' ? values[value['Fn::ImportValue']] : value,
    ),
  );
  const resources = imported.Resources as Record<string, any>;
  const resolver = new TemplateResolver({ stackName: 'Workloads', template: imported, ...ENV });
  const json: Record<string, unknown> = {};
  for (const [id, resource] of Object.entries(resources)) {
    if (resource.Type !== 'Custom::AWSCDKCfnJson') continue;
    json[id] = JSON.parse(resolver.resolve(resource.Properties.Value, id) as string);
  }
  return JSON.parse(
    JSON.stringify(imported, (_key, value) =>
      value && typeof value === 'object' && Array.isArray(value['Fn::GetAtt']) && value['Fn::GetAtt'][0] in json
        ? json[value['Fn::GetAtt'][0]]
        : value,
    ),
  );
}

function podRole(template: Record<string, any>): { id: string; properties: Record<string, any> } {
  const [id] = Object.keys(template.Resources).filter((r) => template.Resources[r].Type === 'AWS::IAM::Role');
  return { id, properties: template.Resources[id].Properties };
}

describe('values from constructs of the workload account', () => {
  test('an issuer token becomes the trust condition through CfnJson, still pinning sub and aud', () => {
    const { template } = graphWithClusterTokens();
    const [conditions] = Object.values(template.Resources as Record<string, any>).filter((r) => r.Type === 'Custom::AWSCDKCfnJson');
    const value = JSON.stringify(conditions.Properties.Value);
    expect(value).toContain(':sub\\":\\"system:serviceaccount:payments:api\\"');
    expect(value).toContain(':aud\\":\\"sts.amazonaws.com\\"');
    const trust = podRole(template).properties.AssumeRolePolicyDocument.Statement[0];
    expect(trust.Condition).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^ApiTrustConditions/), 'Value'] });
  });

  test('deployed, the trust policy is exactly the one a literal issuer gives', () => {
    const { template } = graphWithClusterTokens({ podIdentityClusters: undefined });
    const deployed = asDeployed(template, { IssuerUrl: ISSUER_URL, ClusterName: 'prod' });
    const literal = new CrossAccountSecrets(newApp(), 'Secrets');
    const literalWorkload = literal.addWorkload('Api', { ...ENV, namespace: 'payments', serviceAccount: 'api', oidcIssuers: [ISSUER_URL] });
    const expected = Template.fromStack(Stack.of(literalWorkload)).toJSON();
    const trustOf = (template: Record<string, any>) =>
      new TemplateResolver({ stackName: 'Workloads', template, ...ENV }).prop(podRole(template).id, 'AssumeRolePolicyDocument');
    expect(trustOf(deployed)).toEqual(trustOf(expected));
    expect(JSON.stringify(trustOf(deployed))).toContain(`"${ISSUER}:sub":"system:serviceaccount:payments:api"`);
  });

  test('deployed, the IAM engine admits the service account and no other, as with a literal issuer', async () => {
    const { template } = graphWithClusterTokens({ podIdentityClusters: undefined });
    const deployed = asDeployed(template, { IssuerUrl: ISSUER_URL, ClusterName: 'prod' });
    const resolver = new TemplateResolver({ stackName: 'Workloads', template: deployed, ...ENV });
    const { id } = podRole(deployed);
    const access = {
      workload: { roleArn: resolver.roleArn(id), trustPolicy: resolver.prop(id, 'AssumeRolePolicyDocument') } as any,
    };
    const providerArn = `arn:aws:iam::111111111111:oidc-provider/${ISSUER}`;
    const token = { providerArn, issuer: ISSUER, sub: 'system:serviceaccount:payments:api', aud: 'sts.amazonaws.com' };
    expect(await assumeRoleWithWebIdentity(access, token)).toBe('Allowed');
    expect(await assumeRoleWithWebIdentity(access, { ...token, sub: 'system:serviceaccount:payments:other' })).toBe('ImplicitlyDenied');
    expect(await assumeRoleWithWebIdentity(access, { ...token, sub: 'system:serviceaccount:other:api' })).toBe('ImplicitlyDenied');
    expect(await assumeRoleWithWebIdentity(access, { ...token, aud: 'other' })).toBe('ImplicitlyDenied');
    const otherIssuer = 'oidc.eks.eu-west-1.amazonaws.com/id/OTHER';
    const otherProvider = `arn:aws:iam::111111111111:oidc-provider/${otherIssuer}`;
    expect(await assumeRoleWithWebIdentity(access, { ...token, issuer: otherIssuer, providerArn: otherProvider })).toBe('ImplicitlyDenied');
  });

  test('a cluster name token names the Pod Identity association and the session tag', () => {
    const { template } = graphWithClusterTokens({ oidcIssuers: undefined });
    const [association] = Object.values(template.Resources as Record<string, any>).filter(
      (r) => r.Type === 'AWS::EKS::PodIdentityAssociation',
    );
    expect(association.Properties.ClusterName).toEqual({ 'Fn::ImportValue': 'ClusterName' });
    const tags = podRole(template).properties.AssumeRolePolicyDocument.Statement[0].Condition.StringEquals;
    expect(tags['aws:RequestTag/eks-cluster-arn']).toEqual({
      'Fn::Join': ['', ['arn:aws:eks:eu-west-1:111111111111:cluster/', { 'Fn::ImportValue': 'ClusterName' }]],
    });
  });

  test('the default role name does not depend on the token', () => {
    const first = graphWithClusterTokens().api.roleName;
    // A second app creates new tokens, with other numbers in their text: the name stays.
    expect(graphWithClusterTokens().api.roleName).toBe(first);
    expect(first).toMatch(/^eks-payments-api-[0-9a-f]{8}$/);
  });

  test('a literal issuer keeps its plain trust policy, with no CfnJson', () => {
    const secrets = new CrossAccountSecrets(newApp(), 'Secrets');
    const api = secrets.addWorkload('Api', { ...ENV, namespace: 'payments', serviceAccount: 'api', oidcIssuers: [ISSUER_URL] });
    Template.fromStack(Stack.of(api)).resourceCountIs('Custom::AWSCDKCfnJson', 0);
  });

  test('the one-of-each construct takes an issuer token too', () => {
    const app = newApp();
    const issuer = new CfnParameter(new Stack(app, 'Cluster', { env: ENV }), 'IssuerUrl').valueAsString;
    const access = new CrossAccountSecretAccess(app, 'Access', withProps({ workload: { oidcIssuers: [issuer] } }));
    Template.fromStack(access.workloadStack).resourceCountIs('Custom::AWSCDKCfnJson', 1);
  });
});

describe('values another account needs stay literal', () => {
  test('a cluster name token with a Pod Identity target role is refused: the target role in the secrets account names the cluster', () => {
    expect(() => graphWithClusterTokens({ oidcIssuers: undefined, podIdentityTargetRole: { account: '222222222222' } })).toThrow(
      /^\[Secrets\/Api\] `podIdentityClusters\[0\]` "\$\{Token\[TOKEN\.\d+\]\}" is a value of this app \(a token\), but the Pod Identity target role in account 222222222222 names the cluster's ARN in its trust, and CloudFormation cannot pass a value to another account: give the cluster's name as a literal\.$/,
    );
  });

  test.each([
    ['the role name', { roleName: 'ROLE' }, 'roleName'],
    ['the namespace', { namespace: 'NS' }, 'namespace'],
    ['the account', { account: 'ACCOUNT' }, 'account'],
  ])('a token as %s is refused, saying why', (_name, field, prop) => {
    const app = newApp();
    const token = new CfnParameter(new Stack(app, 'Cluster', { env: ENV }), 'P').valueAsString;
    const secrets = new CrossAccountSecrets(app, 'Secrets');
    const options = { ...ENV, namespace: 'payments', serviceAccount: 'api', oidcIssuers: [ISSUER_URL], [prop]: token };
    expect(Object.keys(field)).toEqual([prop]);
    expect(() => secrets.addWorkload('Api', options)).toThrow(
      new RegExp(
        `\`${prop}\` "\\$\\{Token\\[TOKEN\\.\\d+\\]\\}" is an unresolved token: give .* as a literal, because identifiers in other accounts are derived from it`,
      ),
    );
  });
});

describe('context lookups', () => {
  function lookupApp(context?: Record<string, string>) {
    const app = new App({ context: { '@aws-cdk/core:validateAgainstDefaultRules': false, ...context } });
    const lookups = new Stack(app, 'Lookups', { env: ENV });
    const issuer = ssm.StringParameter.valueFromLookup(lookups, '/eks/prod/oidc-issuer');
    const secrets = new CrossAccountSecrets(app, 'Secrets');
    const api = secrets.addWorkload('Api', { ...ENV, namespace: 'payments', serviceAccount: 'api', oidcIssuers: [issuer] });
    return { app, api };
  }

  test('before the lookup, synth passes and records the lookup as missing, so that the CLI performs it', () => {
    const { app, api } = lookupApp();
    const assembly = app.synth();
    expect(assembly.manifest.missing?.map((m) => m.props)).toEqual([expect.objectContaining({ parameterName: '/eks/prod/oidc-issuer' })]);
    Annotations.fromStack(Stack.of(api)).hasInfo('*', Match.stringLikeRegexp('context lookup not performed yet'));
    Annotations.fromStack(Stack.of(api)).hasNoError('*', Match.anyValue());
  });

  const key = 'ssm:account=111111111111:parameterName=/eks/prod/oidc-issuer:region=eu-west-1';

  test('with the looked-up value, the issuer is checked and trusted like a literal', () => {
    const { api } = lookupApp({ [key]: ISSUER_URL });
    const trust = Template.fromStack(Stack.of(api)).toJSON();
    expect(podRole(trust).properties.AssumeRolePolicyDocument.Statement[0].Condition.StringEquals).toEqual({
      [`${ISSUER}:sub`]: 'system:serviceaccount:payments:api',
      [`${ISSUER}:aud`]: 'sts.amazonaws.com',
    });
  });

  test('a looked-up value that is not an issuer is an error on the second pass', () => {
    expect(() => lookupApp({ [key]: 'http://example.com' })).toThrow(
      /`oidcIssuers\[0\]` "http:\/\/example.com" is not a valid OIDC issuer/,
    );
  });
});

describe('a cluster construct as input', () => {
  function appWithCluster(env = ENV) {
    const app = newApp();
    const clusterStack = new Stack(app, 'Cluster', { env });
    const cluster = new eksv2.Cluster(clusterStack, 'Prod', { version: eksv2.KubernetesVersion.V1_32 });
    return { app, clusterStack, cluster };
  }

  test('IRSA: the workload trusts the cluster issuer, pinning sub and aud, and the cluster gets its IAM OIDC provider', () => {
    const { app, clusterStack, cluster } = appWithCluster();
    const secrets = new CrossAccountSecrets(app, 'Secrets');
    const api = secrets.addWorkload('Api', { ...ENV, namespace: 'payments', serviceAccount: 'api', clusters: [cluster] });
    const template = Template.fromStack(Stack.of(api)).toJSON();
    const [conditions] = Object.values(template.Resources as Record<string, any>).filter((r) => r.Type === 'Custom::AWSCDKCfnJson');
    expect(JSON.stringify(conditions.Properties.Value)).toContain(':sub\\":\\"system:serviceaccount:payments:api\\"');
    expect(JSON.stringify(conditions.Properties.Value)).toContain(':aud\\":\\"sts.amazonaws.com\\"');
    const providers = Template.fromStack(clusterStack).findResources('AWS::IAM::OIDCProvider');
    const custom = Template.fromStack(clusterStack).findResources('Custom::AWSCDKOpenIdConnectProvider');
    expect(Object.keys(providers).length + Object.keys(custom).length).toBe(1);
  });

  test('EKS Pod Identity: the association names the cluster', () => {
    const { app, cluster } = appWithCluster();
    const secrets = new CrossAccountSecrets(app, 'Secrets');
    const api = secrets.addWorkload('Api', {
      ...ENV,
      namespace: 'payments',
      serviceAccount: 'api',
      clusters: [cluster],
      clusterIdentity: ClusterIdentity.POD_IDENTITY,
    });
    const [association] = Object.values(Template.fromStack(Stack.of(api)).toJSON().Resources as Record<string, any>).filter(
      (r) => r.Type === 'AWS::EKS::PodIdentityAssociation',
    );
    expect(association.Properties.ClusterName).toEqual({ 'Fn::ImportValue': expect.stringMatching(/^Cluster:ExportsOutputRefProd/) });
  });

  test('the one-of-each construct takes `workload.clusters`', () => {
    const { app, cluster } = appWithCluster();
    const access = new CrossAccountSecretAccess(app, 'Access', withProps({ workload: { oidcIssuers: undefined, clusters: [cluster] } }));
    Template.fromStack(access.workloadStack).resourceCountIs('Custom::AWSCDKCfnJson', 1);
  });

  test('`workload.clusters` with `workload.oidcIssuers` is refused', () => {
    const { app, cluster } = appWithCluster();
    expect(() => new CrossAccountSecretAccess(app, 'Access', withProps({ workload: { clusters: [cluster] } }))).toThrow(
      '[Access] `workload.clusters` and `workload.oidcIssuers` are both set: give exactly one',
    );
  });

  test('one cluster instead of a list of clusters is refused, naming `workload.clusters`', () => {
    const { app, cluster } = appWithCluster();
    const props = withProps({ workload: { oidcIssuers: undefined, clusters: cluster as unknown as IConstruct[] } });
    expect(() => new CrossAccountSecretAccess(app, 'Access', props)).toThrow(
      /`workload.clusters` .* is not a list: give a list, such as \[cluster\]/,
    );
  });

  test('a cluster of another account is refused: its values cannot reach the workload account', () => {
    const { app, cluster } = appWithCluster({ account: '444444444444', region: 'eu-west-1' });
    const secrets = new CrossAccountSecrets(app, 'Secrets');
    expect(() => secrets.addWorkload('Api', { ...ENV, namespace: 'payments', serviceAccount: 'api', clusters: [cluster] })).toThrow(
      '[Secrets/Api] `clusters[0]` "Cluster/Prod" is in account 444444444444, and the workload in 111111111111: CloudFormation resolves a cluster\'s values only in its own account and region',
    );
  });

  test.each([
    ['a string', 'prod', '`clusters[0]` "prod" is not an EKS cluster'],
    ['a stack', 'stack', '`clusters[0]` "Other" is not an EKS cluster'],
  ])('%s is not a cluster', (_name, kind, message) => {
    const app = newApp();
    const value = kind === 'stack' ? new Stack(app, 'Other') : kind;
    const secrets = new CrossAccountSecrets(app, 'Secrets');
    expect(() => secrets.addWorkload('Api', { ...ENV, namespace: 'payments', serviceAccount: 'api', clusters: [value as never] })).toThrow(
      message,
    );
  });

  test('a cluster of another stage is refused, naming the stages: a stack refers only to stacks of its own stage', () => {
    const { app, cluster } = appWithCluster();
    const secrets = new CrossAccountSecrets(new Stage(app, 'Prod'), 'Secrets');
    expect(() => secrets.addWorkload('Api', { ...ENV, namespace: 'payments', serviceAccount: 'api', clusters: [cluster] })).toThrow(
      '[Prod/Secrets/Api] `clusters[0]` "Cluster/Prod" is in the app, outside any stage, and the workload in stage Prod: a stack can refer only to stacks of its own stage',
    );
    const props = withProps({ workload: { oidcIssuers: undefined, clusters: [cluster] } });
    expect(() => new CrossAccountSecretAccess(new Stage(app, 'Test'), 'Access', props)).toThrow(
      '[Test/Access/Workload] `workload.clusters[0]` "Cluster/Prod" is in the app, outside any stage, and the workload in stage Test',
    );
  });

  test('a clusterIdentity that is not one of the enum is refused, named as each front door spells it', () => {
    const { app, cluster } = appWithCluster();
    const bad = 'IRSA_AND_MORE' as ClusterIdentity;
    const secrets = new CrossAccountSecrets(app, 'Secrets');
    expect(() =>
      secrets.addWorkload('Api', { ...ENV, namespace: 'payments', serviceAccount: 'api', clusters: [cluster], clusterIdentity: bad }),
    ).toThrow(/\[Secrets\/Api\] `clusterIdentity` "IRSA_AND_MORE" is not one of /);
    const props = withProps({ workload: { oidcIssuers: undefined, clusters: [cluster], clusterIdentity: bad } });
    expect(() => new CrossAccountSecretAccess(app, 'Access', props)).toThrow(
      /\[Access\] `workload.clusterIdentity` "IRSA_AND_MORE" is not one of /,
    );
  });

  test('clusters that are not a list are refused', () => {
    const { app, cluster } = appWithCluster();
    const secrets = new CrossAccountSecrets(app, 'Secrets');
    expect(() => secrets.addWorkload('Api', { ...ENV, namespace: 'payments', serviceAccount: 'api', clusters: cluster as never })).toThrow(
      '[Secrets/Api] `clusters` "Cluster/Prod" is not a list',
    );
  });
});
