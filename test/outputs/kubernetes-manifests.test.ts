import { parse, parseAllDocuments } from 'yaml';
import { CrossAccountSecretAccess, CrossAccountSecretAccessProps, ExternalSecretsApiVersion, KubernetesManifestsOptions } from '../../lib';
import { modelFromAccessProps } from '../../lib/private/build/from-access-props';
import { GrantModel, SecretModel, WorkloadModel } from '../../lib/private/model/model';
import { manifestFiles } from '../../lib/private/outputs/kubernetes-manifests';
import { manifestSettings } from '../../lib/private/outputs/manifest-settings';
import { newApp, withProps } from '../support/helpers';
import { validateManifest } from '../support/manifest-schemas';

const PARTIAL_ARN = 'arn:aws:secretsmanager:eu-west-1:222222222222:secret:testsecret';
const POD_IDENTITY = withProps({ workload: { oidcIssuers: undefined, podIdentity: { clusterName: 'prod' } } });

/** The construct only: manifests need no synthesis. */
function access(props: CrossAccountSecretAccessProps = withProps({})): CrossAccountSecretAccess {
  return new CrossAccountSecretAccess(newApp(), 'TestApp', props);
}

function byKind(manifests: Array<Record<string, any>>, kind: string): Array<Record<string, any>> {
  return manifests.filter((m) => m.kind === kind);
}
function onlyKind(manifests: Array<Record<string, any>>, kind: string): Record<string, any> {
  const found = byKind(manifests, kind);
  if (found.length !== 1) throw new Error(`expected one ${kind}, found ${found.length}`);
  return found[0];
}

/** Files parsed back from their YAML, as `kubectl apply -f` reads them. */
function parsedFiles(props = withProps({}), options: KubernetesManifestsOptions = {}): Record<string, any[]> {
  const files = access(props).kubernetesManifestFiles(options);
  return Object.fromEntries(Object.entries(files).map(([name, yaml]) => [name, parseAllDocuments(yaml).map((d) => d.toJSON())]));
}

// Each file holds the objects of one consumer: the API groups a cluster must serve to apply it.
const FILE_GROUPS: Record<string, string[]> = {
  'service-accounts.yaml': ['v1'],
  'secrets-store-csi-driver.yaml': ['secrets-store.csi.x-k8s.io/v1'],
  'external-secrets.yaml': ['external-secrets.io/v1', 'external-secrets.io/v1beta1'],
  'secret-check.yaml': ['batch/v1'],
};

describe.each([
  ['IRSA', 'external-secrets.io/v1', withProps({}), ExternalSecretsApiVersion.V1],
  ['IRSA', 'external-secrets.io/v1beta1', withProps({}), ExternalSecretsApiVersion.V1BETA1],
  ['EKS Pod Identity', '(no External Secrets)', POD_IDENTITY, ExternalSecretsApiVersion.V1],
])('manifest files with %s, %s', (identity, _version, props, externalSecretsApiVersion) => {
  const files = parsedFiles(props, { externalSecretsApiVersion });

  test('are one file per consumer, each with only its own API groups, so each applies on its own', () => {
    const expected = ['service-accounts.yaml', 'secrets-store-csi-driver.yaml', 'external-secrets.yaml', 'secret-check.yaml'];
    expect(Object.keys(files)).toEqual(identity === 'IRSA' ? expected : expected.filter((f) => f !== 'external-secrets.yaml'));
    for (const [name, objects] of Object.entries(files)) {
      for (const object of objects) expect(FILE_GROUPS[name]).toContain(object.apiVersion);
    }
  });

  test("every object of every file matches its project's published schema", () => {
    const all = Object.values(files).flat();
    expect(all.length).toBeGreaterThanOrEqual(identity === 'IRSA' ? 5 : 3);
    for (const object of all) expect(() => validateManifest(object)).not.toThrow();
  });

  test('External Secrets objects use the chosen API version', () => {
    for (const object of files['external-secrets.yaml'] ?? []) expect(object.apiVersion).toBe(externalSecretsApiVersion);
  });
});

