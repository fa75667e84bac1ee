import { CfnOutput, Stack } from 'aws-cdk-lib';
import { aws_eks as eks, aws_iam as iam } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AccessStackProps } from './access-stack-props';
import { accountStackProps } from './private/account-stack-props';
import { acknowledgeRule } from './private/aws-cdk-lib-compat';
import { pathOf } from './private/errors';
import { keyArnWildcard, roleArn } from './private/identifiers';
import { accessModel, IdentityKind } from './private/model';
import { trustPolicy } from './private/policies/trust-policy';
import { workloadPermissionsPolicy } from './private/policies/workload-permissions-policy';

/**
 * The workload account's part (account 1): the pod role, its trust policy (IRSA or EKS Pod Identity)
 * and a customer managed policy with its permissions. With EKS Pod Identity, also the
 * `AWS::EKS::PodIdentityAssociation` that binds the service account to the role.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts.html
 */
export class WorkloadStack extends Stack {
  /** The pod role. */
  public readonly role: iam.CfnRole;

  /** The role's permissions, as a customer managed policy (compliance packs reject inline policies). */
  public readonly permissionsPolicy: iam.CfnManagedPolicy;

  /** The Pod Identity association, when the workload uses EKS Pod Identity. */
  public readonly podIdentityAssociation?: eks.CfnPodIdentityAssociation;

  /** ARN of the pod role, derived from its name. */
  public readonly roleArn: string;

  constructor(scope: Construct, id: string, props: AccessStackProps) {
    const model = accessModel(pathOf(scope, id), props.access);
    const workload = model.workloads[0];
    super(
      scope,
      id,
      accountStackProps(props, workload, `Pod role ${workload.roleName} for ${workload.namespace}/${workload.serviceAccount}`),
    );
    this.roleArn = roleArn(workload);

    this.permissionsPolicy = new iam.CfnManagedPolicy(this, 'PermissionsPolicy', {
      description: `Lets ${workload.roleName} read its secrets from other accounts, and nothing else`,
      policyDocument: workloadPermissionsPolicy(workload, model.grants),
    });
    // Safe by construction: the key ID is unknown in this account at synth time, so `kms:Decrypt` names
    // the key account's keys by wildcard, and the statement's conditions narrow it to Secrets Manager in
    // the secret's region decrypting these secrets (kms:ViaService, kms:EncryptionContext:SecretARN).
    for (const key of new Set(model.grants.filter((grant) => grant.workload === workload).map((grant) => grant.secret.key))) {
      acknowledgeRule(this.permissionsPolicy, {
        id: 'AwsSolutions-IAM5',
        appliesTo: `Resource::${keyArnWildcard(key)}`,
        reason:
          "kms:Decrypt names the key account's keys by wildcard because the key ID is unknown at synth time in another account; kms:ViaService (Secrets Manager in the secret's region) and kms:EncryptionContext:SecretARN (this secret only) narrow it, and the key policy admits this role only.",
      });
    }
    this.role = new iam.CfnRole(this, 'PodRole', {
      roleName: workload.roleName,
      description: `Assumed by ${workload.identity.kind} for service account ${workload.namespace}/${workload.serviceAccount}`,
      assumeRolePolicyDocument: trustPolicy(workload),
      managedPolicyArns: [this.permissionsPolicy.ref],
      permissionsBoundary: workload.permissionsBoundaryArn,
      maxSessionDuration: workload.maxSessionDurationSeconds,
    });

    if (workload.identity.kind === IdentityKind.POD_IDENTITY) {
      this.podIdentityAssociation = new eks.CfnPodIdentityAssociation(this, 'PodIdentityAssociation', {
        clusterName: workload.identity.clusterName,
        namespace: workload.namespace,
        serviceAccount: workload.serviceAccount,
        roleArn: this.role.attrArn,
      });
    }

    new CfnOutput(this, 'RoleArn', { value: this.role.attrArn, description: 'ARN of the pod role' });
  }
}
