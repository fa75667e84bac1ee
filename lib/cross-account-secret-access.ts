import { Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { CrossAccountSecretAccessProps } from './cross-account-secret-access-props';
import { KeyStack } from './key-stack';
import { KubernetesManifestsOptions } from './kubernetes-manifests-options';
import { modelFromAccessProps } from './private/build/from-access-props';
import { AccessRecord, descriptionFileName, describesItsStacks } from './private/graph/access-record';
import { roleReservationPolicy } from './private/graph/deployer-roles';
import { stackNameBase } from './private/graph/stack-names';
import {
  assertNotInStack,
  deployGrantAfterRole,
  deploySecretAfterKey,
  deployWorkloadAfterTargetRole,
  StackOfPart,
  warnUnknownRegions,
} from './private/graph/wiring';
import { checkNoArguments, checkOptions, checkProps } from './private/input/method-arguments';
import { keyAliasArn, roleArn, secretArnPattern, secretPartialArn } from './private/model/identifiers';
import { AccessModel } from './private/model/model';
import { accessReview } from './private/outputs/access-review';
import { graphManifestFiles, graphManifests, manifestsYaml } from './private/outputs/kubernetes-manifests';
import { reviewPlaces } from './private/outputs/review-places';
import { attachSynthOutputs } from './private/outputs/synth-outputs';
import { existingKeysStatements } from './private/policies/existing-key-statements';
import { readerRoleAccounts } from './private/policies/role-path-scp';
import { RenderedParts } from './private/render/rendered-parts';
import { RolePathServiceControlPolicyOptions } from './role-path-scp-options';
import { SecretStack } from './secret-stack';
import { WorkloadStack } from './workload-stack';

/**
 * Lets a pod on EKS in one account read a Secrets Manager secret in a second account that is encrypted
 * with a customer managed KMS key in a third, with least privilege in all four policies involved.
 *
 * Creates three stacks, one per account, with no CloudFormation references between them: every
 * identifier another account needs is derived from the names in the props.
 *
 * - `workloadStack` (account 1): the pod role, its trust policy and its permissions;
 * - `secretStack` (account 2): the secret, encrypted with the key, and its resource policy;
 * - `keyStack` (account 3): the key, its alias and its key policy.
 *
 * The secret stack depends on the key stack, so `cdk deploy --all` deploys the key first. The accounts
 * may coincide.
 *
 * Create it directly in an `App` or a `Stage`, not inside a `Stack`.
 *
 * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples_cross.html
 */
export class CrossAccountSecretAccess extends Construct {
  /** Account 1: the pod role. */
  public readonly workloadStack: WorkloadStack;

  /** Account 2: the secret. */
  public readonly secretStack: SecretStack;

  /** Account 3: the key; undefined when `key.keyArn` names an existing key. */
  public readonly keyStack?: KeyStack;

  /** ARN of the pod role, for the ServiceAccount's `eks.amazonaws.com/role-arn` annotation. */
  public readonly roleArn: string;

  /** Pattern that matches the secret's ARN (`arn:...:secret:<name>-??????`), for IAM policies. */
  public readonly secretArnPattern: string;

  /** The secret's ARN without its random suffix, by which clients in other accounts can address it. */
  public readonly secretPartialArn: string;

  /** The key's alias, with the `alias/` prefix; undefined for an existing key (`key.keyArn`). */
  public readonly keyAlias?: string;

  /** ARN of the key's alias, which the secret names as its `KmsKeyId`; undefined for an existing key. */
  public readonly keyAliasArn?: string;

  /** ARN of the existing key, when `key.keyArn` names one. */
  public readonly keyArn?: string;

  private readonly model: AccessModel;
  /** The stack of each part: for the order they deploy in, and whose synthesizer names the deployer. */
  private readonly stackOfPart: StackOfPart;

  constructor(scope: Construct, id: string, props: CrossAccountSecretAccessProps) {
    super(scope, id);
    assertNotInStack(this, 'CrossAccountSecretAccess', 'it creates one stack per account');
    checkProps(this.node.path, props, true);
    // The props are checked here, once, with errors that name this construct; each stack renders its
    // account's part of the same model, built again from the same props (as in three repositories).
    const model = modelFromAccessProps(this.node.path, props);
    this.model = model;
    const [workload, secret, key] = [model.workloads[0], model.secrets[0], model.keys[0]];

    const base = stackNameBase(this, 100);
    // The construct writes one description for its three stacks.
    describesItsStacks(this);
    // An existing key has no stack: its owners add `keyPolicyStatements()` to its policy.
    this.keyStack = key.existing ? undefined : new KeyStack(this, 'Key', { access: props, stackName: `${base}-Key` });
    this.secretStack = new SecretStack(this, 'Secret', { access: props, stackName: `${base}-Secret` });
    this.workloadStack = new WorkloadStack(this, 'Workload', { access: props, stackName: `${base}-Workload` });
    this.stackOfPart = {
      key: () => this.keyStack,
      secret: () => this.secretStack,
      workload: () => this.workloadStack,
      // The secret stack creates the target role.
      targetRole: () => (workload.targetRole ? this.secretStack : undefined),
    };
    const record = new AccessRecord(this, {
      model: () => model,
      places: this.stackOfPart,
      stacks: () => ownStacks,
      of: this,
      fileName: descriptionFileName(this),
      checkSizes: true,
    });
    const ownStacks: Stack[] = [this.secretStack, this.workloadStack];
    if (this.keyStack) ownStacks.unshift(this.keyStack);
    for (const stack of ownStacks) record.addStack(stack);
    deploySecretAfterKey(this.stackOfPart, secret);
    deployWorkloadAfterTargetRole(this.stackOfPart, workload);
    deployGrantAfterRole(this.stackOfPart, workload, secret);
    warnUnknownRegions(this.workloadStack, this.node.path, { 'workload.region': workload.region });
    warnUnknownRegions(this.secretStack, this.node.path, { 'secret.region': secret.region });

    this.roleArn = roleArn(workload);
    this.secretArnPattern = secretArnPattern(secret);
    this.secretPartialArn = secretPartialArn(secret);
    this.keyArn = key.keyArn;
    if (!key.existing) {
      this.keyAlias = key.alias;
      this.keyAliasArn = keyAliasArn(key);
    }
    attachSynthOutputs(this, props.writeOutputs, () => true);
  }

  /**
   * The Kubernetes side, as plain objects: the ServiceAccount, a SecretProviderClass (Secrets Store CSI
   * driver), a SecretStore and ExternalSecret (External Secrets Operator) and a check Job; the objects of
   * all the files of `kubernetesManifestFiles()`. Every one addresses the secret by its partial ARN, as a
   * secret in another account must be.
   */
  // jsii maps `any` (not `unknown`) to a JSON object in every target language.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  public kubernetesManifests(options: KubernetesManifestsOptions = {}): Array<{ [key: string]: any }> {
    checkOptions(this.node.path, 'kubernetesManifests', options, false);
    return graphManifests(this.node.path, this.model.grants, options, stackNameBase(this, 100));
  }

  /**
   * A service control policy that reserves the IAM path of the pod role (and of the EKS Pod Identity target
   * role) for the roles that deploy them, named by exact ARN, and reserves those deployer roles themselves.
   *
   * Attach it to the organizational units of every account `rolePathServiceControlPolicyAccounts()` lists:
   * the workload account and, with a target role, the secret's account. It protects no principal of the
   * organization's management account. The deployers default to the CloudFormation execution role of the
   * workload stack's synthesizer (and the secret stack's, with a target role); name them with
   * `deployerRoleArns` for `CliCredentialsStackSynthesizer`, `cdk deploy --role-arn` or StackSets. With the
   * policy attached, `cdk bootstrap` re-runs that create or change the execution role fail unless their
   * principal is named in `bootstrapperArns`. It is defence in depth: `GrantPrincipal.ROLE_ARN` is the only
   * choice that a role recreated under the same name cannot use.
   *
   * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  public rolePathServiceControlPolicy(options?: RolePathServiceControlPolicyOptions): { [key: string]: any } {
    checkOptions(this.node.path, 'rolePathServiceControlPolicy', options, false);
    return roleReservationPolicy(this.node.path, this.model.workloads, this.stackOfPart, options);
  }

  /**
   * The accounts `rolePathServiceControlPolicy()` must be attached above: the workload account and, with an
   * EKS Pod Identity target role, the secret's account, sorted.
   */
  public rolePathServiceControlPolicyAccounts(): string[] {
    return readerRoleAccounts(this.model.workloads);
  }

  /**
   * For an existing key (`key.keyArn`): the key policy statements its owners must add, as a policy
   * document by key ARN (empty when the library creates the key). `cdk synth` writes it next to the
   * templates as `<construct folder>/key-policy-statements.json` (see `writeOutputs`).
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  public keyPolicyStatements(): { [keyArn: string]: { [key: string]: any } } {
    // eslint-disable-next-line prefer-rest-params
    checkNoArguments(this.node.path, 'keyPolicyStatements', arguments);
    return existingKeysStatements(this.model);
  }

  /** `kubernetesManifests()` as one multi-document YAML file. */
  public kubernetesManifestsYaml(options: KubernetesManifestsOptions = {}): string {
    checkOptions(this.node.path, 'kubernetesManifestsYaml', options, false);
    return manifestsYaml(this.kubernetesManifests(options));
  }

  /**
   * The Kubernetes side as YAML files, by file name, one per consumer so that each applies with
   * `kubectl apply -f` on a cluster that has only that consumer installed: `service-accounts.yaml`,
   * `secrets-store-csi-driver.yaml`, `external-secrets.yaml` and `secret-check.yaml` (files with no
   * objects are left out).
   */
  public kubernetesManifestFiles(options: KubernetesManifestsOptions = {}): { [fileName: string]: string } {
    checkOptions(this.node.path, 'kubernetesManifestFiles', options, false);
    return graphManifestFiles(this.node.path, this.model.grants, options, stackNameBase(this, 100));
  }

  /**
   * A Markdown access review: for each grant, the chain from Kubernetes identity to role to secret to
   * key, each statement that makes it possible (by stack and logical ID), the conditions that narrow it,
   * and what the defaults protect.
   */
  public accessReview(): string {
    // eslint-disable-next-line prefer-rest-params
    checkNoArguments(this.node.path, 'accessReview', arguments);
    const { workloadStack: w, secretStack: s, keyStack: k } = this;
    const parts: RenderedParts = {
      key: () => k?.key,
      secret: () => ({ secret: s.secret, resourcePolicy: s.resourcePolicy }),
      workload: () => ({
        role: w.role,
        permissionsPolicies: w._rendered.permissionsPolicies,
        podIdentityAssociations: w._rendered.podIdentityAssociations,
        targetRole: s._targetRole?.role,
        targetPermissionsPolicies: s._targetRole?.permissionsPolicies,
      }),
    };
    return accessReview(this.node.path, this.model, reviewPlaces(parts));
  }
}
