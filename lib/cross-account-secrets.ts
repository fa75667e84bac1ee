import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { CrossAccountSecretsProps } from './cross-account-secrets-props';
import type { IWorkloadPart } from './i-parts';
import { ImportedKeyOptions, KeyOptions } from './key-options';
import { KeyPart } from './key-part';
import { KubernetesManifestsOptions } from './kubernetes-manifests-options';
import { ModelBuilder } from './private/build/model-builder';
import { AccessRecord, descriptionFileName } from './private/graph/access-record';
import { deployAccountsOf } from './private/graph/deploy-accounts';
import { roleReservationPolicy } from './private/graph/deployer-roles';
import { GraphParts } from './private/graph/graph-parts';
import { GraphStacks } from './private/graph/graph-stacks';
import { GraphOidcProviders } from './private/graph/oidc-providers';
import { PartGraph } from './private/graph/part-graph';
import { pinnedKeyArn } from './private/graph/pinned-key';
import { checkStackName, stackNameBase } from './private/graph/stack-names';
import { assertNotInStack, StackOfPart } from './private/graph/wiring';
import { checkWorkloadOptions, clusterObjectsOfOptions, trustOfWorkloadOptions } from './private/graph/workload-trust';
import { checkNoArguments, checkOptions, checkPartId, checkProps } from './private/input/method-arguments';
import * as propNames from './private/input/prop-names';
import { propPath } from './private/input/prop-path';
import { awsRegion } from './private/input/regions';
import * as types from './private/input/types';
import { SecretModel } from './private/model/model';
import { accessReview } from './private/outputs/access-review';
import { graphManifestFiles, graphManifests, manifestsYaml } from './private/outputs/kubernetes-manifests';
import { reviewPlaces } from './private/outputs/review-places';
import { attachSynthOutputs } from './private/outputs/synth-outputs';
import { existingKeysStatements } from './private/policies/existing-key-statements';
import { existingSecretsStatements } from './private/policies/existing-secret-statements';
import { readerRoleAccounts } from './private/policies/role-path-scp';
import { claimKeyAlias, claimSecretName, claimTargetRoleName, claimWorkloadNames } from './private/render/physical-names';
import { RolePathServiceControlPolicyOptions } from './role-path-scp-options';
import { ImportedSecretOptions, SecretOptions } from './secret-options';
import { SecretPart } from './secret-part';
import { WorkloadOptions } from './workload-options';
import { WorkloadPart } from './workload-part';

/**
 * A graph of KMS keys, Secrets Manager secrets and EKS workloads across accounts: one key can encrypt
 * secrets of several accounts, one secret can be read by workloads of several accounts, one workload
 * can read several secrets and be trusted from several clusters (IRSA, EKS Pod Identity, or both).
 *
 * Each kind of part is rendered in one stack per account and region (and stack group), so the number of
 * stacks grows with the accounts, not the grants. A statement admits only roles and secrets granted to each
 * other (packed by identical readers). At synth, the AWS size limits of every policy and stack are checked,
 * and physical names that collide anywhere in the app (roles, secrets, aliases, associations, OIDC
 * providers, stack names) are errors.
 *
 * Create it directly in an `App` or a `Stage`, not inside a `Stack`.
 *
 * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples_cross.html
 */
export class CrossAccountSecrets extends Construct {
  private readonly model = new ModelBuilder();
  private readonly parts: GraphParts;
  private readonly graphStacks: GraphStacks;
  private readonly partGraph: PartGraph;
  private readonly stackOfPart: StackOfPart;

