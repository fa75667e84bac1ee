import { aws_eks as eks, aws_iam as iam, aws_kms as kms, aws_secretsmanager as secretsmanager } from 'aws-cdk-lib';
import { KeyModel, SecretModel, WorkloadModel } from '../model/model';

// The resources each part of a model was rendered into, as both front doors look them up: the graph by
// its part registry, the one-of-each construct by its three stacks.

export interface RenderedWorkloadResources {
  readonly role: iam.CfnRole;
  readonly permissionsPolicies: readonly iam.CfnManagedPolicy[];
  readonly podIdentityAssociations: readonly eks.CfnPodIdentityAssociation[];
  /** The Pod Identity target role and its managed policies, when the workload reads through one. */
  readonly targetRole?: iam.CfnRole;
  readonly targetPermissionsPolicies?: readonly iam.CfnManagedPolicy[];
}

export interface RenderedSecretResources {
  /** Undefined for an existing secret, of which only the resource policy is rendered. */
  readonly secret?: secretsmanager.CfnSecret;
  readonly resourcePolicy?: secretsmanager.CfnResourcePolicy;
}

export interface RenderedParts {
  /** Undefined for an existing key: nothing is rendered for it. */
  key(key: KeyModel): kms.CfnKey | undefined;
  secret(secret: SecretModel): RenderedSecretResources;
  workload(workload: WorkloadModel): RenderedWorkloadResources;
}
