import { createHash } from 'crypto';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { KeyOptions } from '../../key-options';
import type { SecretOptions } from '../../secret-options';
import { GrantPrincipal, ReadableVersions, WorkloadCommonProps } from '../../workload-props';
import { accountRootArn, partitionOf } from '../model/identifiers';
import { KeyModel, SecretModel, WorkloadModel } from '../model/model';
import { MANAGED_POLICIES_PER_ROLE, TRUST_POLICY_LENGTH } from '../model/quotas';
import { invalidProp } from './errors';
import { rejectKeyArnAsAlias } from './key-arn';
import { appIssuer, isFromApp, isGivenByApp } from './own-account-values';
import { FromProp, PropPath } from './prop-path';
import { awsRegion } from './regions';
import * as types from './types';
import * as values from './values';

// One parser per part: it checks each value and returns the part's model. Shared by both front doors
// through the model builder, which owns the rules that span several values. Each takes the construct
// path errors name and the property path as the user wrote it.

/**
 * What both front doors give for a key: the fields `addKey()` takes, which the one-of-each `key` props
 * share. The region is already checked (the one-of-each key defaults to the secret's).
 */
export type KeyInput = Pick<
  KeyOptions,
  'account' | 'region' | 'alias' | 'administratorArns' | 'description' | 'removalPolicy' | 'pendingWindow'
>;

export function parseKey(where: string, prop: PropPath, input: KeyInput, defaultDescription: string, keyArnProp: string): KeyModel {
  const region = input.region;
  const account = values.account(where, prop('account'), input.account);
  rejectKeyArnAsAlias(where, prop('alias'), input.alias, keyArnProp);
  const alias = values.keyAlias(where, prop('alias'), input.alias);
  return {
    path: where,
    account,
    region,
    label: alias,
    alias,
    administratorArns: administrators(where, prop('administratorArns'), input.administratorArns, region, account),
    description: input.description === undefined ? defaultDescription : values.description(where, prop('description'), input.description),
    removalPolicy: removalPolicy(where, prop('removalPolicy'), input.removalPolicy),
    pendingWindowDays: wholeDays(where, prop('pendingWindow'), input.pendingWindow ?? Duration.days(30)),
  };
}

/** What both front doors give for a secret: the fields `addSecret()` takes but its key, which the caller resolves. */
export type SecretInput = Pick<SecretOptions, 'account' | 'region' | 'secretName' | 'description' | 'removalPolicy' | 'keyUserArns'>;

export function parseSecret(where: string, prop: PropPath, input: SecretInput, key: KeyModel, defaultDescription: string): SecretModel {
  const region = awsRegion(where, prop('region'), input.region);
  const account = values.account(where, prop('account'), input.account);
  return {
    path: where,
    account,
    region,
    keyUserArns:
      input.keyUserArns === undefined ? undefined : principalsOf(where, prop('keyUserArns'), input.keyUserArns, region, account, 'secret'),
    name: values.secretName(where, prop('secretName'), input.secretName),
    description: input.description === undefined ? defaultDescription : values.description(where, prop('description'), input.description),
    key,
    removalPolicy: removalPolicy(where, prop('removalPolicy'), input.removalPolicy),
  };
}

/** What both APIs give for a workload; the trust sources are validated by the caller's names. */
export interface WorkloadInput extends WorkloadCommonProps {
  readonly maxManagedPolicies?: number;
  readonly maxTrustPolicyLength?: number;
}

/** An EKS Pod Identity target role in the secrets' account, as the two APIs give it. */
export interface TargetRoleInput {
  /** The secrets' account, where the target role is created. */
  readonly account: string;
  readonly roleName?: string;
  /** Whether EKS tags the sessions (the association's `DisableSessionTags` is the opposite). */
  readonly sessionTags?: boolean;
}

/**
 * The stages each `ReadableVersions` allows.
 *
 * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/whats-in-a-secret.html#term_version
 */
