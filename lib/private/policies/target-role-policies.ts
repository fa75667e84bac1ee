import { accountRootArn, readerRoleArn, roleArn } from '../model/identifiers';
import { WorkloadModel } from '../model/model';
import { oneOrMany, PolicyJson, policyJson } from './policy-json';
import { podIdentityTags } from './trust-policy';

// EKS Pod Identity target roles: EKS assumes the pod role (in the cluster's account), then, with its
// credentials, the target role (in the secrets' account), and hands the pod the target role's credentials.
// https://docs.aws.amazon.com/eks/latest/userguide/pod-id-assign-target-role.html

/**
 * The pod role's only permission when the workload reads through a target role: assume and tag a
 * session of that one role.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-assign-target-role.html
 */
export function assumeTargetRolePolicy(workload: WorkloadModel): PolicyJson {
  return policyJson([
    {
      Sid: 'AssumePodIdentityTargetRole',
      Effect: 'Allow',
      Action: ['sts:AssumeRole', 'sts:TagSession'],
      Resource: readerRoleArn(workload),
    },
  ]);
}

/**
 * Who may assume the target role: only the pod role of the cluster's account, in the form AWS documents
 * for target roles: that account's root narrowed by `aws:PrincipalArn`, and the session tags EKS passes
 * on (cluster, namespace, service account). Without session tags, EKS sets `sts:ExternalId` to
 * `region/account/cluster/namespace/service-account` instead, and the trust pins that.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-assign-target-role.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_externalid
 */
export function targetRoleTrustPolicy(workload: WorkloadModel): PolicyJson {
  const principal = { AWS: accountRootArn(workload.region, workload.account) };
  const podRole = { 'aws:PrincipalArn': roleArn(workload) };
  if (workload.podIdentitySessionTags) {
    return policyJson([
      {
        Sid: 'PodIdentityRoleWithSessionTags',
        Effect: 'Allow',
        Principal: principal,
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Condition: { ArnEquals: podRole, StringEquals: podIdentityTags(workload) },
      },
    ]);
  }
  return policyJson([
    {
      Sid: 'PodIdentityRoleWithExternalId',
      Effect: 'Allow',
      Principal: principal,
      Action: 'sts:AssumeRole',
      Condition: {
        ArnEquals: podRole,
        StringEquals: {
          'sts:ExternalId': oneOrMany(
            workload.podIdentityClusters.map(
              (cluster) => `${workload.region}/${workload.account}/${cluster}/${workload.namespace}/${workload.serviceAccount}`,
            ),
          ),
        },
      },
    },
    {
      // AWS's example allows TagSession without conditions; it is narrowed here to the pod role.
      Sid: 'PodIdentityRoleTagSession',
      Effect: 'Allow',
      Principal: principal,
      Action: 'sts:TagSession',
      Condition: { ArnEquals: podRole },
    },
  ]);
}
