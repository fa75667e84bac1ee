import { Annotations, Stack } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { ImportedKeyOptions, KeyOptions, KeyPart } from './key-part';
import { KubernetesManifestsOptions } from './kubernetes-manifests-options';
import { accessReview } from './private/outputs/access-review';
import { accountStackProps } from './private/render/stack-props';
import { addStackDependency } from './private/render/aws-cdk-lib-compat';
import { invalidProp, invalidUse } from './private/input/errors';
import { recordFingerprint } from './private/render/fingerprint';
import { GraphState, PartGraph } from './private/build/model-builder';
import { keyAliasArn } from './private/model/identifiers';
import { importedKeysStatements } from './private/policies/existing-key-statements';
import { importedSecretModel } from './private/input/existing-secret';
import { importedKeyModel, keyArnOf } from './private/input/key-arn';
import { graphManifests, manifestsYaml } from './private/outputs/kubernetes-manifests';
import { stackProblems } from './private/render/limit-checks';
import { KeyModel, readersOf, SecretModel, secretsOf, WorkloadModel } from './private/model/model';
import { keyModel, Named, propNames, samePartition, secretModel, workloadModel } from './private/input/part-models';
import { claimKeyAlias, claimSecretName, claimTargetRoleName, claimWorkloadNames } from './private/render/physical-names';
import { keyPolicy } from './private/policies/key-policy';
import { packWorkloadPermissions } from './private/policies/packing';
import { rolePathServiceControlPolicy } from './private/policies/role-path-scp';
import { secretResourcePolicy } from './private/policies/secret-resource-policy';
import { trustPolicy } from './private/policies/trust-policy';
import * as names from './private/input/prop-names';
import { stackNameBase } from './private/graph/stack-names';
import * as v from './private/input/values';
import { unknownRegionWarnings } from './private/input/values';
import * as shape from './private/input/types';
import { ImportedSecretOptions, SecretOptions, SecretPart } from './secret-part';
import { WorkloadOptions, WorkloadPart } from './workload-part';

/**
 * Props of `CrossAccountSecrets`.
 */
export interface CrossAccountSecretsProps {
  /**
   * Prefix of the names of the stacks the graph creates: `<prefix>-Keys-<account>-<region>`,
   * `<prefix>-Secrets-...`, `<prefix>-Workloads-...` (with the stack group, if any, after the kind).
   *
   * Set it to keep the stack names when the app moves into a `Stage` or a pipeline: named, retained
   * resources of the old stacks would otherwise collide with the new stacks'.
   *
   * @default - the graph's construct path below its stage, with the stage name in front
   */
  readonly stackNamePrefix?: string;

  /**
   * Whether CloudFormation refuses to delete the graph's stacks.
   *
   * @default false
   */
  readonly terminationProtection?: boolean;
}

type Kind = 'Keys' | 'Secrets' | 'Workloads';

/**
 * A graph of KMS keys, Secrets Manager secrets and EKS workloads across accounts: one key can encrypt
 * secrets of several accounts, one secret can be read by workloads of several accounts, one workload
 * can read several secrets and be trusted from several clusters (IRSA, EKS Pod Identity, or both).
 *
 * Each kind of part is rendered in one stack per account and region (and stack group), so the number
 * of stacks grows with the accounts, not the grants. Grants are packed the way an expert writes them:
 * one statement per kind of access, listing every role or secret it covers. At synth, the AWS size
 * limits of every policy and stack are checked, and physical names that collide anywhere in the app
 * (role names, secret names, key aliases, Pod Identity associations) are errors.
 *
 * Create it directly in an `App` or a `Stage`, not inside a `Stack`.
 *
 * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples_cross.html
 */
