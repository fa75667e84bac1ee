import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as eksv2 from 'aws-cdk-lib/aws-eks-v2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';
import { nagPacks } from '../../bin/example';
import { ApplyThroughClustersOptions, ClusterIdentity, CrossAccountSecretAccess, CrossAccountSecrets, WorkloadOptions } from '../../lib';
import { checkTemplates } from '../../lib/private/checks/check-templates';
import { newApp } from '../support/helpers';

// `applyThroughClusters`: the workload's Kubernetes objects applied through its clusters of the same app,
// with a KubernetesManifest of the cluster's module in the workload's stack, after the pod role. The
// objects are the ones the files hold, and they follow the grants.

const ENV = { account: '111111111111', region: 'eu-west-1' };
const MANIFEST = 'Custom::AWSCDK-EKS-KubernetesResource';
const LAYER_ARN = 'arn:aws:lambda:eu-west-1:111111111111:layer:kubectl:1';

type Module = 'aws_eks' | 'aws_eks_v2';

/** A cluster of `module` in a stack of its own, with a kubectl provider unless told otherwise. */
function clusterIn(app: App, module: Module, kubectl = true): IConstruct {
  // As `cdk init` sets it: an aws_eks_v2 cluster's OIDC provider is then the native resource, not the
  // deprecated custom resource.
  app.node.setContext('@aws-cdk/aws-eks:useNativeOidcProvider', true);
  const stack = new Stack(app, 'Cluster', { env: ENV });
  const layer = lambda.LayerVersion.fromLayerVersionArn(stack, 'Kubectl', LAYER_ARN);
  if (module === 'aws_eks') {
    return new eks.Cluster(stack, 'Prod', { version: eks.KubernetesVersion.V1_31, kubectlLayer: layer, defaultCapacity: 0 });
  }
  return new eksv2.Cluster(stack, 'Prod', {
    version: eksv2.KubernetesVersion.V1_32,
    ...(kubectl ? { kubectlProviderOptions: { kubectlLayer: layer } } : {}),
  });
}

/** A graph with one workload on the cluster, granted `secrets` secrets (db, cache, ...) in one account. */
function graph(
  options: { module?: Module; workload?: Partial<WorkloadOptions>; secrets?: number; kubectl?: boolean; deployAccounts?: string[] } = {},
) {
  const app = newApp();
  const cluster = clusterIn(app, options.module ?? 'aws_eks_v2', options.kubectl ?? true);
  const graph = new CrossAccountSecrets(app, 'Secrets', { deployAccounts: options.deployAccounts });
  const key = graph.addKey('Key', { account: '333333333333', region: 'eu-west-1', alias: 'k' });
  const api = graph.addWorkload('Api', {
    ...ENV,
    namespace: 'payments',
    serviceAccount: 'api',
    clusters: [cluster],
    applyThroughClusters: {},
    ...options.workload,
  });
  const names = ['db', 'cache', 'queue'].slice(0, options.secrets ?? 1);
  for (const name of names) graph.addSecret(name, { account: '222222222222', region: 'eu-west-1', secretName: name, key }).grantRead(api);
  return { app, graph, api, cluster };
}

/** The applied manifests of a template, by the last part of their logical ID's construct path. */
function applied(
  template: Record<string, any>,
): Array<{ id: string; objects: any[]; properties: Record<string, any>; dependsOn: string[] }> {
  return Object.entries<any>(template.Resources)
    .filter(([, r]) => r.Type === MANIFEST)
    .map(([id, r]) => ({
      id,
      objects: JSON.parse(resolveJoin(r.Properties.Manifest)),
      properties: r.Properties,
      dependsOn: r.DependsOn ?? [],
    }));
}

