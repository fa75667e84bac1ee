import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CrossAccountSecrets } from '../../lib';
import { BLUE, GREEN } from '../support/graph';
import { newApp } from '../support/helpers';

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