  constructor(scope: Construct, id: string, props: CrossAccountSecretsProps = {}) {
    super(scope, id);
    assertNotInStack(this, 'CrossAccountSecrets', 'it creates stacks per account and region');
    checkProps(this.node.path, props, false);
    this.parts = new GraphParts(this.node.path, (stack) => this.graphStacks.isRendered(stack));
    this.stackOfPart = this.parts.stacks();
    this.graphStacks = new GraphStacks(this, {
      stackNamePrefix:
        props.stackNamePrefix === undefined
          ? stackNameBase(this, 60)
          : checkStackName(this.node.path, 'stackNamePrefix', props.stackNamePrefix),
      terminationProtection: props.terminationProtection,
      deployAccounts: deployAccountsOf(this.node.path, props.deployAccounts),
      record: new AccessRecord(this, {
        model: () => this.model,
        places: this.stackOfPart,
        stacks: () => this.graphStacks.all,
        of: this,
        fileName: descriptionFileName(this),
        checkSizes: true,
      }),
    });
    const removal = props.oidcProviderRemovalPolicy;
    const providers = new GraphOidcProviders(
      (workload) => this.graphStacks.for('Workloads', workload, workload.path, undefined),
      removal === undefined
        ? RemovalPolicy.RETAIN
        : types.removalPolicy(this.node.path, 'oidcProviderRemovalPolicy', removal, 'IAM OIDC providers'),
    );
    this.partGraph = {
      model: () => this.model,
      grant: (workload, secret) => this.grant(workload, secret),
      oidcProviders: (workload, role) => providers.addWorkload(workload, role),
      stackOfWorkload: (workload) => this.stackOfPart.workload(workload),
    };
    attachSynthOutputs(this, props.writeOutputs, () => this.model.workloads.length > 0);
  }

  /** Adds a customer managed KMS key in its account and region. */
  public addKey(id: string, options: KeyOptions): KeyPart {
    const where = this.parts.pathFor(checkPartId(this.node.path, 'addKey', id, 'Payments'));
    checkOptions(where, 'addKey', options, true);
    types.knownProps(where, '', options, propNames.KEY_OPTIONS);
    // A graph key's region is given, not derived from one secret; its secrets must be in it.
    const region = awsRegion(where, 'region', options?.region);
    const at = this.graphStacks.placement('Keys', where, options.stackGroup, id);
    const model = this.model.addKey(
      { where, prop: propPath(''), place: at.place },
      { ...options, region },
      {
        description: 'Encrypts Secrets Manager secrets read from other accounts',
        keyArnProp: 'keyArn` of `importKey()',
        pin: (key) => pinnedKeyArn(this, where, options.pinnedKeyArn, key),
      },
    );
    claimKeyAlias(this, model, 'alias');
    const part = KeyPart._create(at.stack(), id, model, this.partGraph);
    this.parts.addKey(model, { part, key: part.key });
    return part;
  }

  /**
   * Names an existing KMS key, for secrets of its region. Nothing is created for it: its policy belongs
   * to its owners, who must add the statements of `keyPolicyStatements()`; the secrets it encrypts warn
   * until then. Policies and `KmsKeyId` name its exact ARN.
   */
  public importKey(id: string, options: ImportedKeyOptions): KeyPart {
    const where = this.parts.pathFor(checkPartId(this.node.path, 'importKey', id, 'Payments'));
    checkOptions(where, 'importKey', options, true);
    const model = this.model.importKey({ where, prop: propPath('') }, options?.keyArn);
    const part = KeyPart._create(this, id, model, this.partGraph);
    this.parts.addKey(model, { part });
    return part;
  }

  /**
   * The key policy statements the owners of imported keys must add, by key ARN: one policy document per
   * key, with the same statements the library writes into the policies of the keys it creates. `cdk synth`
   * writes it next to the templates (`<graph folder>/key-policy-statements.json`, see `writeOutputs`).
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  public keyPolicyStatements(): { [keyArn: string]: { [key: string]: any } } {
    // eslint-disable-next-line prefer-rest-params
    checkNoArguments(this.node.path, 'keyPolicyStatements', arguments);
    return existingKeysStatements(this.model);
  }

  /** Adds a secret in its account and region, encrypted with a key of this graph. */
  public addSecret(id: string, options: SecretOptions): SecretPart {
    const where = this.parts.pathFor(checkPartId(this.node.path, 'addSecret', id, 'Db'));
    checkOptions(where, 'addSecret', options, true);
    types.knownProps(where, '', options, propNames.SECRET_OPTIONS);
    const key = this.parts.keyOf(where, options?.key);
    const at = this.graphStacks.placement('Secrets', where, options.stackGroup, id);
    const model = this.model.addSecret(
      { where, prop: propPath(''), place: at.place },
      options,
      key,
      `Encrypted with ${key.label} of account ${key.account}`,
    );
    claimSecretName(this, model, 'secretName');
    const part = SecretPart._create(at.stack(), id, model, this.partGraph);
    this.parts.addSecret(model, { part, rendered: part._rendered });
    return part;
  }

