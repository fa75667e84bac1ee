import { ExternalSecret, SecretStore } from '@kubernetes-models/external-secrets/external-secrets.io/v1beta1';
import Ajv from 'ajv';
import { Pod, ServiceAccount } from 'kubernetes-models/v1';
import { parse, parseAllDocuments } from 'yaml';
import { synthesize, withProps } from './helpers';

const PARTIAL_ARN = 'arn:aws:secretsmanager:eu-west-1:222222222222:secret:testsecret';
const POD_IDENTITY = withProps({ workload: { oidcIssuer: undefined, podIdentity: { clusterName: 'prod' } } });

function byKind(manifests: Array<Record<string, any>>, kind: string): Record<string, any> {
  const found = manifests.filter((m) => m.kind === kind);
  if (found.length !== 1) throw new Error(`expected one ${kind}, found ${found.length}`);
  return found[0];
}

// External Secrets Operator serves external-secrets.io/v1 since v0.17, with the v1beta1 schema unchanged
// ("the only change needed is ... removing the beta1"); the CommonJS models package has v1beta1 only.
const asV1beta1 = (manifest: Record<string, any>): any => ({ ...manifest, apiVersion: 'external-secrets.io/v1beta1' });

// No published schema or models package exists for SecretProviderClass; this schema is hand-written from
// the AWS provider's documentation (provider "aws", string-valued parameters, `objects` a YAML list).
const ajv = new Ajv({ allErrors: true, strict: false });
const secretProviderClassSchema = ajv.compile({
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: { const: 'secrets-store.csi.x-k8s.io/v1' },
    kind: { const: 'SecretProviderClass' },
    metadata: { type: 'object', required: ['name', 'namespace'] },
    spec: {
      type: 'object',
      required: ['provider', 'parameters'],
      properties: {
        provider: { const: 'aws' },
        parameters: {
          type: 'object',
          required: ['objects'],
          additionalProperties: { type: 'string' },
          properties: { usePodIdentity: { enum: ['true', 'false'] } },
        },
      },
    },
  },
});
const objectsSchema = ajv.compile({
  type: 'array',
  minItems: 1,
  items: {
    type: 'object',
    required: ['objectName', 'objectType'],
    additionalProperties: false,
    properties: {
      objectName: { type: 'string', pattern: '^arn:' },
      objectType: { const: 'secretsmanager' },
      objectAlias: { type: 'string' },
    },
  },
});

function validateSecretProviderClass(manifest: Record<string, any>): void {
  if (!secretProviderClassSchema(manifest)) throw new Error(ajv.errorsText(secretProviderClassSchema.errors));
  const objects = parse(manifest.spec.parameters.objects);
  if (!objectsSchema(objects)) throw new Error(`objects: ${ajv.errorsText(objectsSchema.errors)}`);
}

