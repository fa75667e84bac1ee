import { createHash } from 'crypto';
import { stringify } from 'yaml';
import type { KubernetesManifestsOptions } from '../../kubernetes-manifests-options';
import { invalidUse } from '../input/errors';
import { roleArn, secretPartialArn } from '../model/identifiers';
import { GrantModel, SecretModel, WorkloadModel } from '../model/model';
import { fitsExternalSecrets, ManifestSettings, manifestSettings, usesPodIdentity } from './manifest-settings';

// The cluster side, as plain objects, from the grants alone. One file per consumer, so that each
// applies on a cluster that has only that consumer installed (a custom resource whose CRD is missing
// fails `kubectl apply`). Every object addresses a secret by its partial ARN: a secret in another
// account cannot be read by name, and the random suffix of the full ARN is unknown at synth time.

/**
 * Long lines unfolded, and no anchors or aliases (`&a1`, `*a1`) where objects repeat: reviewers and some
 * GitOps tools read anchors badly, and every object stands on its own.
 */
const YAML_OPTIONS = { lineWidth: 0, aliasDuplicateObjects: false } as const;

/** A Kubernetes object as plain data. */
export type Manifest = Record<string, unknown>;

/** One file for `kubectl apply -f`: its name, a comment saying what it needs, and its objects. */
export interface ManifestFile {
  readonly fileName: string;
  readonly header: string;
  readonly objects: readonly Manifest[];
}

/** The grants of one service account (in one account and region), which may read several secrets. */
interface WorkloadGrants {
  readonly workload: WorkloadModel;
  /** Each secret once, with the file name (`objectAlias`) it has in the workload's CSI volume. */
  readonly secrets: ReadonlyArray<{ readonly secret: SecretModel; readonly alias: string }>;
}

/** A DNS-1123 label (at most 63 characters) from any text; a hash keeps shortened names distinct. */
export function kubernetesName(...parts: string[]): string {
  const joined = parts.join('-');
  const cleaned =
    joined
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/-+/g, '-')
      .replace(/^-+|-+$/g, '') || 'secret';
  if (cleaned.length <= 63) return cleaned;
  const hash = createHash('sha256').update(joined).digest('hex').slice(0, 8);
  return `${cleaned.slice(0, 54).replace(/-+$/, '')}-${hash}`;
}

/**
 * Groups the grants by service account: one ServiceAccount per workload, never two, even when grants
 * repeat it. Two workloads with the same service account but different roles cannot both be bound.
 */
function byWorkload(where: string, grants: readonly GrantModel[]): WorkloadGrants[] {
  const groups = new Map<string, { workload: WorkloadModel; secrets: Array<{ secret: SecretModel; alias: string }> }>();
  for (const { workload, secret } of grants) {
    const key = [workload.account, workload.region, workload.namespace, workload.serviceAccount].join('|');
    let group = groups.get(key);
    if (!group) {
      group = { workload, secrets: [] };
      groups.set(key, group);
    } else if (group.workload.roleName !== workload.roleName || usesPodIdentity(group.workload) !== usesPodIdentity(workload)) {
      throw invalidUse(
        where,
        `service account ${workload.namespace}/${workload.serviceAccount} in account ${workload.account} (${workload.region}) is given two roles, "${group.workload.roleName}" and "${workload.roleName}": a service account is bound to one role; use one workload per service account.`,
      );
    }
    const arn = secretPartialArn(secret);
    if (group.secrets.some((s) => secretPartialArn(s.secret) === arn)) continue;
    // The provider rejects duplicate aliases in one SecretProviderClass; suffix repeats (db, db-2, ...).
    const taken = new Set(group.secrets.map((s) => s.alias));
    const base = kubernetesName(secret.name);
    let alias = base;
    for (let i = 2; taken.has(alias); i++) alias = kubernetesName(base, String(i));
    group.secrets.push({ secret, alias });
  }
  return [...groups.values()];
}

/** The regions of a workload's secrets, in order of first appearance. */
function regionsOf(group: WorkloadGrants): string[] {
  return [...new Set(group.secrets.map((s) => s.secret.region))];
}

/**
 * The manifest files for the grants, in the order to apply them; files that would be empty are left
 * out. `where` is the construct path errors name.
 */
