import { RegionInfo } from 'aws-cdk-lib/region-info';
import { CrossAccountSecretAccessProps } from '../../lib';
import { withProps } from '../support/helpers';
import { call, decryptViaSecretsManager, getSecretValue, Requester, roleSession, roleTarget, secretTarget } from './access-simulator';
import { allOf, ALLOWED, allowing, Case, decided, DENIED, Expectation, Outcome, read, row } from './cases';
import { assumeWithPodIdentity, PodIdentityRequest } from './identity-rows';
import { synthesizeStacks } from './scenarios';
import { resolveTargetRoleAccess, TargetRoleAccess } from './target-role-access';
import { AccessStacks } from './template-resolver';

// EKS Pod Identity with a target role in the secret's account. EKS assumes the pod role (account
// 1), then, as a session of it, the target role (account 2), and hands the pod the target role's
// credentials. Cross-account, the pod role's own policy and the target role's trust must both allow it.
// https://docs.aws.amazon.com/eks/latest/userguide/pod-id-assign-target-role.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html

/** A target-role configuration, synthesized and resolved. */
export interface TargetRoleWorld {
  readonly label: string;
  readonly props: CrossAccountSecretAccessProps;
  readonly chain: TargetRoleAccess;
  /** Whether EKS passes the session tags (else it sets `sts:ExternalId`). */
  readonly sessionTags: boolean;
}

/** The two target-role configurations: with session tags (the default), and without. */
export const TARGET_ROLE_SCENARIOS = [false, true].map((disableSessionTags) => {
  const podIdentity = { clusterName: 'prod', targetRole: true, ...(disableSessionTags ? { disableSessionTags } : {}) };
  return {
    label: disableSessionTags ? 'target role, session tags disabled (sts:ExternalId)' : 'target role with session tags',
    props: withProps({ workload: { oidcIssuers: undefined, podIdentity } }),
    sessionTags: !disableSessionTags,
  };
});

/** A target-role configuration resolved from its templates (by default freshly synthesized). */
export function targetRoleWorld(
  scenario: (typeof TARGET_ROLE_SCENARIOS)[number],
  stacks: AccessStacks = synthesizeStacks(scenario.props),
): TargetRoleWorld {
  return { ...scenario, chain: resolveTargetRoleAccess(stacks) };
}

/** What EKS knows of the pod when it assumes the target role: the facts the tags or external ID carry. */
interface PodFacts {
  readonly cluster: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  /** Leave out the session tags, or the external ID. */
  readonly bare?: boolean;
}

/**
 * The request context of the second AssumeRole of the chain. With session tags, EKS tags the session
 * with the cluster ARN, namespace and service account; without, it sets `sts:ExternalId` to
 * `region/account/cluster/namespace/service-account` and passes no tags.
 * https://docs.aws.amazon.com/eks/latest/userguide/pod-id-abac.html
 */
function chainContext(w: TargetRoleWorld, facts: PodFacts): Record<string, string | string[]> {
  if (facts.bare) return {};
  const { account, region } = w.props.workload;
  if (!w.sessionTags) return { 'sts:ExternalId': `${region}/${account}/${facts.cluster}/${facts.namespace}/${facts.serviceAccount}` };
  const partition = RegionInfo.get(region).partition;
  const tags: Record<string, string> = {
    'eks-cluster-arn': `arn:${partition}:eks:${region}:${account}:cluster/${facts.cluster}`,
    'eks-cluster-name': facts.cluster,
    'kubernetes-namespace': facts.namespace,
    'kubernetes-service-account': facts.serviceAccount,
    'kubernetes-pod-name': `${facts.serviceAccount}-7d9c8b6f5-x2x4z`,
    'kubernetes-pod-uid': '4b9e0a4c-1f0e-4c6b-9a59-0d6c1f2e3a4b',
  };
  const context: Record<string, string | string[]> = { 'aws:TagKeys': Object.keys(tags) };
  for (const [k, v] of Object.entries(tags)) context[`aws:RequestTag/${k}`] = v;
  return context;
}

/** A session of a role assumes and tags the target role: both requests must be allowed. */
async function assumeTarget(w: TargetRoleWorld, who: Requester, facts: PodFacts): Promise<Outcome> {
  const target = roleTarget(w.chain.access);
  const context = chainContext(w, facts);
  const [assume, tag] = await Promise.all(['sts:AssumeRole', 'sts:TagSession'].map((a) => call(who, a, target, context)));
  return allOf({ 'sts:AssumeRole': assume, 'sts:TagSession': tag });
}