describe('the schemas can fail: a broken object of each kind is rejected', () => {
  const files = parsedFiles(withProps({}), { externalSecretsApiVersion: ExternalSecretsApiVersion.V1BETA1 });
  const [sa] = files['service-accounts.yaml'];
  const [spc] = files['secrets-store-csi-driver.yaml'];
  const [store, external] = files['external-secrets.yaml'];
  const [job] = files['secret-check.yaml'];
  const withParameters = (parameters: Record<string, unknown>) => ({ ...spc, spec: { ...spc.spec, parameters } });

  test.each<[string, any, RegExp]>([
    ['a ServiceAccount with a non-boolean field', { ...sa, automountServiceAccountToken: 'yes' }, /boolean/],
    ['a Job without containers', { ...job, spec: { ...job.spec, template: { spec: { restartPolicy: 'Never' } } } }, /containers/],
    [
      'a SecretStore with a misspelt service',
      { ...store, spec: { provider: { aws: { service: 'SecretManager', region: 'eu-west-1' } } } },
      /allowed values/,
    ],
    [
      'a v1 object checked as v1',
      { ...external, apiVersion: 'external-secrets.io/v1', spec: { ...external.spec, data: [{}] } },
      /secretKey/,
    ],
    ['a SecretProviderClass with a boolean parameter', withParameters({ ...spc.spec.parameters, usePodIdentity: true }), /string/],
    [
      'a SecretProviderClass with an unknown parameter',
      withParameters({ ...spc.spec.parameters, usepodidentity: 'true' }),
      /additional properties/,
    ],
    [
      'an objects entry with an unknown key',
      withParameters({ ...spc.spec.parameters, objects: '- objectName: x\n  objectType: secretsmanager\n  alias: x\n' }),
      /additional properties/,
    ],
    [
      'an objects ARN in another region',
      withParameters({ ...spc.spec.parameters, objects: `- objectName: ${PARTIAL_ARN.replace('eu-west-1', 'us-east-1')}\n` }),
      /ARN region must match region eu-west-1/,
    ],
    [
      'duplicate aliases',
      withParameters({
        ...spc.spec.parameters,
        objects: `- {objectName: ${PARTIAL_ARN}, objectAlias: a}\n- {objectName: ${PARTIAL_ARN}x, objectAlias: a}\n`,
      }),
      /duplicate object alias a/,
    ],
    ['an object name over 63 characters', { ...sa, metadata: { ...sa.metadata, name: 'a'.repeat(64) } }, /not a DNS-1123 label/],
  ])('%s', (_name, object, message) => {
    expect(() => validateManifest(object)).toThrow(message);
  });
});