export function manifestFiles(where: string, grants: readonly GrantModel[], settings: ManifestSettings): ManifestFile[] {
  const groups = byWorkload(where, grants);
  const meta = (name: string, namespace: string, extra: Record<string, string> = {}) => ({
    name,
    namespace,
    // True statements only: which setup the object belongs to, and what generated it. Not
    // `app.kubernetes.io/managed-by`: the tool that applies and manages it is kubectl (or the user's
    // GitOps tool), not this library, which only writes the file.
    labels: { 'app.kubernetes.io/part-of': settings.partOf },
    annotations: { 'cdk-eks-cross-account-secrets/generated-by': 'cdk-eks-cross-account-secrets', ...extra },
  });
  const files: ManifestFile[] = [];
  const add = (fileName: string, header: string, objects: Manifest[]) => {
    if (objects.length > 0) files.push({ fileName, header, objects });
  };

  if (settings.serviceAccount) {
    add(
      'service-accounts.yaml',
      'The service accounts the workloads run as. Needs only Kubernetes.',
      groups.map(({ workload }) => ({
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        // With Pod Identity the AWS::EKS::PodIdentityAssociation binds the role; no role annotation.
        metadata: meta(
          workload.serviceAccount,
          workload.namespace,
          usesPodIdentity(workload) ? {} : { 'eks.amazonaws.com/role-arn': roleArn(workload) },
        ),
      })),
    );
  }

  if (settings.secretProviderClass) {
    add(
      'secrets-store-csi-driver.yaml',
      'SecretProviderClasses. Needs the Secrets Store CSI driver and its AWS provider.',
      groups.flatMap((group) => {
        const regions = regionsOf(group);
        // The AWS provider rejects an object whose ARN names another region than the class's `region`
        // (provider/secret_descriptor.go, validateObjectName), so secrets are grouped by region.
        return regions.map((region) => ({
          apiVersion: 'secrets-store.csi.x-k8s.io/v1',
          kind: 'SecretProviderClass',
          metadata: meta(secretProviderClassName(group, region), group.workload.namespace),
          spec: {
            provider: 'aws',
            parameters: {
              region,
              // The provider's default is IRSA; "true" switches it to EKS Pod Identity.
              ...(usesPodIdentity(group.workload) ? { usePodIdentity: 'true' } : {}),
              objects: stringify(
                group.secrets
                  .filter((s) => s.secret.region === region)
                  .map((s) => ({ objectName: secretPartialArn(s.secret), objectType: 'secretsmanager', objectAlias: s.alias })),
                YAML_OPTIONS,
              ),
            },
          },
        }));
      }),
    );
  }

  if (settings.externalSecrets) {
    const apiVersion = settings.externalSecretsApiVersion;
    const fitting = groups.filter((group) => fitsExternalSecrets(group.workload));
    if (settings.externalSecretsAsked && fitting.length === 0 && groups.length > 0) throw noExternalSecretsWorkload(where, groups);
    add(
      'external-secrets.yaml',
      `SecretStores and ExternalSecrets (${apiVersion}). Needs External Secrets Operator.`,
      fitting.flatMap((group) => {
        const { workload } = group;
        const regions = regionsOf(group);
        // The AWS provider of a SecretStore calls one region's endpoint: one store per region.
        const store = (region: string) =>
          kubernetesName(workload.serviceAccount, 'secretsmanager', ...(regions.length > 1 ? [region] : []));
        return [
          ...regions.map((region) => ({
            apiVersion,
            kind: 'SecretStore',
            metadata: meta(store(region), workload.namespace),
            spec: {
              provider: {
                aws: { service: 'SecretsManager', region, auth: { jwt: { serviceAccountRef: { name: workload.serviceAccount } } } },
              },
            },
          })),
          ...group.secrets.map(({ secret, alias }) => {
            const name = kubernetesName(workload.serviceAccount, alias);
            return {
              apiVersion,
              kind: 'ExternalSecret',
              metadata: meta(name, workload.namespace),
              spec: {
                refreshInterval: '1h',
                secretStoreRef: { kind: 'SecretStore', name: store(secret.region) },
                target: { name, creationPolicy: 'Owner' },
                data: [{ secretKey: 'value', remoteRef: { key: secretPartialArn(secret) } }],
              },
            };
          }),
        ];
      }),
    );
  }

  if (settings.checkJob) {
    add(
      'secret-check.yaml',
      'One Job per workload that reads the version ID (never the value) of each secret. Needs only Kubernetes.',
      groups.map((group) => checkJob(group, settings.checkJobImage, meta)),
    );
  }
  return files;
}

