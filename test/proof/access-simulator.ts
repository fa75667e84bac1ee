import {
  createValidatedPolicy,
  lintPolicy,
  lintResourcePolicy,
  validateIdentityPolicy,
  validateResourcePolicy,
  validateServiceControlPolicy,
  validateTrustPolicy,
} from '@cloud-copilot/iam-policy';
import { type EvaluationResult, isWildcardOnlyAction, runUnsafeSimulation } from '@cloud-copilot/iam-simulate';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { NamedPolicy, PolicyDocument, ResolvedAccess } from './template-resolver';

// Builds the requests AWS makes when a pod reads the secret, and evaluates them with a real IAM policy
// engine. `runUnsafeSimulation` is used because `runSimulation` drops context keys it does not know
// (the EKS OIDC `sub`/`aud`, `kms:EncryptionContext:*`); the price is that it validates nothing and
// silently denies a misspelled action, so every document and action is checked here first.

/** The engine's answer. */
export type Decision = EvaluationResult;

/** Who sends a request, with the policies IAM evaluates for it. */
export interface Requester {
  /** The principal as the engine sees it: a role session, an OIDC provider, a service principal. */
  readonly principal: string;
  /** The caller's account, for `kms:CallerAccount` (role sessions only). */
  readonly account?: string;
  readonly identityPolicies: readonly NamedPolicy[];
  readonly boundaryPolicies?: readonly NamedPolicy[];
  /**
   * Service control policies attached to the organizational unit of the principal's account, beneath a root
   * that keeps AWS Organizations' default `FullAWSAccess`; none: the account is in no organization.
   */
  readonly serviceControlPolicies?: readonly NamedPolicy[];
  /** Global condition keys AWS sets from the principal, which the engine does not derive itself. */
  readonly context: Readonly<Record<string, string>>;
}

/** What a request is for: a resource ARN, and the resource-based policy (or trust policy) guarding it. */
export interface Target {
  readonly arn: string;
  readonly policy?: { readonly kind: 'resource' | 'trust'; readonly name: string; readonly document: PolicyDocument };
}

/** The result of reading the secret value: GetSecretValue and the decryption Secrets Manager does for it. */
export interface SecretRead {
  readonly getSecretValue: Decision;
  readonly decrypt: Decision;
  readonly allowed: boolean;
}

/** A projected service account token, as the pod presents it to STS. */
export interface WebIdentityToken {
  readonly providerArn: string;
  /** The issuer without `https://`: the prefix of the `sub` and `aud` condition keys. */
  readonly issuer: string;
  readonly sub?: string;
  readonly aud?: string;
}

/** Options of the decryption Secrets Manager performs (or that a caller attempts directly). */
export interface DecryptRequest {
  /** The `SecretARN` encryption context; default the secret's ARN. */
  readonly secretArn?: string;
  /** `kms:ViaService`; `null` for a direct call; default Secrets Manager in the secret's region. */
  readonly viaService?: string | null;
}

const SECRET_VERSION_ID = 'EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE';

const CONDITION_OPERATOR =
  /^(Null|((ForAllValues|ForAnyValue):)?(String(Not)?Equals(IgnoreCase)?|String(Not)?Like|Numeric(Not)?Equals|Numeric(Less|Greater)Than(Equals)?|Date(Not)?Equals|Date(Less|Greater)Than(Equals)?|Bool|BinaryEquals|(Not)?IpAddress|Arn(Not)?(Equals|Like))(IfExists)?)$/;

/** A session of a role, as AWS presents it: `aws:PrincipalArn` is the role, not the session. */
export function roleSession(
  roleArn: string,
  identityPolicies: readonly NamedPolicy[],
  boundaryPolicies?: readonly NamedPolicy[],
): Requester {
  const [, partition, , , account, resource] = roleArn.split(':');
  const roleName = resource.split('/').pop()!;
  return {
    principal: `arn:${partition}:sts::${account}:assumed-role/${roleName}/session`,
    account,
    identityPolicies,
    boundaryPolicies,
    context: { 'aws:PrincipalArn': roleArn, 'aws:PrincipalAccount': account },
  };
}

/**
 * A session of the pod role, with its policies from the template. A permissions boundary's document
 * is not in the template, so the caller supplies it by ARN; a missing one throws.
 */