describe('Kubernetes manifests of the example', () => {
  const manifests = access().kubernetesManifests();

  test('are a ServiceAccount, SecretProviderClass, SecretStore, ExternalSecret and check Job, and the YAML says the same', () => {
    expect(manifests.map((m) => m.kind)).toEqual(['ServiceAccount', 'SecretProviderClass', 'SecretStore', 'ExternalSecret', 'Job']);
    expect(parseAllDocuments(access().kubernetesManifestsYaml()).map((d) => d.toJSON())).toEqual(manifests);
  });

  test('the ServiceAccount carries the IRSA role annotation in its namespace', () => {
    expect(onlyKind(manifests, 'ServiceAccount').metadata).toMatchObject({
      name: 'testapp',
      namespace: 'testnamespace',
      annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::111111111111:role/eks-secrets/pod-role' },
    });
  });

  test('labels say what is true: the setup the objects are part of, and an annotation names the generator; no managed-by', () => {
    for (const manifest of manifests) {
      expect(manifest.metadata.labels).toEqual({ 'app.kubernetes.io/part-of': 'TestApp' });
      expect(manifest.metadata.annotations['cdk-eks-cross-account-secrets/generated-by']).toBe('cdk-eks-cross-account-secrets');
    }
    expect(JSON.stringify(manifests)).not.toContain('managed-by');
  });

  test('every manifest addresses the secret by its partial ARN, never by name alone', () => {
    const spc = onlyKind(manifests, 'SecretProviderClass');
    expect(parse(spc.spec.parameters.objects)).toEqual([
      { objectName: PARTIAL_ARN, objectType: 'secretsmanager', objectAlias: 'testsecret' },
    ]);
    expect(spc.spec.parameters.region).toBe('eu-west-1');
    expect(onlyKind(manifests, 'ExternalSecret').spec.data).toEqual([{ secretKey: 'value', remoteRef: { key: PARTIAL_ARN } }]);
    expect(onlyKind(manifests, 'Job').spec.template.spec.containers[0].command).toContain(PARTIAL_ARN);
  });

  test('the SecretStore authenticates as the workload service account (IRSA) in the secret region', () => {
    expect(onlyKind(manifests, 'SecretStore').spec.provider.aws).toEqual({
      service: 'SecretsManager',
      region: 'eu-west-1',
      auth: { jwt: { serviceAccountRef: { name: 'testapp' } } },
    });
  });

  test('the check Job runs as the service account, unprivileged, finishes, is deleted after, and prints only the version ID', () => {
    const job = onlyKind(manifests, 'Job');
    expect(job.spec).toMatchObject({ backoffLimit: 1, activeDeadlineSeconds: 300, ttlSecondsAfterFinished: 600 });
    const pod = job.spec.template.spec;
    expect(pod).toMatchObject({ serviceAccountName: 'testapp', restartPolicy: 'Never', securityContext: { runAsNonRoot: true } });
    expect(pod.volumes).toBeUndefined();
    expect(pod.containers[0].securityContext).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(pod.containers[0].command.slice(-4)).toEqual(['--query', 'VersionId', '--output', 'text']);
  });

  test('each consumer can be turned off', () => {
    expect(Object.keys(access().kubernetesManifestFiles({ secretProviderClass: false, externalSecrets: false }))).toEqual([
      'service-accounts.yaml',
      'secret-check.yaml',
    ]);
    expect(
      access()
        .kubernetesManifests({ serviceAccount: false, checkJob: false })
        .map((m) => m.kind),
    ).toEqual(['SecretProviderClass', 'SecretStore', 'ExternalSecret']);
  });

  test('each file starts with a comment saying what it needs', () => {
    const files = access().kubernetesManifestFiles();
    expect(files['secrets-store-csi-driver.yaml']).toMatch(
      /^# SecretProviderClasses\. Needs the Secrets Store CSI driver and its AWS provider\.\n/,
    );
    expect(files['external-secrets.yaml']).toMatch(
      /^# SecretStores and ExternalSecrets \(external-secrets.io\/v1\)\. Needs External Secrets Operator\.\n/,
    );
  });

  test('object names derived from secret names with paths are valid Kubernetes names', () => {
    const files = parsedFiles(withProps({ secret: { secretName: 'Team/DB_password+1' } }));
    expect(parse(files['secrets-store-csi-driver.yaml'][0].spec.parameters.objects)[0].objectAlias).toBe('team-db-password-1');
    for (const object of Object.values(files).flat()) expect(() => validateManifest(object)).not.toThrow();
  });
});

describe('Kubernetes manifests with EKS Pod Identity', () => {
  const manifests = access(POD_IDENTITY).kubernetesManifests();

  test('the ServiceAccount has no role annotation', () => {
    expect(onlyKind(manifests, 'ServiceAccount').metadata.annotations['eks.amazonaws.com/role-arn']).toBeUndefined();
  });

  test('the SecretProviderClass uses Pod Identity', () => {
    expect(onlyKind(manifests, 'SecretProviderClass').spec.parameters.usePodIdentity).toBe('true');
  });

  test('no External Secrets manifests by default', () => {
    expect(manifests.map((m) => m.kind)).toEqual(['ServiceAccount', 'SecretProviderClass', 'Job']);
  });
});

