import { invalidProp, invalidUse } from '../input/errors';
import { ExistingSecretInput, existingSecretModel } from '../input/existing-secret';
import { checkKeyArnIn, existingKeyModel } from '../input/key-arn';
import { isFromApp } from '../input/own-account-values';
import { KeyInput, parseKey, parseSecret, parseWorkload, SecretInput, TargetRoleInput, WorkloadInput } from '../input/part-models';
import { FromProp, PropPath } from '../input/prop-path';
import { partitionOf } from '../model/identifiers';
import { GrantModel, IndexedAccessModel, KeyModel, SecretModel, WorkloadModel } from '../model/model';

// Both front doors build their model here. `CrossAccountSecretAccess` translates its props into one
// addKey (or importKey), one addSecret, one addWorkload and one grant; `CrossAccountSecrets` calls the
// same methods as its parts are added. Per-value checks live in `input/`; every rule that spans several
// values lives here, once, and names the properties as the caller spells them. No constructs: the model
// is plain data, so it can be built, tested and evaluated without an app.

/** Where a part comes from, for its errors, and where it is rendered, for its model's `path`. */
export interface PartSite {
  /** The construct path errors name. */
  readonly where: string;
  /** How the caller spells the part's property names (`key.alias` in the props, `alias` in `addKey`). */
  readonly prop: PropPath;
  /**
   * The construct path of the part once rendered (its model's `path`, named by collision and grant
   * errors), from its validated account and region; the graph places the part in a stack here.
   * Default: `where`.
   */
  readonly place?: (part: { readonly account: string; readonly region: string }) => string;
}

/** How a workload is trusted: the validated trust sources, by the property each came from. */
export interface WorkloadTrust {
  readonly oidcIssuers: readonly FromProp<string>[];
  readonly podIdentityClusters: readonly FromProp<string>[];
  /** The caller's names of the two lists, for the error when both are empty. */
  readonly oidcIssuersProp: string;
  readonly podIdentityClustersProp: string;
  /** The EKS Pod Identity target role, when the workload reads through one. */
  readonly targetRole?: FromProp<TargetRoleInput>;
  /** Whether the workload's stack creates the IAM OIDC providers of `oidcIssuers`, and the prop that asked. */
  readonly createOidcProviders?: FromProp<boolean>;
}

/** What a grant is called in its errors: `grantRead(Api)` in the graph. */
export interface GrantSite {
  readonly where: string;
  readonly label: string;
}

/**
 * A model being built: parts validated as they are added, grants in the order they were given. It is
 * the `AccessModel` the policies are built from, read again at synth, so grants added later are in it.
 * Grants are indexed both ways as they are added, so that a grant, and each policy's look-up of its
 * workload's secrets or its secret's readers, costs the same in a graph of 8,000 workloads as of 10.
 */
export class ModelBuilder implements IndexedAccessModel {
  public readonly keys: KeyModel[] = [];
  public readonly secrets: SecretModel[] = [];
  public readonly workloads: WorkloadModel[] = [];
  public readonly grants: GrantModel[] = [];
  private readonly secretsByWorkload = new Map<WorkloadModel, SecretModel[]>();
  private readonly readersBySecret = new Map<SecretModel, WorkloadModel[]>();
  /** Per workload, the secrets it is granted, for the duplicate check. */
  private readonly granted = new Map<WorkloadModel, Set<SecretModel>>();
  private readonly secretsByKey = new Map<KeyModel, SecretModel[]>();
  private readonly grantedSecretsByKey = new Map<KeyModel, SecretModel[]>();

  public grantedSecrets(workload: WorkloadModel): readonly SecretModel[] {
    return this.secretsByWorkload.get(workload) ?? [];
  }

  public grantedReaders(secret: SecretModel): readonly WorkloadModel[] {
    return this.readersBySecret.get(secret) ?? [];
  }

  public encryptedSecrets(key: KeyModel): readonly SecretModel[] {
    return this.secretsByKey.get(key) ?? [];
  }

  public grantedEncryptedSecrets(key: KeyModel): readonly SecretModel[] {
    return this.grantedSecretsByKey.get(key) ?? [];
  }

  /**
   * A customer managed key the app creates. `pin` gives its exact ARN when known (a prop or a CDK context
   * value, checked against the key's account and region with `checkKeyArnIn`).
   */
  public addKey(
    site: PartSite,
    input: KeyInput,
    settings: { readonly description: string; readonly keyArnProp: string; readonly pin?: (key: KeyModel) => string | undefined },
  ): KeyModel {
    const parsed = parseKey(site.where, site.prop, input, settings.description, settings.keyArnProp);
    const keyArn = settings.pin?.(parsed);
    return this.placed(this.keys, site, keyArn === undefined ? parsed : { ...parsed, keyArn });
  }

  /** An existing key, by ARN; `declared` is the account and region the caller said it is in, if any. */
  public importKey(site: PartSite, keyArn: unknown, declared?: { readonly account: string; readonly region: string }): KeyModel {
    const prop = site.prop('keyArn');
    const arn = declared ? checkKeyArnIn(site.where, prop, keyArn as string, declared.account, declared.region) : keyArn;
    return this.placed(this.keys, site, existingKeyModel(site.where, prop, arn as string));
  }

  /** A secret the app creates, encrypted with `key`. */
  public addSecret(site: PartSite, input: SecretInput, key: KeyModel, description: string): SecretModel {
    const secret = parseSecret(site.where, site.prop, input, key, description);
    this.inKeyRegion(site, secret.region, key);
    return this.placedSecret(site, secret);
  }

