import { GrantSite, ModelBuilder, PartSite, WorkloadTrust } from '../../lib/private/build/model-builder';
import { KeyInput, SecretInput, TargetRoleInput, WorkloadInput } from '../../lib/private/input/part-models';
import { propPath } from '../../lib/private/input/prop-path';
import { KeyModel, SecretModel, WorkloadModel } from '../../lib/private/model/model';

// Small models for unit tests, built through `ModelBuilder` so that every model a test uses is one the
// builder accepts. Sites are the graph's (`CrossAccountSecrets`): properties named as its options spell
// them (`alias`, `region`, `oidcIssuers`), without a prefix.

export const WORKLOAD_ACCOUNT = '111111111111';
export const SECRET_ACCOUNT = '222222222222';
export const KEY_ACCOUNT = '333333333333';
export const BLUE_ISSUER = 'oidc.eks.eu-west-1.amazonaws.com/id/BLUE';
export const GREEN_ISSUER = 'oidc.eks.eu-west-1.amazonaws.com/id/GREEN';
export const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';

/** Where a part of the graph is, with its properties spelt as the graph's options spell them. */
export function site(where: string, place?: PartSite['place']): PartSite {
  return place ? { where, prop: propPath(''), place } : { where, prop: propPath('') };
}

/** How the graph names a grant in its errors. */
export const GRANT: GrantSite = { where: 'G/Secret', label: 'grantRead(Api)' };

export function addKey(model: ModelBuilder, input: Partial<KeyInput> = {}, where = 'G/Key'): KeyModel {
  return model.addKey(
    site(where),
    { account: KEY_ACCOUNT, region: 'eu-west-1', alias: 'app-secrets', ...input },
    { description: 'Encrypts the secrets of the tests', keyArnProp: 'keyArn' },
  );
}

/** An existing key, by ARN, in the key account. */
export function importKey(model: ModelBuilder, region = 'eu-west-1', where = 'G/ExistingKey'): KeyModel {
  return model.importKey(site(where), `arn:${region.startsWith('cn-') ? 'aws-cn' : 'aws'}:kms:${region}:${KEY_ACCOUNT}:key/${KEY_ID}`);
}

export function addSecret(model: ModelBuilder, key: KeyModel, input: Partial<SecretInput> = {}, where = 'G/Secret'): SecretModel {
  return model.addSecret(
    site(where),
    { account: SECRET_ACCOUNT, region: 'eu-west-1', secretName: 'app/db', ...input },
    key,
    'A secret of the tests',
  );
}

/** Trust through IRSA, from the clusters' OIDC issuers. */
export function irsa(...issuers: string[]): WorkloadTrust {
  return {
    oidcIssuers: issuers.map((value, i) => ({ prop: `oidcIssuers[${i}]`, value })),
    podIdentityClusters: [],
    oidcIssuersProp: 'oidcIssuers',
    podIdentityClustersProp: 'podIdentityClusters',
  };
}

/** Trust through EKS Pod Identity, on the named clusters, optionally through a target role. */
export function podIdentity(clusters: string[], targetRole?: TargetRoleInput): WorkloadTrust {
  return {
    oidcIssuers: [],
    podIdentityClusters: clusters.map((value, i) => ({ prop: `podIdentityClusters[${i}]`, value })),
    oidcIssuersProp: 'oidcIssuers',
    podIdentityClustersProp: 'podIdentityClusters',
    ...(targetRole ? { targetRole: { prop: 'podIdentityTargetRole', value: targetRole } } : {}),
  };
}

/** A workload in the workload account whose role is `pod-role`, trusted through IRSA on the blue cluster by default. */
export function addWorkload(
  model: ModelBuilder,
  trust: WorkloadTrust = irsa(BLUE_ISSUER),
  input: Partial<WorkloadInput> = {},
  where = 'G/Api',
): WorkloadModel {
  return model.addWorkload(
    site(where),
    { account: WORKLOAD_ACCOUNT, region: 'eu-west-1', namespace: 'shop', serviceAccount: 'api', roleName: 'pod-role', ...input },
    trust,
  );
}

/** A key, a secret it encrypts and a workload granted the secret: the smallest model with a grant. */
export function oneOfEach(
  options: { trust?: WorkloadTrust; workload?: Partial<WorkloadInput>; secret?: Partial<SecretInput>; key?: Partial<KeyInput> } = {},
): { model: ModelBuilder; key: KeyModel; secret: SecretModel; workload: WorkloadModel } {
  const model = new ModelBuilder();
  const key = addKey(model, options.key);
  const secret = addSecret(model, key, options.secret);
  const workload = addWorkload(model, options.trust, options.workload);
  model.grant(GRANT, workload, secret);
  return { model, key, secret, workload };
}
