import { eksClusterArn, IRSA_AUDIENCE, oidcProviderArn, POD_IDENTITY_SERVICE, serviceAccountSubject } from '../model/identifiers';
import { WorkloadModel } from '../model/model';
import { oneOrMany, PolicyJson, policyJson, PolicyStatement } from './policy-json';

/**
 * Who may assume the pod role: exactly one Kubernetes service account, of each cluster the workload
 * names (a blue/green pair, or IRSA and EKS Pod Identity during a move from one to the other).
 *
 * IRSA: one statement per cluster's OIDC provider (its condition keys carry the issuer), with `sub` and
 * `aud` pinned by `StringEquals` (a trust policy without `aud` accepts tokens minted for other audiences).
 * EKS Pod Identity: the EKS Pod Identity service, only for sessions it tags with one of the clusters
 * (whose ARNs pin the account), the namespace and the service account (the associations bind them too).
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-abac.html
 */
export function trustPolicy(workload: WorkloadModel): PolicyJson {
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
    statements.push({
      Sid: 'EksPodIdentity',
      Effect: 'Allow',
      Principal: { Service: POD_IDENTITY_SERVICE },
      Action: ['sts:AssumeRole', 'sts:TagSession'],
      // Without session tags (only with a target role, whose trust EKS pins with sts:ExternalId) nothing
      // in the request names the cluster, namespace or service account: the association (and the
      // iam:PassRole its creator needed) is then what binds this role.
      ...(workload.podIdentitySessionTags ? { Condition: { StringEquals: podIdentityTags(workload) } } : {}),
    });
  }
  return policyJson(statements);
}

/**
 * The session tags EKS Pod Identity sets, pinned to the workload's clusters, namespace and service
 * account. AWS documents narrowing a Pod Identity trust on these request tags, and only on them (the
 * cluster's ARN pins the account). aws:SourceAccount is not documented for pods.eks.amazonaws.com: if
 * EKS does not send it, a StringEquals on it fails closed and no pod gets credentials, so it is not used.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-abac.html#pod-id-abac-tags
 */
export function podIdentityTags(workload: WorkloadModel): Record<string, string | string[]> {
  return {
    'aws:RequestTag/eks-cluster-arn': oneOrMany(workload.podIdentityClusters.map((cluster) => eksClusterArn(workload, cluster))),
    'aws:RequestTag/kubernetes-namespace': workload.namespace,
    'aws:RequestTag/kubernetes-service-account': workload.serviceAccount,
  };
}
