import { isAlias, isNode, parseAllDocuments, visit } from 'yaml';
import { CrossAccountSecretAccess, CrossAccountSecrets } from '../../lib';
import { BLUE, exampleGraph } from '../support/graph';
import { newApp, seedProps } from '../support/helpers';
import { validateManifest } from '../support/manifest-schemas';

function kinds(objects: Array<Record<string, any>>, serviceAccount: string): string[] {
  return objects
    .filter((o) => (o.kind === 'Job' ? o.spec.template.spec.serviceAccountName : o.metadata.name.split('-')[0]) === serviceAccount)
    .map((o) => o.kind);
}

/** A graph whose workloads all use EKS Pod Identity only. */
function podIdentityGraph() {
  const secrets = new CrossAccountSecrets(newApp(), 'Secrets');
  const key = secrets.addKey('Key', { account: '333333333333', region: 'eu-west-1', alias: 'payments' });
  const db = secrets.addSecret('Db', { account: '222222222222', region: 'eu-west-1', secretName: 'payments/db', key });
  for (const name of ['worker', 'batch']) {
    const options = { account: '555555555555', region: 'eu-west-1', namespace: 'payments', serviceAccount: name };
    db.grantRead(secrets.addWorkload(name, { ...options, podIdentityClusters: ['prod'] }));
  }
  return secrets;
}

/** The YAML's anchors (`&a1`) and aliases (`*a1`), as the YAML parser sees them. */
function anchorsAndAliases(yaml: string): string[] {
  const found: string[] = [];
  for (const document of parseAllDocuments(yaml)) {
    visit(document, (_key, node) => {
      if (isAlias(node)) found.push(`*${node.source}`);
      else if (isNode(node) && node.anchor) found.push(`&${node.anchor}`);
    });
  }
  return found;
}

describe('a graph that mixes IRSA and EKS Pod Identity workloads', () => {
  const { secrets, api } = exampleGraph();
  const manifests = secrets.kubernetesManifests();

  test('the IRSA workload gets its SecretStore and ExternalSecrets, the Pod Identity workload none', () => {
    expect(kinds(manifests, 'api')).toEqual([
      'ServiceAccount',
      'SecretProviderClass',
      'SecretStore',
      'ExternalSecret',
      'ExternalSecret',
      'Job',
    ]);
    expect(kinds(manifests, 'worker')).toEqual(['ServiceAccount', 'SecretProviderClass', 'Job']);
  });

  test('each workload gets the ServiceAccount and SecretProviderClass of its own identity', () => {
    const of = (kind: string, name: string) => manifests.find((m) => m.kind === kind && m.metadata.name === name)!;
    expect(of('ServiceAccount', 'api').metadata.annotations['eks.amazonaws.com/role-arn']).toBe(api.roleArn);
    expect(of('ServiceAccount', 'worker').metadata.annotations['eks.amazonaws.com/role-arn']).toBeUndefined();
    expect(of('SecretProviderClass', 'api-secrets').spec.parameters.usePodIdentity).toBeUndefined();
    expect(of('SecretProviderClass', 'worker-secrets').spec.parameters.usePodIdentity).toBe('true');
    expect(of('SecretStore', 'api-secretsmanager').spec.provider.aws.auth).toEqual({ jwt: { serviceAccountRef: { name: 'api' } } });
  });

  test('asking for External Secrets objects gives them to the IRSA workload and does not throw', () => {
    expect(secrets.kubernetesManifests({ externalSecrets: true })).toEqual(manifests);
  });

  test('every object matches its schema', () => {
    for (const object of manifests) expect(() => validateManifest(object)).not.toThrow();
  });
});

describe('a graph whose workloads all use EKS Pod Identity', () => {
  test('gets no External Secrets file by default', () => {
    expect(Object.keys(podIdentityGraph().kubernetesManifestFiles())).toEqual([
      'service-accounts.yaml',
      'secrets-store-csi-driver.yaml',
      'secret-check.yaml',
    ]);
  });

  test('asking for External Secrets objects is an error that names each workload and says why', () => {
    expect(() => podIdentityGraph().kubernetesManifests({ externalSecrets: true })).toThrow(
      "[Secrets] `options.externalSecrets` is true, but no workload can use External Secrets Operator: payments/worker (account 555555555555), payments/batch (account 555555555555) use EKS Pod Identity only, and a SecretStore can act as a workload's service account only with IRSA (with Pod Identity the operator would read with its controller's identity, not the workload role); leave `options.externalSecrets` unset or false, or let a workload trust its cluster's OIDC issuer (IRSA).",
    );
  });
});

