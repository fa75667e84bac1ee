import { Rule } from '../../lib/private/checks/rule';
import { blockPublicPolicy } from '../../lib/private/checks/rules/block-public-policy';
import { decryptViaService } from '../../lib/private/checks/rules/decrypt-via-service';
import { iamArnForm } from '../../lib/private/checks/rules/iam-arn-form';
import { keyAdminUse } from '../../lib/private/checks/rules/key-admin-use';
import { managedKeyCrossAccount } from '../../lib/private/checks/rules/managed-key-cross-account';
import { podIdentityTrust } from '../../lib/private/checks/rules/pod-identity-trust';
import { resourcePolicyPrincipals } from '../../lib/private/checks/rules/resource-policy-principals';
import { secretArnResource } from '../../lib/private/checks/rules/secret-arn-resource';
import { webIdentityTrust } from '../../lib/private/checks/rules/web-identity-trust';
import { TemplateInput } from '../../lib/private/checks/template-view';
import {
  alias,
  cfnJson,
  decrypt,
  doc,
  FOR_THE_SECRET,
  grantToRole,
  irsaTrust,
  ISSUER,
  KEY,
  key,
  keyAdmin,
  keyGrantToRole,
  podIdentityTrust as podIdentityTrustPolicy,
  readSecret,
  role,
  ROLE_ARN,
  SECRET,
  secret,
  secretPolicy,
  template,
  tokenIrsaConditions,
  tokenIrsaTrust,
  VIA_SECRETS_MANAGER,
  WORKLOAD,
} from './templates';

/** A rule, a minimal template set it fires on, and the same set corrected, on which no rule fires. */
export interface RuleCase {
  readonly rule: Rule;
  readonly label: string;
  readonly bad: TemplateInput[];
  readonly good: TemplateInput[];
  /** What the finding's detail says. */
  readonly detail: RegExp;
}

const SUB = `${ISSUER}:sub`;
const AUD = `${ISSUER}:aud`;
const pinned = () => role(irsaTrust());
const workload = (pod: object) => [template({ PodRole: pod }, WORKLOAD)];
const podRoleReading = (...statements: object[]) => workload(role(irsaTrust(), doc(...statements)));
/** A pod role trusting a token issuer, and the `CfnJson` resource its condition (or `condition`) reads. */
const tokenWorkload = (conditions: object, condition?: object) => [
  template({ PodRole: role(tokenIrsaTrust(condition)), Conditions: cfnJson(conditions) }, WORKLOAD),
];
const AT_CONDITIONS = { 'Fn::GetAtt': ['Conditions', 'Value'] };
const secretStack = (resources: object) => [template({ Secret: secret(), ...resources }, SECRET)];
const keyStack = (resources: object) => [template(resources, KEY)];
/** A key stack whose key a secret of the same template uses: a key for secrets. */
const secretKeyStack = (keyResource: object) => keyStack({ Key: keyResource, Secret: secret({ KmsKeyId: { Ref: 'Key' } }) });
const rootOf = (account: string) => `arn:aws:iam::${account}:root`;
const describeKeyFor = (principal: string, condition?: object) => ({
  Effect: 'Allow',
  Principal: { AWS: principal },
  Action: 'kms:DescribeKey',
  Resource: '*',
  ...(condition ? { Condition: condition } : {}),
});

const anyoneDecrypting = (condition: object, action: string | string[] = 'kms:Decrypt') => ({
  Effect: 'Allow',
  Principal: { AWS: '*' },
  Action: action,
  Resource: '*',
  Condition: condition,
});
const everyoneBut = (principal: string, action: string, condition?: object) => ({
  Effect: 'Allow',
  NotPrincipal: { AWS: principal },
  Action: action,
  Resource: '*',
  ...(condition ? { Condition: condition } : {}),
});

