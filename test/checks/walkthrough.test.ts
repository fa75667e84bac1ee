import * as path from 'path';
import { checkTemplates } from '../../lib/private/checks/check-templates';
import { loadTemplates } from '../../lib/private/checks/load-templates';

// The four policies of the reference walk-through (/work/shared/reference), written out as one template
// (fixtures/segmentation-of-security.template.json). Its README lists the mistakes this library exists
// to prevent; each must be a finding.

const findings = checkTemplates(loadTemplates(path.join(__dirname, 'fixtures', 'segmentation-of-security.template.json')));
const found = (ruleId: string, logicalId: string) =>
  findings.filter((f) => f.ruleId === ruleId && f.logicalId === logicalId).map((f) => f.detail);

describe('the reference walk-through', () => {
  test('"IAM ARNs are written arn:aws:iam:accountid1:role/pod-role": every such ARN is EKSSEC9', () => {
    expect(found('EKSSEC9', 'PodRole')).toEqual([expect.stringContaining('arn:aws:iam:111111111111:oidc-provider/oidc.eks.eu-west-1')]);
    expect(found('EKSSEC9', 'TestKey')).toEqual([expect.stringContaining('arn:aws:iam:111111111111:role/pod-role')]);
    expect(found('EKSSEC9', 'TestSecretPolicy')).toEqual([expect.stringContaining('arn:aws:iam:111111111111:role/pod-role')]);
  });

  test('"the role\'s permission names the secret ARN without its random suffix": EKSSEC3', () => {
    expect(found('EKSSEC3', 'PodRole')).toEqual([
      expect.stringMatching(/secret:testsecret: without the random suffix it matches no secret$/),
    ]);
  });

  test('"the trust policy matches only sub, with StringLike": EKSSEC1, for StringLike and for the missing aud', () => {
    expect(found('EKSSEC1', 'PodRole')).toEqual([
      '`sub` matched with StringLike instead of StringEquals; no `aud` condition: tokens issued for any audience are accepted',
    ]);
  });

  test('"the key and secret policies name the role ARN as principal": EKSSEC5 on both', () => {
    const namesTheRole = 'names role arn:aws:iam:111111111111:role/pod-role of account 111111111111';
    expect(found('EKSSEC5', 'TestKey')).toEqual([namesTheRole]);
    expect(found('EKSSEC5', 'TestSecretPolicy')).toEqual([namesTheRole]);
  });

  test('"the key policy lets the role decrypt directly": EKSSEC4 on the key policy, and on the role\'s own kms:Decrypt', () => {
    expect(found('EKSSEC4', 'TestKey')).toEqual(['grants kms:Decrypt without kms:ViaService or an encryption-context condition']);
    expect(found('EKSSEC4', 'PodRole')).toEqual(['grants kms:Decrypt without kms:ViaService or an encryption-context condition']);
  });

  test('and nothing else but the missing BlockPublicPolicy, which the post does not set', () => {
    expect(findings.map((f) => `${f.ruleId} ${f.logicalId}`).sort()).toEqual([
      'EKSSEC1 PodRole',
      'EKSSEC3 PodRole',
      'EKSSEC4 PodRole',
      'EKSSEC4 TestKey',
      'EKSSEC5 TestKey',
      'EKSSEC5 TestSecretPolicy',
      'EKSSEC7 TestSecretPolicy',
      'EKSSEC9 PodRole',
      'EKSSEC9 TestKey',
      'EKSSEC9 TestSecretPolicy',
    ]);
  });
});