  /**
   * Names an existing secret, by its full ARN or by its account, region and name.
   *
   * Grants name its ARN pattern. Nothing is rendered for it: its resource policy stays its owners', who add the statements of
   * `secretPolicyStatements()` (the readers' stacks warn until acknowledged). With `manageResourcePolicy`,
   * the secret's stack renders its whole resource policy instead, replacing the owners' statements, and
   * retains it. Name its `key`, or its readers cannot decrypt it (a warning says so).
   */
  public importSecret(id: string, options: ImportedSecretOptions): SecretPart {
    const where = this.parts.pathFor(checkPartId(this.node.path, 'importSecret', id, 'Db'));
    checkOptions(where, 'importSecret', options, true);
    if (options !== undefined) types.knownProps(where, '', options, propNames.IMPORTED_SECRET_OPTIONS);
    const key = options?.key === undefined ? undefined : this.parts.keyOf(where, options.key);
    // Rendered in the secret's stack only when the app owns the policy; otherwise, like an existing key,
    // the part has no stack (a stack without resources cannot be deployed).
    const at = options?.manageResourcePolicy === true ? this.graphStacks.placement('Secrets', where, options.stackGroup, id) : undefined;
    const model = this.model.importSecret({ where, prop: propPath(''), place: at?.place }, options ?? {}, key);
    claimSecretName(this, model, 'secretName');
    const part = SecretPart._create(at ? at.stack() : this, id, model, this.partGraph);
    this.parts.addSecret(model, { part, rendered: part._rendered });
    return part;
  }

  /**
   * The resource policy statements the owners of imported secrets must add, by secret ARN.
   *
   * One policy document per granted secret whose policy is its owners' (no `manageResourcePolicy`), with the
   * same statements the library writes into the policies of the secrets it creates, keyed by its full ARN
   * when `importSecret()` was given it, else by its ARN without the random suffix. `cdk synth` writes it
   * next to the templates (`<graph folder>/secret-policy-statements.json`, see `writeOutputs`).
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  public secretPolicyStatements(): { [secretArn: string]: { [key: string]: any } } {
    return existingSecretsStatements(this.model);
  }

  /** Adds a workload: a service account on one or more clusters of one account and region, and its pod role. */
  public addWorkload(id: string, options: WorkloadOptions): WorkloadPart {
    const where = this.parts.pathFor(checkPartId(this.node.path, 'addWorkload', id, 'Api'));
    checkOptions(where, 'addWorkload', options, true);
    checkWorkloadOptions(where, options, this);
    const at = this.graphStacks.placement('Workloads', where, options.stackGroup, id);
    const model = this.model.addWorkload({ where, prop: propPath(''), place: at.place }, options, trustOfWorkloadOptions(where, options));
    claimWorkloadNames(this, model, 'roleName');
    // The target role lives with the other workload roles of the secrets' account and region.
    const targetStack =
      model.targetRole &&
      this.graphStacks.for('Workloads', { account: model.targetRole.account, region: model.region }, where, options.stackGroup);
    if (targetStack) claimTargetRoleName(this, model);
    // Checked in every app; applied only in the app that deploys the workload's account.
    const objects = clusterObjectsOfOptions(where, options, this.node.path, this.model, model);
    const applied = this.graphStacks.isRendered(at.stack()) ? objects : undefined;
    const part = WorkloadPart._create(at.stack(), id, model, this.partGraph, { targetScope: targetStack, clusterObjects: applied });
    this.parts.addWorkload(model, { part, rendered: part._rendered, target: part._target, clusterObjects: part._clusterObjects });
    return part;
  }

