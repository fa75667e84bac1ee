import { eksClusterArn, IRSA_AUDIENCE, oidcProviderArn, POD_IDENTITY_SERVICE, serviceAccountSubject } from '../identifiers';
import { IdentityKind, WorkloadModel } from '../model';
import { PolicyDocument, policyDocument } from './policy-document';

/**
 * Who may assume the pod role: exactly one Kubernetes service account of one cluster.
 *
 * IRSA: the cluster's OIDC provider, with `sub` and `aud` pinned by `StringEquals` (a trust policy
 * without `aud` accepts tokens minted for other audiences).
 * EKS Pod Identity: the EKS Pod Identity service, only from this account, and only for sessions it
 * tags with this cluster, namespace and service account (the association binds them too).
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-abac.html
 */
export function trustPolicy(workload: WorkloadModel): PolicyDocument {
  const identity = workload.identity;
  if (identity.kind === IdentityKind.IRSA) {
    const issuer = identity.issuerHostAndPath;
    return policyDocument([
      {
        Sid: 'ServiceAccountWebIdentity',
        Effect: 'Allow',
        Principal: { Federated: oidcProviderArn(workload, identity) },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            [`${issuer}:sub`]: serviceAccountSubject(workload),
            [`${issuer}:aud`]: IRSA_AUDIENCE,
          },
        },
      },
    ]);
  }
  // Pod Identity tags the session with the cluster, namespace and service account; the documented
  // way to narrow its trust is on those request tags. aws:SourceAccount guards against the confused deputy.
  // https://docs.aws.amazon.com/eks/latest/userguide/pod-id-abac.html#pod-id-abac-tags
  return policyDocument([
    {
      Sid: 'EksPodIdentity',
      Effect: 'Allow',
      Principal: { Service: POD_IDENTITY_SERVICE },
      Action: ['sts:AssumeRole', 'sts:TagSession'],
      Condition: {
        StringEquals: {
          'aws:SourceAccount': workload.account,
          'aws:RequestTag/eks-cluster-arn': eksClusterArn(workload, identity.clusterName),
          'aws:RequestTag/kubernetes-namespace': workload.namespace,
          'aws:RequestTag/kubernetes-service-account': workload.serviceAccount,
        },
      },
    },
  ]);
}
