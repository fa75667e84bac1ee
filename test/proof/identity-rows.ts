import { assumeRoleWithWebIdentity, call, Requester, roleTarget, WebIdentityToken } from './access-simulator';
import { ALLOWED, allOf, Case, decided, DENIED, OUTSIDE_ACCOUNT, Outcome, principals, row } from './cases';
import { World } from './scenarios';
import { ResolvedAccess } from './template-resolver';

// Who can become the pod role. With IRSA: only a token of the cluster's OIDC provider for the one
// service account and the STS audience. With EKS Pod Identity: only the Pod Identity service acting
// for that service account of the one cluster. Nobody else in account 1, however broad their permissions.

export const IRSA_AUDIENCE = 'sts.amazonaws.com';

/** The rows about assuming the pod role, for the scenario's kind of identity. */
export function identityCases(w: World): Case[] {
  const cases = w.cluster.kind === 'irsa' ? irsaCases(w, w.cluster) : podIdentityCases(w, w.cluster.clusterArn);
  const { node } = principals(w);
  cases.push(
    row(
      'node-assume-role',
      `the node instance role of account 1, with sts:AssumeRole on *, assumes the pod role with sts:AssumeRole`,
      DENIED,
      async () => decided(await call(node, 'sts:AssumeRole', roleTarget(w.access))),
    ),
  );
  return cases;
}

function irsaCases(w: World, cluster: { issuer: string; providerArn: string; subject: string }): Case[] {
  const { access } = w;
  const { namespace, serviceAccount } = w.scenario.props.workload;
  const token: WebIdentityToken = { providerArn: cluster.providerArn, issuer: cluster.issuer, sub: cluster.subject, aud: IRSA_AUDIENCE };
  const assume = (changed: Partial<WebIdentityToken>) => async () =>
    decided(await assumeRoleWithWebIdentity(access, { ...token, ...changed }));
  const control = { what: `the pod's own token (${cluster.subject}, aud ${IRSA_AUDIENCE})`, run: assume({}) };
  const denied = (id: string, what: string, changed: Partial<WebIdentityToken>) =>
    row(id, `a token of ${what} assumes the pod role`, DENIED, assume(changed), control);

  const otherIssuer = cluster.issuer.replace(/[^/]+$/, 'OTHERCLUSTER0000000000000000000');
  const partition = access.workload.partition;
  return [
    row('irsa-pod', `the pod's token (sub ${cluster.subject}, aud ${IRSA_AUDIENCE}) assumes the pod role`, ALLOWED, assume({})),
    denied('irsa-other-namespace', `another namespace (system:serviceaccount:other:${serviceAccount})`, {
      sub: `system:serviceaccount:other:${serviceAccount}`,
    }),
    denied('irsa-other-service-account', `another service account (system:serviceaccount:${namespace}:other)`, {
      sub: `system:serviceaccount:${namespace}:other`,
    }),
    denied('irsa-longer-service-account', `a service account whose name extends the pod's (${serviceAccount}-admin)`, {
      sub: `${cluster.subject}-admin`,
    }),
    denied('irsa-other-audience', 'another audience (https://kubernetes.default.svc, a default service account token)', {
      aud: 'https://kubernetes.default.svc',
    }),
    denied('irsa-missing-audience', 'the pod without an aud claim', { aud: undefined }),
    denied('irsa-other-cluster', `another cluster's OIDC provider in account 1 (${otherIssuer}), same sub and aud`, {
      providerArn: `arn:${partition}:iam::${w.accounts.workload}:oidc-provider/${otherIssuer}`,
      issuer: otherIssuer,
    }),
    denied('irsa-provider-other-account', `the same issuer registered as an OIDC provider in account ${OUTSIDE_ACCOUNT}`, {
      providerArn: `arn:${partition}:iam::${OUTSIDE_ACCOUNT}:oidc-provider/${cluster.issuer}`,
    }),
  ];
}

