import {
  call,
  decryptViaSecretsManager,
  getSecretValue,
  keyTarget,
  Requester,
  secretsManagerEndpoint,
  secretTarget,
  Target,
} from './access-simulator';
import {
  admittingAccount,
  ALLOWED,
  Case,
  decided,
  DENIED,
  deniedUnless,
  OUTSIDE_ACCOUNT,
  Outcome,
  principals,
  read,
  row,
  withPrincipalArn,
} from './cases';
import { identityCases } from './identity-rows';
import { World } from './scenarios';

// What the pod role, and everyone else, can do with the secret and the key. Where accounts coincide,
// a row's truth can change (a principal of account 1 is then also a principal of the secret's owner);
// those rows say so in their title instead of pretending the policies could prevent it.

/** Every action on the secret other than reading its value: the pod role must not have any. */
export const SECRET_ACTIONS_DENIED = [
  'PutSecretValue',
  'UpdateSecret',
  'DeleteSecret',
  'RestoreSecret',
  'PutResourcePolicy',
  'DeleteResourcePolicy',
  'GetResourcePolicy',
  'DescribeSecret',
  'ListSecretVersionIds',
  'UpdateSecretVersionStage',
  'RotateSecret',
  'CancelRotateSecret',
  'TagResource',
  'UntagResource',
  'ReplicateSecretToRegions',
  'RemoveRegionsFromReplication',
  'StopReplicationToReplica',
];

/** Key operations other than the decryption Secrets Manager asks for, even with its context. */
export const KEY_ACTIONS_DENIED = [
  'Encrypt',
  'GenerateDataKey',
  'ReEncryptFrom',
  'CreateGrant',
  'DescribeKey',
  'PutKeyPolicy',
  'ScheduleKeyDeletion',
];

/** Every row of the matrix for one scenario. */
export function allCases(w: World): Case[] {
  return [...identityCases(w), ...podRoleCases(w), ...otherPrincipalCases(w)];
}