/** `externalSecrets: true` when every workload uses EKS Pod Identity only: which workloads, and why. */
function noExternalSecretsWorkload(where: string, groups: readonly WorkloadGrants[]): Error {
  const names = groups.map(({ workload: w }) => `${w.namespace}/${w.serviceAccount} (account ${w.account})`);
  return invalidUse(
    where,
    `\`options.externalSecrets\` is true, but no workload can use External Secrets Operator: ${names.join(', ')} ${names.length > 1 ? 'use' : 'uses'} EKS Pod Identity only, and a SecretStore can act as a workload's service account only with IRSA (with Pod Identity the operator would read with its controller's identity, not the workload role); leave \`options.externalSecrets\` unset or false, or let a workload trust its cluster's OIDC issuer (IRSA).`,
  );
}

function secretProviderClassName(group: WorkloadGrants, region: string): string {
  const several = regionsOf(group).length > 1;
  return kubernetesName(group.workload.serviceAccount, 'secrets', ...(several ? [region] : []));
}

/**
 * A Job that runs as the workload's service account and reads each secret's version ID with the AWS
 * CLI, one container per secret: proof of the whole chain (identity, role, secret policy, key policy)
 * without the value in any log. It mounts no CSI volume, so it runs whichever consumer is installed.
 */
function checkJob(group: WorkloadGrants, image: string, meta: (name: string, namespace: string) => Record<string, unknown>): Manifest {
  const { workload } = group;
  const metadata = meta(kubernetesName(workload.serviceAccount, 'secret-check'), workload.namespace);
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata,
    spec: {
      // One retry (a pod can start before the Pod Identity agent or IRSA webhook is ready), a bounded
      // run, and deletion ten minutes after it finishes, so that `kubectl apply` runs it again.
      backoffLimit: 1,
      activeDeadlineSeconds: 300,
      ttlSecondsAfterFinished: 600,
      template: {
        // A copy, not the same object: YAML would write a shared object as an anchor and an alias.
        metadata: { labels: { ...(metadata as { labels: Record<string, string> }).labels } },
        spec: {
          serviceAccountName: workload.serviceAccount,
          restartPolicy: 'Never',
          securityContext: { runAsNonRoot: true, runAsUser: 65534, seccompProfile: { type: 'RuntimeDefault' } },
          containers: group.secrets.map(({ secret, alias }) => ({
            name: kubernetesName('read', alias),
            image,
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
              '--output',
              'text',
            ],
            env: [{ name: 'HOME', value: '/tmp' }],
            securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
          })),
        },
      },
    },
  };
}

/** Objects as one multi-document YAML file, after an optional comment. */
export function manifestsYaml(objects: readonly Manifest[], header?: string): string {
  const comment = header ? `# ${header}\n# Generated by cdk-eks-cross-account-secrets.\n` : '';
  return comment + objects.map((object) => stringify(object, YAML_OPTIONS)).join('---\n');
}

/**
 * Every object of every file, for a construct that hands out the whole set; `partOf` names the setup
 * in the `app.kubernetes.io/part-of` label (such as the construct's stack name prefix).
 */
export function graphManifests(
  where: string,
  grants: readonly GrantModel[],
  options: KubernetesManifestsOptions | undefined,
  partOf: string = where,
): Manifest[] {
  return manifestFiles(where, grants, manifestSettings(where, options, partOf)).flatMap((file) => file.objects);
}

/** The files as YAML text, by file name. */
export function graphManifestFiles(
  where: string,
  grants: readonly GrantModel[],
  options: KubernetesManifestsOptions | undefined,
  partOf: string = where,
): Record<string, string> {
  const files = manifestFiles(where, grants, manifestSettings(where, options, partOf));
  return Object.fromEntries(files.map((file) => [file.fileName, manifestsYaml(file.objects, file.header)]));
}