export function podRoleSession(access: ResolvedAccess, boundaries: Readonly<Record<string, PolicyDocument>> = {}): Requester {
  const { roleArn, identityPolicies, permissionsBoundaryArn } = access.workload;
  if (permissionsBoundaryArn === undefined) return roleSession(roleArn, identityPolicies);
  const boundary = boundaries[permissionsBoundaryArn];
  if (!boundary) throw new Error(`the role has the permissions boundary ${permissionsBoundaryArn}: supply its document`);
  return roleSession(roleArn, identityPolicies, [{ name: permissionsBoundaryArn, document: boundary }]);
}

/** The pod role, guarded by its trust policy. */
export function roleTarget(access: Pick<ResolvedAccess, 'workload'>): Target {
  const { roleArn, trustPolicy } = access.workload;
  return { arn: roleArn, policy: { kind: 'trust', name: `trust policy of ${roleArn}`, document: trustPolicy } };
}

/** The secret, guarded by its resource policy. */
export function secretTarget(access: ResolvedAccess): Target {
  const { arn, resourcePolicy } = access.secret;
  return { arn, policy: resourcePolicy && { kind: 'resource', name: `resource policy of ${arn}`, document: resourcePolicy } };
}

/** The key, guarded by its key policy. */
export function keyTarget(access: ResolvedAccess): Target {
  const { arn, keyPolicy } = access.key;
  return { arn, policy: { kind: 'resource', name: `key policy of ${arn}`, document: keyPolicy } };
}

/** The `kms:ViaService` value of Secrets Manager in a region, as KMS reports it. */
export function secretsManagerEndpoint(region: string): string {
  const suffix = RegionInfo.get(region).domainSuffix;
  if (!suffix) throw new Error(`unknown region ${region}`);
  return `secretsmanager.${region}.${suffix}`;
}

/** `sts:AssumeRoleWithWebIdentity` with a service account token; claims left out are absent from the request. */
export function assumeRoleWithWebIdentity(access: Pick<ResolvedAccess, 'workload'>, token: WebIdentityToken): Promise<Decision> {
  const claims: Record<string, string> = {};
  if (token.sub !== undefined) claims[`${token.issuer}:sub`] = token.sub;
  if (token.aud !== undefined) claims[`${token.issuer}:aud`] = token.aud;
  const provider: Requester = { principal: token.providerArn, identityPolicies: [], context: {} };
  return call(provider, 'sts:AssumeRoleWithWebIdentity', roleTarget(access), claims);
}

/**
 * `kms:Decrypt` of the secret's data key by `requester`, as Secrets Manager sends it on the caller's
 * behalf for GetSecretValue: with `kms:ViaService`, `kms:CallerAccount` and the secret's encryption context.
 */
export function decryptViaSecretsManager(access: ResolvedAccess, requester: Requester, request: DecryptRequest = {}): Promise<Decision> {
  if (requester.account === undefined) throw new Error(`${requester.principal} has no account for kms:CallerAccount`);
  const context: Record<string, string> = {
    'kms:CallerAccount': requester.account,
    'kms:EncryptionContext:SecretARN': request.secretArn ?? access.secret.arn,
    'kms:EncryptionContext:SecretVersionId': SECRET_VERSION_ID,
  };
  const via = request.viaService === undefined ? secretsManagerEndpoint(access.secret.region) : request.viaService;
  if (via !== null) context['kms:ViaService'] = via;
  return call(requester, 'kms:Decrypt', keyTarget(access), context);
}

/**
 * Reading a secret value: `GetSecretValue` on the secret, then the `kms:Decrypt` Secrets Manager sends
 * as the caller with the secret's encryption context. Allowed only when both are.
 */
export async function getSecretValue(
  access: ResolvedAccess,
  requester: Requester,
  secret: Target = secretTarget(access),
): Promise<SecretRead> {
  const getSecretValue = await call(requester, 'secretsmanager:GetSecretValue', secret);
  const decrypt = await decryptViaSecretsManager(access, requester, { secretArn: secret.arn });
  return { getSecretValue, decrypt, allowed: getSecretValue === 'Allowed' && decrypt === 'Allowed' };
}

/**
 * Evaluates one request after validating every document and the action. Same-account or cross-account
 * evaluation follows from the principal's account and the target ARN's account.
 */