function podRoleCases(w: World): Case[] {
  const { access, accounts } = w;
  const { pod, overGrantedPod } = principals(w);
  const { partition, region, name, arn } = access.secret;
  const via = secretsManagerEndpoint(region);
  const otherRegion = region === 'us-east-1' ? 'eu-west-1' : 'us-east-1';
  const otherSecretArn = arn.replace(/secret:.*$/, 'secret:other-secret-XyZ123');
  const decrypt = (who: Requester, viaService?: string | null, secretArn?: string) => async () =>
    decided(await decryptViaSecretsManager(access, who, { viaService, secretArn }));
  const viaControl = (who: Requester) => ({ what: `the same kms:Decrypt via ${via} for the secret`, run: decrypt(who) });
  const getValue = (target: Target) => async () => decided(await call(pod, 'secretsmanager:GetSecretValue', target));
  const getControl = { what: 'GetSecretValue on the secret', run: getValue(secretTarget(access)) };
  // Other secrets whose owners admit all of account 1: only the pod role's own policy keeps it out.
  const admitted = (secretArn: string): Target => ({
    arn: secretArn,
    policy: {
      kind: 'resource',
      name: `policy of ${secretArn}`,
      document: admittingAccount(partition, accounts.workload, ['secretsmanager:*']),
    },
  });
  const ownerWrites = 'account 1 owns the secret: its IAM policies decide, a resource policy cannot restrict them';

  return [
    row(
      'pod-reads',
      'the pod role reads the secret value (GetSecretValue, then kms:Decrypt by Secrets Manager as the pod role)',
      ALLOWED,
      async () => read(await getSecretValue(access, pod)),
    ),
    row(
      'pod-decrypt-via-secrets-manager',
      `Secrets Manager decrypts with the key for the pod role (kms:ViaService ${via}, kms:CallerAccount ${accounts.workload}, SecretARN ${arn})`,
      ALLOWED,
      decrypt(pod),
    ),
    row(
      'pod-decrypt-direct',
      'the pod role calls kms:Decrypt directly, with the secret encryption context',
      DENIED,
      decrypt(pod, null),
      viaControl(pod),
    ),
    row(
      'pod-decrypt-other-service',
      `the pod role calls kms:Decrypt via another service (ssm.${region}.amazonaws.com)`,
      DENIED,
      decrypt(pod, `ssm.${region}.amazonaws.com`),
      viaControl(pod),
    ),
    row(
      'pod-decrypt-other-region',
      `the pod role calls kms:Decrypt via Secrets Manager in another region (${secretsManagerEndpoint(otherRegion)})`,
      DENIED,
      decrypt(pod, secretsManagerEndpoint(otherRegion)),
      viaControl(pod),
    ),
    row(
      'pod-decrypt-other-secret',
      `the pod role decrypts another secret of account 2 encrypted with the key (SecretARN ${otherSecretArn})`,
      DENIED,
      decrypt(pod, undefined, otherSecretArn),
      viaControl(pod),
    ),
    row(
      'pod-reads-other-secret',
      `the pod role calls GetSecretValue on another secret of account 2 whose policy admits all of account 1`,
      DENIED,
      getValue(admitted(otherSecretArn)),
      getControl,
    ),
    row(
      'pod-reads-longer-name',
      `the pod role calls GetSecretValue on a secret whose name extends the secret's (${name}-old), guarded by a copy of the secret's policy`,
      DENIED,
      getValue({ ...secretTarget(access), arn: arn.replace(/secret:.*$/, `secret:${name}-old-XyZ123`) }),
      getControl,
    ),
    row(
      'pod-reads-other-region',
      `the pod role calls GetSecretValue on a secret of the same name in ${otherRegion} (a replica), whose policy admits all of account 1`,
      DENIED,
      getValue(admitted(arn.replace(`:${region}:`, `:${otherRegion}:`))),
      getControl,
    ),
    ...SECRET_ACTIONS_DENIED.map((action) => {
      // workload.allowDescribeSecret opts in to the metadata call the CSI driver's AWS provider makes.
      const optedIn = action === 'DescribeSecret' && w.scenario.props.workload.allowDescribeSecret === true;
      return row(
        `pod-secret-${action}`,
        `the pod role calls secretsmanager:${action} on the secret${optedIn ? ' (workload.allowDescribeSecret is set)' : ''}`,
        optedIn ? ALLOWED : DENIED,
        async () => decided(await call(pod, `secretsmanager:${action}`, secretTarget(access))),
      );
    }),
    ...KEY_ACTIONS_DENIED.map((action) =>
      row(
        `pod-key-${action}`,
        `the pod role calls kms:${action} on the key via Secrets Manager with the secret's context`,
        DENIED,
        async () =>
          decided(await call(pod, `kms:${action}`, keyTarget(access), { 'kms:ViaService': via, 'kms:EncryptionContext:SecretARN': arn })),
      ),
    ),
    // Account 1 may later grant its role more; the secret's and the key's owners must not depend on it.
    row(
      'over-granted-pod-decrypt-direct',
      'the pod role, after account 1 grants it secretsmanager:* and kms:* on *, calls kms:Decrypt directly',
      DENIED,
      decrypt(overGrantedPod, null),
      viaControl(overGrantedPod),
    ),
    row(
      'over-granted-pod-decrypt-other-secret',
      'the pod role, after account 1 grants it kms:* on *, decrypts another secret of account 2 via Secrets Manager',
      DENIED,
      decrypt(overGrantedPod, undefined, otherSecretArn),
      viaControl(overGrantedPod),
    ),
    ...['PutSecretValue', 'PutResourcePolicy', 'DeleteSecret'].map((action) =>
      row(
        `over-granted-pod-${action}`,
        `the pod role, after account 1 grants it secretsmanager:* on *, calls secretsmanager:${action} on the secret`,
        deniedUnless(accounts.workload === accounts.secret, ownerWrites),
        async () => decided(await call(overGrantedPod, `secretsmanager:${action}`, secretTarget(access))),
      ),
    ),
  ];
}

