import { RemovalPolicy, Stack, Stage } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CrossAccountSecretAccess, CrossAccountSecrets, WorkloadPart } from '../../lib';
import { BLUE, GREEN } from '../support/graph';
import { newApp, withProps } from '../support/helpers';

const workload = { account: '111111111111', region: 'eu-west-1', namespace: 'payments', serviceAccount: 'api' };

describe('createOidcProvider', () => {
  test('creates one IAM OIDC provider per issuer, with the STS audience and no thumbprint; the role waits for them', () => {
    const secrets = new CrossAccountSecrets(newApp(), 'Secrets');
    const api = secrets.addWorkload('Api', { ...workload, oidcIssuers: [BLUE, GREEN], createOidcProvider: true });
    const template = Template.fromStack(Stack.of(api));
    const providers = template.findResources('AWS::IAM::OIDCProvider');
    expect(Object.values(providers).map((p) => p.Properties)).toEqual([
      { Url: BLUE, ClientIdList: ['sts.amazonaws.com'] },
      { Url: GREEN, ClientIdList: ['sts.amazonaws.com'] },
    ]);
    const role = template.toJSON().Resources[Stack.of(api).resolve(api.role.logicalId)];
    expect([...role.DependsOn].sort()).toEqual(Object.keys(providers).sort());
    // The trust policy names the providers it creates.
    expect(JSON.stringify(role.Properties.AssumeRolePolicyDocument)).toContain(
      'arn:aws:iam::111111111111:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/BLUE',
    );
    expect(api.oidcProviders).toHaveLength(2);
  });

  test('is off by default: the providers exist with the cluster', () => {
    const secrets = new CrossAccountSecrets(newApp(), 'Secrets');
    const api = secrets.addWorkload('Api', { ...workload, oidcIssuers: [BLUE] });
    Template.fromStack(Stack.of(api)).resourceCountIs('AWS::IAM::OIDCProvider', 0);
    expect(api.oidcProviders).toEqual([]);
  });

  test('without oidcIssuers is an error that says what to give', () => {
    const secrets = new CrossAccountSecrets(newApp(), 'Secrets');
    expect(() => secrets.addWorkload('Api', { ...workload, podIdentityClusters: ['prod'], createOidcProvider: true })).toThrow(
      /^\[Secrets\/Api\] `createOidcProvider` is set but `oidcIssuers` is missing or empty: give the OIDC issuer URLs/,
    );
  });
});

/** The logical IDs a pod role's `DependsOn` names, in its template. */
function dependsOn(part: WorkloadPart): string[] {
  const stack = Stack.of(part);
  return Template.fromStack(stack).toJSON().Resources[stack.resolve(part.role.logicalId)].DependsOn ?? [];
}

/** The logical ID of the graph's provider of an issuer, and its template entry. */
function providerIn(stack: Stack, url: string): [string, { DeletionPolicy?: string; UpdateReplacePolicy?: string }] {
  const providers = Object.entries(Template.fromStack(stack).findResources('AWS::IAM::OIDCProvider', { Properties: { Url: url } }));
  expect(providers).toHaveLength(1);
  return providers[0];
}

