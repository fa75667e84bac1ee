import { checkTemplates } from '../../lib/private/checks/check-templates';
import { render } from '../../lib/private/checks/intrinsics';
import {
  alias,
  decrypt,
  doc,
  FOR_THE_SECRET,
  grantToRole,
  irsaConditions,
  irsaTrust,
  KEY,
  key,
  keyAdmin,
  keyGrantToRole,
  podIdentityTrust,
  readSecret,
  role,
  ROLE_ARN,
  SECRET,
  secret,
  secretPolicy,
  template,
  VIA_SECRETS_MANAGER,
  WORKLOAD,
} from './templates';

const ruleIds = (...inputs: Parameters<typeof checkTemplates>[0]) => checkTemplates(inputs).map((finding) => finding.ruleId);

describe('what counts as "about Secrets Manager" (EKSSEC4) and keys in scope (EKSSEC6)', () => {
  test('an identity policy that decrypts but reads no secret is not EKSSEC4 business', () => {
    expect(ruleIds(template({ Role: role(irsaTrust(), doc(decrypt())) }, WORKLOAD))).toEqual([]);
  });

  test('kms:ViaService without encryption context is enough for a key of the same account', () => {
    const sameAccount = decrypt({ StringEquals: VIA_SECRETS_MANAGER }, `arn:aws:kms:eu-west-1:${KEY}:key/*`);
    expect(ruleIds(template({ Role: role(irsaTrust(), doc(readSecret(), sameAccount)) }, KEY))).toEqual([]);
  });

  test('a key no secret is known to use, shared with no other account, is left alone even with kms:* for its account', () => {
    expect(ruleIds(template({ Key: key(keyAdmin('kms:*')) }, KEY))).toEqual([]);
  });

  test('kms:* for the administrators of a key for secrets shared with another account is EKSSEC6', () => {
    const shared = { ...keyGrantToRole({}), Action: 'kms:DescribeKey' };
    const usedByASecret = secret({ KmsKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] } });
    expect(ruleIds(template({ Key: key(keyAdmin('kms:*'), shared), Secret: usedByASecret }, KEY))).toEqual(['EKSSEC6']);
  });

  test('a key shared with another account that no secret uses is left alone (EKSSEC5, EKSSEC6): it is no secret access', () => {
    const sharedByRoleArn = { Effect: 'Allow', Principal: { AWS: ROLE_ARN }, Action: 'kms:Decrypt', Resource: '*' };
    expect(ruleIds(template({ Key: key(keyAdmin('kms:*'), sharedByRoleArn) }, KEY))).toEqual([]);
  });

  test('kms:* for the account of a key for secrets shared with no other account is not EKSSEC6', () => {
    const usedByASecret = secret({ KmsKeyId: { Ref: 'Key' } });
    expect(ruleIds(template({ Key: key(keyAdmin('kms:*')), Secret: usedByASecret }, KEY))).toEqual([]);
  });

  test("an alias ARN of another account does not name this template's key", () => {
    const keyStack = template({ Key: key(keyAdmin(), keyGrantToRole({})), Alias: alias() }, KEY);
    const otherAccountsAlias = template(
      { Secret: secret({ KmsKeyId: 'arn:aws:kms:eu-west-1:444444444444:alias/testapp-secrets' }) },
      SECRET,
    );
    expect(ruleIds(keyStack, otherAccountsAlias)).toEqual([]);
  });

  test('a key policy that mentions Secrets Manager is about secrets without any secret in sight', () => {
    const viaOnly = keyGrantToRole({ StringEquals: VIA_SECRETS_MANAGER });
    expect(checkTemplates([template({ Key: key(keyAdmin(), viaOnly) }, KEY)]).map((f) => f.detail)).toEqual([
      'grants kms:Decrypt across accounts without an encryption-context condition',
    ]);
  });
});

