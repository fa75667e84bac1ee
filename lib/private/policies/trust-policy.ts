import { eksClusterArn, IRSA_AUDIENCE, oidcProviderArn, POD_IDENTITY_SERVICE, serviceAccountSubject } from '../identifiers';
import { WorkloadModel } from '../model';
import { oneOrMany, PolicyDocument, policyDocument, PolicyStatement } from './policy-document';

/**
 * Who may assume the pod role: exactly one Kubernetes service account, of each cluster the workload
 * names (a blue/green pair, or IRSA and EKS Pod Identity during a move from one to the other).
 *
 * IRSA: one statement per cluster's OIDC provider (its condition keys carry the issuer), with `sub` and
 * `aud` pinned by `StringEquals` (a trust policy without `aud` accepts tokens minted for other audiences).
 * EKS Pod Identity: the EKS Pod Identity service, only from this account, and only for sessions it
 * tags with one of the clusters, the namespace and the service account (the associations bind them too).
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-abac.html
 */
export function trustPolicy(workload: WorkloadModel): PolicyDocument {
  const statements: PolicyStatement[] = workload.oidcIssuers.map((issuer) => ({
    Sid: 'ServiceAccountWebIdentity',
    Effect: 'Allow',
    Principal: { Federated: oidcProviderArn(workload, issuer) },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: {
      StringEquals: {
        [`${issuer}:sub`]: serviceAccountSubject(workload),
        [`${issuer}:aud`]: IRSA_AUDIENCE,
      },
    },
  }));
  if (workload.podIdentityClusters.length > 0) {
    // Pod Identity tags the session with the cluster, namespace and service account; the documented
    // way to narrow its trust is on those request tags. aws:SourceAccount guards against the confused deputy.
    // https://docs.aws.amazon.com/eks/latest/userguide/pod-id-abac.html#pod-id-abac-tags
    statements.push({
      Sid: 'EksPodIdentity',
      Effect: 'Allow',
      Principal: { Service: POD_IDENTITY_SERVICE },
      Action: ['sts:AssumeRole', 'sts:TagSession'],
      Condition: {
        StringEquals: {
          'aws:SourceAccount': workload.account,
          'aws:RequestTag/eks-cluster-arn': oneOrMany(workload.podIdentityClusters.map((cluster) => eksClusterArn(workload, cluster))),
          'aws:RequestTag/kubernetes-namespace': workload.namespace,
          'aws:RequestTag/kubernetes-service-account': workload.serviceAccount,
        },
      },
    });
  }
  return policyDocument(statements);
}
