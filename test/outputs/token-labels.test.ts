import * as fs from 'fs';
import * as path from 'path';
import { App, CfnParameter, Fn, Lazy, Stack } from 'aws-cdk-lib';
import * as eksv2 from 'aws-cdk-lib/aws-eks-v2';
import { ClusterIdentity, CrossAccountSecrets } from '../../lib';
import { labelTokens } from '../../lib/private/outputs/token-labels';
import { newApp } from '../support/helpers';

// A cluster's issuer or name from the same app reaches the review and the access description as a token.
// They show what CloudFormation resolves it from, by construct path, never `${Token[TOKEN.n]}`: its number
// says nothing and depends on how many tokens the app made before it.

const ENV = { account: '111111111111', region: 'eu-west-1' };
const ISSUER_URL_OF_PROD = { 'Fn::GetAtt': ['Platform/Prod/Resource', 'OpenIdConnectIssuerUrl'] };
const ISSUER_OF_PROD = { 'Fn::Select': [1, { 'Fn::Split': ['//', ISSUER_URL_OF_PROD] }] };

describe('labelTokens', () => {
  const stack = new Stack(new App(), 'Platform', { env: ENV });
  const cluster = new eksv2.Cluster(stack, 'Prod', { version: eksv2.KubernetesVersion.V1_32 });

  test.each<[string, () => string, string]>([
    ['a literal, as it is', () => 'oidc.eks.eu-west-1.amazonaws.com/id/ABC', 'oidc.eks.eu-west-1.amazonaws.com/id/ABC'],
    ['an attribute, by path', () => cluster.clusterOpenIdConnectIssuerUrl, JSON.stringify(ISSUER_URL_OF_PROD)],
    ['a Ref, by path', () => cluster.clusterName, JSON.stringify({ Ref: 'Platform/Prod/Resource' })],
    [
      'functions of an attribute, a list token among them, inside a text',
      () => `arn:aws:iam::111111111111:oidc-provider/${Fn.select(1, Fn.split('//', cluster.clusterOpenIdConnectIssuerUrl))}`,
      `arn:aws:iam::111111111111:oidc-provider/${JSON.stringify(ISSUER_OF_PROD)}`,
    ],
    ['an import', () => Fn.importValue('IssuerUrl'), '{"Fn::ImportValue":"IssuerUrl"}'],
    ['a parameter', () => new CfnParameter(new Stack(new App(), 'Other'), 'Issuer').valueAsString, JSON.stringify({ Ref: 'Other/Issuer' })],
    ['a token it cannot read, by what it is', () => Lazy.string({ produce: () => 'x' }), '(a value resolved at deployment)'],
  ])('%s', (_name, value, label) => {
    expect(labelTokens(value())).toBe(label);
  });
});

/** A graph on a cluster of the app, after `before` parameters (each one token), synthesized. */
function synthesized(before: number) {
  const app = newApp();
  app.node.setContext('@aws-cdk/aws-eks:useNativeOidcProvider', true);
  const platform = new Stack(app, 'Platform', { env: ENV });
  for (let i = 0; i < before; i++) void new CfnParameter(platform, `P${i}`).valueAsString;
  const cluster = new eksv2.Cluster(platform, 'Prod', { version: eksv2.KubernetesVersion.V1_32 });
  const graph = new CrossAccountSecrets(app, 'Payments');
  const key = graph.addKey('Key', { account: '333333333333', region: 'eu-west-1', alias: 'k' });
  const db = graph.addSecret('Db', { account: '222222222222', region: 'eu-west-1', secretName: 'db', key });
  const workload = { ...ENV, namespace: 'payments', clusters: [cluster] };
  db.grantRead(graph.addWorkload('Api', { ...workload, serviceAccount: 'api' }));
  db.grantRead(graph.addWorkload('Worker', { ...workload, serviceAccount: 'worker', clusterIdentity: ClusterIdentity.POD_IDENTITY }));
  const assembly = app.synth();
  const description = fs.readFileSync(path.join(assembly.directory, 'Payments.access-description.json'), 'utf8');
  const fingerprints = assembly.stacks.map((s) => JSON.stringify(s.template.Metadata ?? {}));
  return { review: graph.accessReview(), description, fingerprints };
}

describe('a cluster of the app in the review and the access description', () => {
  const [one, other] = [synthesized(0), synthesized(3)];

  test('the review names the issuer and the cluster by what CloudFormation resolves them from', () => {
    expect(one.review).not.toContain('${Token[');
    expect(one.review).toContain(
      `through IRSA with OIDC provider \`arn:aws:iam::111111111111:oidc-provider/${JSON.stringify(ISSUER_OF_PROD)}\``,
    );
    expect(one.review).toContain('of EKS cluster `{"Ref":"Platform/Prod/Resource"}`');
  });

  test('the description, and so each template fingerprint, is the same in apps that made other tokens before', () => {
    expect(one.description).not.toContain('${Token[');
    expect(JSON.parse(one.description).workloads.map((w: any) => [w.oidcIssuers, w.podIdentityClusters])).toEqual([
      [[JSON.stringify(ISSUER_OF_PROD)], []],
      [[], [JSON.stringify({ Ref: 'Platform/Prod/Resource' })]],
    ]);
    expect(other.description).toBe(one.description);
    expect(other.fingerprints).toEqual(one.fingerprints);
  });
});
