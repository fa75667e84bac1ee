import { decryptViaSecretsManager, getSecretValue, podRoleSession, Requester, roleSession } from './access-simulator';
import { allowing, Case, decided, DENIED, deniedUnless, Expectation, Outcome, read, withPrincipalArn } from './cases';
import { coincidences, grantedPairs, graphRow } from './graph-rows';
import { DeclaredSecret, DeclaredWorkload, GraphWorld, partitionOf } from './graph-scenarios';
import { accessOf } from './resolved-graph';

// What keeps the parts of a graph apart besides each role's own policy: each key serves only its own
// secrets, a granted account's other roles stay out, and a role its account over-grants still cannot
// read a secret it was not granted: the key policy admits each reader only for its own secrets, so a
// reader of one secret of a key is no reader of its siblings, even in their own account.

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
 * account's IAM decides, by design, unless the secret's `keyUserArns` names who else may use the key for it.
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
        secret.options.keyUserArns && account === secret.options.account
          ? {
              ...DENIED,
              why: `keyUserArns: only ${secret.options.keyUserArns.join(', ')} besides its readers may have Secrets Manager use the key for it`,
            }
          : deniedUnless(account === secret.options.account, owner),
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
 * `secretsmanager:*` and `kms:*` on `*`. The secret's resource policy still refuses the value, and the
 * key policy the decryption: it admits each reader only for the secrets granted to it. In the secret's
 * own account the resource policy is not needed for the value, and the key lets that account use it
 * through Secrets Manager for its secrets, so that account's IAM decides, unless `keyUserArns` names who
 * may: then the key policy alone refuses the decryption, which is what keeps a reader of a sibling secret
 * on the same key out. Each denial's control is the same request for a secret granted to the workload.
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
        const keyUsers = account === secret.options.account ? secret.options.keyUserArns : undefined;
        const reads = (who: Requester) => async () => read(await getSecretValue(access, who));
        const own = ownSecret(w, workload, secret);
        const ownAccess = accessOf(workload.resolved, own.resolved);
        return [
          keyUsers
            ? graphRow(
                `${workload.id} reads ${secret.options.secretName}, ${grant}`,
                {
                  ...DENIED,
                  why: `${why}; keyUserArns: only ${keyUsers.join(', ')} of account ${account} may have Secrets Manager use the key for it`,
                },
                reads(broad),
                { what: `the same read with aws:PrincipalArn ${keyUsers[0]}`, run: reads(withPrincipalArn(broad, keyUsers[0])) },
              )
            : graphRow(
                `${workload.id} reads ${secret.options.secretName}, ${grant}`,
                deniedUnless(account === secret.options.account, `${why}; account ${account} owns the secret: its IAM policies decide`),
                reads(broad),
              ),
          graphRow(
            `Secrets Manager decrypts ${secret.options.secretName} for ${workload.id}, ${grant}`,
            overGrantedDecrypt(w, workload, secret, why),
            async () => decided(await decryptViaSecretsManager(access, broad)),
            {
              what: `the same request for ${own.options.secretName}, granted to it`,
              run: async () => decided(await decryptViaSecretsManager(ownAccess, broad)),
            },
          ),
        ];
      }),
  );
}

/** Whether the key policy lets Secrets Manager decrypt a secret that is not granted for an over-granted workload. */
function overGrantedDecrypt(w: GraphWorld, workload: DeclaredWorkload, secret: DeclaredSecret, why: string): Expectation {
  const key = w.keyOf(secret).options.alias;
  if (workload.options.account === secret.options.account && secret.options.keyUserArns === undefined) {
    return { verdict: 'allowed', why: `${why}; the key lets the secret's account use it through Secrets Manager for its secrets` };
  }
  const readsKey = w.secrets.some((s) => w.keyOf(s) === w.keyOf(secret) && w.granted(workload, s));
  return {
    ...DENIED,
    why: readsKey
      ? `${why}; the policy of ${key} admits ${workload.id} only for the secrets of ${key} granted to it`
      : `${why}; ${workload.id} reads no secret of ${key}`,
  };
}

/** A secret granted to the workload, of the same key as `secret` where there is one: the control of a denial. */
function ownSecret(w: GraphWorld, workload: DeclaredWorkload, secret: DeclaredSecret): DeclaredSecret {
  const granted = w.secrets.filter((s) => w.granted(workload, s));
  const own = granted.find((s) => w.keyOf(s) === w.keyOf(secret)) ?? granted[0];
  if (!own) throw new Error(`${workload.id} is granted no secret: its denials have no control`);
  return own;
}
