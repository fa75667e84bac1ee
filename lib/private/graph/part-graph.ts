import { Stack } from 'aws-cdk-lib';
import type { aws_iam as iam } from 'aws-cdk-lib';
import type { IWorkloadPart } from '../../i-parts';
import { AccessModel, SecretModel, WorkloadModel } from '../model/model';

/**
 * What a part needs of its graph: the model to render from, the way to add a grant, the shared OIDC
 * providers, and the stack of a workload (where warnings about a grant go when its secret has no stack).
 */
export interface PartGraph {
  readonly model: () => AccessModel;
  grant(workload: IWorkloadPart, secret: SecretModel): void;
  /** Makes the pod role wait for the graph's providers of its issuers; returns those it asked for (`createOidcProvider`). */
  oidcProviders(workload: WorkloadModel, role: iam.CfnRole): iam.CfnOIDCProvider[];
  stackOfWorkload(workload: WorkloadModel): Stack;
}
