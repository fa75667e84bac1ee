import { Annotations, Lazy } from 'aws-cdk-lib';
import { aws_eks as eks, aws_iam as iam } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { isLookupStandIn } from '../input/own-account-values';
import { readerRoleArn } from '../model/identifiers';
import { AccessModel, identityKinds, secretsOf, WorkloadModel } from '../model/model';
import { packWorkloadPermissions } from '../policies/packing';
import { PolicyJson } from '../policies/policy-json';
import { assumeTargetRolePolicy, targetRoleTrustPolicy } from '../policies/target-role-policies';
import { trustPolicy } from '../policies/trust-policy';
import { acknowledgeRule } from './aws-cdk-lib-compat';
import { managedPolicyProblems, trustPolicyProblems } from './limit-checks';
import { withResolvableConditionKeys } from './resolvable-keys';

/**
 * Names the prop a limit message tells the user to raise, as the user wrote it; none where the props have
 * no such setting (the one-of-each props).
 */
export interface WorkloadPropNames {
  readonly maxManagedPolicies?: string;
  readonly maxTrustPolicyLength?: string;
}

/** The quota settings of a graph's `addWorkload()` options. */
export const GRAPH_WORKLOAD_PROPS: WorkloadPropNames = {
  maxManagedPolicies: 'maxManagedPolicies',
  maxTrustPolicyLength: 'maxTrustPolicyLength',
};

/** The one-of-each props have no quota settings: a limit message points to the graph's. */
export const ONE_OF_EACH_WORKLOAD_PROPS: WorkloadPropNames = {};

/** What a role's policies are checked against: IAM's quotas of the workload's account. */
interface RoleLimits {
  readonly roleName: string;
  /** The role's trust policy, which grants do not change. */
  readonly trust: PolicyJson;
  readonly model: WorkloadModel;
  readonly props: WorkloadPropNames;
}

/**
 * A role's permissions as customer managed policies (compliance packs reject inline policies): as many
 * as the documents need, added by `addResourcesForGrants()` when a grant needs one (grants only add, so policies are never
 * removed); each document is read from the model at synth.
 */
class ManagedPolicies {
  public readonly policies: iam.CfnManagedPolicy[] = [];
  private readonly acknowledged = new Set<string>();

  constructor(
    private readonly scope: Construct,
    private readonly role: iam.CfnRole,
    private readonly description: string,
    private readonly documents: () => PolicyJson[],
    { roleName, trust, model, props }: RoleLimits,
  ) {
    role.node.addValidation({
      validate: () => [
        ...trustPolicyProblems(roleName, trust, model.maxTrustPolicyLength, props.maxTrustPolicyLength),
        ...managedPolicyProblems(roleName, this.documents(), model.maxManagedPolicies, props.maxManagedPolicies),
      ],
    });
  }

  public addResourcesForGrants(): void {
    const documents = this.documents();
    while (this.policies.length < documents.length) {
      const index = this.policies.length;
      this.policies.push(
        new iam.CfnManagedPolicy(this.scope, index === 0 ? 'PermissionsPolicy' : `PermissionsPolicy${index + 1}`, {
          description: this.description + (index ? ` (part ${index + 1})` : ''),
          policyDocument: Lazy.any({ produce: () => this.documents()[index] }),
        }),
      );
    }
    this.role.managedPolicyArns = this.policies.length ? this.policies.map((p) => p.ref) : undefined;
    // Safe by construction: the key ID is unknown in this account at synth time, so `kms:Decrypt` names
    // the key account's keys by wildcard, and the statement's conditions narrow it to Secrets Manager in
    // the secret's region decrypting these secrets (kms:ViaService, kms:EncryptionContext:SecretARN).
    documents.forEach((document, index) => {
      for (const statement of document.Statement) {
        for (const resource of [statement.Resource ?? []].flat().filter((r) => r.endsWith(':key/*'))) {
          const id = `AwsSolutions-IAM5[Resource::${resource}]`;
          if (this.acknowledged.has(`${index}|${id}`)) continue;
          this.acknowledged.add(`${index}|${id}`);
          acknowledgeRule(this.policies[index], {
            id: 'AwsSolutions-IAM5',
            appliesTo: `Resource::${resource}`,
            reason:
              "kms:Decrypt names the key account's keys by wildcard because the key ID is unknown at synth time in another account; kms:ViaService (Secrets Manager in the secret's region) and kms:EncryptionContext:SecretARN (this secret only) narrow it, and the key policy admits this role only.",
          });
        }
      }
    });
  }
}

