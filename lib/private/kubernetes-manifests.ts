import { stringify } from 'yaml';
import type { KubernetesManifestsOptions } from '../kubernetes-manifests-options';
import { invalidUse } from './errors';
import { roleArn, secretPartialArn } from './identifiers';
import { GrantModel } from './model';

/** A Kubernetes object as plain data. */
export type Manifest = Record<string, unknown>;

const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'cdk-eks-cross-account-secrets' };

/** A DNS-1123 subdomain-safe, at most 63-character object name from a secret name (which may hold `/`, `_`, `+`, ...). */
export function kubernetesName(name: string): string {
  const cleaned = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return cleaned || 'secret';
}

/**
 * The cluster side of one grant: who the pod runs as, and how it reads the secret. Every manifest
 * addresses the secret by its partial ARN: a secret in another account cannot be read by name, and the
 * random suffix of the full ARN is unknown at synth time.
 */
export function grantManifests(grant: GrantModel, options: KubernetesManifestsOptions, externalSecrets: boolean): Manifest[] {
  const { workload, secret } = grant;
  const namespace = workload.namespace;
  const name = kubernetesName(secret.name);
  const arn = secretPartialArn(secret);
  // A workload that trusts IRSA keeps using it (a move to Pod Identity switches the manifests last).
  const podIdentity = workload.oidcIssuers.length === 0;
  const manifests: Manifest[] = [];

  if (options.serviceAccount ?? true) {
    manifests.push({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: {
        name: workload.serviceAccount,
        namespace,
        labels: MANAGED_BY,
        // With Pod Identity the AWS::EKS::PodIdentityAssociation binds the role; no annotation.
        ...(podIdentity ? {} : { annotations: { 'eks.amazonaws.com/role-arn': roleArn(workload) } }),
      },
    });
  }

  const secretProviderClass = options.secretProviderClass ?? true;
  if (secretProviderClass) {
    manifests.push({
      apiVersion: 'secrets-store.csi.x-k8s.io/v1',
      kind: 'SecretProviderClass',
      metadata: { name, namespace, labels: MANAGED_BY },
      spec: {
        provider: 'aws',
        parameters: {
          region: secret.region,
          // The provider's default is IRSA; "true" switches it to EKS Pod Identity.
          ...(podIdentity ? { usePodIdentity: 'true' } : {}),
          objects: stringify([{ objectName: arn, objectType: 'secretsmanager', objectAlias: name }], { lineWidth: 0 }),
        },
      },
    });
  }

  if (externalSecrets) {
    const store = `${kubernetesName(workload.serviceAccount)}-secretsmanager`.slice(0, 63);
    manifests.push(
      {
        apiVersion: 'external-secrets.io/v1',
        kind: 'SecretStore',
        metadata: { name: store, namespace, labels: MANAGED_BY },
        spec: {
          provider: {
            aws: {
              service: 'SecretsManager',
              region: secret.region,
              auth: { jwt: { serviceAccountRef: { name: workload.serviceAccount } } },
            },
          },
        },
      },
      {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        metadata: { name, namespace, labels: MANAGED_BY },
        spec: {
          refreshInterval: '1h',
          secretStoreRef: { kind: 'SecretStore', name: store },
          target: { name, creationPolicy: 'Owner' },
          data: [{ secretKey: 'value', remoteRef: { key: arn } }],
        },
      },
    );
  }

  if (options.samplePod ?? true) {
    manifests.push(
      samplePod(grant, options.samplePodImage ?? 'public.ecr.aws/aws-cli/aws-cli:2.15.0', secretProviderClass ? name : undefined),
    );
  }
  return manifests;
}

function samplePod(grant: GrantModel, image: string, secretProviderClass: string | undefined): Manifest {
  const { workload, secret } = grant;
  const mount = secretProviderClass
    ? {
        volumes: [
          { name: 'secrets', csi: { driver: 'secrets-store.csi.k8s.io', readOnly: true, volumeAttributes: { secretProviderClass } } },
        ],
        volumeMounts: [{ name: 'secrets', mountPath: '/mnt/secrets', readOnly: true }],
      }
    : undefined;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${kubernetesName(workload.serviceAccount)}-secret-check`.slice(0, 63),
      namespace: workload.namespace,
      labels: MANAGED_BY,
    },
    spec: {
      serviceAccountName: workload.serviceAccount,
      restartPolicy: 'Never',
      securityContext: { runAsNonRoot: true, runAsUser: 65534, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [
        {
          name: 'check',
          image,
          // Prints the version ID, never the value: proof of access without leaking the secret to logs.
          command: [
            'aws',
            'secretsmanager',
            'get-secret-value',
            '--secret-id',
            secretPartialArn(secret),
            '--region',
            secret.region,
            '--query',
            'VersionId',
          ],
          env: [{ name: 'HOME', value: '/tmp' }],
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
          ...(mount ? { volumeMounts: mount.volumeMounts } : {}),
        },
      ],
      ...(mount ? { volumes: mount.volumes } : {}),
    },
  };
}

/** Manifests as one multi-document YAML file. */
export function manifestsYaml(manifests: readonly Manifest[]): string {
  return manifests.map((manifest) => stringify(manifest, { lineWidth: 0 })).join('---\n');
}

/** The manifests of every grant; External Secrets only where every workload uses IRSA. */
export function graphManifests(where: string, grants: readonly GrantModel[], options: KubernetesManifestsOptions): Manifest[] {
  const podIdentity = grants.some((grant) => grant.workload.oidcIssuers.length === 0);
  if (podIdentity && options.externalSecrets === true) {
    throw invalidUse(
      where,
      "`externalSecrets` is true with EKS Pod Identity: External Secrets Operator would use its controller's identity, not the workload role; leave `externalSecrets` unset or false, or use IRSA.",
    );
  }
  const externalSecrets = options.externalSecrets ?? !podIdentity;
  const seen = new Set<string>();
  // A workload that reads several secrets needs its ServiceAccount once.
  return grants
    .flatMap((grant) => grantManifests(grant, options, externalSecrets))
    .filter((manifest) => {
      const id = JSON.stringify(manifest);
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
}