/** The request context of the EKS Pod Identity agent's AssumeRole and TagSession, as EKS documents it. */
export interface PodIdentityRequest {
  readonly principal: string;
  readonly clusterArn: string;
  readonly account: string;
  readonly namespace: string;
  readonly serviceAccount: string;
}

function podIdentityCases(w: World, clusterArn: string): Case[] {
  const { namespace, serviceAccount } = w.scenario.props.workload;
  const pod: PodIdentityRequest = {
    principal: 'pods.eks.amazonaws.com',
    clusterArn,
    account: w.accounts.workload,
    namespace,
    serviceAccount,
  };
  const podIdentity = (changed: Partial<PodIdentityRequest>) => () => assumeWithPodIdentity(w.access, { ...pod, ...changed });
  const control = { what: `pods.eks.amazonaws.com for ${namespace}/${serviceAccount} of ${clusterArn}`, run: podIdentity({}) };
  const denied = (id: string, what: string, changed: Partial<PodIdentityRequest>) =>
    row(id, `${what} assumes and tags the pod role`, DENIED, podIdentity(changed), control);
  const otherCluster = clusterArn.replace(/[^/]+$/, 'other');
  return [
    row(
      'pod-identity',
      `EKS Pod Identity for ${namespace}/${serviceAccount} of ${clusterArn} assumes and tags the pod role`,
      ALLOWED,
      podIdentity({}),
    ),
    denied('pod-identity-other-namespace', `EKS Pod Identity for another namespace (other/${serviceAccount})`, { namespace: 'other' }),
    denied('pod-identity-other-service-account', `EKS Pod Identity for another service account (${namespace}/other)`, {
      serviceAccount: 'other',
    }),
    denied('pod-identity-other-cluster', `EKS Pod Identity for another cluster of account 1 (${otherCluster})`, {
      clusterArn: otherCluster,
    }),
    denied('pod-identity-other-account', `EKS Pod Identity for a cluster of the same name in account ${OUTSIDE_ACCOUNT}`, {
      clusterArn: clusterArn.replace(w.accounts.workload, OUTSIDE_ACCOUNT),
      account: OUTSIDE_ACCOUNT,
    }),
    denied('pod-identity-other-service', 'another service principal (ec2.amazonaws.com) with the same context', {
      principal: 'ec2.amazonaws.com',
    }),
  ];
}

/** EKS Pod Identity assumes and tags the pod role for a service account of a cluster: both must be allowed. */
export async function assumeWithPodIdentity(access: Pick<ResolvedAccess, 'workload'>, r: PodIdentityRequest): Promise<Outcome> {
  // Pod Identity tags the session (the documented keys). Whether it also sends aws:SourceArn or
  // aws:SourceAccount is not documented, so the request carries neither: the trust must hold without them.
  // https://docs.aws.amazon.com/eks/latest/userguide/pod-id-abac.html
  const tags: Record<string, string> = {
    'eks-cluster-arn': r.clusterArn,
    'eks-cluster-name': r.clusterArn.split('/').pop()!,
    'kubernetes-namespace': r.namespace,
    'kubernetes-service-account': r.serviceAccount,
    'kubernetes-pod-name': `${r.serviceAccount}-7d9c8b6f5-x2x4z`,
    'kubernetes-pod-uid': '4b9e0a4c-1f0e-4c6b-9a59-0d6c1f2e3a4b',
  };
  const context = { 'aws:TagKeys': Object.keys(tags) };
  for (const [k, v] of Object.entries(tags)) Object.assign(context, { [`aws:RequestTag/${k}`]: v });
  const service: Requester = { principal: r.principal, identityPolicies: [], context: {} };
  const [assume, tag] = await Promise.all(['sts:AssumeRole', 'sts:TagSession'].map((a) => call(service, a, roleTarget(access), context)));
  return allOf({ 'sts:AssumeRole': assume, 'sts:TagSession': tag });
}