  /** An existing secret; `key` is the key that encrypts it, when named. */
  public importSecret(site: PartSite, input: ExistingSecretInput, key: KeyModel | undefined): SecretModel {
    const secret = existingSecretModel(site.where, input, key);
    // A secret named by ARN takes its region from the ARN.
    if (key) {
      const region = input.secretArn === undefined ? undefined : `the region "${secret.region}" of \`${site.prop('secretArn')}\``;
      this.inKeyRegion(site, secret.region, key, region);
    }
    return this.placedSecret(site, secret);
  }

  /** A workload: a service account on the clusters of `trust`, and its pod role. */
  public addWorkload(site: PartSite, input: WorkloadInput, trust: WorkloadTrust): WorkloadModel {
    const { where } = site;
    if (trust.oidcIssuers.length === 0 && trust.podIdentityClusters.length === 0) {
      throw invalidUse(
        where,
        `\`${trust.oidcIssuersProp}\` and \`${trust.podIdentityClustersProp}\` are both missing or empty: give the OIDC issuer URLs of the clusters (IRSA), the names of the clusters (EKS Pod Identity), or both.`,
      );
    }
    if (trust.createOidcProviders?.value && trust.oidcIssuers.length === 0) {
      throw invalidUse(
        where,
        `\`${trust.createOidcProviders.prop}\` is set but \`${trust.oidcIssuersProp}\` is missing or empty: give the OIDC issuer URLs of the clusters whose providers to create.`,
      );
    }
    const target = trust.targetRole;
    if (target && (trust.podIdentityClusters.length === 0 || trust.oidcIssuers.length > 0)) {
      throw invalidUse(
        where,
        `\`${target.prop}\` needs EKS Pod Identity alone: a target role is assumed by EKS Pod Identity, so give Pod Identity clusters and no OIDC issuers (IRSA would read the secrets with the pod role itself).`,
      );
    }
    // The target role's trust, in the secrets' account, pins the clusters' ARNs: a token cannot get there.
    const fromApp = target && trust.podIdentityClusters.find((c) => isFromApp(c.value));
    if (fromApp) {
      throw invalidProp(
        where,
        fromApp.prop,
        fromApp.value,
        `is a value of this app (a token), but the Pod Identity target role in account ${target.value.account} names the cluster's ARN in its trust, and CloudFormation cannot pass a value to another account: give the cluster's name as a literal.`,
      );
    }
    const workload = parseWorkload(where, site.prop, input, trust.oidcIssuers, trust.podIdentityClusters, target);
    if (workload.targetRole && workload.principalByRoleArn) {
      throw invalidUse(
        where,
        `\`${site.prop('grantPrincipal')}\` ROLE_ARN cannot be used with \`${target!.prop}\`: the key policy would name the target role, which is created after the key; use the default principal.`,
      );
    }
    const created = trust.createOidcProviders?.value === true;
    return this.placed(this.workloads, site, created ? { ...workload, createOidcProviders: true } : workload);
  }

  /**
   * Lets the workload read the secret; false when it already may (granting twice changes nothing).
   * The workload and secret must be of this model.
   */
  public grant(site: GrantSite, workload: WorkloadModel, secret: SecretModel): boolean {
    if (partitionOf(workload.region) !== partitionOf(secret.region)) {
      throw invalidUse(
        site.where,
        `${site.label}: regions "${workload.region}" and "${secret.region}" are in different AWS partitions (${partitionOf(workload.region)}, ${partitionOf(secret.region)}): IAM cannot grant across partitions; use regions of one partition.`,
      );
    }
    if (workload.targetRole && workload.targetRole.account !== secret.account) {
      throw invalidUse(
        site.where,
        `${site.label}: the workload reads through its Pod Identity target role in account ${workload.targetRole.account}, and this secret is in account ${secret.account}: grant it secrets of that account, or add another workload for this account.`,
      );
    }
    const granted = this.granted.get(workload) ?? new Set<SecretModel>();
    if (granted.has(secret)) return false;
    this.granted.set(workload, granted.add(secret));
    this.grants.push({ workload, secret });
    append(this.secretsByWorkload, workload, secret);
    if (secret.key && this.grantedReaders(secret).length === 0) append(this.grantedSecretsByKey, secret.key, secret);
    append(this.readersBySecret, secret, workload);
    return true;
  }

  /** Secrets Manager only uses a KMS key of the secret's own region. */
  private inKeyRegion(site: PartSite, region: string, key: KeyModel, subject = `\`${site.prop('region')}\` "${region}"`): void {
    if (key.region !== region) {
      throw invalidUse(
        site.where,
        `${subject} differs from the region "${key.region}" of its key ${key.label}: Secrets Manager can only use a KMS key in the secret's region; give the secret and its key one region.`,
      );
    }
  }

  private placedSecret(site: PartSite, secret: SecretModel): SecretModel {
    const placed = this.placed(this.secrets, site, secret);
    if (placed.key) append(this.secretsByKey, placed.key, placed);
    return placed;
  }

  private placed<T extends { readonly path: string; readonly account: string; readonly region: string }>(
    list: T[],
    site: PartSite,
    model: T,
  ): T {
    const placed = site.place ? { ...model, path: site.place(model) } : model;
    list.push(placed);
    return placed;
  }
}

function append<K, V>(lists: Map<K, V[]>, key: K, value: V): void {
  const list = lists.get(key);
  if (list) list.push(value);
  else lists.set(key, [value]);
}