export const RULE_CASES: readonly RuleCase[] = [
  {
    rule: webIdentityTrust,
    label: 'IRSA trust without aud',
    bad: workload(role(irsaTrust({ StringEquals: { [SUB]: 'system:serviceaccount:testnamespace:testapp' } }))),
    good: workload(pinned()),
    detail: /no `aud` condition/,
  },
  {
    rule: webIdentityTrust,
    label: 'IRSA trust with a StringLike wildcard on sub',
    bad: workload(
      role(irsaTrust({ StringLike: { [SUB]: 'system:serviceaccount:testnamespace:*' }, StringEquals: { [AUD]: 'sts.amazonaws.com' } })),
    ),
    good: workload(pinned()),
    detail: /`sub` matched with StringLike "system:serviceaccount:testnamespace:\*": a wildcard/,
  },
  {
    rule: webIdentityTrust,
    label: 'IRSA trust with StringLike (no wildcard) on sub',
    bad: workload(
      role(
        irsaTrust({ StringLike: { [SUB]: 'system:serviceaccount:testnamespace:testapp' }, StringEquals: { [AUD]: 'sts.amazonaws.com' } }),
      ),
    ),
    good: workload(pinned()),
    detail: /^`sub` matched with StringLike instead of StringEquals$/,
  },
  {
    rule: webIdentityTrust,
    label: 'IRSA trust without sub',
    bad: workload(role(irsaTrust({ StringEquals: { [AUD]: 'sts.amazonaws.com' } }))),
    good: workload(pinned()),
    detail: /^no `sub` condition/,
  },
  {
    rule: webIdentityTrust,
    label: 'IRSA trust with only Null on sub and aud',
    bad: workload(role(irsaTrust({ Null: { [SUB]: 'false', [AUD]: 'false' } }))),
    good: workload(pinned()),
    detail: /^`sub` only tested with Null, which pins no service account.*; `aud` only tested with Null/,
  },
  {
    rule: webIdentityTrust,
    label: 'IRSA trust with StringNotEquals on sub',
    bad: workload(
      role(
        irsaTrust({
          StringNotEquals: { [SUB]: 'system:serviceaccount:kube-system:aws-node' },
          StringEquals: { [AUD]: 'sts.amazonaws.com' },
        }),
      ),
    ),
    good: workload(pinned()),
    detail: /^`sub` only tested with StringNotEquals, which pins no service account: every other service account/,
  },
  {
    rule: webIdentityTrust,
    label: 'IRSA trust on a token issuer, its CfnJson condition without sub',
    bad: tokenWorkload({ StringEquals: { '<issuer>:aud': 'sts.amazonaws.com' } }),
    good: tokenWorkload({ StringEquals: tokenIrsaConditions() }),
    detail: /^no `sub` condition: every service account/,
  },
  {
    rule: webIdentityTrust,
    label: 'IRSA trust on a token issuer, its StringEquals block a CfnJson without aud (the shape of aws-cdk-lib ServiceAccount)',
    bad: tokenWorkload({ '<issuer>:sub': 'system:serviceaccount:testnamespace:testapp' }, { StringEquals: AT_CONDITIONS }),
    good: tokenWorkload(tokenIrsaConditions(), { StringEquals: AT_CONDITIONS }),
    detail: /^no `aud` condition/,
  },
  {
    rule: webIdentityTrust,
    label: 'IRSA trust on a token issuer with StringLike on sub in its CfnJson condition',
    bad: tokenWorkload({
      StringLike: { '<issuer>:sub': 'system:serviceaccount:testnamespace:*' },
      StringEquals: { '<issuer>:aud': 'sts.amazonaws.com' },
    }),
    good: tokenWorkload({ StringEquals: tokenIrsaConditions() }),
    detail: /^`sub` matched with StringLike "system:serviceaccount:testnamespace:\*": a wildcard/,
  },
  {
    rule: webIdentityTrust,
    label: 'IRSA trust whose condition is a GetAtt of no CfnJson (unreadable: counts as pinning nothing)',
    bad: tokenWorkload({ StringEquals: tokenIrsaConditions() }, { 'Fn::GetAtt': ['Cluster', 'Conditions'] }),
    good: tokenWorkload({ StringEquals: tokenIrsaConditions() }),
    detail: /^part of the condition is an intrinsic these checks cannot read .*; no `sub` condition.*; no `aud` condition/,
  },
  {
    rule: podIdentityTrust,
    label: 'Pod Identity trust without namespace or service account',
    bad: workload(role(podIdentityTrustPolicy({ StringEquals: { 'aws:SourceAccount': WORKLOAD } }))),
    good: workload(
      role(
        podIdentityTrustPolicy({
          StringEquals: {
            'aws:SourceAccount': WORKLOAD,
            'aws:RequestTag/kubernetes-namespace': 'testnamespace',
            'aws:RequestTag/kubernetes-service-account': 'testapp',
          },
        }),
      ),
    ),
    detail: /without pinning aws:RequestTag\/kubernetes-namespace/,
  },
  {
    rule: podIdentityTrust,
    label: 'Pod Identity trust excluding one namespace with StringNotEquals',
    bad: workload(role(podIdentityTrustPolicy({ StringNotEquals: { 'aws:RequestTag/kubernetes-namespace': 'kube-system' } }))),
    good: workload(
      role(
        podIdentityTrustPolicy({
          StringEquals: { 'aws:RequestTag/kubernetes-namespace': 'testnamespace', 'aws:RequestTag/kubernetes-service-account': 'testapp' },
        }),
      ),
    ),
    detail: /without pinning aws:RequestTag\/kubernetes-namespace/,
  },
  {
    rule: secretArnResource,
    label: 'GetSecretValue on *',
    bad: podRoleReading(readSecret('*')),
    good: podRoleReading(readSecret()),
    detail: /on `\*`/,
  },
  {
    rule: secretArnResource,
    label: 'GetSecretValue on a secret ARN without its suffix',
    bad: podRoleReading(readSecret(`arn:aws:secretsmanager:eu-west-1:${SECRET}:secret:testsecret`)),
    good: podRoleReading(readSecret()),
    detail: /:secret:testsecret: without the random suffix it matches no secret/,
  },
  {
    rule: secretArnResource,
    label: 'GetSecretValue on a secret ARN ending in *',
    bad: podRoleReading(readSecret(`arn:aws:secretsmanager:eu-west-1:${SECRET}:secret:testsecret-*`)),
    good: podRoleReading(readSecret(`arn:aws:secretsmanager:eu-west-1:${SECRET}:secret:testsecret-AbCdEf`)),
    detail: /the trailing `\*` also matches other secrets/,
  },
  {
    rule: decryptViaService,
    label: 'identity policy: kms:Decrypt for the secret without kms:ViaService',
    bad: podRoleReading(readSecret(), decrypt({ StringLike: FOR_THE_SECRET })),
    good: podRoleReading(readSecret(), decrypt({ StringEquals: VIA_SECRETS_MANAGER, StringLike: FOR_THE_SECRET })),
    detail: /^grants kms:Decrypt without kms:ViaService$/,
  },
  {
    rule: decryptViaService,
    label: "identity policy: kms:Decrypt on another account's keys without encryption context",
    bad: podRoleReading(readSecret(), decrypt({ StringEquals: VIA_SECRETS_MANAGER })),
    good: podRoleReading(readSecret(), decrypt({ StringEquals: VIA_SECRETS_MANAGER, StringLike: FOR_THE_SECRET })),
    detail: /across accounts without an encryption-context condition/,
  },
  {
    rule: decryptViaService,
    label: 'key policy of a key a secret of the template uses: kms:Decrypt without either condition',
    bad: keyStack({ Key: key(keyAdmin(), keyGrantToRole({})), Secret: secret({ KmsKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] } }) }),
    good: keyStack({ Key: key(keyAdmin(), keyGrantToRole()), Secret: secret({ KmsKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] } }) }),
    detail: /without kms:ViaService or an encryption-context condition/,
  },
  {
    rule: decryptViaService,
    label: "key policy of a key another stack's secret uses by alias",
    bad: [...keyStack!({ Key: key(keyAdmin(), keyGrantToRole({})), Alias: alias() }), ...secretStack({})],
    good: [...keyStack!({ Key: key(keyAdmin(), keyGrantToRole()), Alias: alias() }), ...secretStack({})],
    detail: /without kms:ViaService/,
  },
  {
    rule: resourcePolicyPrincipals,
    label: 'secret policy naming a role of another account',
    bad: secretStack({
      Policy: secretPolicy({ Effect: 'Allow', Principal: { AWS: ROLE_ARN }, Action: 'secretsmanager:GetSecretValue', Resource: '*' }),
    }),
    good: secretStack({ Policy: secretPolicy(grantToRole()) }),
    detail: /names role arn:aws:iam::111111111111:role\/pod-role of account 111111111111/,
  },
  {
    rule: resourcePolicyPrincipals,
    label: 'key policy admitting another account root without a narrowing condition',
    bad: secretKeyStack(key(keyAdmin(), describeKeyFor(rootOf(WORKLOAD)))),
    good: secretKeyStack(key(keyAdmin(), describeKeyFor(rootOf(WORKLOAD), { ArnEquals: { 'aws:PrincipalArn': ROLE_ARN } }))),
    detail: /admits account 111111111111 with no condition narrowing it/,
  },
  {
    rule: resourcePolicyPrincipals,
    label: 'key policy admitting another account by its bare ID',
    bad: secretKeyStack(key(keyAdmin(), describeKeyFor(WORKLOAD))),
    good: secretKeyStack(key(keyAdmin(), describeKeyFor(WORKLOAD, { ArnEquals: { 'aws:PrincipalArn': ROLE_ARN } }))),
    detail: /admits account 111111111111/,
  },
  {
    rule: decryptViaService,
    label: 'key policy admitting every account (pinned to one by aws:PrincipalAccount) without encryption context',
    bad: secretKeyStack(key(keyAdmin(), anyoneDecrypting({ StringEquals: { ...VIA_SECRETS_MANAGER, 'aws:PrincipalAccount': WORKLOAD } }))),
    good: secretKeyStack(
      key(
        keyAdmin(),
        anyoneDecrypting({ StringEquals: { ...VIA_SECRETS_MANAGER, 'aws:PrincipalAccount': WORKLOAD }, StringLike: FOR_THE_SECRET }),
      ),
    ),
    detail: /^grants kms:Decrypt across accounts without an encryption-context condition$/,
  },
  {
    rule: resourcePolicyPrincipals,
    label: 'secret policy with Principal "*" and no condition',
    bad: secretStack({ Policy: secretPolicy({ Effect: 'Allow', Principal: '*', Action: 'secretsmanager:GetSecretValue', Resource: '*' }) }),
    good: secretStack({ Policy: secretPolicy(grantToRole()) }),
    detail: /^admits every AWS account \(`\*`\) with no condition pinning the principal or its account$/,
  },
  {
    rule: resourcePolicyPrincipals,
    label: 'key policy with {"AWS": "*"}, through Secrets Manager for every account\'s secrets',
    bad: secretKeyStack(
      key(
        keyAdmin(),
        anyoneDecrypting(
          {
            StringEquals: VIA_SECRETS_MANAGER,
            StringLike: { 'kms:EncryptionContext:SecretARN': 'arn:aws:secretsmanager:eu-west-1:*:secret:*' },
          },
          ['kms:Decrypt', 'kms:GenerateDataKey'],
        ),
      ),
    ),
    good: secretKeyStack(key(keyAdmin(), keyGrantToRole())),
    detail: /^admits every AWS account/,
  },
  {
    rule: resourcePolicyPrincipals,
    label: 'key policy: Allow with NotPrincipal',
    bad: secretKeyStack(
      key(
        keyAdmin(),
        everyoneBut(rootOf('444444444444'), 'kms:Decrypt', { StringEquals: VIA_SECRETS_MANAGER, StringLike: FOR_THE_SECRET }),
      ),
    ),
    good: secretKeyStack(key(keyAdmin(), keyGrantToRole())),
    detail: /^Allow with NotPrincipal admits every principal of every account but those listed/,
  },
  {
    rule: resourcePolicyPrincipals,
    label: 'secret policy: Allow with NotPrincipal',
    bad: secretStack({ Policy: secretPolicy(everyoneBut(rootOf('444444444444'), 'secretsmanager:GetSecretValue')) }),
    good: secretStack({ Policy: secretPolicy(grantToRole()) }),
    detail: /^Allow with NotPrincipal admits every principal/,
  },
  {
    rule: keyAdminUse,
    label: 'kms:* for the key administrators of a key for secrets',
    bad: keyStack({ Key: key(keyAdmin('kms:*'), keyGrantToRole()) }),
    good: keyStack({ Key: key(keyAdmin(), keyGrantToRole()) }),
    detail: /administration together with kms:Decrypt, kms:Encrypt, .*kms:CreateGrant/,
  },
  {
    rule: keyAdminUse,
    label: 'kms:CreateGrant among the administration actions',
    bad: keyStack({ Key: key(keyAdmin(['kms:PutKeyPolicy', 'kms:CreateGrant']), keyGrantToRole()) }),
    good: keyStack({ Key: key(keyAdmin(['kms:PutKeyPolicy']), keyGrantToRole()) }),
    detail: /together with kms:CreateGrant \(/,
  },
  {
    rule: blockPublicPolicy,
    label: 'secret policy without BlockPublicPolicy',
    bad: secretStack({ Policy: secretPolicy(grantToRole(), {}) }),
    good: secretStack({ Policy: secretPolicy(grantToRole()) }),
    detail: /^BlockPublicPolicy is not set$/,
  },
  {
    rule: blockPublicPolicy,
    label: 'secret policy with BlockPublicPolicy false',
    bad: secretStack({ Policy: secretPolicy(grantToRole(), { BlockPublicPolicy: false }) }),
    good: secretStack({ Policy: secretPolicy(grantToRole(), { BlockPublicPolicy: 'true' }) }),
    detail: /^BlockPublicPolicy is false$/,
  },
  {
    rule: managedKeyCrossAccount,
    label: 'secret without KmsKeyId read from another account',
    bad: [template({ Secret: secret({}), Policy: secretPolicy(grantToRole()) }, SECRET)],
    good: secretStack({ Policy: secretPolicy(grantToRole()) }),
    detail: /encrypted with aws\/secretsmanager, but its resource policy admits account 111111111111/,
  },
  {
    rule: managedKeyCrossAccount,
    label: 'secret on alias/aws/secretsmanager read from another account',
    bad: [template({ Secret: secret({ KmsKeyId: 'alias/aws/secretsmanager' }), Policy: secretPolicy(grantToRole()) }, SECRET)],
    good: secretStack({ Policy: secretPolicy(grantToRole()) }),
    detail: /admits account 111111111111/,
  },
  {
    rule: iamArnForm,
    label: 'IAM ARN without its empty region field in a principal',
    bad: secretStack({ Policy: secretPolicy({ ...grantToRole(), Principal: { AWS: `arn:aws:iam:${WORKLOAD}:root` } }) }),
    good: secretStack({ Policy: secretPolicy(grantToRole()) }),
    detail: /arn:aws:iam:111111111111:root$/,
  },
  {
    rule: iamArnForm,
    label: 'IAM ARN without its empty region field in aws:PrincipalArn',
    bad: secretStack({
      Policy: secretPolicy(
        grantToRole('secretsmanager:GetSecretValue', { ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam:${WORKLOAD}:role/pod-role` } }),
      ),
    }),
    good: secretStack({ Policy: secretPolicy(grantToRole()) }),
    detail: /arn:aws:iam:111111111111:role\/pod-role$/,
  },
];