describe('tag-based access and conditions that pin nothing', () => {
  const byTag = (operator: string, key = 'secretsmanager:ResourceTag/team', value = '${aws:PrincipalTag/team}') => ({
    ...readSecret('*'),
    Condition: { [operator]: { [key]: value } },
  });

  test.each([
    ['secretsmanager:ResourceTag', byTag('StringEquals')],
    ['aws:ResourceTag', byTag('StringEquals', 'aws:ResourceTag/access-project', '${aws:PrincipalTag/access-project}')],
    ['a fixed tag value', byTag('StringEquals', 'secretsmanager:ResourceTag/team', 'payments')],
  ])("GetSecretValue on * narrowed by the secret's tags (%s) is not EKSSEC3", (_label, statement) => {
    expect(ruleIds(template({ Role: role(irsaTrust(), doc(statement)) }, WORKLOAD))).toEqual([]);
  });

  test.each([
    ['StringNotEquals on the tag', byTag('StringNotEquals')],
    ['a bare * on the tag', byTag('StringLike', 'secretsmanager:ResourceTag/team', '*')],
    ['IfExists on the tag', byTag('StringEqualsIfExists')],
  ])('GetSecretValue on * with %s is still EKSSEC3', (_label, statement) => {
    expect(ruleIds(template({ Role: role(irsaTrust(), doc(statement)) }, WORKLOAD))).toEqual(['EKSSEC3']);
  });

  test('a tag condition does not excuse a secret ARN without its random suffix', () => {
    const statement = { ...byTag('StringEquals'), Resource: `arn:aws:secretsmanager:eu-west-1:${SECRET}:secret:testsecret` };
    expect(ruleIds(template({ Role: role(irsaTrust(), doc(statement)) }, WORKLOAD))).toEqual(['EKSSEC3']);
  });

  test('StringEqualsIfExists on sub pins nothing (EKSSEC1); ForAllValues on a Pod Identity tag pins nothing (EKSSEC2)', () => {
    const ifExists = irsaTrust({ StringEqualsIfExists: irsaConditions() });
    expect(checkTemplates([template({ Role: role(ifExists) }, WORKLOAD)]).map((f) => f.detail)).toEqual([
      expect.stringMatching(/^`sub` only tested with StringEqualsIfExists.*; `aud` only tested with StringEqualsIfExists/),
    ]);
    const forAll = podIdentityTrust({
      'ForAllValues:StringEquals': {
        'aws:RequestTag/kubernetes-namespace': 'testnamespace',
        'aws:RequestTag/kubernetes-service-account': 'testapp',
      },
    });
    expect(ruleIds(template({ Role: role(forAll) }, WORKLOAD))).toEqual(['EKSSEC2']);
  });

  test('StringNotEquals on kms:ViaService or Null on the encryption context narrows nothing (EKSSEC4)', () => {
    const notVia = decrypt({ StringNotEquals: VIA_SECRETS_MANAGER, StringLike: FOR_THE_SECRET });
    const nullContext = decrypt({ StringEquals: VIA_SECRETS_MANAGER, Null: { 'kms:EncryptionContext:SecretARN': 'false' } });
    expect(
      checkTemplates([template({ Role: role(irsaTrust(), doc(readSecret(), notVia, nullContext)) }, WORKLOAD)]).map((f) => f.detail),
    ).toEqual(['grants kms:Decrypt without kms:ViaService', 'grants kms:Decrypt across accounts without an encryption-context condition']);
  });

  test('a Deny with NotPrincipal, or Principal * pinned by aws:PrincipalArn, is not EKSSEC5', () => {
    const denyAllBut = { Effect: 'Deny', NotPrincipal: { AWS: ROLE_ARN }, Action: 'secretsmanager:GetSecretValue', Resource: '*' };
    const pinnedStar = { ...grantToRole(), Principal: '*' };
    expect(ruleIds(template({ Secret: secret(), Policy: secretPolicy(pinnedStar), Deny: secretPolicy(denyAllBut) }, SECRET))).toEqual([]);
  });

  test('a secret policy for principals of its own account needs no BlockPublicPolicy (EKSSEC7)', () => {
    const ownRole = { ...grantToRole(), Principal: { AWS: `arn:aws:iam::${SECRET}:root` } };
    expect(ruleIds(template({ Secret: secret(), Policy: secretPolicy(ownRole, {}) }, SECRET))).toEqual([]);
  });
});

describe('accounts', () => {
  const namingRole = (roleArn: unknown) =>
    secretPolicy({ Effect: 'Allow', Principal: { AWS: roleArn }, Action: 'secretsmanager:GetSecretValue', Resource: '*' });

  test('a role of the template’s own account is not EKSSEC5 business', () => {
    expect(ruleIds(template({ Secret: secret(), Policy: namingRole(`arn:aws:iam::${SECRET}:role/reader`) }, SECRET))).toEqual([]);
  });

  test('when the template does not know its account, a literal account is another account', () => {
    expect(ruleIds(template({ Secret: secret(), Policy: namingRole(`arn:aws:iam::${SECRET}:role/reader`) }))).toEqual(['EKSSEC5']);
  });

  test('AWS::AccountId is always the template’s own account', () => {
    const own = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':role/reader']] };
    expect(ruleIds(template({ Secret: secret(), Policy: namingRole(own) }))).toEqual([]);
  });
});