/** Every row of one target-role configuration. */
export function targetRoleCases(w: TargetRoleWorld): Case[] {
  const { podRole, access } = w.chain;
  const { namespace, serviceAccount, account } = w.props.workload;
  const right: PodFacts = { cluster: w.props.workload.podIdentity!.clusterName, namespace, serviceAccount };
  const carrying = w.sessionTags ? 'session tags' : 'sts:ExternalId';
  const pod = roleSession(podRole.roleArn, podRole.identityPolicies);
  const target = roleSession(access.workload.roleArn, access.workload.identityPolicies);
  const broad = [allowing('OverGrant', ['*'])];
  const assume = (who: Requester, facts: PodFacts) => () => assumeTarget(w, who, facts);
  const control = {
    what: `the pod role with the ${carrying} of ${namespace}/${serviceAccount} of ${right.cluster}`,
    run: assume(pod, right),
  };
  const deniedAssume = (id: string, what: string, who: Requester, facts: PodFacts) =>
    row(id, `${what} assumes and tags the target role`, DENIED, assume(who, facts), control);
  const readControl = { what: 'the same read by the target role', run: async () => read(await getSecretValue(access, target)) };
  const decrypt = (who: Requester, viaService?: null) => async () => decided(await decryptViaSecretsManager(access, who, { viaService }));
  const otherSecret = access.secret.arn.replace(/secret:.*$/, 'secret:other-secret-XyZ123');

  const clusterArn = `arn:${podRole.partition}:eks:${podRole.region}:${account}:cluster/${right.cluster}`;
  const eks: PodIdentityRequest = { principal: 'pods.eks.amazonaws.com', clusterArn, account, namespace, serviceAccount };
  const podIdentity = (changed: Partial<PodIdentityRequest>) => () => assumeWithPodIdentity({ workload: podRole }, { ...eks, ...changed });
  // Without session tags EKS passes nothing the pod role's trust could tell service accounts apart by, so
  // any association of account 1 naming the pod role (which needs iam:PassRole on it) gets its
  // credentials; with them, the sts:ExternalId of the target role's trust is the caller's to choose.
  // https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
  const untagged: Expectation = w.sessionTags
    ? DENIED
    : { verdict: 'allowed', why: 'session tags disabled: the pod role trust has no condition, only iam:PassRole guards associations' };
  return [
    row(
      'target-pod-identity',
      `EKS Pod Identity for ${namespace}/${serviceAccount} assumes and tags the pod role`,
      ALLOWED,
      podIdentity({}),
    ),
    row(
      'target-pod-identity-other-namespace',
      `EKS Pod Identity for another namespace (other/${serviceAccount}) assumes and tags the pod role`,
      untagged,
      podIdentity({ namespace: 'other' }),
      { what: `EKS Pod Identity for ${namespace}/${serviceAccount}`, run: podIdentity({}) },
    ),
    row(
      'target-pod-identity-other-service-account',
      `EKS Pod Identity for another service account (${namespace}/other) assumes and tags the pod role`,
      untagged,
      podIdentity({ serviceAccount: 'other' }),
      { what: `EKS Pod Identity for ${namespace}/${serviceAccount}`, run: podIdentity({}) },
    ),
    row(
      'target-assume',
      `the pod role with the ${carrying} of its service account assumes and tags the target role`,
      ALLOWED,
      assume(pod, right),
    ),
    deniedAssume('target-assume-other-namespace', `the pod role with the ${carrying} of another namespace`, pod, {
      ...right,
      namespace: 'other',
    }),
    deniedAssume('target-assume-other-service-account', `the pod role with the ${carrying} of another service account`, pod, {
      ...right,
      serviceAccount: 'other',
    }),
    deniedAssume('target-assume-other-cluster', `the pod role with the ${carrying} of another cluster`, pod, {
      ...right,
      cluster: 'other',
    }),
    deniedAssume('target-assume-bare', `the pod role without ${carrying}`, pod, { ...right, bare: true }),
    // Cross-account, the caller's own policy must allow too: account 1 decides whether the pod role may.
    deniedAssume(
      'target-assume-no-identity-policy',
      'the pod role without its permissions policy',
      roleSession(podRole.roleArn, []),
      right,
    ),
    row(
      'target-assume-other-role',
      `another role of account ${account} with sts:* on * assumes and tags the target role`,
      DENIED,
      assume(roleSession(podRole.roleArn.replace(/[^/]+$/, 'other-role'), [allowing('Sts', ['sts:*'])]), right),
      { what: 'the pod role with the same sts:* policy', run: assume(roleSession(podRole.roleArn, [allowing('Sts', ['sts:*'])]), right) },
    ),
    row('target-read', 'the target role reads the secret (GetSecretValue, and kms:Decrypt via Secrets Manager)', ALLOWED, async () =>
      read(await getSecretValue(access, target)),
    ),
    row('target-direct-decrypt', 'the target role calls kms:Decrypt directly with the secret context', DENIED, decrypt(target, null), {
      what: 'the same kms:Decrypt via Secrets Manager',
      run: decrypt(target),
    }),
    row(
      'target-decrypt-other-secret',
      'the target role has Secrets Manager decrypt for another secret of the account',
      DENIED,
      async () => decided(await decryptViaSecretsManager(access, target, { secretArn: otherSecret })),
      { what: 'the same decrypt for the secret', run: decrypt(target) },
    ),
    row(
      'target-pod-role-get',
      `the pod role itself, granted * by account ${account}, calls GetSecretValue`,
      DENIED,
      async () => decided(await call(roleSession(podRole.roleArn, broad), 'secretsmanager:GetSecretValue', secretTarget(access))),
      {
        what: 'the target role with the same * grant',
        run: async () =>
          decided(await call(roleSession(access.workload.roleArn, broad), 'secretsmanager:GetSecretValue', secretTarget(access))),
      },
    ),
    row(
      'target-pod-role-decrypt',
      `the pod role itself, granted * by account ${account}, has Secrets Manager decrypt the secret`,
      DENIED,
      decrypt(roleSession(podRole.roleArn, broad)),
      { what: 'the target role with the same * grant', run: decrypt(roleSession(access.workload.roleArn, broad)) },
    ),
    row(
      'target-pod-role-read',
      `the pod role with its own policies reads the secret`,
      DENIED,
      async () => read(await getSecretValue(access, pod)),
      readControl,
    ),
  ];
}
