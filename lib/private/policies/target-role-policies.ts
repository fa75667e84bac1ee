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

// Which condition keys carry the Pod Identity tags on EKS's second, chained AssumeRole. What AWS documents:
// - The EKS user guide's target-role trust example (pod-id-assign-target-role.html, "Update the Target IAM
//   Role trust policy"; source awsdocs/amazon-eks-user-guide latest/ug/manage-access/aws-access/
//   pod-id-assign-target-role.adoc) allows sts:AssumeRole and sts:TagSession with StringEquals on
//   aws:RequestTag/eks-cluster-arn, aws:RequestTag/kubernetes-namespace and aws:RequestTag/kubernetes-service-account
//   and ArnEquals on aws:PrincipalARN. Its sentence before the example says "PrincipalTags", but no example
//   uses aws:PrincipalTag. Without session tags, the same page pins sts:ExternalId.
// - pod-id-abac.html#pod-id-abac-chaining: every Pod Identity session tag is transitive, "passed to any
//   AssumeRole actions that your workloads use to switch roles into another account".
// - IAM (id_session-tags.html#id_session-tags_role-chaining) describes incoming transitive tags as principal
//   tags of the chained session; aws:RequestTag is documented for tags "passed in the request"
//   (reference_policies_condition-keys.html#condition-keys-requesttag). Neither page says whether STS also
//   presents inherited transitive tags as aws:RequestTag on the chained call.
// So the trust keeps the form of AWS's own target-role example (aws:RequestTag), the only one documented for
// this call; requiring aws:PrincipalTag as well, which no AWS example shows, could only fail closed.

/**
 * Who may assume the target role: only the pod role of the cluster's account, in the form AWS documents
 * for target roles: that account's root narrowed by `aws:PrincipalArn`, and the session tags EKS passes
 * on (cluster, namespace, service account) as `aws:RequestTag`, as in AWS's example. Without session
 * tags, EKS sets `sts:ExternalId` to `region/account/cluster/namespace/service-account` instead, and the
 * trust pins that.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-abac.html#pod-id-abac-chaining
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html#id_session-tags_role-chaining
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
