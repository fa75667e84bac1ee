import { decryptViaSecretsManager, getSecretValue, podRoleSession, Requester, roleSession } from './access-simulator';
import { allowing, Case, decided, DENIED, deniedUnless, Expectation, Outcome, read, withPrincipalArn } from './cases';
import { coincidences, grantedPairs, graphRow } from './graph-rows';
import { DeclaredSecret, DeclaredWorkload, GraphWorld, partitionOf } from './graph-scenarios';
import { accessOf } from './resolved-graph';

// What keeps the parts of a graph apart besides each role's own policy: each key serves only its own
// secrets, a granted account's other roles stay out, and a role its account over-grants still cannot
// read a secret it was not granted. The last rows also show what packing leaves to the role's own
// policy: the key policy admits every reader of a key for every secret that key encrypts.

/**
 * For every granted pair, Secrets Manager asked to decrypt the secret (its `SecretARN` context) with
 * another key of the graph: the role may use each key only for the secrets that key encrypts. Once as
 * the pod role, and once after its account grants it `kms:*` on `*`, so that the other key's policy alone
 * must refuse.
 */
export function otherKeyCases(w: GraphWorld): Case[] {
  return grantedPairs(w).flatMap(([workload, secret]) => {
    const ownKey = w.keyOf(secret);
    return w.keys
      .filter((key) => key !== ownKey)
      .flatMap((key) => {
        const own = accessOf(workload.resolved, secret.resolved);
        const other = { ...own, key: key.resolved };
        const pod = podRoleSession(own);
        const overGranted = { ...pod, identityPolicies: [...pod.identityPolicies, allowing('OverGrant', ['kms:*'])] };
        const decrypt = (access: typeof own, who: Requester) => async () => decided(await decryptViaSecretsManager(access, who));
        const what = `Secrets Manager decrypts ${secret.options.secretName} for ${workload.id} with ${key.options.alias}, not its key ${ownKey.options.alias}`;
        const control = (who: Requester) => ({ what: `the same request with ${ownKey.options.alias}`, run: decrypt(own, who) });
        return [
          graphRow(what, DENIED, decrypt(other, pod), control(pod)),
          graphRow(`${what}, after its account grants it kms:* on *`, DENIED, decrypt(other, overGranted), control(overGranted)),
        ];
      });
  });
}

/**
 * For every account granted a secret: another role of that account, with `secretsmanager:*` and `kms:*`
 * on `*`, reads the secret. The secret's and the key's policies admit granted roles only, by
 * `aws:PrincipalArn`; the control presents a granted role's ARN. In the secret's own account, that
 * account's IAM decides, by design.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
 */
export function otherRoleCases(w: GraphWorld): Case[] {
  const seen = new Set<string>();
  return grantedPairs(w).flatMap(([workload, secret]) => {
    const { account, region } = workload.options;
    if (seen.has(`${account} ${secret.id}`)) return [];
    seen.add(`${account} ${secret.id}`);
    const access = accessOf(workload.resolved, secret.resolved);
    const other = roleSession(`arn:${partitionOf(region)}:iam::${account}:role/other-app`, [
      allowing('Broad', ['secretsmanager:*', 'kms:*']),
    ]);
    const reads = (who: Requester) => async (): Promise<Outcome> => read(await getSecretValue(access, who));
    const owner = `account ${account} owns the secret: its IAM policies decide`;
    return [
      graphRow(
        `another role of ${account} (secretsmanager:* and kms:* on *), not granted, reads ${secret.options.secretName}`,
        deniedUnless(account === secret.options.account, owner),
        reads(other),
        {
          what: `the same read with aws:PrincipalArn ${workload.resolved.roleArn}`,
          run: reads(withPrincipalArn(other, workload.resolved.roleArn)),
        },
      ),
    ];
  });
}

/**
 * For every pair that is not granted: the workload's role after its own account grants it
 * `secretsmanager:*` and `kms:*` on `*`. The secret's resource policy still refuses the value (except
 * in the secret's own account, whose IAM decides). The key policy, packed as one statement listing
 * every reader of the key and every secret it encrypts, lets Secrets Manager decrypt for any reader of
 * the key: there the role's own policy is what narrows each reader to its secrets.
 * Cross-account, KMS needs the key policy and the caller's IAM policy both to allow; within one account
 * either policy suffices for the secret, so the secret's own account decides there.
 *
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html
 */
export function overGrantedCases(w: GraphWorld): Case[] {
  return w.workloads.flatMap((workload) =>
    w.secrets
      .filter((secret) => !w.granted(workload, secret))
      .flatMap((secret) => {
        const access = accessOf(workload.resolved, secret.resolved);
        const pod = podRoleSession(access);
        const broad = { ...pod, identityPolicies: [...pod.identityPolicies, allowing('OverGrant', ['secretsmanager:*', 'kms:*'])] };
        const { account } = workload.options;
        const grant = `after account ${account} grants it secretsmanager:* and kms:* on *`;
        const why = ['not granted', ...coincidences(w, workload, secret)].join('; ');
        const owner = `${why}; account ${account} owns the secret: its IAM policies decide`;
        return [
          graphRow(
            `${workload.id} reads ${secret.options.secretName}, ${grant}`,
            deniedUnless(account === secret.options.account, owner),
            async () => read(await getSecretValue(access, broad)),
          ),
          graphRow(
            `Secrets Manager decrypts ${secret.options.secretName} for ${workload.id}, ${grant}`,
            packedDecrypt(w, workload, secret, why),
            async () => decided(await decryptViaSecretsManager(access, broad)),
          ),
        ];
      }),
  );
}

/** Whether the key policy alone lets Secrets Manager decrypt a secret that is not granted for the workload. */
function packedDecrypt(w: GraphWorld, workload: DeclaredWorkload, secret: DeclaredSecret, why: string): Expectation {
  const key = w.keyOf(secret);
  if (workload.options.account === secret.options.account) {
    return { verdict: 'allowed', why: `${why}; the key lets the secret's account use it through Secrets Manager for its secrets` };
  }
  const readsKey = w.secrets.some((s) => w.keyOf(s) === key && w.granted(workload, s));
  if (readsKey) {
    return {
      verdict: 'allowed',
      why: `${why}; packing: the policy of ${key.options.alias} admits each of its readers for each of its secrets`,
    };
  }
  return { ...DENIED, why: `${why}; ${workload.id} reads no secret of ${key.options.alias}` };
}
