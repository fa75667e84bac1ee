import { createHash } from 'crypto';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import type { CrossAccountSecretAccessProps } from '../cross-account-secret-access';
import { invalidProp, invalidUse } from './errors';
import { accountRootArn, partitionOf } from './identifiers';
import * as v from './validate';

// The model: plain, validated data. Every value in it is concrete and well formed, so the identifier
// and policy builders downstream never validate and never see a token. The three-account case is one
// key, one secret, one workload and one grant; the shapes already allow many of each.

export interface KeyModel {
  readonly account: string;
  readonly region: string;
  /** With the `alias/` prefix. */
  readonly alias: string;
  readonly administratorArns: readonly string[];
  readonly description: string;
  readonly removalPolicy: RemovalPolicy;
  readonly pendingWindowDays: number;
}

export interface SecretModel {
  readonly account: string;
  readonly region: string;
  readonly name: string;
  readonly description: string;
  readonly key: KeyModel;
  readonly removalPolicy: RemovalPolicy;
}

export enum IdentityKind {
  IRSA = 'IRSA',
  POD_IDENTITY = 'EKS Pod Identity',
}

export interface IrsaIdentity {
  readonly kind: IdentityKind.IRSA;
  readonly issuerUrl: string;
  /** The issuer without `https://`: the OIDC provider's name and the prefix of its condition keys. */
  readonly issuerHostAndPath: string;
}

export interface PodIdentity {
  readonly kind: IdentityKind.POD_IDENTITY;
  readonly clusterName: string;
}

export interface WorkloadModel {
  readonly account: string;
  readonly region: string;
  readonly identity: IrsaIdentity | PodIdentity;
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly roleName: string;
  readonly permissionsBoundaryArn?: string;
  readonly maxSessionDurationSeconds: number;
}

/** The workload may read the secret (and decrypt it with the secret's key, through Secrets Manager). */
export interface GrantModel {
  readonly workload: WorkloadModel;
  readonly secret: SecretModel;
}

export interface AccessModel {
  readonly keys: readonly KeyModel[];
  readonly secrets: readonly SecretModel[];
  readonly workloads: readonly WorkloadModel[];
  readonly grants: readonly GrantModel[];
}

const cache = new WeakMap<CrossAccountSecretAccessProps, AccessModel>();

/**
 * Validates the props and returns the model, once per props object: the construct and its three stacks
 * share one model, and errors name the first scope that asked (the construct).
 */
export function accessModel(scope: IConstruct, props: CrossAccountSecretAccessProps): AccessModel {
  const known = cache.get(props);
  if (known) return known;
  const model = buildModel(scope, props);
  cache.set(props, model);
  return model;
}

