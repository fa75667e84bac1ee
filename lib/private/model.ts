import { createHash } from 'crypto';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { CrossAccountSecretAccessProps } from '../cross-account-secret-access';
import { invalidProp, invalidUse } from './errors';
import { accountRootArn, partitionOf } from './identifiers';
import * as names from './prop-names';
import * as v from './validate';
import * as shape from './validate-shape';

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
  /** Whether the role may also read the secret's metadata (`DescribeSecret`). */
  readonly allowDescribeSecret: boolean;
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
  /** Problems that do not stop synthesis, for the construct to report with `Annotations`. */
  readonly warnings: readonly v.InputWarning[];
}

/**
 * Validates the props and returns the model. `where` is the construct path errors name. It is cheap, so
 * the construct and each stack build their own: a cached model could go stale if props are mutated.
 */
export function accessModel(where: string, props: CrossAccountSecretAccessProps): AccessModel {
  shape.knownProps(where, '', props, names.ACCESS_PROPS);
  for (const part of ['workload', 'secret', 'key'] as const) {
    if (props?.[part] === undefined || props[part] === null || typeof props[part] !== 'object') {
      throw invalidProp(where, part, props?.[part], `is missing: give the ${part} settings.`);
    }
  }
  const { workload: w, secret: s, key: k } = props;
  shape.knownProps(where, 'workload', w, names.WORKLOAD_PROPS);
  if (w.podIdentity !== undefined) shape.knownProps(where, 'workload.podIdentity', w.podIdentity, names.POD_IDENTITY_PROPS);
  shape.knownProps(where, 'secret', s, names.SECRET_PROPS);
  shape.knownProps(where, 'key', k, names.KEY_PROPS);
  const warnings: v.InputWarning[] = [];

  const secretRegion = v.region(where, 'secret.region', s.region, warnings);
  const keyRegion = k.region === undefined ? secretRegion : v.region(where, 'key.region', k.region, warnings);
  if (keyRegion !== secretRegion) {
    throw invalidProp(
      where,
      'key.region',
      keyRegion,
      `differs from \`secret.region\` "${secretRegion}": Secrets Manager can only use a KMS key in the secret's region; omit \`key.region\` or set it to "${secretRegion}".`,
    );
  }
  const secretName = v.secretName(where, 'secret.secretName', s.secretName);
  const namespace = v.namespace(where, 'workload.namespace', w.namespace);
  const serviceAccount = v.serviceAccount(where, 'workload.serviceAccount', w.serviceAccount);
  const keyAccount = v.account(where, 'key.account', k.account);
  const workloadAccount = v.account(where, 'workload.account', w.account);
  const workloadRegion = v.region(where, 'workload.region', w.region, warnings);

  const key: KeyModel = {
    account: keyAccount,
    region: keyRegion,
    alias: v.keyAlias(where, 'key.alias', k.alias),
    administratorArns: administrators(where, k.administratorArns, keyRegion, keyAccount),
    description:
      k.description === undefined
        ? `Encrypts the Secrets Manager secret ${secretName}`
        : v.description(where, 'key.description', k.description),
    removalPolicy: k.removalPolicy === undefined ? RemovalPolicy.RETAIN : shape.removalPolicy(where, 'key.removalPolicy', k.removalPolicy),
    pendingWindowDays: wholeDays(where, 'key.pendingWindow', k.pendingWindow ?? Duration.days(30)),
  };
  const secret: SecretModel = {
    account: v.account(where, 'secret.account', s.account),
    region: secretRegion,
    name: secretName,
    description:
      s.description === undefined
        ? `Read by service account ${serviceAccount} in namespace ${namespace}`
        : v.description(where, 'secret.description', s.description),
    key,
    removalPolicy:
      s.removalPolicy === undefined ? RemovalPolicy.RETAIN : shape.removalPolicy(where, 'secret.removalPolicy', s.removalPolicy),
  };
  const workload: WorkloadModel = {
    account: workloadAccount,
    region: workloadRegion,
    identity: identity(where, w.oidcIssuer, w.podIdentity),
    namespace,
    serviceAccount,
    roleName: w.roleName === undefined ? defaultRoleName(namespace, serviceAccount) : v.roleName(where, 'workload.roleName', w.roleName),
    permissionsBoundaryArn:
      w.permissionsBoundaryArn === undefined ? undefined : boundary(where, w.permissionsBoundaryArn, workloadRegion, workloadAccount),
    allowDescribeSecret:
      w.allowDescribeSecret === undefined ? false : shape.boolean(where, 'workload.allowDescribeSecret', w.allowDescribeSecret),
    maxSessionDurationSeconds: v.durationSeconds(
      where,
      'workload.maxSessionDuration',
      w.maxSessionDuration ?? Duration.hours(1),
      Duration.hours(1),
      Duration.hours(12),
    ),
  };
  const partitions = new Set([workload.region, secret.region].map(partitionOf));
  if (partitions.size > 1) {
    throw invalidUse(
      where,
      `\`workload.region\` "${workload.region}" and \`secret.region\` "${secret.region}" are in different AWS partitions (${[...partitions].join(', ')}): IAM cannot grant across partitions; use regions of one partition.`,
    );
  }
  return { keys: [key], secrets: [secret], workloads: [workload], grants: [{ workload, secret }], warnings };
}

