import { pinsExactly } from '../condition-strength';
import { Rule } from '../rule';
import { conditionsOn, coversAction, Statement } from '../statements';

// EKS Pod Identity assumes the role as `pods.eks.amazonaws.com` and tags the session with the
// cluster, namespace and service account; the trust policy narrows on those request tags.
// https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html
// https://docs.aws.amazon.com/eks/latest/userguide/pod-id-abac.html#pod-id-abac-tags

const POD_IDENTITY_SERVICE = 'pods.eks.amazonaws.com';
const WORKLOAD_TAGS = /^aws:RequestTag\/kubernetes-(namespace|service-account)$/i;

function isPodIdentityTrust(statement: Statement): boolean {
  return (
    statement.allow &&
    statement.principals.service.some((service) => service.toLowerCase() === POD_IDENTITY_SERVICE) &&
    coversAction(statement, 'sts:AssumeRole')
  );
}

/**
 * Whether the statement pins the namespace or service account: a positive equality without wildcards
 * (see ../condition-strength.ts). StringNotEquals, `Null` or a `*` pattern admits every other one.
 */
function narrowsWorkload(statement: Statement): boolean {
  return conditionsOn(statement, WORKLOAD_TAGS).some(pinsExactly);
}

export const podIdentityTrust: Rule = {
  id: 'EKSSEC2',
  explanation:
    'An EKS Pod Identity trust policy does not pin the namespace or service account (StringEquals, no wildcard; StringNotEquals or `Null` pins nothing): a Pod Identity association of any namespace, service account or cluster can give the role to its pods.',
  thisLibrary:
    'This library writes such a trust only with `disableSessionTags: true` (a Pod Identity target role without session tags): EKS then sends no tags to pin, and the Pod Identity association alone binds the pod role, whose one permission is to assume the target role. Acknowledge EKSSEC2 on the pod role if you chose that.',
  fix: 'Add StringEquals on `aws:RequestTag/kubernetes-namespace` and `aws:RequestTag/kubernetes-service-account` (and `aws:RequestTag/eks-cluster-arn`), the request tags EKS Pod Identity sets. Not `aws:SourceAccount`, which AWS does not document for `pods.eks.amazonaws.com`.',
  docUrl: 'https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html',
  check: (view) =>
    view.policies
      .filter((site) => site.kind === 'trust')
      .flatMap((site) =>
        site.statements
          .filter((statement) => isPodIdentityTrust(statement) && !statement.conditionsUnknown && !narrowsWorkload(statement))
          .map((statement) => ({
            logicalId: site.logicalId,
            location: statement.location,
            detail: 'trusts pods.eks.amazonaws.com without pinning aws:RequestTag/kubernetes-namespace or kubernetes-service-account',
          })),
      ),
};
