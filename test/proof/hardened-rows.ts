import { GrantPrincipal, ReadableVersions } from '../../lib';
import { seedProps, withProps } from '../support/helpers';
import {
  call,
  decryptViaSecretsManager,
  getSecretValue,
  keyTarget,
  Requester,
  roleSession,
  secretsManagerEndpoint,
  secretTarget,
} from './access-simulator';
import { ALLOWED, allowing, Case, decided, DENIED, Expectation, Outcome, read, row } from './cases';
import { Scenario, World } from './scenarios';

// The hardening options, each proven by requests in the configuration that sets it, next to the
// configuration that does not. The engine matches principals by ARN only: it cannot model that IAM stores
// a role's unique ID for a role ARN principal, so the ROLE_ARN rows prove what it can (another role name
// is refused) and the recreated-role risk is asserted where it holds (the default principal).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles

/** The named principal of account 2 that `keyUserArns` admits in the hardened scenario. */
export const DEPLOYER = 'arn:aws:iam::222222222222:role/deployer';

/** Which rows run in which hardened scenario. */
export type Hardening = 'default' | 'role-arn' | 'key-users' | 'current' | 'current-and-previous';

/** The hardened scenarios, by the option they set. */
export const HARDENED_SCENARIOS: readonly (Scenario & { readonly hardening: Hardening })[] = [
  { hardening: 'default', label: 'default principal, no key users, any version', props: seedProps() },
  { hardening: 'role-arn', label: 'grantPrincipal ROLE_ARN', props: withProps({ workload: { grantPrincipal: GrantPrincipal.ROLE_ARN } }) },
  { hardening: 'key-users', label: `keyUserArns [${DEPLOYER}]`, props: withProps({ secret: { keyUserArns: [DEPLOYER] } }) },
  {
    hardening: 'current',
    label: 'readableVersions CURRENT',
    props: withProps({ workload: { readableVersions: ReadableVersions.CURRENT } }),
  },
  {
    hardening: 'current-and-previous',
    label: 'readableVersions CURRENT_AND_PREVIOUS',
    props: withProps({ workload: { readableVersions: ReadableVersions.CURRENT_AND_PREVIOUS } }),
  },
];

/** The rows of one hardened scenario. */
export function hardenedCases(w: World, hardening: Hardening): Case[] {
  switch (hardening) {
    case 'default':
      return [...principalCases(w, 'default'), ...keyUserCases(w, false), ...keyDenyCases(w), anyVersionCase(w)];
    case 'role-arn':
      return principalCases(w, 'role-arn');
    case 'key-users':
      return keyUserCases(w, true);
    case 'current':
    case 'current-and-previous':
      return versionCases(w, hardening === 'current-and-previous');
  }
}

const READER_POLICY = allowing('ReaderPolicy', ['secretsmanager:GetSecretValue', 'kms:Decrypt']);

function principalCases(w: World, hardening: 'default' | 'role-arn'): Case[] {
  const { access } = w;
  const readAs = (roleArn: string) => async () => read(await getSecretValue(access, roleSession(roleArn, [READER_POLICY])));
  const otherName = access.workload.roleArn.replace(/[^/]+$/, 'other-role');
  const pod = roleSession(access.workload.roleArn, access.workload.identityPolicies);
  const cases = [
    row(`${hardening}-pod-role-read`, 'the pod role reads the secret with its own policies', ALLOWED, async () =>
      read(await getSecretValue(access, pod)),
    ),
    row(
      `${hardening}-other-role-name`,
      `a role of account ${w.accounts.workload} of another name (${otherName}), allowed both actions by its own policy, reads the secret`,
      DENIED,
      readAs(otherName),
      { what: 'the same read by the pod role ARN with the same policy', run: readAs(access.workload.roleArn) },
    ),
  ];
  if (hardening === 'default') {
    // Documented risk: the root principal narrowed by aws:PrincipalArn admits any role that has the ARN,
    // so whoever can create roles on that path in account 1 can recreate it and read (the review says so).
    const squat: Expectation = { verdict: 'allowed', why: 'documented risk of the default principal' };
    cases.push(
      row(
        'default-recreated-role',
        `a role recreated later as ${access.workload.roleArn} (a new session of the same ARN) reads the secret`,
        squat,
        readAs(access.workload.roleArn),
      ),
    );
  }
  return cases;
}

