import { CfnOutput, Stack, Stage } from 'aws-cdk-lib';
import { aws_eks as eks, aws_iam as iam } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AccessStackProps } from './access-stack-props';
import { modelForStack } from './private/build/from-access-props';
import { recordStandaloneStack } from './private/graph/access-record';
import { stackNameBase } from './private/graph/stack-names';
import { clusterApplyOf } from './private/input/cluster-apply';
import { checkClustersStage } from './private/input/cluster-constructs';
import { pathOf } from './private/input/errors';
import { roleArn } from './private/model/identifiers';
import { ClusterObjects } from './private/outputs/cluster-objects';
import { claimWorkloadNames } from './private/render/physical-names';
import { accountStackProps } from './private/render/stack-props';
import { checkStackNameUnique } from './private/render/unique-stack-names';
import { ONE_OF_EACH_WORKLOAD_PROPS, RenderedWorkload } from './private/render/workload';

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

  /** @internal */
  public readonly _rendered: RenderedWorkload;

  constructor(scope: Construct, id: string, props: AccessStackProps) {
    const model = modelForStack(pathOf(scope, id), props);
    checkClustersStage(pathOf(scope, id), 'workload.clusters', props.access.workload.clusters ?? [], scope);
    const workload = model.workloads[0];
    super(
      scope,
      id,
      accountStackProps(props, workload, `Pod role ${workload.roleName} for ${workload.namespace}/${workload.serviceAccount}`),
    );
    claimWorkloadNames(this, workload, 'workload.roleName');
    recordStandaloneStack(this, scope, model, { workload: () => this });
    checkStackNameUnique(this, 'stackName');
    this.roleArn = roleArn(workload);
    const rendered = (this._rendered = new RenderedWorkload(this, workload, () => model, ONE_OF_EACH_WORKLOAD_PROPS));
    this.role = rendered.role;
    // One secret always fits one managed policy.
    this.permissionsPolicy = rendered.permissionsPolicies[0];
    this.podIdentityAssociation = rendered.podIdentityAssociations[0];
    new CfnOutput(this, 'RoleArn', { value: this.role.attrArn, description: 'ARN of the pod role' });

    const apply = clusterApplyOf(this.node.path, 'workload.', props.access.workload, workload);
    if (apply) {
      new ClusterObjects(this, workload, rendered, {
        where: this.node.path,
        apply,
        grants: () => model.grants,
        // The label the construct's files have (`CrossAccountSecretAccess` names them by its path); a
        // stack of its own, directly in a stage, by its own.
        partOf: stackNameBase(Stage.isStage(scope) ? this : scope, 100),
      });
    }
  }
}