const READABLE_STAGES: Record<ReadableVersions, string[] | undefined> = {
  [ReadableVersions.ANY]: undefined,
  [ReadableVersions.CURRENT]: ['AWSCURRENT'],
  [ReadableVersions.CURRENT_AND_PREVIOUS]: ['AWSCURRENT', 'AWSPREVIOUS'],
};

export function parseWorkload(
  where: string,
  prop: PropPath,
  input: WorkloadInput,
  oidcIssuers: readonly FromProp<string>[],
  podIdentityClusters: readonly FromProp<string>[],
  target?: FromProp<TargetRoleInput>,
): WorkloadModel {
  const account = values.account(where, prop('account'), input.account);
  const region = awsRegion(where, prop('region'), input.region);
  const namespace = values.namespace(where, prop('namespace'), input.namespace);
  const serviceAccount = values.serviceAccount(where, prop('serviceAccount'), input.serviceAccount);
  const issuers = unique(
    oidcIssuers.map((i) => ({
      prop: i.prop,
      value: isGivenByApp(i.value) ? appIssuer(i.value) : values.oidcIssuer(where, i.prop, i.value),
    })),
  );
  const clusters = unique(
    podIdentityClusters.map((c) => ({
      prop: c.prop,
      value: isGivenByApp(c.value) ? c.value : values.eksClusterName(where, c.prop, c.value),
    })),
  );
  const roleName =
    input.roleName === undefined
      ? defaultRoleName(namespace, serviceAccount, region, issuers, clusters)
      : values.roleName(where, prop('roleName'), input.roleName);
  const rolePath = input.rolePath === undefined ? DEFAULT_ROLE_PATH : values.iamPath(where, prop('rolePath'), input.rolePath);
  // Session tags can only be turned off with a target role (both front doors say so before this).
  const sessionTags = target?.value.sessionTags ?? true;
  return {
    path: where,
    account,
    region,
    oidcIssuers: issuers,
    podIdentityClusters: clusters,
    namespace,
    serviceAccount,
    roleName,
    rolePath,
    podIdentitySessionTags: sessionTags,
    targetRole: target && {
      account: values.account(where, `${target.prop}.account`, target.value.account),
      roleName:
        target.value.roleName === undefined
          ? `${roleName.slice(0, 57)}-target`
          : values.roleName(where, `${target.prop}.roleName`, target.value.roleName),
      rolePath,
    },
    principalByRoleArn: types.oneOf(where, prop('grantPrincipal'), input.grantPrincipal, GrantPrincipal) === GrantPrincipal.ROLE_ARN,
    readableStages:
      READABLE_STAGES[types.oneOf(where, prop('readableVersions'), input.readableVersions, ReadableVersions) ?? ReadableVersions.ANY],
    permissionsBoundaryArn:
      input.permissionsBoundaryArn === undefined
        ? undefined
        : boundary(where, prop('permissionsBoundaryArn'), input.permissionsBoundaryArn, region, account),
    allowDescribeSecret:
      input.allowDescribeSecret === undefined ? false : types.boolean(where, prop('allowDescribeSecret'), input.allowDescribeSecret),
    maxSessionDurationSeconds: values.durationSeconds(
      where,
      prop('maxSessionDuration'),
      input.maxSessionDuration ?? Duration.hours(1),
      Duration.hours(1),
      Duration.hours(12),
    ),
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-entities
    maxManagedPolicies: wholeNumber(
      where,
      prop('maxManagedPolicies'),
      input.maxManagedPolicies ?? MANAGED_POLICIES_PER_ROLE.default,
      1,
      MANAGED_POLICIES_PER_ROLE.max,
    ),
    maxTrustPolicyLength: wholeNumber(
      where,
      prop('maxTrustPolicyLength'),
      input.maxTrustPolicyLength ?? TRUST_POLICY_LENGTH.default,
      TRUST_POLICY_LENGTH.default,
      TRUST_POLICY_LENGTH.max,
    ),
  };
}

/** The same issuer or cluster given twice is one trust source; say nothing, it is harmless. */
function unique(values: readonly FromProp<string>[]): string[] {
  return [...new Set(values.map((n) => n.value))];
}

