import { Lazy } from 'aws-cdk-lib';
import { aws_eks as eks, aws_iam as iam } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { acknowledgeRule } from './aws-cdk-lib-compat';
import { managedPolicyProblems, trustPolicyProblems } from './limits';
import { AccessModel, secretsOf, WorkloadModel } from './model';
import { packWorkloadPermissions } from './policies/packing';
import { trustPolicy } from './policies/trust-policy';

/** Names the prop a limit message tells the user to raise, as the user wrote it. */
export interface WorkloadPropNames {
  readonly maxManagedPolicies: string;
  readonly maxTrustPolicyLength: string;
}

/**
 * The workload's resources: the pod role with its trust policy, its permissions as customer managed
 * policies (compliance packs reject inline policies), and a Pod Identity association per cluster that
 * uses EKS Pod Identity. Permissions are packed into as many managed policies as IAM's size quota needs;
 * `sync()` adds one when a grant needs it, and each document is read from the model at synth.
 */
export class RenderedWorkload {
  public readonly role: iam.CfnRole;
  public readonly permissionsPolicies: iam.CfnManagedPolicy[] = [];
  public readonly podIdentityAssociations: eks.CfnPodIdentityAssociation[] = [];
  private readonly acknowledged = new Set<string>();

  constructor(
    private readonly scope: Construct,
    private readonly model: WorkloadModel,
    private readonly access: () => AccessModel,
    props: WorkloadPropNames,
  ) {
    const kinds = [model.oidcIssuers.length ? 'IRSA' : '', model.podIdentityClusters.length ? 'EKS Pod Identity' : '']
      .filter(Boolean)
      .join(' and ');
    this.role = new iam.CfnRole(scope, 'PodRole', {
      roleName: model.roleName,
      description: `Assumed by ${kinds} for service account ${model.namespace}/${model.serviceAccount}`,
      assumeRolePolicyDocument: trustPolicy(model),
      permissionsBoundary: model.permissionsBoundaryArn,
      maxSessionDuration: model.maxSessionDurationSeconds,
    });
    this.role.node.addValidation({
      validate: () => [
        ...trustPolicyProblems(model.roleName, trustPolicy(model), model.maxTrustPolicyLength, props.maxTrustPolicyLength),
        ...managedPolicyProblems(model.roleName, this.documents(), model.maxManagedPolicies, props.maxManagedPolicies),
      ],
    });

    model.podIdentityClusters.forEach((clusterName, i) => {
      this.podIdentityAssociations.push(
        new eks.CfnPodIdentityAssociation(scope, i === 0 ? 'PodIdentityAssociation' : `PodIdentityAssociation-${clusterName}`, {
          clusterName,
          namespace: model.namespace,
          serviceAccount: model.serviceAccount,
          roleArn: this.role.attrArn,
        }),
      );
    });
    this.sync();
  }

  private documents() {
    return packWorkloadPermissions(this.model, secretsOf(this.model, this.access()));
  }

  /** Adds the managed policies the grants so far need (grants only add, so policies are never removed). */
  public sync(): void {
    const documents = this.documents();
    const needed = documents.length;
    while (this.permissionsPolicies.length < needed) {
      const index = this.permissionsPolicies.length;
      this.permissionsPolicies.push(
        new iam.CfnManagedPolicy(this.scope, index === 0 ? 'PermissionsPolicy' : `PermissionsPolicy${index + 1}`, {
          description:
            `Lets ${this.model.roleName} read its secrets from other accounts, and nothing else` + (index ? ` (part ${index + 1})` : ''),
          policyDocument: Lazy.any({ produce: () => this.documents()[index] }),
        }),
      );
    }
    this.role.managedPolicyArns = this.permissionsPolicies.length ? this.permissionsPolicies.map((p) => p.ref) : undefined;
    // Safe by construction: the key ID is unknown in this account at synth time, so `kms:Decrypt` names
    // the key account's keys by wildcard, and the statement's conditions narrow it to Secrets Manager in
    // the secret's region decrypting these secrets (kms:ViaService, kms:EncryptionContext:SecretARN).
    documents.forEach((document, index) => {
      for (const statement of document.Statement) {
        for (const resource of [statement.Resource ?? []].flat().filter((r) => r.endsWith(':key/*'))) {
          const id = `AwsSolutions-IAM5[Resource::${resource}]`;
          if (this.acknowledged.has(`${index}|${id}`)) continue;
          this.acknowledged.add(`${index}|${id}`);
          acknowledgeRule(this.permissionsPolicies[index], {
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