function identity(
  where: string,
  oidcIssuer: string | undefined,
  podIdentity: { clusterName: string } | undefined,
): IrsaIdentity | PodIdentity {
  if ((oidcIssuer === undefined) === (podIdentity === undefined)) {
    throw invalidUse(
      where,
      '`workload.oidcIssuer` and `workload.podIdentity` are both ' +
        (oidcIssuer === undefined ? 'missing' : 'set') +
        ': give exactly one, `oidcIssuer` for IAM roles for service accounts or `podIdentity` for EKS Pod Identity.',
    );
  }
  if (oidcIssuer !== undefined) {
    return { kind: IdentityKind.IRSA, issuerHostAndPath: v.oidcIssuer(where, 'workload.oidcIssuer', oidcIssuer) };
  }
  return {
    kind: IdentityKind.POD_IDENTITY,
    clusterName: v.eksClusterName(where, 'workload.podIdentity.clusterName', podIdentity!.clusterName),
  };
}

function administrators(where: string, arns: string[] | undefined, keyRegion: string, keyAccount: string): string[] {
  if (arns === undefined) return [accountRootArn(keyRegion, keyAccount)];
  const list = shape.stringList(where, 'key.administratorArns', arns);
  if (list.length === 0) {
    throw invalidProp(
      where,
      'key.administratorArns',
      list,
      'is empty: name at least one administrator, or omit it to let the key account administer the key.',
    );
  }
  // KMS administration cannot be delegated to another account, and ARNs never cross partitions.
  return list.map((arn, i) => {
    const prop = `key.administratorArns[${i}]`;
    v.iamPrincipalArn(where, prop, arn);
    const [, partition, , , account] = arn.split(':');
    if (account !== keyAccount || partition !== partitionOf(keyRegion)) {
      throw invalidProp(
        where,
        prop,
        arn,
        `is not in the key account ${keyAccount} (partition ${partitionOf(keyRegion)}): KMS key administration cannot be given to another account; name principals of the key account.`,
      );
    }
    return arn;
  });
}

/** A permissions boundary is a managed policy of the role's own account, or an AWS managed one. */
function boundary(where: string, arn: string, workloadRegion: string, workloadAccount: string): string {
  v.managedPolicyArn(where, 'workload.permissionsBoundaryArn', arn);
  const [, partition, , , account] = arn.split(':');
  if ((account !== workloadAccount && account !== 'aws') || partition !== partitionOf(workloadRegion)) {
    throw invalidProp(
      where,
      'workload.permissionsBoundaryArn',
      arn,
      `is not a policy of the workload account ${workloadAccount} or an AWS managed policy (partition ${partitionOf(workloadRegion)}): IAM only accepts those as a role's boundary.`,
    );
  }
  return arn;
}

function wholeDays(where: string, prop: string, value: Duration): number {
  const seconds = v.durationSeconds(where, prop, value, Duration.days(7), Duration.days(30));
  if (seconds % 86400 !== 0) throw invalidProp(where, prop, value.toHumanString(), 'is not a whole number of days: use Duration.days(n).');
  return seconds / 86400;
}

/** Deterministic, readable, and within IAM's 64 characters. */
export function defaultRoleName(namespace: string, serviceAccount: string): string {
  const name = `eks-${namespace}-${serviceAccount}`;
  if (name.length <= 64) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, 55)}-${hash}`;
}
