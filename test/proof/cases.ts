import { Decision, podRoleSession, Requester, roleSession, SecretRead } from './access-simulator';
import { World } from './scenarios';
import { NamedPolicy, PolicyDocument } from './template-resolver';

// The vocabulary of the matrix: a case is one request (or chain of requests) with the verdict it must
// get, and optionally a control: the same request with only the claimed reason for denial removed,
// which must be allowed. A control shows that a denial comes from the condition it names, not from a
// mistake in the request (a typo, a missing context key) that the engine would also silently deny.

export type Verdict = 'allowed' | 'denied';

/** What a case observed: the verdict, and the engine's decisions behind it for failure messages. */
export interface Outcome {
  readonly verdict: Verdict;
  readonly detail: string;
}

/** One row of the matrix in one scenario. */
export interface Case {
  /** Stable across scenarios and mutations. */
  readonly id: string;
  /** `allowed: ...` or `denied: ...`, with the reason when the scenario changes the usual verdict. */
  readonly title: string;
  readonly expected: Verdict;
  readonly run: () => Promise<Outcome>;
  readonly control?: { readonly title: string; readonly run: () => Promise<Outcome> };
}

/** The verdict a row expects in a scenario, and why when it differs from the row's usual one. */
export interface Expectation {
  readonly verdict: Verdict;
  readonly why?: string;
}

export const ALLOWED: Expectation = { verdict: 'allowed' };
export const DENIED: Expectation = { verdict: 'denied' };

/** Denied, except where accounts coincide so that the requester legitimately is the owner. */
export function deniedUnless(coincide: boolean, why: string): Expectation {
  return coincide ? { verdict: 'allowed', why } : DENIED;
}

/** Builds a case; a control is only kept where the row expects a denial. */
export function row(
  id: string,
  what: string,
  expectation: Expectation,
  run: () => Promise<Outcome>,
  control?: { what: string; run: () => Promise<Outcome> },
): Case {
  const { verdict, why } = expectation;
  return {
    id,
    title: `${verdict}${why ? ` (${why})` : ''}: ${what}`,
    expected: verdict,
    run,
    control: verdict === 'denied' && control ? { title: `control for "${what}": ${control.what} is allowed`, run: control.run } : undefined,
  };
}

/** The outcome of one decision. */
export function decided(decision: Decision, label = ''): Outcome {
  return { verdict: decision === 'Allowed' ? 'allowed' : 'denied', detail: `${label}${decision}` };
}

/** The outcome of several requests that must all be allowed. */
export function allOf(decisions: Record<string, Decision>): Outcome {
  const allowed = Object.values(decisions).every((d) => d === 'Allowed');
  return { verdict: allowed ? 'allowed' : 'denied', detail: JSON.stringify(decisions) };
}

/** The outcome of reading a secret value. */
export function read(result: SecretRead): Outcome {
  return allOf({ GetSecretValue: result.getSecretValue, 'kms:Decrypt via Secrets Manager': result.decrypt });
}

/** An identity or resource policy that allows actions on every resource, for the principals around the pod. */
export function allowing(name: string, actions: string[]): NamedPolicy {
  return { name, document: { Version: '2012-10-17', Statement: [{ Sid: 'Broad', Effect: 'Allow', Action: actions, Resource: '*' }] } };
}

/** A resource policy admitting every principal of an account to some actions (delegating to its IAM). */
export function admittingAccount(partition: string, account: string, actions: string[]): PolicyDocument {
  const principal = { AWS: `arn:${partition}:iam::${account}:root` };
  return { Version: '2012-10-17', Statement: [{ Sid: 'Account', Effect: 'Allow', Principal: principal, Action: actions, Resource: '*' }] };
}

/** An account that is none of the three. */
export const OUTSIDE_ACCOUNT = '999999999999';

/** The principals the rows send requests as. */
export function principals(w: World) {
  const partition = w.access.workload.partition;
  const role = (account: string, name: string) => `arn:${partition}:iam::${account}:role/${name}`;
  const admin = (account: string) => roleSession(role(account, 'Admin'), [allowing('AdministratorAccess', ['*'])]);
  const pod = podRoleSession(w.access, w.scenario.boundaries);
  return {
    pod,
    /** The pod role after account 1 attaches broad permissions to it: only the other accounts' policies hold. */
    overGrantedPod: { ...pod, identityPolicies: [...pod.identityPolicies, allowing('OverGrant', ['secretsmanager:*', 'kms:*'])] },
    /** What a pod gets without IRSA: the node's instance role, often with broad permissions. */
    node: roleSession(role(w.accounts.workload, 'eks-node-role'), [
      allowing('NodeRolePermissions', ['secretsmanager:*', 'kms:*', 'sts:AssumeRole']),
    ]),
    secretAdmin: admin(w.accounts.secret),
    keyAdmin: admin(w.accounts.key),
    outsider: admin(OUTSIDE_ACCOUNT),
  };
}

/** The same principal, presenting another `aws:PrincipalArn`: isolates conditions on it. */
export function withPrincipalArn(requester: Requester, principalArn: string): Requester {
  return { ...requester, context: { ...requester.context, 'aws:PrincipalArn': principalArn } };
}

/**
 * Registers one test per row, which must reach its expected verdict, and one per control, which must be
 * allowed. The engine's decisions show as context in the diff when a verdict differs. Call it inside a
 * `describe`.
 */
export function testRows(cases: readonly Case[]): void {
  test.each(cases.map((c) => [c.title, c] as const))('%s', async (_title, c) => {
    const outcome = await c.run();
    expect(outcome).toEqual({ verdict: c.expected, detail: outcome.detail });
  });

  const controlled = cases.filter((c) => c.control !== undefined);
  test.each(controlled.map((c) => [c.control!.title, c] as const))('%s', async (_title, c) => {
    const outcome = await c.control!.run();
    expect(outcome).toEqual({ verdict: 'allowed', detail: outcome.detail });
  });
}
