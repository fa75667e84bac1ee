import { iamPolicyLength, oneOrMany, policyJson, PolicyStatement, sidFor, sidPart } from '../../lib/private/policies/policy-json';

const allow = (Sid: string): PolicyStatement => ({ Sid, Effect: 'Allow', Action: 'sts:GetCallerIdentity', Resource: '*' });

describe('policyJson', () => {
  test('a document is the 2012-10-17 version with the statements in the given order', () => {
    expect(policyJson([allow('First'), allow('Second')])).toEqual({ Version: '2012-10-17', Statement: [allow('First'), allow('Second')] });
  });

  test('a repeated Sid gets a number from 2 on, counted per Sid', () => {
    const document = policyJson([allow('Read'), allow('Read'), allow('Decrypt'), allow('Read'), allow('Decrypt')]);

    expect(document.Statement.map((s) => s.Sid)).toEqual(['Read', 'Read2', 'Decrypt', 'Read3', 'Decrypt2']);
  });

  test('numbering changes only the Sid of a statement', () => {
    const [, second] = policyJson([allow('Read'), { ...allow('Read'), Action: 'kms:Decrypt' }]).Statement;

    expect(second).toEqual({ Sid: 'Read2', Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' });
  });
});

describe('oneOrMany', () => {
  test('one value is a string', () => {
    expect(oneOrMany(['a'])).toBe('a');
  });

  test('the same value repeated is one string', () => {
    expect(oneOrMany(['a', 'a'])).toBe('a');
  });

  test('several values are a list without repeats, in the order of first appearance', () => {
    expect(oneOrMany(['b', 'a', 'b', 'c'])).toEqual(['b', 'a', 'c']);
  });
});

describe('statement IDs', () => {
  test('sidPart keeps letters and digits and capitalises each word', () => {
    expect(sidPart('team/app-db_main.v2')).toBe('TeamAppDbMainV2');
  });

  test('sidFor names the one name it is about', () => {
    expect(sidFor('GetSecretValueFor', ['pod-role'], 'GrantedRoles')).toBe('GetSecretValueForPodRole');
  });

  test('sidFor names one name given several times once', () => {
    expect(sidFor('GetSecretValueFor', ['pod-role', 'pod-role'], 'GrantedRoles')).toBe('GetSecretValueForPodRole');
  });

  test('sidFor says it covers several when given several names', () => {
    expect(sidFor('GetSecretValueFor', ['pod-role', 'web-role'], 'GrantedRoles')).toBe('GetSecretValueForGrantedRoles');
  });
});

describe('iamPolicyLength', () => {
  test('the length is that of the compact JSON', () => {
    const document = policyJson([allow('Read')]);

    expect(iamPolicyLength(document)).toBe(JSON.stringify(document).length);
  });

  test('white space is not counted', () => {
    const spaced = policyJson([{ ...allow('Read'), Resource: 'arn:aws:s3:::a b c d' }]);
    const compact = policyJson([{ ...allow('Read'), Resource: 'arn:aws:s3:::abcd' }]);

    expect(iamPolicyLength(spaced)).toBe(iamPolicyLength(compact));
  });
});