export class CrossAccountSecrets extends Construct {
  private readonly state = new GraphState();
  private readonly stacksById = new Map<string, Stack>();
  private readonly parts = new Map<KeyModel | SecretModel | WorkloadModel, KeyPart | SecretPart | WorkloadPart>();
  private readonly stackNamePrefix: string;
  private readonly graph: PartGraph;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: CrossAccountSecretsProps = {},
  ) {
    super(scope, id);
    const enclosing = this.node.scopes.find((s) => s !== this && Stack.isStack(s));
    if (enclosing) {
      throw invalidUse(
        this.node.path,
        `is inside stack "${enclosing.node.path}": create CrossAccountSecrets in an App or a Stage, because it creates stacks per account and region.`,
      );
    }
    this.stackNamePrefix =
      props.stackNamePrefix === undefined ? stackNameBase(this, 60) : stackName(this.node.path, 'stackNamePrefix', props.stackNamePrefix);
    this.graph = { access: () => this.state, grant: (workload, secret) => this.grant(workload, secret) };
  }

  /** Adds a customer managed KMS key in its account and region. */
  public addKey(id: string, options: KeyOptions): KeyPart {
    const where = this.partPath(id);
    shape.knownProps(where, '', options, names.KEY_OPTIONS);
    const region = regionOf(where, options);
    const unpinned = keyModel(
      where,
      propNames(''),
      options,
      region,
      'Encrypts Secrets Manager secrets read from other accounts',
      'keyArn` of `importKey()',
    );
    const model = { ...unpinned, keyArn: this.pinnedKeyArn(where, options, unpinned) };
    const stack = this.stackFor('Keys', model, where, options.stackGroup);
    const placed = { ...model, path: `${stack.node.path}/${id}` };
    claimKeyAlias(this, placed, 'alias');
    const part = KeyPart._create(stack, id, placed, this.graph);
    this.state.keys.push(placed);
    this.parts.set(placed, part);
    return part;
  }

  /**
   * Names an existing KMS key, for secrets of its region. Nothing is created for it: its policy belongs
   * to its owners, who must add the statements of `keyPolicyStatements()`; the secrets it encrypts warn
   * until then. Policies and `KmsKeyId` name its exact ARN.
   */
  public importKey(id: string, options: ImportedKeyOptions): KeyPart {
    const where = this.partPath(id);
    const model = importedKeyModel(where, 'keyArn', options?.keyArn);
    const part = KeyPart._create(this, id, model, this.graph);
    this.state.keys.push(model);
    this.parts.set(model, part);
    return part;
  }

  /**
   * The key policy statements the owners of imported keys must add, by key ARN: one policy document per
   * key, with the same statements the library writes into the policies of the keys it creates. Write it
   * next to the templates (`<graph id>.key-policy-statements.json`) for the key's owners.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  public keyPolicyStatements(): { [key: string]: any } {
    return importedKeysStatements(this.state);
  }

  /** Adds a secret in its account and region, encrypted with a key of this graph. */
  public addSecret(id: string, options: SecretOptions): SecretPart {
    const where = this.partPath(id);
    shape.knownProps(where, '', options, names.SECRET_OPTIONS);
    const key = this.ownKey(where, options?.key)._model;
    const model = secretModel(where, propNames(''), options, key, `Encrypted with ${key.alias} of account ${key.account}`);
    const stack = this.stackFor('Secrets', model, where, options.stackGroup);
    const placed = { ...model, path: `${stack.node.path}/${id}` };
    claimSecretName(this, placed, 'secretName');
    // Secrets Manager encrypts the generated value with the key when it creates the secret.
    if (!key.imported) addStackDependency(stack, Stack.of(this.parts.get(key)!), 'secrets are encrypted with keys of this stack');
    const part = SecretPart._create(stack, id, placed, this.graph);
    this.state.secrets.push(placed);
    this.parts.set(placed, part);
    return part;
  }

  /**
   * Names an existing secret, by its full ARN or by its account, region and name. Only its resource policy
   * is rendered, in its account (it replaces any resource policy the secret had); grants name its ARN
   * pattern. Name its `key`, or its readers cannot decrypt it (a warning says so).
   */
  public importSecret(id: string, options: ImportedSecretOptions): SecretPart {
    const where = this.partPath(id);
    const key = options?.key === undefined ? undefined : this.ownKey(where, options.key)._model;
    const model = importedSecretModel(where, options ?? {}, key);
    const stack = this.stackFor('Secrets', model, where, options?.stackGroup);
    const placed = { ...model, path: `${stack.node.path}/${id}` };
    claimSecretName(this, placed, 'secretName');
    const part = SecretPart._create(stack, id, placed, this.graph);
    this.state.secrets.push(placed);
    this.parts.set(placed, part);
    return part;
  }

  /** Adds a workload: a service account on one or more clusters of one account and region, and its pod role. */
  public addWorkload(id: string, options: WorkloadOptions): WorkloadPart {
    const where = this.partPath(id);
    shape.knownProps(where, '', options, names.WORKLOAD_OPTIONS);
    if (options.podIdentityTargetRole !== undefined) {
      shape.knownProps(where, 'podIdentityTargetRole', options.podIdentityTargetRole, names.TARGET_ROLE_OPTIONS);
    }
    const issuers = namedList(where, 'oidcIssuers', options?.oidcIssuers);
    const clusters = namedList(where, 'podIdentityClusters', options?.podIdentityClusters);
    if (issuers.length === 0 && clusters.length === 0) {
      throw invalidUse(
        where,
        '`oidcIssuers` and `podIdentityClusters` are both missing or empty: give the OIDC issuer URLs of the clusters (IRSA), the names of the clusters (EKS Pod Identity), or both.',
      );
    }
    if (options.createOidcProvider && issuers.length === 0) {
      throw invalidUse(
        where,
        '`createOidcProvider` is set but `oidcIssuers` is missing or empty: give the OIDC issuer URLs of the clusters whose providers to create.',
      );
    }
    const target = options?.podIdentityTargetRole;
    const model = {
      ...workloadModel(
        where,
        propNames(''),
        options,
        issuers,
        clusters,
        target && {
          prop: 'podIdentityTargetRole',
          value: { account: target.account, roleName: target.roleName, sessionTags: !target.disableSessionTags },
        },
      ),
      createOidcProviders: options.createOidcProvider === true,
    };
    if (model.targetRole && model.principalByRoleArn) {
      throw invalidUse(
        where,
        '`grantPrincipal` ROLE_ARN cannot be used with `podIdentityTargetRole`: the key policy would name a role created after the key; use the default principal.',
      );
    }
    const stack = this.stackFor('Workloads', model, where, options.stackGroup);
    const placed = { ...model, path: `${stack.node.path}/${id}` };
    claimWorkloadNames(this, placed, 'roleName');
    // The target role lives with the other workload roles of the secrets' account and region.
    const targetStack =
      placed.targetRole &&
      this.stackFor('Workloads', { account: placed.targetRole.account, region: placed.region }, where, options.stackGroup);
    if (targetStack) {
      claimTargetRoleName(this, placed);
      // The Pod Identity association names the target role.
      addStackDependency(stack, targetStack, 'Pod Identity associations name target roles of this stack');
    }
    const part = WorkloadPart._create(stack, id, placed, this.graph, targetStack);
    this.state.workloads.push(placed);
    this.parts.set(placed, part);
    return part;
  }

  /** The stacks of the graph, in the order they were created. */
  public get stacks(): Stack[] {
    return [...this.stacksById.values()];
  }

  /**
   * The Kubernetes side of every workload, as plain objects (see `CrossAccountSecretAccess.kubernetesManifests()`).
   */
  // jsii maps `any` (not `unknown`) to a JSON object in every target language.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  public kubernetesManifests(options: KubernetesManifestsOptions = {}): Array<{ [key: string]: any }> {
    return graphManifests(this.node.path, this.state.grants, options);
  }

  /**
   * A service control policy that reserves the pod roles' IAM paths for the role CloudFormation deploys
   * with, so that nobody else can create a role the secret and key policies would admit. Attach it to the
   * organizational units of the workload accounts.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  public rolePathServiceControlPolicy(): { [key: string]: any } {
    return rolePathServiceControlPolicy(this.state.workloads);
  }

  /** `kubernetesManifests()` as one multi-document YAML file, for `kubectl apply -f`. */
  public kubernetesManifestsYaml(options: KubernetesManifestsOptions = {}): string {
    return manifestsYaml(this.kubernetesManifests(options));
  }

  /** A Markdown access review of every grant of the graph, and of every key's administration. */
  public accessReview(): string {
    const place = (element: IConstruct & { logicalId: string }) => {
      const stack = Stack.of(element);
      return { stackName: stack.stackName, logicalId: stack.resolve(element.logicalId) as string };
    };
    const part = <T>(model: object) => this.parts.get(model as KeyModel) as T;
    return accessReview(this.node.path, this.state, {
      workload: (w) => {
        const p = part<WorkloadPart>(w);
        return {
          role: place(p.role),
          permissions: p.permissionsPolicies.map(place),
          podIdentityAssociations: p.podIdentityAssociations.map(place),
          targetRole: p.targetRole && place(p.targetRole),
          targetPermissions: p._target?.permissionsPolicies.map(place),
        };
      },
      secret: (s) => {
        const p = part<SecretPart>(s);
        const policy = place(p.resourcePolicy!);
        return { secret: p.secret ? place(p.secret) : { stackName: policy.stackName, logicalId: s.name }, resourcePolicy: policy };
      },
      key: (k) =>
        k.imported
          ? { key: { stackName: 'the existing key (its owners add the statements)', logicalId: k.keyArn! } }
          : { key: place(part<KeyPart>(k).key!) },
    });
  }

  private grant(workload: WorkloadModel, secret: SecretModel): void {
    const workloadPart = this.parts.get(workload);
    const secretPart = this.parts.get(secret) as SecretPart;
    if (!(workloadPart instanceof WorkloadPart)) {
      throw invalidUse(
        secret.path,
        `grantRead: the workload "${workload.path}" belongs to another CrossAccountSecrets graph: grant secrets to workloads of the same graph.`,
      );
    }
    samePartition(secret.path, `grantRead(${workloadPart.node.id})`, workload.region, secret.region);
    if (workload.targetRole && workload.targetRole.account !== secret.account) {
      throw invalidUse(
        secret.path,
        `grantRead(${workloadPart.node.id}): the workload reads through its Pod Identity target role in account ${workload.targetRole.account}, and this secret is in account ${secret.account}: grant it secrets of that account, or add another workload for this account.`,
      );
    }
    if (!this.state.grant(workload, secret)) return;
    if (workload.principalByRoleArn) {
      // IAM and KMS reject a policy that names a role which does not exist yet.
      const reason = 'policies name the pod role by ARN';
      addStackDependency(Stack.of(secretPart), Stack.of(workloadPart), reason);
      if (secret.key && !secret.key.imported) addStackDependency(Stack.of(this.parts.get(secret.key)!), Stack.of(workloadPart), reason);
    }
    workloadPart._sync();
    secretPart._rendered.sync();
  }

  /** The graph's stack for a kind of part in an account and region (and group), created on first use. */
  private stackFor(kind: Kind, part: { account: string; region: string }, where: string, group: string | undefined): Stack {
    const stack = this.stackOf(kind, part, where, group);
    // A region newer than aws-cdk-lib is accepted with a warning, on the stack of that region (the CLI
    // reports warnings of constructs in stacks only).
    for (const w of unknownRegionWarnings(where, { region: part.region })) Annotations.of(stack).addWarningV2(w.id, w.message);
    return stack;
  }

  private stackOf(kind: Kind, part: { account: string; region: string }, where: string, group: string | undefined): Stack {
    const groupName = group === undefined ? undefined : stackName(where, 'stackGroup', group, 32);
    const id = [kind, groupName, part.account, part.region].filter(Boolean).join('-');
    let stack = this.stacksById.get(id);
    if (!stack) {
      const description = `${kind} of ${this.node.path} in account ${part.account}, ${part.region}${groupName ? `, group ${groupName}` : ''}`;
      stack = new Stack(
        this,
        id,
        accountStackProps(
          { stackName: `${this.stackNamePrefix}-${id}`, terminationProtection: this.props.terminationProtection },
          part,
          description,
        ),
      );
      const created = stack;
      created.node.addValidation({
        validate: () => {
          const resources = created.node.findAll().filter((c) => (c as { cfnResourceType?: string }).cfnResourceType !== undefined);
          return stackProblems(created.stackName, resources.length, this.templateBytes(created, resources.length));
        },
      });
      recordFingerprint(stack, () => this.state);
      this.stacksById.set(id, stack);
    }
    return stack;
  }

  /**
   * The template size of a stack, estimated from the documents its parts render (which dominate it) and
   * a generous allowance for every resource's type, names, metadata and policies.
   */
  private templateBytes(stack: Stack, resources: number): number {
    const size = (value: unknown) => JSON.stringify(value).length;
    let bytes = 2000 + resources * 700;
    for (const [model, part] of this.parts) {
      if ((part instanceof KeyPart && part.imported) || Stack.of(part) !== stack) continue;
      if (part instanceof KeyPart) bytes += size(keyPolicy(model as KeyModel, this.state));
      if (part instanceof SecretPart) bytes += size(secretResourcePolicy(readersOf(model as SecretModel, this.state)));
      if (part instanceof WorkloadPart) {
        const workload = model as WorkloadModel;
        bytes += size(trustPolicy(workload)) + size(packWorkloadPermissions(workload, secretsOf(workload, this.state)));
      }
    }
    return bytes;
  }

  /** The key ARN pinned by prop or by CDK context, checked against the key's account and region. */
  private pinnedKeyArn(where: string, options: KeyOptions, key: KeyModel): string | undefined {
    const context = `cdk-eks-cross-account-secrets:keyArn:${keyAliasArn(key)}`;
    if (options.pinnedKeyArn !== undefined) return keyArnOf(where, 'pinnedKeyArn', options.pinnedKeyArn, key.account, key.region);
    const pinned: unknown = this.node.tryGetContext(context);
    return pinned === undefined ? undefined : keyArnOf(where, `context ${context}`, pinned as string, key.account, key.region);
  }

  private partPath(id: string): string {
    const where = `${this.node.path}/${id}`;
    if ([...this.parts.values()].some((p) => p.node.id === id)) {
      throw invalidProp(
        this.node.path,
        'id',
        id,
        'is already the id of another part of this graph: give each key, secret and workload its own id.',
      );
    }
    return where;
  }

  private ownKey(where: string, value: unknown): KeyPart {
    if (!(value instanceof KeyPart) || this.parts.get(value._model) !== value) {
      throw invalidProp(
        where,
        'key',
        value === undefined ? undefined : String(value),
        'is not a key of this graph: pass what `addKey()` of the same CrossAccountSecrets returned.',
      );
    }
    return value;
  }
}

/** A graph key's region is given, not derived from one secret; its secrets must be in it. */
function regionOf(where: string, options: KeyOptions): string {
  return v.region(where, 'region', options?.region);
}

function namedList(where: string, prop: string, values: string[] | undefined): Named<string>[] {
  if (values === undefined) return [];
  if (!Array.isArray(values))
    throw invalidProp(where, prop, JSON.stringify(values), 'is not a list: give a list of strings, such as ["a"].');
  return values.map((value, i) => ({ prop: `${prop}[${i}]`, value }));
}

/** A stack name, or part of one: a letter, then letters, digits and hyphens. */
function stackName(where: string, prop: string, value: string, max = 80): string {
  if (typeof value !== 'string' || !new RegExp(`^[A-Za-z][A-Za-z0-9-]{0,${max - 1}}$`).test(value)) {
    throw invalidProp(
      where,
      prop,
      value,
      `is not usable in a CloudFormation stack name: start with a letter, then use A-Z, a-z, 0-9 and "-", at most ${max} characters.`,
    );
  }
  return value;
}
