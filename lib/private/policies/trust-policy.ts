import { eksClusterArn, IRSA_AUDIENCE, oidcProviderArn, POD_IDENTITY_SERVICE, serviceAccountSubject } from '../identifiers';
import { IdentityKind, WorkloadModel } from '../model';
import { PolicyDocument, policyDocument } from './policy-document';

/**
 * Who may assume the pod role: exactly one Kubernetes service account of one cluster.
 *
 * IRSA: the cluster's OIDC provider, with `sub` and `aud` pinned by `StringEquals` (a trust policy
 * without `aud` accepts tokens minted for other audiences).
 * EKS Pod Identity: the EKS Pod Identity service, only on behalf of this account's cluster; the
 * association binds the namespace and service account.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html
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
  return policyDocument([
    {
      Sid: 'EksPodIdentity',
      Effect: 'Allow',
      Principal: { Service: POD_IDENTITY_SERVICE },
      Action: ['sts:AssumeRole', 'sts:TagSession'],
      Condition: {
        StringEquals: { 'aws:SourceAccount': workload.account },
        ArnEquals: { 'aws:SourceArn': eksClusterArn(workload, identity.clusterName) },
      },
    },
  ]);
}
