import { RemovalPolicy } from 'aws-cdk-lib';

// The model: plain, validated data. Every value in it is concrete and well formed, so the identifier
// and policy builders downstream never validate and never see a token. `CrossAccountSecretAccess` is
// one key, one secret, one workload and one grant; `CrossAccountSecrets` holds any number of each.

export interface KeyModel {
  /** Construct path of the part, for errors and the review. */
  readonly path: string;
  readonly account: string;
  readonly region: string;
  /**
   * How messages, sids and the review name the key: its alias for a key the app creates, its `key/<key ID>`
   * for an existing key.
   */
  readonly label: string;
  /** The alias the app creates, with the `alias/` prefix; undefined for an existing key. */
  readonly alias?: string;
  /**
   * The key's exact ARN, when known: an imported key, or a key of the app pinned after its first deploy.
   * Policies and the secret's `KmsKeyId` then name it instead of the alias ARN and the `key/*` wildcard.
   */
  readonly keyArn?: string;
  /** The key exists outside the app: nothing renders it; its owners add the key policy statements. */
  readonly existing?: { readonly keyArn: string };
  readonly administratorArns: readonly string[];
  readonly description: string;
  readonly removalPolicy: RemovalPolicy;
  readonly pendingWindowDays: number;
}

export interface SecretModel {
  readonly path: string;
  readonly account: string;
  readonly region: string;
  readonly name: string;
  readonly description: string;
  /** Undefined only for an imported secret whose key was not named: the pod cannot decrypt it then. */
  readonly key?: KeyModel;
  readonly removalPolicy: RemovalPolicy;
  /**
   * The secret exists outside the app, named by `secretId` (its full ARN when given, else its name, which
   * resolves in its own account). Its resource policy is its owners' unless `manageResourcePolicy`: then
   * the app renders the whole policy.
   */
  readonly existing?: { readonly secretId: string; readonly manageResourcePolicy: boolean };
  /** Principals of the secret's account allowed to have Secrets Manager use the key; undefined: any. */
  readonly keyUserArns?: readonly string[];
}

export enum IdentityKind {
  IRSA = 'IRSA',
  POD_IDENTITY = 'EKS Pod Identity',
}

export interface WorkloadModel {
  readonly path: string;
  readonly account: string;
  readonly region: string;
  /**
   * OIDC issuers of the clusters trusted through IRSA, without `https://`: the OIDC providers' names and
   * the prefixes of their condition keys. Empty when the workload uses EKS Pod Identity only.
   */
  readonly oidcIssuers: readonly string[];
  /** Whether the workload's stack creates the IAM OIDC providers of `oidcIssuers` (default: they exist). */
  readonly createOidcProviders?: boolean;
  /** EKS clusters in the workload account and region trusted through EKS Pod Identity. */
  readonly podIdentityClusters: readonly string[];
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly roleName: string;
  /** IAM path of the role, starting and ending with `/`. */
  readonly rolePath: string;
  /** Whether the secret and key policies name the role by its ARN (strict) or by account root and `aws:PrincipalArn`. */
  readonly principalByRoleArn: boolean;
  /** The version stages the pod may read; undefined: any version. */
  readonly readableStages?: readonly string[];
  readonly permissionsBoundaryArn?: string;
  readonly maxSessionDurationSeconds: number;
  /** Whether the role may also read the secret's metadata (`DescribeSecret`). */
  readonly allowDescribeSecret: boolean;
  /** How many customer managed policies the role may carry (IAM's quota for the account). */
  readonly maxManagedPolicies: number;
  /** The longest trust policy IAM accepts in the account (2,048 characters, up to 4,096 on request). */
  readonly maxTrustPolicyLength: number;
  /** Whether EKS Pod Identity tags the sessions it creates (the associations' `DisableSessionTags` is the opposite). */
  readonly podIdentitySessionTags: boolean;
  /**
   * The EKS Pod Identity target role in the secrets' account, when the workload reads its secrets through
   * one: EKS assumes the pod role, then this role, and hands the pod this role's credentials.
   */
  readonly targetRole?: TargetRoleModel;
}

export interface TargetRoleModel {
  readonly account: string;
  readonly roleName: string;
  readonly rolePath: string;
}

/** The ways a workload gets its role, in the order its trust policy lists them. */
export function identityKinds(workload: WorkloadModel): IdentityKind[] {
  return [
    ...(workload.oidcIssuers.length ? [IdentityKind.IRSA] : []),
    ...(workload.podIdentityClusters.length ? [IdentityKind.POD_IDENTITY] : []),
  ];
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

/**
 * Whether the secret's resource policy is its owners' (an existing secret without `manageResourcePolicy`):
 * the app renders nothing for it, and writes out the statements they must add.
 */
export function policyLeftToOwners(secret: SecretModel): boolean {
  return secret.existing !== undefined && !secret.existing.manageResourcePolicy;
}

/**
 * An `AccessModel` that indexes its grants (the model builder does): the lookups below then cost what they
 * return, not a scan of every grant, which keeps synth linear in the size of the graph.
 */
export interface IndexedAccessModel extends AccessModel {
  /** The secrets granted to the workload, in grant order. */
  grantedSecrets(workload: WorkloadModel): readonly SecretModel[];
  /** The workloads granted the secret, in grant order. */
  grantedReaders(secret: SecretModel): readonly WorkloadModel[];
  /** The secrets the key encrypts, in the order they were added. */
  encryptedSecrets(key: KeyModel): readonly SecretModel[];
  /** The secrets the key encrypts that are granted, in the order of their first grant. */
  grantedEncryptedSecrets(key: KeyModel): readonly SecretModel[];
}

function isIndexed(model: AccessModel): model is IndexedAccessModel {
  return typeof (model as Partial<IndexedAccessModel>).grantedSecrets === 'function';
}

/** The secrets a workload is granted, in grant order. */
export function secretsOf(workload: WorkloadModel, model: AccessModel): SecretModel[] {
  if (isIndexed(model)) return [...model.grantedSecrets(workload)];
  return model.grants.filter((grant) => grant.workload === workload).map((grant) => grant.secret);
}

/** The workloads granted a secret, in grant order. */
export function readersOf(secret: SecretModel, model: AccessModel): WorkloadModel[] {
  if (isIndexed(model)) return [...model.grantedReaders(secret)];
  return model.grants.filter((grant) => grant.secret === secret).map((grant) => grant.workload);
}

/** The secrets a key encrypts, in the order they were added. */
export function secretsEncryptedWith(key: KeyModel, model: AccessModel): SecretModel[] {
  if (isIndexed(model)) return [...model.encryptedSecrets(key)];
  return model.secrets.filter((secret) => secret.key === key);
}

/** The granted secrets a key encrypts, in the order of their first grant. */
export function grantedSecretsEncryptedWith(key: KeyModel, model: AccessModel): SecretModel[] {
  if (isIndexed(model)) return [...model.grantedEncryptedSecrets(key)];
  return [...new Set(model.grants.filter((grant) => grant.secret.key === key).map((grant) => grant.secret))];
}
