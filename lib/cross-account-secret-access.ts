import { Annotations, CfnElement, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { CrossAccountSecretAccessProps } from './cross-account-secret-access-props';
import { KeyStack } from './key-stack';
import { KubernetesManifestsOptions } from './kubernetes-manifests-options';
import { accessModel, withPrebuiltModel } from './private/build/from-access-props';
import { accessReview } from './private/outputs/access-review';
import { addStackDependency } from './private/render/aws-cdk-lib-compat';
import { invalidUse } from './private/input/errors';
import { keyAliasArn, roleArn, secretArnPattern, secretPartialArn } from './private/model/identifiers';
import { importedKeysStatements } from './private/policies/existing-key-statements';
import { graphManifestFiles, graphManifests, manifestsYaml } from './private/outputs/kubernetes-manifests';
import { AccessModel } from './private/model/model';
import { rolePathServiceControlPolicy } from './private/policies/role-path-scp';
import { stackNameBase } from './private/graph/stack-names';
import { unknownRegionWarnings } from './private/input/values';
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

  constructor(scope: Construct, id: string, props: CrossAccountSecretAccessProps) {
    super(scope, id);
    const enclosing = this.node.scopes.find((s) => s !== this && Stack.isStack(s));
    if (enclosing) {
      throw invalidUse(
        this.node.path,
        `is inside stack "${enclosing.node.path}": create CrossAccountSecretAccess in an App or a Stage, because it creates one stack per account.`,
      );
    }
    const model = accessModel(this.node.path, props);
    this.model = model;
    const [workload, secret, key] = [model.workloads[0], model.secrets[0], model.keys[0]];

    const base = stackNameBase(this, 100);
    // The model is validated once, here; each stack renders its part of it.
    // An existing key has no stack: its owners add `keyPolicyStatements()` to its policy.
    this.keyStack = key.imported
      ? undefined
      : new KeyStack(this, 'Key', withPrebuiltModel({ access: props, stackName: `${base}-Key` }, model));
    this.secretStack = new SecretStack(this, 'Secret', withPrebuiltModel({ access: props, stackName: `${base}-Secret` }, model));
    this.workloadStack = new WorkloadStack(this, 'Workload', withPrebuiltModel({ access: props, stackName: `${base}-Workload` }, model));
    // Secrets Manager encrypts the generated value with the key when it creates the secret.
    if (this.keyStack) addStackDependency(this.secretStack, this.keyStack, 'the secret is encrypted with the key');
    if (workload.targetRole) {
      // The Pod Identity association names the target role, which the secret stack creates.
      addStackDependency(this.workloadStack, this.secretStack, 'the Pod Identity association names the target role');
    }
    if (this.keyStack && workload.principalByRoleArn) {
      // IAM and KMS reject a policy that names a role which does not exist yet.
      addStackDependency(this.keyStack, this.workloadStack, 'the key policy names the pod role by ARN');
    }
    // On the stack of the region: the CLI reports warnings of constructs in stacks only.
    for (const [stack, prop, region] of [
      [this.workloadStack, 'workload.region', workload.region],
      [this.secretStack, 'secret.region', secret.region],
    ] as const) {
      for (const w of unknownRegionWarnings(this.node.path, { [prop]: region })) Annotations.of(stack).addWarningV2(w.id, w.message);
    }

    this.roleArn = roleArn(workload);
    this.secretArnPattern = secretArnPattern(secret);
    this.secretPartialArn = secretPartialArn(secret);
    this.keyArn = key.keyArn;
    if (!key.imported) {
      this.keyAlias = key.alias;
      this.keyAliasArn = keyAliasArn(key);
    }
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
    return graphManifests(this.node.path, this.model.grants, options, stackNameBase(this, 100));
  }

  /**
   * A service control policy that reserves the pod role's IAM path for the role CloudFormation deploys
   * with, so that nobody else can create a role the secret and key policies would admit. Attach it to the
   * organizational unit of the workload account.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  public rolePathServiceControlPolicy(): { [key: string]: any } {
    return rolePathServiceControlPolicy(this.model.workloads);
  }

  /**
   * For an existing key (`key.keyArn`): the key policy statements its owners must add, as a policy
   * document by key ARN (empty when the library creates the key). Write it next to the templates as
   * `<construct id>.key-policy-statements.json`.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  public keyPolicyStatements(): { [key: string]: any } {
    return importedKeysStatements(this.model);
  }

  /** `kubernetesManifests()` as one multi-document YAML file. */
  public kubernetesManifestsYaml(options: KubernetesManifestsOptions = {}): string {
    return manifestsYaml(this.kubernetesManifests(options));
  }

  /**
   * The Kubernetes side as YAML files, by file name, one per consumer so that each applies with
   * `kubectl apply -f` on a cluster that has only that consumer installed: `service-accounts.yaml`,
   * `secrets-store-csi-driver.yaml`, `external-secrets.yaml` and `secret-check.yaml` (files with no
   * objects are left out).
   */
  public kubernetesManifestFiles(options: KubernetesManifestsOptions = {}): { [fileName: string]: string } {
    return graphManifestFiles(this.node.path, this.model.grants, options, stackNameBase(this, 100));
  }

  /**
   * A Markdown access review: for each grant, the chain from Kubernetes identity to role to secret to
   * key, each statement that makes it possible (by stack and logical ID), the conditions that narrow it,
   * and what the defaults protect.
   */
  public accessReview(): string {
    const place = (stack: Stack, element: CfnElement) => ({
      stackName: stack.stackName,
      logicalId: stack.resolve(element.logicalId) as string,
    });
    const { workloadStack: w, secretStack: s, keyStack: k } = this;
    return accessReview(this.node.path, this.model, {
      workload: () => ({
        role: place(w, w.role),
        permissions: [place(w, w.permissionsPolicy)],
        podIdentityAssociations: w.podIdentityAssociation ? [place(w, w.podIdentityAssociation)] : [],
        targetRole: s.targetRole && place(s, s.targetRole),
        targetPermissions: s.targetRolePermissionsPolicy && [place(s, s.targetRolePermissionsPolicy)],
      }),
      secret: () => ({ secret: place(s, s.secret), resourcePolicy: place(s, s.resourcePolicy) }),
      key: (m) =>
        k ? { key: place(k, k.key) } : { key: { stackName: 'the existing key (its owners add the statements)', logicalId: m.keyArn! } },
    });
  }
}