function keyUserCases(w: World, narrowed: boolean): Case[] {
  const { access, accounts } = w;
  const role = (name: string) => `arn:${access.secret.partition}:iam::${accounts.secret}:role/${name}`;
  const broad = [allowing('SecretsAndKeys', ['secretsmanager:*', 'kms:*'])];
  const admin = roleSession(role('Admin'), broad);
  const deployer = roleSession(DEPLOYER, broad);
  const readAs = (who: Requester) => async () => read(await getSecretValue(access, who));
  const generate = (who: Requester) => async () => decided(await generateDataKeyViaSecretsManager(w, who));
  const expectation: Expectation = narrowed
    ? DENIED
    : { verdict: 'allowed', why: 'documented: without keyUserArns the secret account decides' };
  const cases = [
    row(
      'key-users-admin-read',
      `an administrator of account ${accounts.secret} (secretsmanager:* and kms:* on *) reads the value`,
      expectation,
      readAs(admin),
      {
        what: `the same read by ${DEPLOYER}`,
        run: readAs(deployer),
      },
    ),
    row(
      'key-users-admin-generate',
      `an administrator of account ${accounts.secret} has Secrets Manager generate a data key for the secret`,
      expectation,
      generate(admin),
      { what: `the same by ${DEPLOYER}`, run: generate(deployer) },
    ),
  ];
  if (narrowed) {
    cases.push(
      row('key-users-deployer-generate', `${DEPLOYER} has Secrets Manager generate a data key for the secret`, ALLOWED, generate(deployer)),
      row('key-users-deployer-decrypt', `${DEPLOYER} has Secrets Manager decrypt the secret`, ALLOWED, async () =>
        decided(await decryptViaSecretsManager(access, deployer)),
      ),
    );
  }
  return cases;
}

/** `kms:GenerateDataKey` as Secrets Manager sends it when a new version is written. */
function generateDataKeyViaSecretsManager(w: World, who: Requester) {
  return call(who, 'kms:GenerateDataKey', keyTarget(w.access), {
    'kms:CallerAccount': who.account!,
    'kms:ViaService': secretsManagerEndpoint(w.access.secret.region),
    'kms:EncryptionContext:SecretARN': w.access.secret.arn,
  });
}

function versionCases(w: World, previousToo: boolean): Case[] {
  const { access } = w;
  const pod = roleSession(access.workload.roleArn, access.workload.identityPolicies);
  const get = (context: Record<string, string>) => async (): Promise<Outcome> =>
    decided(await call(pod, 'secretsmanager:GetSecretValue', secretTarget(access), context));
  const control = { what: 'GetSecretValue with VersionStage AWSCURRENT', run: get({ 'secretsmanager:VersionStage': 'AWSCURRENT' }) };
  const stage = (name: string, expectation: Expectation) =>
    row(
      `versions-${name}`,
      `the pod role calls GetSecretValue with VersionStage ${name}`,
      expectation,
      get({ 'secretsmanager:VersionStage': name }),
      control,
    );
  return [
    row(
      'versions-no-stage',
      'the pod role calls GetSecretValue without VersionStage (Secrets Manager returns AWSCURRENT)',
      ALLOWED,
      get({}),
    ),
    stage('AWSCURRENT', ALLOWED),
    stage('AWSPENDING', DENIED),
    stage('AWSPREVIOUS', previousToo ? ALLOWED : DENIED),
    row(
      'versions-version-id',
      'the pod role calls GetSecretValue with a VersionId',
      DENIED,
      get({ 'secretsmanager:VersionId': 'EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE' }),
      { what: 'GetSecretValue without it', run: get({}) },
    ),
  ];
}

function keyDenyCases(w: World): Case[] {
  const { access, accounts } = w;
  const admin = roleSession(`arn:${access.key.partition}:iam::${accounts.key}:role/Admin`, [allowing('AdministratorAccess', ['*'])]);
  const request = (action: string, key: string, value: string) => async () =>
    decided(await call(admin, action, keyTarget(access), { [key]: value }));
  const bypass = (value: string) => request('kms:PutKeyPolicy', 'kms:BypassPolicyLockoutSafetyCheck', value);
  const window = (days: string) => request('kms:ScheduleKeyDeletion', 'kms:ScheduleKeyDeletionPendingWindowInDays', days);
  return [
    row(
      'key-bypass-lockout',
      `an administrator of account ${accounts.key} calls PutKeyPolicy with BypassPolicyLockoutSafetyCheck=true`,
      DENIED,
      bypass('true'),
      {
        what: 'the same with BypassPolicyLockoutSafetyCheck=false',
        run: bypass('false'),
      },
    ),
    row('key-short-deletion', `an administrator of account ${accounts.key} schedules the key's deletion in 7 days`, DENIED, window('7'), {
      what: 'the same in 30 days',
      run: window('30'),
    }),
  ];
}

/** Without readableVersions, the pod reads every stage: what the option exists to narrow. */
function anyVersionCase(w: World): Case {
  const pod = roleSession(w.access.workload.roleArn, w.access.workload.identityPolicies);
  const why = 'readableVersions ANY, the default';
  return row(
    'versions-any-AWSPENDING',
    'the pod role calls GetSecretValue with VersionStage AWSPENDING',
    { verdict: 'allowed', why },
    async () =>
      decided(await call(pod, 'secretsmanager:GetSecretValue', secretTarget(w.access), { 'secretsmanager:VersionStage': 'AWSPENDING' })),
  );
}