  /** The stacks of the graph, in the order they were created. */
  public get stacks(): Stack[] {
    return this.graphStacks.all;
  }

  /**
   * The Kubernetes side of every workload, as plain objects (see `CrossAccountSecretAccess.kubernetesManifests()`):
   * each workload gets the objects that fit its identity, so IRSA and EKS Pod Identity workloads mix.
   */
  // jsii maps `any` (not `unknown`) to a JSON object in every target language.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  public kubernetesManifests(options: KubernetesManifestsOptions = {}): Array<{ [key: string]: any }> {
    checkOptions(this.node.path, 'kubernetesManifests', options, false);
    return graphManifests(this.node.path, this.graphStacks.deployedGrants(this.model.grants), options);
  }

  /**
   * A service control policy that reserves the IAM paths of the pod roles and of the EKS Pod Identity target
   * roles for the roles that deploy them, named by exact ARN, and reserves those deployer roles themselves.
   *
   * Attach it to the organizational units of every account `rolePathServiceControlPolicyAccounts()` lists:
   * the workload accounts and the target roles' (secrets') accounts. It protects no principal of the
   * organization's management account. The deployers default to the CloudFormation execution role of each
   * stack's synthesizer; name them with `deployerRoleArns` for `CliCredentialsStackSynthesizer`,
   * `cdk deploy --role-arn` or StackSets. With the policy attached, `cdk bootstrap` re-runs that create or
   * change the execution role fail unless their principal is named in `bootstrapperArns`. It is defence in
   * depth: `GrantPrincipal.ROLE_ARN` is the only choice that a role recreated under the same name cannot use.
   *
   * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  public rolePathServiceControlPolicy(options?: RolePathServiceControlPolicyOptions): { [key: string]: any } {
    checkOptions(this.node.path, 'rolePathServiceControlPolicy', options, false);
    return roleReservationPolicy(this.node.path, this.model.workloads, this.stackOfPart, options);
  }

  /**
   * The accounts `rolePathServiceControlPolicy()` must be attached above: every workload account and every
   * EKS Pod Identity target role's account, sorted.
   */
  public rolePathServiceControlPolicyAccounts(): string[] {
    return readerRoleAccounts(this.model.workloads);
  }

  /** `kubernetesManifests()` as one multi-document YAML file, for `kubectl apply -f`. */
  public kubernetesManifestsYaml(options: KubernetesManifestsOptions = {}): string {
    checkOptions(this.node.path, 'kubernetesManifestsYaml', options, false);
    return manifestsYaml(this.kubernetesManifests(options));
  }

  /**
   * The Kubernetes side as YAML files, by file name, one per consumer so that each applies with
   * `kubectl apply -f` on a cluster that has only that consumer installed: `service-accounts.yaml`,
   * `secrets-store-csi-driver.yaml`, `external-secrets.yaml` and `secret-check.yaml` (files with no
   * objects are left out). With `deployAccounts`, only the workloads of those accounts.
   */
  public kubernetesManifestFiles(options: KubernetesManifestsOptions = {}): { [fileName: string]: string } {
    checkOptions(this.node.path, 'kubernetesManifestFiles', options, false);
    return graphManifestFiles(this.node.path, this.graphStacks.deployedGrants(this.model.grants), options);
  }

  /** A Markdown access review of every grant of the graph, and of every key's administration. */
  public accessReview(): string {
    // eslint-disable-next-line prefer-rest-params
    checkNoArguments(this.node.path, 'accessReview', arguments);
    return accessReview(this.node.path, this.model, reviewPlaces(this.parts));
  }

  private grant(workloadPart: IWorkloadPart, secret: SecretModel): void {
    const workload = this.parts.workloadOf(secret, workloadPart);
    if (!this.model.grant({ where: secret.path, label: `grantRead(${workloadPart.node.id})` }, workload, secret)) return;
    this.parts.addResourcesForGrant(workload, secret);
  }
}