describe('manifests for many grants', () => {
  // Two workloads and three secrets: the first workload reads two secrets of one name in two accounts
  // and a third in another region; the second workload reads one of them.
  const seed = modelFromAccessProps('Test', withProps({}));
  const [api, db] = [seed.workloads[0], seed.secrets[0]];
  const worker: WorkloadModel = { ...api, serviceAccount: 'worker', roleName: 'worker-role' };
  const dbElsewhere: SecretModel = { ...db, account: '444444444444' };
  const inUsEast: SecretModel = { ...db, name: 'payments/api-key', region: 'us-east-1' };
  const grants: GrantModel[] = [
    { workload: api, secret: db },
    { workload: api, secret: dbElsewhere },
    { workload: api, secret: inUsEast },
    { workload: worker, secret: db },
    { workload: api, secret: db }, // a repeated grant changes nothing
  ];
  const files = manifestFiles('Test', grants, manifestSettings('Test', {}, 'TestApp'));
  const all = files.flatMap((f) => f.objects) as Array<Record<string, any>>;

  test('one ServiceAccount and one check Job per workload, never duplicated', () => {
    expect(byKind(all, 'ServiceAccount').map((sa) => sa.metadata.name)).toEqual(['testapp', 'worker']);
    expect(byKind(all, 'Job').map((job) => job.metadata.name)).toEqual(['testapp-secret-check', 'worker-secret-check']);
  });

  test('one SecretProviderClass per workload and region, listing each of its secrets once with distinct aliases', () => {
    const classes = byKind(all, 'SecretProviderClass');
    expect(classes.map((c) => [c.metadata.name, c.spec.parameters.region])).toEqual([
      ['testapp-secrets-eu-west-1', 'eu-west-1'],
      ['testapp-secrets-us-east-1', 'us-east-1'],
      ['worker-secrets', 'eu-west-1'],
    ]);
    expect(parse(classes[0].spec.parameters.objects)).toEqual([
      { objectName: PARTIAL_ARN, objectType: 'secretsmanager', objectAlias: 'testsecret' },
      { objectName: PARTIAL_ARN.replace('222222222222', '444444444444'), objectType: 'secretsmanager', objectAlias: 'testsecret-2' },
    ]);
  });

  test('one SecretStore per workload and region, one ExternalSecret per workload and secret', () => {
    expect(byKind(all, 'SecretStore').map((s) => s.metadata.name)).toEqual([
      'testapp-secretsmanager-eu-west-1',
      'testapp-secretsmanager-us-east-1',
      'worker-secretsmanager',
    ]);
    expect(byKind(all, 'ExternalSecret').map((e) => [e.metadata.name, e.spec.secretStoreRef.name])).toEqual([
      ['testapp-testsecret', 'testapp-secretsmanager-eu-west-1'],
      ['testapp-testsecret-2', 'testapp-secretsmanager-eu-west-1'],
      ['testapp-payments-api-key', 'testapp-secretsmanager-us-east-1'],
      ['worker-testsecret', 'worker-secretsmanager'],
    ]);
  });

  test('the check Job reads each secret of its workload in its own container and region', () => {
    const [job] = byKind(all, 'Job');
    expect(job.spec.template.spec.containers.map((c: any) => [c.name, c.command[4], c.command[6]])).toEqual([
      ['read-testsecret', PARTIAL_ARN, 'eu-west-1'],
      ['read-testsecret-2', PARTIAL_ARN.replace('222222222222', '444444444444'), 'eu-west-1'],
      ['read-payments-api-key', 'arn:aws:secretsmanager:us-east-1:222222222222:secret:payments/api-key', 'us-east-1'],
    ]);
  });

  test('every object matches its schema', () => {
    for (const object of all) expect(() => validateManifest(object)).not.toThrow();
  });

  test('one service account given two roles is an error that says why', () => {
    const twice = [...grants, { workload: { ...api, roleName: 'another-role' }, secret: db }];
    expect(() => manifestFiles('Test', twice, manifestSettings('Test', {}, 'TestApp'))).toThrow(
      '[Test] service account testnamespace/testapp in account 111111111111 (eu-west-1) is given two roles, "pod-role" and "another-role": a service account is bound to one role; use one workload per service account.',
    );
  });

  test('a Pod Identity workload gets usePodIdentity, an IRSA one does not', () => {
    const pod: WorkloadModel = { ...worker, oidcIssuers: [], podIdentityClusters: ['prod'] };
    const mixed = [grants[0], { workload: pod, secret: db }];
    const classes = manifestFiles('Test', mixed, manifestSettings('Test', { externalSecrets: false }, 'TestApp'))[1].objects as any[];
    expect(classes.map((c) => c.spec.parameters.usePodIdentity)).toEqual([undefined, 'true']);
  });
});
