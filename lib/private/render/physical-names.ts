import { IConstruct } from 'constructs';
import { invalidUse } from '../input/errors';
import { partitionOf } from '../model/identifiers';
import { KeyModel, SecretModel, WorkloadModel } from '../model/model';

// Two resources of this library with the same physical name in one account (and region, where the name
// is regional) cannot both deploy: the second fails with "already exists", or, for a role, takes over the
// first one's name. Every part claims its names in one register per app (the construct tree's root), so
// a collision across graphs, `CrossAccountSecretAccess` instances and stages is an error at synth that
// names both construct paths. (Stack names are checked at synth by `checkStackNamesUnique`, since stacks
// that are not the library's count too.)

interface Claim {
  readonly path: string;
  readonly what: string;
}

const registers = new WeakMap<IConstruct, Map<string, Claim>>();

function claim(scope: IConstruct, where: string, key: string, what: string, fix: string): void {
  const root = scope.node.root;
  let register = registers.get(root);
  if (!register) {
    register = new Map();
    registers.set(root, register);
  }
  const previous = register.get(key);
  if (previous && previous.path !== where) {
    throw invalidUse(where, `${what} is also created by "${previous.path}": both cannot be deployed. ${fix}`);
  }
  register.set(key, { path: where, what });
}

/**
 * IAM role names are unique per account and not distinguished by case.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-names
 */
export function claimWorkloadNames(scope: IConstruct, workload: WorkloadModel, roleNameProp: string): void {
  claim(
    scope,
    workload.path,
    `role|${partitionOf(workload.region)}|${workload.account}|${workload.roleName.toLowerCase()}`,
    `IAM role "${workload.roleName}" in account ${workload.account}`,
    `Give one of them another \`${roleNameProp}\`, or grant both sets of secrets to one workload.`,
  );
  // EKS allows one Pod Identity association per service account and cluster.
  // https://docs.aws.amazon.com/eks/latest/APIReference/API_CreatePodIdentityAssociation.html
  for (const cluster of workload.podIdentityClusters) {
    claim(
      scope,
      workload.path,
      `association|${workload.account}|${workload.region}|${cluster}|${workload.namespace}|${workload.serviceAccount}`,
      `The Pod Identity association of service account ${workload.namespace}/${workload.serviceAccount} on EKS cluster "${cluster}" (account ${workload.account}, ${workload.region})`,
      'A service account gets its role from one association per cluster: make it one workload, or use another service account.',
    );
  }
}

/** Secret names are unique per account and region. */
export function claimSecretName(scope: IConstruct, secret: SecretModel, prop: string): void {
  claim(
    scope,
    secret.path,
    `secret|${secret.account}|${secret.region}|${secret.name}`,
    `Secret "${secret.name}" in account ${secret.account}, ${secret.region}`,
    `Give one of them another \`${prop}\`, or add the secret once and grant it to every workload that reads it.`,
  );
}

/** KMS alias names are unique per account and region. */
export function claimKeyAlias(scope: IConstruct, key: KeyModel, prop: string): void {
  claim(
    scope,
    key.path,
    `alias|${key.account}|${key.region}|${key.alias!}`,
    `KMS alias "${key.alias!}" in account ${key.account}, ${key.region}`,
    `Give one of them another \`${prop}\`, or add the key once and use it for every secret it encrypts.`,
  );
}

/** An EKS Pod Identity target role's name, in the secrets' account. */
export function claimTargetRoleName(scope: IConstruct, workload: WorkloadModel): void {
  const target = workload.targetRole!;
  claim(
    scope,
    workload.path,
    `role|${partitionOf(workload.region)}|${target.account}|${target.roleName.toLowerCase()}`,
    `IAM role "${target.roleName}" in account ${target.account}`,
    'Give the target role another name (`targetRoleName`, or `podIdentityTargetRole.roleName`).',
  );
}

/**
 * An account has one IAM OIDC provider per issuer URL: "You cannot register the same provider multiple
 * times in a single AWS account". IAM is global, so the region does not matter; `issuer` is the provider's
 * name as `oidcProviderArn` writes it (host in lower case, without `https://`).
 *
 * @see https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateOpenIDConnectProvider.html
 */
export function claimOidcProvider(scope: IConstruct, providerPath: string, workload: WorkloadModel, issuer: string): void {
  claim(
    scope,
    providerPath,
    `oidc-provider|${partitionOf(workload.region)}|${workload.account}|${issuer}`,
    `IAM OIDC provider "${issuer}" in account ${workload.account}`,
    'An account has one provider per issuer: set `createOidcProvider` on the workloads of one graph (and one stage) only; the roles of the others trust the provider by its ARN and need no resource of their own.',
  );
}
