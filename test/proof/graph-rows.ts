import { assumeRoleWithWebIdentity, call, Decision, getSecretValue, podRoleSession, secretTarget } from './access-simulator';
import { ALLOWED, Case, decided, DENIED, Expectation, Outcome, Verdict } from './cases';
import { DeclaredSecret, DeclaredWorkload, GraphWorld, partitionOf } from './graph-scenarios';
import { assumeWithPodIdentity, IRSA_AUDIENCE } from './identity-rows';
import { accessOf } from './resolved-graph';

// The rows of the graph matrix. The pair rows are the proof that matters: every workload against every
// secret, reading it as its pod role session with its own managed policies, must be allowed exactly
// when the declaration grants it, for the value and for the decryption each. The other rows here check
// DescribeSecret per pair and who can become each role; graph-isolation-rows.ts holds the rest.

/** What a pair row observes: a verdict for the value and one for the decryption. */
export interface PairVerdicts {
  readonly GetSecretValue: Verdict;
  readonly 'kms:Decrypt via Secrets Manager': Verdict;
}

/** One (workload, secret) pair: reading the value must be allowed, in both parts, exactly when granted. */
export interface PairCase {
  readonly title: string;
  readonly granted: boolean;
  readonly expected: PairVerdicts;
  readonly run: () => Promise<PairVerdicts & { readonly detail: string }>;
}

/** Every (workload, secret) pair of the graph. */
export function pairCases(w: GraphWorld): PairCase[] {
  return w.workloads.flatMap((workload) =>
    w.secrets.map((secret) => {
      const granted = w.granted(workload, secret);
      const verdict: Verdict = granted ? 'allowed' : 'denied';
      const why = [granted ? 'granted' : 'not granted', ...coincidences(w, workload, secret)].join('; ');
      const access = accessOf(workload.resolved, secret.resolved);
      return {
        title: `${workload.id} reads ${secret.options.secretName}: ${verdict} (${why})`,
        granted,
        expected: { GetSecretValue: verdict, 'kms:Decrypt via Secrets Manager': verdict },
        run: async () => {
          const result = await getSecretValue(access, podRoleSession(access));
          return {
            GetSecretValue: verdictOf(result.getSecretValue),
            'kms:Decrypt via Secrets Manager': verdictOf(result.decrypt),
            detail: JSON.stringify({ GetSecretValue: result.getSecretValue, decrypt: result.decrypt }),
          };
        },
      };
    }),
  );
}

/** `DescribeSecret` of every pair: allowed exactly where granted to a workload that asked for it. */
export function describeCases(w: GraphWorld): Case[] {
  return w.workloads.flatMap((workload) =>
    w.secrets.map((secret) => {
      const granted = w.granted(workload, secret);
      const optedIn = workload.options.allowDescribeSecret === true;
      const why = !granted ? 'not granted' : optedIn ? 'granted, allowDescribeSecret' : 'granted, without allowDescribeSecret';
      const access = accessOf(workload.resolved, secret.resolved);
      return graphRow(
        `${workload.id} calls DescribeSecret on ${secret.options.secretName}`,
        { verdict: granted && optedIn ? 'allowed' : 'denied', why },
        async () => decided(await call(podRoleSession(access), 'secretsmanager:DescribeSecret', secretTarget(access))),
      );
    }),
  );
}