function otherPrincipalCases(w: World): Case[] {
  const { access, accounts } = w;
  const { node, secretAdmin, keyAdmin, outsider } = principals(w);
  const podArn = access.workload.roleArn;
  const reads = (who: Requester) => async (): Promise<Outcome> => read(await getSecretValue(access, who));
  const decrypt = (who: Requester, viaService?: string | null, secretArn?: string) => async () =>
    decided(await decryptViaSecretsManager(access, who, { viaService, secretArn }));
  const nodeIsOwner = 'account 1 is the secret account: its IAM policies decide within it';
  const keyIsOwner = 'account 3 is the secret account, whose administrators own the secret';
  const otherSecretArn = access.secret.arn.replace(/secret:.*$/, 'secret:other-secret-XyZ123');
  const asPod = (who: Requester) => withPrincipalArn(who, podArn);

  return [
    row(
      'node-get-secret-value',
      'the node instance role of account 1 (secretsmanager:* and kms:* on *) calls GetSecretValue on the secret',
      deniedUnless(accounts.workload === accounts.secret, nodeIsOwner),
      async () => decided(await call(node, 'secretsmanager:GetSecretValue', secretTarget(access))),
      {
        what: `the same request with aws:PrincipalArn ${podArn}`,
        run: async () => decided(await call(asPod(node), 'secretsmanager:GetSecretValue', secretTarget(access))),
      },
    ),
    row(
      'node-reads',
      'the node instance role of account 1 (secretsmanager:* and kms:* on *) reads the secret value',
      deniedUnless(accounts.workload === accounts.secret, nodeIsOwner),
      reads(node),
      { what: `the same read with aws:PrincipalArn ${podArn}`, run: reads(asPod(node)) },
    ),
    row(
      'node-decrypt-via-secrets-manager',
      `the node instance role of account 1 has Secrets Manager decrypt the secret with the key`,
      deniedUnless(accounts.workload === accounts.secret, nodeIsOwner),
      decrypt(node),
      { what: `the same request with aws:PrincipalArn ${podArn}`, run: decrypt(asPod(node)) },
    ),
    row(
      'secret-admin-reads',
      `an administrator of account 2 (${accounts.secret}, the secret owner) reads the secret value`,
      {
        verdict: 'allowed',
        why: 'by design: same-account IAM, and the key policy lets the secret account use the key through Secrets Manager',
      },
      reads(secretAdmin),
    ),
    // The secret stack's deployment must work: Secrets Manager encrypts the generated value with the key.
    row(
      'secret-deployer-encrypts',
      'the deployment role of account 2 (AdministratorAccess, as CDK bootstrap grants) has Secrets Manager generate the data key',
      ALLOWED,
      async () =>
        decided(
          await call(secretAdmin, 'kms:GenerateDataKey', keyTarget(access), {
            'kms:ViaService': secretsManagerEndpoint(access.secret.region),
            'kms:CallerAccount': accounts.secret,
            'kms:EncryptionContext:SecretARN': access.secret.arn,
          }),
        ),
    ),
    row(
      'secret-admin-decrypt-direct',
      'an administrator of account 2 calls kms:Decrypt directly, with the secret encryption context',
      DENIED,
      decrypt(secretAdmin, null),
      { what: 'the same request via Secrets Manager', run: decrypt(secretAdmin) },
    ),
    row(
      'secret-admin-decrypt-other-secret',
      'an administrator of account 2 has Secrets Manager decrypt another secret of account 2 with the key',
      DENIED,
      decrypt(secretAdmin, undefined, otherSecretArn),
      { what: 'the same request for the secret', run: decrypt(secretAdmin) },
    ),
    row(
      'key-admin-reads',
      `an administrator of account 3 (${accounts.key}, the key owner) reads the secret value`,
      deniedUnless(accounts.key === accounts.secret, keyIsOwner),
      reads(keyAdmin),
    ),
    row('key-admin-decrypt-direct', 'an administrator of account 3 calls kms:Decrypt directly', DENIED, decrypt(keyAdmin, null)),
    row('key-admin-create-grant', 'an administrator of account 3 calls kms:CreateGrant on the key', DENIED, async () =>
      decided(await call(keyAdmin, 'kms:CreateGrant', keyTarget(access))),
    ),
    row(
      'key-admin-administers',
      'an administrator of account 3 administers the key (kms:PutKeyPolicy), so account 3 decides who may decrypt',
      ALLOWED,
      async () => decided(await call(keyAdmin, 'kms:PutKeyPolicy', keyTarget(access))),
    ),
    row('outsider-reads', `an administrator of account ${OUTSIDE_ACCOUNT} reads the secret value`, DENIED, reads(outsider)),
    row(
      'outsider-decrypt',
      `an administrator of account ${OUTSIDE_ACCOUNT} has Secrets Manager decrypt the secret`,
      DENIED,
      decrypt(outsider),
    ),
  ];
}