export async function call(
  requester: Requester,
  action: string,
  target: Target,
  context: Record<string, string | string[]> = {},
): Promise<Decision> {
  await checkAction(action, `request for ${target.arn}`);
  const principalPolicies = [...requester.identityPolicies, ...(requester.boundaryPolicies ?? [])];
  await Promise.all(principalPolicies.map((p) => checkDocument(p.name, p.document, 'identity')));
  await Promise.all((requester.serviceControlPolicies ?? []).map((p) => checkDocument(p.name, p.document, 'scp')));
  const policy = target.policy;
  if (policy) await checkDocument(policy.name, policy.document, policy.kind);
  const validator = policy?.kind === 'trust' ? validateTrustPolicy : validateResourcePolicy;
  return runUnsafeSimulation(
    {
      request: {
        principal: requester.principal,
        action,
        resource: { resource: target.arn, accountId: accountOf(target.arn) },
        contextVariables: { ...requester.context, ...context },
      },
      identityPolicies: requester.identityPolicies.map((p) => ({ name: p.name, policy: p.document })),
      permissionBoundaryPolicies: requester.boundaryPolicies?.map((p) => ({ name: p.name, policy: p.document })),
      serviceControlPolicies: organizationPolicies(requester.serviceControlPolicies),
      resourceControlPolicies: [],
      // The engine needs the resource policy wrapped with a name, or it fails reading the name.
      resourcePolicy: policy && createValidatedPolicy(policy.document, validator, { name: policy.name }),
    },
    {},
  );
}

/**
 * AWS Organizations' default SCP, attached to every root, OU and account: without an Allow at every level
 * between the root and the account, an SCP denies everything.
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
 */
export const FULL_AWS_ACCESS: NamedPolicy = {
  name: 'FullAWSAccess',
  document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
};

/** The engine's SCP levels: the root, then the OU of the principal's account with the SCPs under test. */
function organizationPolicies(scps: readonly NamedPolicy[] | undefined) {
  if (scps === undefined) return [];
  const level = (orgIdentifier: string, policies: readonly NamedPolicy[]) => ({
    orgIdentifier,
    policies: policies.map((p) => ({ name: p.name, policy: p.document })),
  });
  return [level('r-root', [FULL_AWS_ACCESS]), level('ou-readers', [FULL_AWS_ACCESS, ...scps])];
}

function accountOf(arn: string): string {
  const account = arn.split(':')[4];
  if (!/^\d{12}$/.test(account ?? '')) throw new Error(`${arn} names no account`);
  return account;
}

const checkedDocuments = new WeakMap<object, Promise<void>>();
const checkedActions = new Map<string, Promise<string | undefined>>();

/** Validates a document once: syntax for its kind, lint, known actions, known condition operators. */
export function checkDocument(name: string, document: PolicyDocument, kind: 'identity' | 'resource' | 'trust' | 'scp'): Promise<void> {
  const known = checkedDocuments.get(document);
  if (known) return known;
  const check = (async () => {
    const validate = {
      identity: validateIdentityPolicy,
      resource: validateResourcePolicy,
      trust: validateTrustPolicy,
      scp: validateServiceControlPolicy,
    }[kind];
    const errors = [
      ...createValidatedPolicy(document, validate, { name }).errors,
      ...(kind === 'identity' || kind === 'scp' ? lintPolicy : lintResourcePolicy)(document),
    ];
    for (const statement of [document.Statement ?? []].flat() as Record<string, unknown>[]) {
      // The validators accept any operator, and the engine treats an unknown one as never matching.
      for (const operator of Object.keys((statement.Condition ?? {}) as object)) {
        if (!CONDITION_OPERATOR.test(operator))
          errors.push({ path: `${statement.Sid}.Condition`, message: `unknown operator ${operator}` });
      }
      for (const action of [statement.Action ?? [], statement.NotAction ?? []].flat() as string[]) {
        if (action !== '*' && !/[*?]/.test(action)) await checkAction(action, `${name} ${statement.Sid}`);
      }
    }
    if (errors.length > 0) throw new Error(`${kind} policy "${name}" is invalid: ${JSON.stringify(errors)}\n${JSON.stringify(document)}`);
  })();
  checkedDocuments.set(document, check);
  return check;
}

/** Fails on an action IAM does not know: the engine would silently deny it. */
async function checkAction(action: string, where: string): Promise<void> {
  if (!checkedActions.has(action)) {
    const [service, name, ...rest] = action.split(':');
    const problem =
      !name || rest.length > 0
        ? Promise.resolve('malformed')
        : isWildcardOnlyAction(service, name).then(
            () => undefined,
            (e: Error) => e.message,
          );
    checkedActions.set(action, problem);
  }
  const problem = await checkedActions.get(action);
  if (problem !== undefined) throw new Error(`${where}: unknown action ${action}: ${problem}`);
}