describe('intrinsics and odd input', () => {
  test('render resolves what it can and leaves placeholders for the rest', () => {
    const env = { account: WORKLOAD, region: 'eu-west-1' };
    expect(render({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root']] }, env)).toBe(
      `arn:{{AWS.Partition}}:iam::${WORKLOAD}:root`,
    );
    expect(render({ 'Fn::Sub': ['${Name}-${AWS::Region}-${Key.Arn}-${!Literal}', { Name: 'x' }] }, env)).toBe(
      'x-eu-west-1-{{Key.Arn}}-${Literal}',
    );
    expect(render({ 'Fn::GetAtt': ['Key', 'Arn'] })).toBe('{{Key.Arn}}');
    expect(render({ 'Fn::Select': [1, ['a', 'b']] })).toBe('b');
    expect(render({ 'Fn::If': ['Cond', 'a', 'b'] })).toBe('{{If}}');
    expect(render({ Ref: 'AWS::AccountId' })).toBe('{{AWS.AccountId}}');
    expect(render([1, 2])).toBe('{{?}}');
  });

  test('a condition block that is a GetAtt of no CfnJson of the template cannot be read: it counts as pinning nothing', () => {
    const trust = { ...irsaTrust(), Condition: { 'Fn::GetAtt': ['ConditionJson', 'Value'] } };
    expect(ruleIds(template({ Role: role(trust) }, WORKLOAD))).toEqual(['EKSSEC1']);
  });

  test('a secret named by Ref is complete; NotResource and NotAction are read for what they allow', () => {
    expect(ruleIds(template({ Role: role(irsaTrust(), doc(readSecret({ Ref: 'Secret' }))) }, WORKLOAD))).toEqual([]);
    const notResource = {
      Effect: 'Allow',
      Action: 'secretsmanager:GetSecretValue',
      NotResource: 'arn:aws:secretsmanager:*:*:secret:admin-*',
    };
    const notAction = { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' };
    expect(ruleIds(template({ Role: role(irsaTrust(), doc(notResource), doc(notAction)) }, WORKLOAD))).toEqual([
      'EKSSEC3',
      'EKSSEC3',
      // NotAction iam:* also allows kms:Decrypt, without kms:ViaService.
      'EKSSEC4',
    ]);
  });

  test('a policy document given as a JSON string is read like an object', () => {
    const policy = { ...secretPolicy(grantToRole(), {}) };
    policy.Properties.ResourcePolicy = JSON.stringify(policy.Properties.ResourcePolicy);
    expect(ruleIds(template({ Secret: secret(), Policy: policy }, SECRET))).toEqual(['EKSSEC7']);
  });

  test.each([
    ['null', null],
    ['a list', []],
    ['no resources', {}],
    ['resources that are not objects', { Resources: { A: 1, B: null, C: { Type: 3 } } }],
    [
      'documents of every wrong shape',
      {
        Resources: {
          R: {
            Type: 'AWS::IAM::Role',
            Properties: {
              AssumeRolePolicyDocument: { Statement: [null, 1, { Principal: 7, Condition: [] }] },
              Policies: [1, { PolicyDocument: 'not json' }],
            },
          },
          K: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: { 'Fn::If': ['C', {}, {}] } } },
          P: {
            Type: 'AWS::SecretsManager::ResourcePolicy',
            Properties: { ResourcePolicy: { Statement: { Effect: 'Allow', Principal: { AWS: { 'Fn::Split': [',', 'x'] } } } } },
          },
          S: { Type: 'AWS::SecretsManager::Secret', Properties: { KmsKeyId: { 'Fn::ImportValue': 'k' } } },
          A: { Type: 'AWS::KMS::Alias', Properties: { TargetKeyId: [], AliasName: null } },
        },
      },
    ],
  ])('never throws on %s', (_label, value) => {
    expect(() => checkTemplates([{ name: 'odd', template: value }])).not.toThrow();
  });
});