describe('one OIDC provider per account and issuer', () => {
  test('two workloads of one cluster share one provider, which both roles wait for', () => {
    const secrets = new CrossAccountSecrets(newApp(), 'Secrets');
    const api = secrets.addWorkload('Api', { ...workload, oidcIssuers: [BLUE], createOidcProvider: true });
    const worker = secrets.addWorkload('Worker', { ...workload, serviceAccount: 'worker', oidcIssuers: [BLUE], createOidcProvider: true });
    Template.fromStack(Stack.of(api)).resourceCountIs('AWS::IAM::OIDCProvider', 1);
    const [providerId] = providerIn(Stack.of(api), BLUE);
    expect(dependsOn(api)).toContain(providerId);
    expect(dependsOn(worker)).toContain(providerId);
    expect(worker.oidcProviders).toEqual(api.oidcProviders);
  });

  test('is retained by default when it leaves the graph or its stack is deleted', () => {
    const secrets = new CrossAccountSecrets(newApp(), 'Secrets');
    const api = secrets.addWorkload('Api', { ...workload, oidcIssuers: [BLUE], createOidcProvider: true });
    const [, provider] = providerIn(Stack.of(api), BLUE);
    expect(provider.DeletionPolicy).toBe('Retain');
    expect(provider.UpdateReplacePolicy).toBe('Retain');
  });

  test('oidcProviderRemovalPolicy DESTROY deletes it with its stack', () => {
    const secrets = new CrossAccountSecrets(newApp(), 'Secrets', { oidcProviderRemovalPolicy: RemovalPolicy.DESTROY });
    const api = secrets.addWorkload('Api', { ...workload, oidcIssuers: [BLUE], createOidcProvider: true });
    expect(providerIn(Stack.of(api), BLUE)[1].DeletionPolicy).toBe('Delete');
  });

  test('a role that trusts the issuer without asking for its provider waits for it too, whichever comes first', () => {
    const secrets = new CrossAccountSecrets(newApp(), 'Secrets');
    const early = secrets.addWorkload('Early', { ...workload, serviceAccount: 'early', oidcIssuers: [BLUE] });
    const api = secrets.addWorkload('Api', { ...workload, oidcIssuers: [BLUE, GREEN], createOidcProvider: true });
    const late = secrets.addWorkload('Late', { ...workload, serviceAccount: 'late', oidcIssuers: [GREEN] });
    const [blueId] = providerIn(Stack.of(api), BLUE);
    const [greenId] = providerIn(Stack.of(api), GREEN);
    expect(dependsOn(early)).toEqual([blueId]);
    expect(dependsOn(late)).toEqual([greenId]);
    expect(early.oidcProviders).toEqual([]);
  });

  test("lives in the graph's default workload stack of the account, so a stack group's workloads deploy after it", () => {
    const secrets = new CrossAccountSecrets(newApp(), 'Secrets');
    const team = secrets.addWorkload('Team', { ...workload, oidcIssuers: [BLUE], createOidcProvider: true, stackGroup: 'team' });
    const provider = team.oidcProviders[0];
    expect(Stack.of(provider).stackName).toBe('Secrets-Workloads-111111111111-eu-west-1');
    expect(Stack.of(team).stackName).toBe('Secrets-Workloads-team-111111111111-eu-west-1');
    Template.fromStack(Stack.of(team)).resourceCountIs('AWS::IAM::OIDCProvider', 0);
    expect(Stack.of(team).dependencies).toContain(Stack.of(provider));
  });

  test('workloads of one account in two regions share the provider of one issuer', () => {
    const secrets = new CrossAccountSecrets(newApp(), 'Secrets');
    const api = secrets.addWorkload('Api', { ...workload, oidcIssuers: [BLUE], createOidcProvider: true });
    const west = secrets.addWorkload('West', { ...workload, region: 'eu-west-2', oidcIssuers: [BLUE], createOidcProvider: true });
    expect(west.oidcProviders).toEqual(api.oidcProviders);
    Template.fromStack(Stack.of(west)).resourceCountIs('AWS::IAM::OIDCProvider', 0);
    expect(Stack.of(west).dependencies).toContain(Stack.of(api));
  });

  test('each account gets its own provider of an issuer', () => {
    const secrets = new CrossAccountSecrets(newApp(), 'Secrets');
    const api = secrets.addWorkload('Api', { ...workload, oidcIssuers: [BLUE], createOidcProvider: true });
    const other = secrets.addWorkload('Other', { ...workload, account: '555555555555', oidcIssuers: [BLUE], createOidcProvider: true });
    providerIn(Stack.of(api), BLUE);
    providerIn(Stack.of(other), BLUE);
    expect(other.oidcProviders).not.toEqual(api.oidcProviders);
  });

  test('two graphs that create the provider of one account and issuer are an error naming both', () => {
    const app = newApp();
    new CrossAccountSecrets(app, 'One').addWorkload('Api', { ...workload, oidcIssuers: [BLUE], createOidcProvider: true });
    const two = new CrossAccountSecrets(app, 'Two');
    expect(() => two.addWorkload('Api', { ...workload, serviceAccount: 'other', oidcIssuers: [BLUE], createOidcProvider: true })).toThrow(
      /^\[Two\/Workloads-111111111111-eu-west-1\/OidcProvider-oidc\.eks\.eu-west-1\.amazonaws\.com-id-BLUE\] IAM OIDC provider "oidc\.eks\.eu-west-1\.amazonaws\.com\/id\/BLUE" in account 111111111111 is also created by "One\/Workloads-111111111111-eu-west-1\/OidcProvider-oidc\.eks\.eu-west-1\.amazonaws\.com-id-BLUE": both cannot be deployed\. An account has one provider per issuer: set `createOidcProvider` on the workloads of one graph/,
    );
  });

  test('two stages that create the provider of one account and issuer are an error naming both', () => {
    const app = newApp();
    const graphIn = (stage: string) => new CrossAccountSecrets(new Stage(app, stage), 'Secrets', { stackNamePrefix: stage });
    graphIn('Blue').addWorkload('Api', { ...workload, oidcIssuers: [BLUE], createOidcProvider: true });
    const green = graphIn('Green');
    expect(() => green.addWorkload('Api', { ...workload, serviceAccount: 'other', oidcIssuers: [BLUE], createOidcProvider: true })).toThrow(
      /^\[Green\/Secrets\/Workloads-111111111111-eu-west-1\/OidcProvider-\S+\] IAM OIDC provider .* is also created by "Blue\/Secrets\/Workloads-111111111111-eu-west-1\/OidcProvider-\S+"/,
    );
  });

  test("a graph whose roles only trust the issuer of another graph's provider creates none and is no collision", () => {
    const app = newApp();
    new CrossAccountSecrets(app, 'One').addWorkload('Api', { ...workload, oidcIssuers: [BLUE], createOidcProvider: true });
    const other = new CrossAccountSecrets(app, 'Two').addWorkload('Api', { ...workload, serviceAccount: 'other', oidcIssuers: [BLUE] });
    Template.fromStack(Stack.of(other)).resourceCountIs('AWS::IAM::OIDCProvider', 0);
  });

  test("CrossAccountSecretAccess creates no provider (its issuer must have one), so it never collides with a graph's", () => {
    const app = newApp();
    const access = new CrossAccountSecretAccess(app, 'One', withProps({ workload: { oidcIssuers: [BLUE] } }));
    new CrossAccountSecrets(app, 'Two').addWorkload('Api', { ...workload, oidcIssuers: [BLUE], createOidcProvider: true });
    Template.fromStack(access.workloadStack).resourceCountIs('AWS::IAM::OIDCProvider', 0);
  });

  test('oidcProviderRemovalPolicy SNAPSHOT is an error: IAM OIDC providers have no snapshots', () => {
    expect(() => new CrossAccountSecrets(newApp(), 'Secrets', { oidcProviderRemovalPolicy: RemovalPolicy.SNAPSHOT })).toThrow(
      /^\[Secrets\] `oidcProviderRemovalPolicy` "snapshot" is RemovalPolicy\.SNAPSHOT: IAM OIDC providers cannot be snapshotted; use RemovalPolicy\.RETAIN, RemovalPolicy\.DESTROY/,
    );
  });

  test('an oidcProviderRemovalPolicy that is not a removal policy is an error', () => {
    const props = { oidcProviderRemovalPolicy: 'keep' as unknown as RemovalPolicy };
    expect(() => new CrossAccountSecrets(newApp(), 'Secrets', props)).toThrow(
      /^\[Secrets\] `oidcProviderRemovalPolicy` "keep" is not a removal policy: use RemovalPolicy\.RETAIN/,
    );
  });
});