/** Who can become each workload's role: its service account on each of its clusters, and nobody else. */
export function trustCases(w: GraphWorld): Case[] {
  const issuersOfGraph = w.workloads.flatMap((workload) => (workload.options.oidcIssuers ?? []).map(bareIssuer));
  return w.workloads.flatMap((workload) => {
    const { account, region, namespace, serviceAccount, oidcIssuers = [], podIdentityClusters = [] } = workload.options;
    const partition = partitionOf(region);
    const resolved = { workload: workload.resolved };
    const token = (issuer: string, sub: string) => ({
      providerArn: `arn:${partition}:iam::${account}:oidc-provider/${issuer}`,
      issuer,
      sub,
      aud: IRSA_AUDIENCE,
    });
    const webIdentity =
      (issuer: string, sa = serviceAccount) =>
      async () =>
        decided(await assumeRoleWithWebIdentity(resolved, token(issuer, `system:serviceaccount:${namespace}:${sa}`)));
    const clusterArn = (cluster: string) => `arn:${partition}:eks:${region}:${account}:cluster/${cluster}`;
    const podIdentity =
      (cluster: string, sa = serviceAccount) =>
      () =>
        assumeWithPodIdentity(resolved, {
          principal: 'pods.eks.amazonaws.com',
          clusterArn: clusterArn(cluster),
          account,
          namespace,
          serviceAccount: sa,
        });
    const own = `${namespace}/${serviceAccount}`;
    const irsaControl = oidcIssuers.length
      ? { what: `its own token of ${bareIssuer(oidcIssuers[0])}`, run: webIdentity(bareIssuer(oidcIssuers[0])) }
      : undefined;
    const podControl = podIdentityClusters.length
      ? { what: `EKS Pod Identity for ${own} of ${podIdentityClusters[0]}`, run: podIdentity(podIdentityClusters[0]) }
      : undefined;
    const untrusted = issuersOfGraph.find((i) => !oidcIssuers.map(bareIssuer).includes(i)) ?? 'oidc.eks.eu-west-1.amazonaws.com/id/OTHER';
    return [
      ...oidcIssuers.map(bareIssuer).flatMap((issuer) => [
        graphRow(
          `${workload.id}'s role is assumed with a token of ${issuer} for ${own} (aud ${IRSA_AUDIENCE})`,
          ALLOWED,
          webIdentity(issuer),
        ),
        graphRow(
          `${workload.id}'s role is assumed with a token of ${issuer} for ${namespace}/other`,
          DENIED,
          webIdentity(issuer, 'other'),
          {
            what: `the token for ${own}`,
            run: webIdentity(issuer),
          },
        ),
      ]),
      graphRow(
        `${workload.id}'s role is assumed with a token for ${own} of a cluster it does not trust (${untrusted})`,
        DENIED,
        webIdentity(untrusted),
        irsaControl,
      ),
      ...podIdentityClusters.flatMap((cluster) => [
        graphRow(`${workload.id}'s role is assumed and tagged by EKS Pod Identity for ${own} of ${cluster}`, ALLOWED, podIdentity(cluster)),
        graphRow(
          `${workload.id}'s role is assumed and tagged by EKS Pod Identity for ${namespace}/other of ${cluster}`,
          DENIED,
          podIdentity(cluster, 'other'),
          { what: `EKS Pod Identity for ${own}`, run: podIdentity(cluster) },
        ),
      ]),
      graphRow(
        `${workload.id}'s role is assumed and tagged by EKS Pod Identity for ${own} of a cluster it does not trust (other)`,
        DENIED,
        podIdentity('other'),
        podControl,
      ),
    ];
  });
}

/** A case titled `<what>: <verdict> (<why>)`; a control is only kept where the row expects a denial. */
export function graphRow(
  what: string,
  expectation: Expectation,
  run: () => Promise<Outcome>,
  control?: { what: string; run: () => Promise<Outcome> },
): Case {
  const { verdict, why } = expectation;
  return {
    id: what,
    title: `${what}: ${verdict}${why ? ` (${why})` : ''}`,
    expected: verdict,
    run,
    control: verdict === 'denied' && control ? { title: `control for "${what}": ${control.what} is allowed`, run: control.run } : undefined,
  };
}

export function grantedPairs(w: GraphWorld): [DeclaredWorkload, DeclaredSecret][] {
  return w.workloads.flatMap((workload) =>
    w.secrets.filter((secret) => w.granted(workload, secret)).map((secret): [DeclaredWorkload, DeclaredSecret] => [workload, secret]),
  );
}

/** Where the workload shares an account with the secret or its key, which changes whose policies decide. */
export function coincidences(w: GraphWorld, workload: DeclaredWorkload, secret: DeclaredSecret): string[] {
  const { account } = workload.options;
  return [
    ...(account === secret.options.account ? ['same account as the secret'] : []),
    ...(account === w.keyOf(secret).options.account ? ['same account as the key'] : []),
  ];
}

function verdictOf(decision: Decision): Verdict {
  return decision === 'Allowed' ? 'allowed' : 'denied';
}

function bareIssuer(issuer: string): string {
  return issuer.replace(/^https:\/\//, '').replace(/\/$/, '');
}