describe('Kubernetes manifests', () => {
  const manifests = synthesize().access.kubernetesManifests();
  // What `kubectl apply` reads: the YAML, parsed back.
  const fromYaml = parseAllDocuments(synthesize().access.kubernetesManifestsYaml()).map((d) => d.toJSON());

  test('are a ServiceAccount, SecretProviderClass, SecretStore, ExternalSecret and Pod, and the YAML says the same', () => {
    expect(manifests.map((m) => m.kind)).toEqual(['ServiceAccount', 'SecretProviderClass', 'SecretStore', 'ExternalSecret', 'Pod']);
    expect(fromYaml).toEqual(manifests);
  });

  test('are valid against the Kubernetes and External Secrets schemas', () => {
    expect(() => new ServiceAccount(byKind(fromYaml, 'ServiceAccount')).validate()).not.toThrow();
    expect(() => new Pod(byKind(fromYaml, 'Pod')).validate()).not.toThrow();
    expect(() => new SecretStore(asV1beta1(byKind(fromYaml, 'SecretStore'))).validate()).not.toThrow();
    expect(() => new ExternalSecret(asV1beta1(byKind(fromYaml, 'ExternalSecret'))).validate()).not.toThrow();
    expect(() => validateSecretProviderClass(byKind(fromYaml, 'SecretProviderClass'))).not.toThrow();
  });

  test('the validators can fail: a broken manifest of each kind is rejected', () => {
    const pod = byKind(fromYaml, 'Pod');
    expect(() => new Pod({ ...pod, spec: { ...pod.spec, containers: undefined } }).validate()).toThrow(/containers/);
    const sa = byKind(fromYaml, 'ServiceAccount');
    expect(() => new ServiceAccount({ ...sa, automountServiceAccountToken: 'yes' } as any).validate()).toThrow(/boolean/);
    const store = asV1beta1(byKind(fromYaml, 'SecretStore'));
    expect(() =>
      new SecretStore({ ...store, spec: { provider: { aws: { service: 'SecretManager', region: 'eu-west-1' } } } }).validate(),
    ).toThrow();
    const spc = byKind(fromYaml, 'SecretProviderClass');
    expect(() =>
      validateSecretProviderClass({ ...spc, spec: { ...spc.spec, parameters: { ...spc.spec.parameters, usePodIdentity: true } } }),
    ).toThrow();
    expect(() =>
      validateSecretProviderClass({
        ...spc,
        spec: { ...spc.spec, parameters: { objects: '- objectName: testsecret\n  objectType: secretsmanager\n' } },
      }),
    ).toThrow(/pattern/);
  });

  test('the ServiceAccount carries the IRSA role annotation in its namespace', () => {
    expect(byKind(manifests, 'ServiceAccount').metadata).toMatchObject({
      name: 'testapp',
      namespace: 'testnamespace',
      annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::111111111111:role/eks-secrets/pod-role' },
    });
  });

  test('every manifest addresses the secret by its partial ARN, never by name alone', () => {
    const spc = byKind(manifests, 'SecretProviderClass');
    expect(parse(spc.spec.parameters.objects)).toEqual([
      { objectName: PARTIAL_ARN, objectType: 'secretsmanager', objectAlias: 'testsecret' },
    ]);
    expect(spc.spec.parameters.region).toBe('eu-west-1');
    expect(byKind(manifests, 'ExternalSecret').spec.data).toEqual([{ secretKey: 'value', remoteRef: { key: PARTIAL_ARN } }]);
    expect(byKind(manifests, 'Pod').spec.containers[0].command).toContain(PARTIAL_ARN);
  });

  test('the SecretStore authenticates as the workload service account (IRSA) in the secret region', () => {
    expect(byKind(manifests, 'SecretStore').spec.provider.aws).toEqual({
      service: 'SecretsManager',
      region: 'eu-west-1',
      auth: { jwt: { serviceAccountRef: { name: 'testapp' } } },
    });
  });

  test('the sample Pod runs as the service account, unprivileged, and mounts the SecretProviderClass', () => {
    const pod = byKind(manifests, 'Pod');
    expect(pod.metadata.namespace).toBe('testnamespace');
    expect(pod.spec.serviceAccountName).toBe('testapp');
    expect(pod.spec.securityContext.runAsNonRoot).toBe(true);
    expect(pod.spec.containers[0].securityContext).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(pod.spec.volumes[0].csi).toEqual({
      driver: 'secrets-store.csi.k8s.io',
      readOnly: true,
      volumeAttributes: { secretProviderClass: 'testsecret' },
    });
  });

  test('each can be turned off', () => {
    const { access } = synthesize();
    expect(access.kubernetesManifests({ secretProviderClass: false, externalSecrets: false }).map((m) => m.kind)).toEqual([
      'ServiceAccount',
      'Pod',
    ]);
    expect(access.kubernetesManifests({ serviceAccount: false, samplePod: false }).map((m) => m.kind)).toEqual([
      'SecretProviderClass',
      'SecretStore',
      'ExternalSecret',
    ]);
    const pod = byKind(access.kubernetesManifests({ secretProviderClass: false }), 'Pod');
    expect(pod.spec.volumes).toBeUndefined();
  });

  test('object names derived from secret names with paths are valid Kubernetes names', () => {
    const manifests = synthesize(withProps({ secret: { secretName: 'Team/DB_password+1' } })).access.kubernetesManifests();
    expect(byKind(manifests, 'SecretProviderClass').metadata.name).toBe('team-db-password-1');
    expect(() => validateSecretProviderClass(byKind(manifests, 'SecretProviderClass'))).not.toThrow();
  });
});

describe('Kubernetes manifests with EKS Pod Identity', () => {
  const manifests = synthesize(POD_IDENTITY).access.kubernetesManifests();

  test('the ServiceAccount has no role annotation', () => {
    expect(byKind(manifests, 'ServiceAccount').metadata.annotations).toBeUndefined();
    expect(() => new ServiceAccount(byKind(manifests, 'ServiceAccount')).validate()).not.toThrow();
  });

  test('the SecretProviderClass uses Pod Identity', () => {
    const spc = byKind(manifests, 'SecretProviderClass');
    expect(spc.spec.parameters.usePodIdentity).toBe('true');
    expect(() => validateSecretProviderClass(spc)).not.toThrow();
  });

  test('no External Secrets manifests by default, and asking for them is an error that says why', () => {
    expect(manifests.map((m) => m.kind)).toEqual(['ServiceAccount', 'SecretProviderClass', 'Pod']);
    expect(() => synthesize(POD_IDENTITY).access.kubernetesManifests({ externalSecrets: true })).toThrow(
      /`externalSecrets` is true with EKS Pod Identity: External Secrets Operator would use its controller's identity/,
    );
  });
});