/** A role whose permissions are managed policies that grow with the grants. */
abstract class RoleWithPolicies {
  protected abstract readonly permissions: ManagedPolicies;

  public get permissionsPolicies(): readonly iam.CfnManagedPolicy[] {
    return this.permissions.policies;
  }

  public addResourcesForGrants(): void {
    this.permissions.addResourcesForGrants();
  }
}

/**
 * The workload's resources in its own account: the pod role with its trust policy, its permissions, and
 * a Pod Identity association per Pod Identity cluster. Its permissions are the secrets it reads, packed
 * into as many managed policies as IAM's size quota needs; or, with a target role, only assuming it.
 */
export class RenderedWorkload extends RoleWithPolicies {
  public readonly role: iam.CfnRole;
  public readonly podIdentityAssociations: eks.CfnPodIdentityAssociation[] = [];
  protected readonly permissions: ManagedPolicies;

  constructor(scope: Construct, model: WorkloadModel, access: () => AccessModel, props: WorkloadPropNames) {
    super();
    const trust = trustPolicy(model);
    this.role = new iam.CfnRole(scope, 'PodRole', {
      roleName: model.roleName,
      path: model.rolePath,
      description: `Assumed by ${identityKinds(model).join(' and ')} for service account ${model.namespace}/${model.serviceAccount}`,
      assumeRolePolicyDocument: withResolvableConditionKeys(scope, trust),
      permissionsBoundary: model.permissionsBoundaryArn,
      maxSessionDuration: model.maxSessionDurationSeconds,
    });
    const documents = () =>
      model.targetRole ? [assumeTargetRolePolicy(model)] : packWorkloadPermissions(model, secretsOf(model, access()));
    this.permissions = new ManagedPolicies(
      scope,
      this.role,
      model.targetRole
        ? `Lets ${model.roleName} assume its EKS Pod Identity target role, and nothing else`
        : `Lets ${model.roleName} read its secrets from other accounts, and nothing else`,
      documents,
      { roleName: model.roleName, trust, model, props },
    );

    if ([...model.oidcIssuers, ...model.podIdentityClusters].some(isLookupStandIn)) {
      // The first of the CLI's two passes: the lookup is recorded as missing, the CLI performs it and
      // synthesizes again with the real value, which is checked then.
      Annotations.of(scope).addInfo(
        `An OIDC issuer or cluster name of ${model.namespace}/${model.serviceAccount} is a context lookup not performed yet: the CLI looks it up and synthesizes again.`,
      );
    }
    model.podIdentityClusters.forEach((clusterName, i) => {
      this.podIdentityAssociations.push(
        new eks.CfnPodIdentityAssociation(scope, i === 0 ? 'PodIdentityAssociation' : `PodIdentityAssociation-${clusterName}`, {
          clusterName,
          namespace: model.namespace,
          serviceAccount: model.serviceAccount,
          roleArn: this.role.attrArn,
          targetRoleArn: model.targetRole ? readerRoleArn(model) : undefined,
          disableSessionTags: model.podIdentitySessionTags ? undefined : true,
        }),
      );
    });
    this.addResourcesForGrants();
  }
}

/**
 * An EKS Pod Identity target role, in the secrets' account: trusted only by the workload's pod role (for
 * its clusters, namespace and service account), with the permissions to read the workload's secrets.
 * Role chaining caps its sessions at one hour.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-assign-target-role.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-role-chaining
 */
export class RenderedTargetRole extends RoleWithPolicies {
  public readonly role: iam.CfnRole;
  protected readonly permissions: ManagedPolicies;

  constructor(scope: Construct, model: WorkloadModel, access: () => AccessModel, props: WorkloadPropNames) {
    super();
    const target = model.targetRole!;
    const trust = targetRoleTrustPolicy(model);
    this.role = new iam.CfnRole(scope, 'TargetRole', {
      roleName: target.roleName,
      path: target.rolePath,
      description: `EKS Pod Identity target role of ${model.namespace}/${model.serviceAccount} (account ${model.account}): reads its secrets`,
      assumeRolePolicyDocument: trust,
      maxSessionDuration: 3600,
    });
    const documents = () => packWorkloadPermissions(model, secretsOf(model, access()));
    this.permissions = new ManagedPolicies(
      scope,
      this.role,
      `Lets ${target.roleName} read the secrets of ${model.namespace}/${model.serviceAccount}, and nothing else`,
      documents,
      { roleName: target.roleName, trust, model, props },
    );
    this.addResourcesForGrants();
  }
}