/** `Manifest` is a JSON string, or an Fn::Join of one around tokens; the tokens (none here) would be kept as text. */
function resolveJoin(value: unknown): string {
  if (typeof value === 'string') return value;
  const [sep, parts] = (value as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
  return parts.map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join(sep);
}

/** The objects without the prune label each KubernetesManifest adds. */
function withoutPruneLabel(objects: any[]): any[] {
  return objects.map((o) => ({
    ...o,
    metadata: {
      ...o.metadata,
      labels: Object.fromEntries(Object.entries<string>(o.metadata.labels).filter(([k]) => !k.startsWith('aws.cdk.eks/prune-'))),
    },
  }));
}

describe('applyThroughClusters', () => {
  test.each<Module>(['aws_eks_v2', 'aws_eks'])(
    'applies the ServiceAccount through an %s cluster, in the workload stack, after the pod role',
    (module) => {
      const { api, app } = graph({ module });
      const template = Template.fromStack(Stack.of(api)).toJSON();
      const manifests = applied(template);
      expect(manifests).toHaveLength(1);
      const [account] = manifests;
      expect(withoutPruneLabel(account.objects)).toEqual([
        {
          apiVersion: 'v1',
          kind: 'ServiceAccount',
          metadata: {
            name: 'api',
            namespace: 'payments',
            labels: { 'app.kubernetes.io/part-of': 'Secrets' },
            annotations: {
              'cdk-eks-cross-account-secrets/generated-by': 'cdk-eks-cross-account-secrets',
              'eks.amazonaws.com/role-arn': `arn:aws:iam::111111111111:role/eks-secrets/${api.roleName}`,
            },
          },
        },
      ]);
      const roleId = Object.keys(template.Resources).find((id) => template.Resources[id].Type === 'AWS::IAM::Role')!;
      expect(account.dependsOn).toContain(roleId);
      // Each module's own KubernetesManifest: aws_eks names the kubectl role, aws_eks_v2 its provider has it.
      expect(account.properties.RoleArn === undefined).toBe(module === 'aws_eks_v2');
      // `kubectl create`: an object that exists fails the deployment instead of being taken over.
      expect(account.properties.Overwrite).toBe(false);
      // The cluster's name comes from its own stack, in the same account and region.
      expect(JSON.stringify(account.properties.ClusterName)).toContain('Fn::ImportValue');
      // Not in the cluster's stack: a manifest there would make it wait for the workload stack, which waits for it.
      expect(Template.fromStack(app.node.findChild('Cluster') as Stack).findResources(MANIFEST)).toEqual({});
    },
  );

  test('the objects equal those of the files, and the consumers are applied after the ServiceAccount', () => {
    const { api, graph: g } = graph({
      workload: { applyThroughClusters: { secretProviderClass: true, externalSecrets: true } },
      secrets: 2,
    });
    const manifests = applied(Template.fromStack(Stack.of(api)).toJSON());
    const files = g.kubernetesManifests({ checkJob: false });
    expect(manifests.flatMap((m) => withoutPruneLabel(m.objects))).toEqual(files);
    // One manifest per object, so that CloudFormation creates, updates and deletes each on its own.
    expect(manifests.map((m) => m.objects.map((o) => `${o.kind} ${o.metadata.name}`))).toEqual([
      ['ServiceAccount api'],
      ['SecretProviderClass api-secrets'],
      ['SecretStore api-secretsmanager'],
      ['ExternalSecret api-db'],
      ['ExternalSecret api-cache'],
    ]);
    const [account, ...consumers] = manifests;
    for (const consumer of consumers) expect(consumer.dependsOn).toContain(account.id);
  });

  test('a secret granted later is in the applied objects, under the same logical IDs', () => {
    const before = graph({ workload: { applyThroughClusters: { secretProviderClass: true } }, secrets: 1 });
    const after = graph({ workload: { applyThroughClusters: { secretProviderClass: true } }, secrets: 3 });
    const ids = (g: ReturnType<typeof graph>) => applied(Template.fromStack(Stack.of(g.api)).toJSON()).map((m) => m.id);
    expect(ids(after)).toEqual(ids(before));
    const [, classes] = applied(Template.fromStack(Stack.of(after.api)).toJSON());
    expect(classes.objects[0].spec.parameters.objects).toContain(':secret:db\n');
    expect(classes.objects[0].spec.parameters.objects).toContain(':secret:queue\n');
  });

  test("a secret's own object comes and goes with its grant: a manifest of its own, named by kind and name", () => {
    const ids = (secrets: number) =>
      applied(
        Template.fromStack(Stack.of(graph({ workload: { applyThroughClusters: { externalSecrets: true } }, secrets }).api)).toJSON(),
      ).map((m) => m.id.replace(/[0-9A-F]{8}$/, ''));
    const [one, two] = [ids(1), ids(2)];
    expect(two).toEqual([...one, expect.stringMatching(/ExternalSecretapicache$/)]);
  });

  test('with EKS Pod Identity on its clusters, a workload that also trusts an issuer given as text gets Pod Identity objects there', () => {
    const { api } = graph({
      workload: {
        clusterIdentity: ClusterIdentity.POD_IDENTITY,
        oidcIssuers: ['https://oidc.eks.eu-west-1.amazonaws.com/id/OTHER'],
        applyThroughClusters: { secretProviderClass: true },
      },
    });
    const [account, classes] = applied(Template.fromStack(Stack.of(api)).toJSON());
    expect(account.objects[0].metadata.annotations['eks.amazonaws.com/role-arn']).toBeUndefined();
    expect(classes.objects[0].spec.parameters.usePodIdentity).toBe('true');
  });

  test('with EKS Pod Identity the ServiceAccount has no role annotation, and waits for the association', () => {
    const { api } = graph({ workload: { clusterIdentity: ClusterIdentity.POD_IDENTITY } });
    const template = Template.fromStack(Stack.of(api)).toJSON();
    const [account] = applied(template);
    expect(account.objects[0].metadata.annotations['eks.amazonaws.com/role-arn']).toBeUndefined();
    const association = Object.keys(template.Resources).find((id) => template.Resources[id].Type === 'AWS::EKS::PodIdentityAssociation')!;
    expect(account.dependsOn).toContain(association);
  });

  test('a workload on two clusters (blue/green) gets its objects applied through each, by that cluster', () => {
    const app = newApp();
    app.node.setContext('@aws-cdk/aws-eks:useNativeOidcProvider', true);
    const stack = new Stack(app, 'Cluster', { env: ENV });
    const kubectlLayer = lambda.LayerVersion.fromLayerVersionArn(stack, 'Kubectl', LAYER_ARN);
    const [blue, green] = ['Blue', 'Green'].map(
      (id) => new eksv2.Cluster(stack, id, { version: eksv2.KubernetesVersion.V1_32, kubectlProviderOptions: { kubectlLayer } }),
    );
    const graph = new CrossAccountSecrets(app, 'Secrets');
    const key = graph.addKey('Key', { account: '333333333333', region: 'eu-west-1', alias: 'k' });
    const api = graph.addWorkload('Api', {
      ...ENV,
      namespace: 'payments',
      serviceAccount: 'api',
      clusters: [blue, green],
      applyThroughClusters: {},
    });
    graph.addSecret('Db', { account: '222222222222', region: 'eu-west-1', secretName: 'db', key }).grantRead(api);
    const manifests = applied(Template.fromStack(Stack.of(api)).toJSON());
    expect(manifests.map((m) => m.objects.map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`))).toEqual([
      ['ServiceAccount payments/api'],
      ['ServiceAccount payments/api'],
    ]);
    // Each through its own cluster: the names refer to the two clusters' outputs.
    const clusterNames = manifests.map((m) => JSON.stringify(m.properties.ClusterName));
    expect(clusterNames[0]).toContain('Blue');
    expect(clusterNames[1]).toContain('Green');
  });

  test('overwrite: true takes over objects that exist (kubectl apply)', () => {
    const { api } = graph({ workload: { applyThroughClusters: { overwrite: true } } });
    expect(applied(Template.fromStack(Stack.of(api)).toJSON())[0].properties.Overwrite).toBe(true);
  });

  test('the one-of-each construct applies through its workload cluster too, with the label of its files', () => {
    const app = newApp();
    const cluster = clusterIn(app, 'aws_eks_v2');
    const access = new CrossAccountSecretAccess(app, 'Payments', {
      workload: {
        ...ENV,
        namespace: 'payments',
        serviceAccount: 'api',
        clusters: [cluster],
        applyThroughClusters: { secretProviderClass: true },
      },
      secret: { account: '222222222222', region: 'eu-west-1', secretName: 'db' },
      key: { account: '333333333333', alias: 'k' },
    });
    const manifests = applied(Template.fromStack(access.workloadStack).toJSON());
    const objects = manifests.flatMap((m) => withoutPruneLabel(m.objects));
    expect(objects).toEqual(access.kubernetesManifests({ externalSecrets: false, checkJob: false }));
  });

  test("an app that deploys other accounts than the workload's applies nothing, and leaves the cluster's stack alone", () => {
    const { app, api } = graph({ deployAccounts: ['333333333333'] });
    // The workload's stack is built apart and never synthesized: no manifests are made there at all.
    expect(api.node.tryFindChild('ClusterObjects')).toBeUndefined();
    const assembly = app.synth();
    const stacks = assembly.stacks.map((s) => s.template as Record<string, any>);
    expect(stacks.flatMap((t) => Object.values<any>(t.Resources ?? {})).filter((r) => r.Type === MANIFEST)).toEqual([]);
    expect(assembly.getStackByName('Cluster').template.Outputs ?? {}).toEqual({});
  });

  test.each([ClusterIdentity.IRSA, ClusterIdentity.POD_IDENTITY])(
    "%s: the workload stack with its applied objects passes the library's checks and every cdk-nag pack",
    (clusterIdentity) => {
      const consumers = { secretProviderClass: true, externalSecrets: clusterIdentity === ClusterIdentity.IRSA };
      const { api, app } = graph({ workload: { clusterIdentity, applyThroughClusters: consumers }, secrets: 2 });
      const stack = Stack.of(api);
      expect(applied(Template.fromStack(stack).toJSON())).toHaveLength(clusterIdentity === ClusterIdentity.IRSA ? 5 : 2);
      const input = { name: stack.stackName, template: Template.fromStack(stack).toJSON(), account: stack.account, region: stack.region };
      expect(checkTemplates([input])).toEqual([]);
      const violations = nagPacks(app).flatMap((pack) =>
        pack.validateScope(stack).violations.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.resourceLogicalId).join(' ')}`),
      );
      expect(violations).toEqual([]);
    },
  );

  test('nothing is applied without the option', () => {
    const { api } = graph({ workload: { applyThroughClusters: undefined } });
    expect(applied(Template.fromStack(Stack.of(api)).toJSON())).toEqual([]);
  });
});

describe('applyThroughClusters refuses', () => {
  const cases: Array<[string, () => unknown, RegExp]> = [
    [
      'without clusters given as constructs',
      () => graph({ workload: { clusters: undefined, oidcIssuers: ['oidc.eks.eu-west-1.amazonaws.com/id/ABC'] } }),
      /`applyThroughClusters` needs `clusters`/,
    ],
    [
      'an option it does not know',
      () => graph({ workload: { applyThroughClusters: { serviceAcount: true } as ApplyThroughClustersOptions } }),
      /applyThroughClusters.*serviceAcount/,
    ],
    [
      'applying nothing',
      () => graph({ workload: { applyThroughClusters: { serviceAccount: false } } }),
      /`applyThroughClusters` applies nothing/,
    ],
    [
      'a flag that is not a boolean',
      () => graph({ workload: { applyThroughClusters: { overwrite: 'yes' as unknown as boolean } } }),
      /applyThroughClusters\.overwrite/,
    ],
    [
      'External Secrets for a workload that uses EKS Pod Identity only',
      () => graph({ workload: { clusterIdentity: ClusterIdentity.POD_IDENTITY, applyThroughClusters: { externalSecrets: true } } }),
      /`applyThroughClusters.externalSecrets` is true, but `clusterIdentity` is POD_IDENTITY/,
    ],
    [
      'the one-of-each construct, naming its props, without clusters given as constructs',
      () =>
        new CrossAccountSecretAccess(newApp(), 'Payments', {
          workload: {
            ...ENV,
            namespace: 'payments',
            serviceAccount: 'api',
            oidcIssuers: ['oidc.eks.eu-west-1.amazonaws.com/id/ABC'],
            applyThroughClusters: {},
          },
          secret: { account: '222222222222', region: 'eu-west-1', secretName: 'db' },
          key: { account: '333333333333', alias: 'k' },
        }),
      /\[Payments\/Workload\] `workload.applyThroughClusters` needs `workload.clusters`/,
    ],
    [
      'a value that is not an object',
      () => graph({ workload: { applyThroughClusters: true as unknown as ApplyThroughClustersOptions } }),
      /applyThroughClusters/,
    ],
    [
      'External Secrets with EKS Pod Identity, in an app that does not deploy the workload account too',
      () =>
        graph({
          deployAccounts: ['333333333333'],
          workload: { clusterIdentity: ClusterIdentity.POD_IDENTITY, applyThroughClusters: { externalSecrets: true } },
        }),
      /`applyThroughClusters.externalSecrets` is true, but `clusterIdentity` is POD_IDENTITY/,
    ],
    [
      'the same cluster twice',
      () => {
        const app = newApp();
        const cluster = clusterIn(app, 'aws_eks_v2');
        new CrossAccountSecrets(app, 'Secrets').addWorkload('Api', {
          ...ENV,
          namespace: 'payments',
          serviceAccount: 'api',
          clusters: [cluster, cluster],
          applyThroughClusters: {},
        });
      },
      /\[Secrets\/Api\] `clusters\[1\]` "Cluster\/Prod" is also `clusters\[0\]`: give each cluster once/,
    ],
    [
      'a second workload applying the same service account through the cluster',
      () => {
        const { graph: g, cluster } = graph();
        g.addWorkload('Api2', {
          ...ENV,
          namespace: 'payments',
          serviceAccount: 'api',
          roleName: 'other',
          clusters: [cluster],
          applyThroughClusters: {},
        });
      },
      /\[Secrets\/Api2\] `clusters\[0\]` "Cluster\/Prod" already has service account payments\/api applied through it, by Secrets\/Api: a service account is bound to one role/,
    ],
    [
      'an aws_eks_v2 cluster without a kubectl provider',
      () => graph({ kubectl: false }),
      /clusters\[0\].*has no kubectl provider.*kubectlProviderOptions/,
    ],
  ];
  test.each(cases)('%s', (_name, build, message) => {
    expect(build).toThrow(message);
  });
});
