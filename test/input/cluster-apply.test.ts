import { App, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ClusterApplyInput, clusterApply } from '../../lib/private/input/cluster-apply';

// Which module's KubernetesManifest applies through a cluster, and the clusters it cannot use: the ones
// this aws-cdk-lib cannot reach. The construct-level behaviour is in test/features/apply-through-clusters.test.ts.

/** A construct with the shape of an EKS cluster of another module, whose jsii type name is `fqn`. */
function clusterNamed(fqn: string): Construct {
  class Cluster extends Construct {
    public readonly clusterName = 'prod';
    public readonly clusterOpenIdConnectIssuerUrl = 'https://oidc.eks.eu-west-1.amazonaws.com/id/ABC';
    public readonly openIdConnectProvider = {};
    public readonly kubectlProvider = {};
  }
  Object.defineProperty(Cluster, Symbol.for('jsii.rtti'), { value: { fqn, version: '2.0.0-alpha.0' } });
  return new Cluster(new Stack(new App(), 'Cluster'), 'Prod');
}

/** The input of a graph workload that applies through `cluster`. */
function inputFor(cluster: Construct): ClusterApplyInput {
  return {
    where: 'Secrets/Api',
    prop: 'applyThroughClusters',
    options: {},
    clusters: [cluster],
    clustersProp: 'clusters',
    identity: undefined,
    identityProp: 'clusterIdentity',
    namespace: 'payments',
    serviceAccount: 'api',
  };
}

test('an @aws-cdk/aws-eks-v2-alpha cluster is refused, with the way forward', () => {
  expect(() => clusterApply(inputFor(clusterNamed('@aws-cdk/aws-eks-v2-alpha.Cluster')))).toThrow(
    /`clusters\[0\]` "Cluster\/Prod" is an @aws-cdk\/aws-eks-v2-alpha cluster: .*move the cluster to aws-cdk-lib's aws_eks_v2, or leave `applyThroughClusters` unset/,
  );
});

test('an aws_eks_v2 cluster takes aws_eks_v2.KubernetesManifest', () => {
  const [{ manifestClass }] = clusterApply(inputFor(clusterNamed('aws-cdk-lib.aws_eks_v2.Cluster')))!.clusters;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  expect(manifestClass).toBe(require('aws-cdk-lib').aws_eks_v2.KubernetesManifest);
});

test('an aws_eks_v2 cluster where the app runs an aws-cdk-lib without aws_eks_v2 (before it was stable) is refused', () => {
  jest.isolateModules(() => {
    // aws-cdk-lib as an older release has it: every module but aws_eks_v2.
    jest.doMock('aws-cdk-lib', () => {
      const actual = jest.requireActual('aws-cdk-lib');
      return new Proxy(actual, { get: (target, name) => (name === 'aws_eks_v2' ? undefined : target[name]) });
    });
    type Module = typeof import('../../lib/private/input/cluster-apply');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { clusterApply: atOlderRelease }: Module = require('../../lib/private/input/cluster-apply');
    expect(() => atOlderRelease(inputFor(clusterNamed('aws-cdk-lib.aws_eks_v2.Cluster')))).toThrow(
      /`clusters\[0\]` "Cluster\/Prod" is an aws_eks_v2 cluster, and the aws-cdk-lib this app runs with has no aws_eks_v2 module: upgrade aws-cdk-lib/,
    );
  });
});

test('a cluster class of the app, without the jsii name of an EKS module, is read by its shape', () => {
  const v1 = clusterNamed('my-platform.ProdCluster');
  Object.defineProperty(v1, 'kubectlLambdaRole', { value: undefined });
  const v2 = clusterNamed('my-platform.ProdCluster');
  const cdk = jest.requireActual('aws-cdk-lib');
  expect(clusterApply(inputFor(v1))!.clusters[0].manifestClass).toBe(cdk.aws_eks.KubernetesManifest);
  expect(clusterApply(inputFor(v2))!.clusters[0].manifestClass).toBe(cdk.aws_eks_v2.KubernetesManifest);
});