test('a workload trusted both ways, while it moves to Pod Identity, keeps its IRSA objects', () => {
  const { secrets, db } = exampleGraph();
  const options = { account: '666666666666', region: 'eu-west-1', namespace: 'payments', serviceAccount: 'moving' };
  const moving = secrets.addWorkload('Moving', { ...options, oidcIssuers: [BLUE], podIdentityClusters: ['prod'] });
  db.grantRead(moving);
  const manifests = secrets.kubernetesManifests();
  expect(kinds(manifests, 'moving')).toEqual(['ServiceAccount', 'SecretProviderClass', 'SecretStore', 'ExternalSecret', 'Job']);
  const account = manifests.find((m) => m.kind === 'ServiceAccount' && m.metadata.name === 'moving')!;
  expect(account.metadata.annotations['eks.amazonaws.com/role-arn']).toBe(moving.roleArn);
});

describe('kubernetesManifestFiles() of a graph', () => {
  const { secrets } = exampleGraph();
  const files = secrets.kubernetesManifestFiles();

  test('is one file per consumer, in the order to apply them', () => {
    expect(Object.keys(files)).toEqual([
      'service-accounts.yaml',
      'secrets-store-csi-driver.yaml',
      'external-secrets.yaml',
      'secret-check.yaml',
    ]);
  });

  test('holds, file after file, the objects of kubernetesManifests()', () => {
    const parsed = Object.values(files).flatMap((yaml) => parseAllDocuments(yaml).map((d) => d.toJSON()));
    expect(parsed).toEqual(secrets.kubernetesManifests());
  });

  test('each file starts with a comment saying what it needs', () => {
    expect(files['service-accounts.yaml']).toMatch(/^# The service accounts the workloads run as\. Needs only Kubernetes\.\n/);
    expect(files['external-secrets.yaml']).toMatch(/^# SecretStores and ExternalSecrets \(external-secrets\.io\/v1\)\./);
  });

  test('leaves out a consumer that is turned off, and checks its options', () => {
    expect(Object.keys(secrets.kubernetesManifestFiles({ externalSecrets: false, checkJob: false }))).toEqual([
      'service-accounts.yaml',
      'secrets-store-csi-driver.yaml',
    ]);
    expect(() => secrets.kubernetesManifestFiles({ checkjob: false } as any)).toThrow(
      '[Secrets] `options.checkjob` false is not a property of `options`: did you mean `checkJob`?',
    );
  });
});

describe('the YAML has no anchors or aliases', () => {
  // Every object carries the same labels, and each Job's pod template repeats its Job's labels.
  const { secrets } = exampleGraph();
  const access = new CrossAccountSecretAccess(newApp(), 'TestApp', seedProps());
  const texts: Array<[string, string]> = [
    ['the graph, one file', secrets.kubernetesManifestsYaml()],
    ...Object.entries(secrets.kubernetesManifestFiles()).map(([name, yaml]): [string, string] => [`the graph, ${name}`, yaml]),
    ['one of each, one file', access.kubernetesManifestsYaml()],
    ...Object.entries(access.kubernetesManifestFiles()).map(([name, yaml]): [string, string] => [`one of each, ${name}`, yaml]),
  ];

  test.each(texts)('%s', (_name, yaml) => {
    expect(anchorsAndAliases(yaml)).toEqual([]);
    expect(yaml).not.toMatch(/[&*]a\d/);
  });

  test('and parses back to the same objects, repeated labels included', () => {
    const parsed = parseAllDocuments(secrets.kubernetesManifestsYaml()).map((d) => d.toJSON());
    expect(parsed).toEqual(secrets.kubernetesManifests());
    const job = parsed.find((o) => o.kind === 'Job');
    expect(job.spec.template.metadata.labels).toEqual(job.metadata.labels);
  });

  test('the check can fail: YAML with an anchor is found', () => {
    expect(anchorsAndAliases('a: &a1 { x: 1 }\nb: *a1\n')).toEqual(['&a1', '*a1']);
  });
});