function buildModel(scope: IConstruct, props: CrossAccountSecretAccessProps): AccessModel {
  for (const part of ['workload', 'secret', 'key'] as const) {
    if (props?.[part] === undefined || props[part] === null || typeof props[part] !== 'object') {
      throw invalidProp(scope, part, props?.[part], `is missing: give the ${part} settings.`);
    }
  }
  const { workload: w, secret: s, key: k } = props;

  const secretRegion = v.region(scope, 'secret.region', s.region);
  const keyRegion = k.region === undefined ? secretRegion : v.region(scope, 'key.region', k.region);
  if (keyRegion !== secretRegion) {
    throw invalidProp(
      scope,
      'key.region',
      keyRegion,
      `differs from \`secret.region\` "${secretRegion}": Secrets Manager can only use a KMS key in the secret's region; omit \`key.region\` or set it to "${secretRegion}".`,
    );
  }
  const secretName = v.secretName(scope, 'secret.secretName', s.secretName);
  const namespace = v.namespace(scope, 'workload.namespace', w.namespace);
  const serviceAccount = v.serviceAccount(scope, 'workload.serviceAccount', w.serviceAccount);
  const keyAccount = v.account(scope, 'key.account', k.account);

  const key: KeyModel = {
    account: keyAccount,
    region: keyRegion,
    alias: v.keyAlias(scope, 'key.alias', k.alias),
    administratorArns: administrators(scope, k.administratorArns, keyRegion, keyAccount),
    description:
      k.description === undefined
        ? `Encrypts the Secrets Manager secret ${secretName}`
        : v.description(scope, 'key.description', k.description),
    removalPolicy: k.removalPolicy ?? RemovalPolicy.RETAIN,
    pendingWindowDays: wholeDays(scope, 'key.pendingWindow', k.pendingWindow ?? Duration.days(30)),
  };
  const secret: SecretModel = {
    account: v.account(scope, 'secret.account', s.account),
    region: secretRegion,
    name: secretName,
    description:
      s.description === undefined
        ? `Read by service account ${serviceAccount} in namespace ${namespace}`
        : v.description(scope, 'secret.description', s.description),
    key,
    removalPolicy: s.removalPolicy ?? RemovalPolicy.RETAIN,
  };
  const workload: WorkloadModel = {
    account: v.account(scope, 'workload.account', w.account),
    region: v.region(scope, 'workload.region', w.region),
    identity: identity(scope, w.oidcIssuer, w.podIdentity),
    namespace,
    serviceAccount,
    roleName: w.roleName === undefined ? defaultRoleName(namespace, serviceAccount) : v.roleName(scope, 'workload.roleName', w.roleName),
    permissionsBoundaryArn:
      w.permissionsBoundaryArn === undefined
        ? undefined
        : v.managedPolicyArn(scope, 'workload.permissionsBoundaryArn', w.permissionsBoundaryArn),
    maxSessionDurationSeconds: v.durationSeconds(
      scope,
      'workload.maxSessionDuration',
      w.maxSessionDuration ?? Duration.hours(1),
      Duration.hours(1),
      Duration.hours(12),
    ),
  };
  const partitions = new Set([workload.region, secret.region].map(partitionOf));
  if (partitions.size > 1) {
    throw invalidUse(
      scope,
      `\`workload.region\` "${workload.region}" and \`secret.region\` "${secret.region}" are in different AWS partitions (${[...partitions].join(', ')}): IAM cannot grant across partitions; use regions of one partition.`,
    );
  }
  return { keys: [key], secrets: [secret], workloads: [workload], grants: [{ workload, secret }] };
}

function identity(
  scope: IConstruct,
  oidcIssuer: string | undefined,
  podIdentity: { clusterName: string } | undefined,
): IrsaIdentity | PodIdentity {
  if ((oidcIssuer === undefined) === (podIdentity === undefined)) {
    throw invalidUse(
      scope,
      '`workload.oidcIssuer` and `workload.podIdentity` are both ' +
        (oidcIssuer === undefined ? 'missing' : 'set') +
        ': give exactly one, `oidcIssuer` for IAM roles for service accounts or `podIdentity` for EKS Pod Identity.',
    );
  }
  if (oidcIssuer !== undefined) {
    const issuer = v.oidcIssuer(scope, 'workload.oidcIssuer', oidcIssuer);
    return { kind: IdentityKind.IRSA, issuerUrl: issuer.url, issuerHostAndPath: issuer.hostAndPath };
  }
  return {
    kind: IdentityKind.POD_IDENTITY,
    clusterName: v.eksClusterName(scope, 'workload.podIdentity.clusterName', podIdentity!.clusterName),
  };
}

function administrators(scope: IConstruct, arns: string[] | undefined, keyRegion: string, keyAccount: string): string[] {
  if (arns === undefined) return [accountRootArn(keyRegion, keyAccount)];
  if (!Array.isArray(arns) || arns.length === 0) {
    throw invalidProp(
      scope,
      'key.administratorArns',
      JSON.stringify(arns),
      'is empty: name at least one administrator, or omit it to let the key account administer the key.',
    );
  }
  return arns.map((arn, i) => v.iamPrincipalArn(scope, `key.administratorArns[${i}]`, arn));
}

function wholeDays(scope: IConstruct, prop: string, value: Duration): number {
  const seconds = v.durationSeconds(scope, prop, value, Duration.days(7), Duration.days(30));
  if (seconds % 86400 !== 0) throw invalidProp(scope, prop, value.toHumanString(), 'is not a whole number of days: use Duration.days(n).');
  return seconds / 86400;
}

/** Deterministic, readable, and within IAM's 64 characters. */
export function defaultRoleName(namespace: string, serviceAccount: string): string {
  const name = `eks-${namespace}-${serviceAccount}`;
  if (name.length <= 64) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, 55)}-${hash}`;
}