/**
 * `eks-<namespace>-<serviceAccount>-<hash>`, within IAM's 64 characters. The hash covers the namespace
 * and service account apart (so `a-b`/`c` and `a`/`b-c` differ) and the clusters that are trusted (so the
 * same service account on two clusters of one account gets two roles, unless one workload trusts both).
 * A cluster given as a token of the app counts as "a cluster of the app": the name never depends on a
 * token (whose text changes with the order constructs are created in).
 */
export function defaultRoleName(
  namespace: string,
  serviceAccount: string,
  region: string,
  oidcIssuers: readonly string[],
  podIdentityClusters: readonly string[],
): string {
  const literal = (values: readonly string[]) => values.map((v) => (isFromApp(v) ? 'a cluster of the app' : v)).sort();
  const identity = JSON.stringify([namespace, serviceAccount, literal(oidcIssuers), region, literal(podIdentityClusters)]);
  const hash = createHash('sha256').update(identity).digest('hex').slice(0, 8);
  return `${`eks-${namespace}-${serviceAccount}`.slice(0, 64 - 9)}-${hash}`;
}

/** The default IAM path of pod roles, which an organization can reserve with a service control policy. */
export const DEFAULT_ROLE_PATH = '/eks-secrets/';

/** An enum value given through jsii or JavaScript, checked against the enum's values. */
function administrators(where: string, prop: string, arns: string[] | undefined, keyRegion: string, keyAccount: string): string[] {
  if (arns === undefined) return [accountRootArn(keyRegion, keyAccount)];
  const list = types.stringList(where, prop, arns);
  if (list.length === 0) {
    throw invalidProp(
      where,
      prop,
      list,
      'is empty: name at least one administrator, or omit it to let the key account administer the key.',
    );
  }
  return principalsOf(where, prop, list, keyRegion, keyAccount, 'key');
}

/** Principals of one account: KMS key administration and key use cannot be given to another account here. */
function principalsOf(where: string, prop: string, arns: string[], region: string, owner: string, what: 'key' | 'secret'): string[] {
  const list = types.stringList(where, prop, arns);
  if (list.length === 0) {
    throw invalidProp(where, prop, JSON.stringify(list), `is empty: name at least one principal of the ${what} account, or omit it.`);
  }
  // KMS administration cannot be delegated to another account, and ARNs never cross partitions.
  return list.map((arn, i) => {
    const item = `${prop}[${i}]`;
    values.iamPrincipalArn(where, item, arn);
    const [, partition, , , account] = arn.split(':');
    if (account !== owner || partition !== partitionOf(region)) {
      throw invalidProp(
        where,
        item,
        arn,
        `is not in the ${what} account ${owner} (partition ${partitionOf(region)}): name principals of the ${what} account.`,
      );
    }
    return arn;
  });
}

function removalPolicy(where: string, prop: string, value: RemovalPolicy | undefined): RemovalPolicy {
  return value === undefined ? RemovalPolicy.RETAIN : types.removalPolicy(where, prop, value);
}

/** A permissions boundary is a managed policy of the role's own account, or an AWS managed one. */
function boundary(where: string, prop: string, arn: string, workloadRegion: string, workloadAccount: string): string {
  values.managedPolicyArn(where, prop, arn);
  const [, partition, , , account] = arn.split(':');
  if ((account !== workloadAccount && account !== 'aws') || partition !== partitionOf(workloadRegion)) {
    throw invalidProp(
      where,
      prop,
      arn,
      `is not a policy of the workload account ${workloadAccount} or an AWS managed policy (partition ${partitionOf(workloadRegion)}): IAM only accepts those as a role's boundary.`,
    );
  }
  return arn;
}

function wholeDays(where: string, prop: string, value: Duration): number {
  const seconds = values.durationSeconds(where, prop, value, Duration.days(7), Duration.days(30));
  if (seconds % 86400 !== 0) throw invalidProp(where, prop, value.toHumanString(), 'is not a whole number of days: use Duration.days(n).');
  return seconds / 86400;
}

function wholeNumber(where: string, prop: string, value: number, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalidProp(where, prop, value, `is not a whole number from ${min} to ${max}.`);
  }
  return value;
}
