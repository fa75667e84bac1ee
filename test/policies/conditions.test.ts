import { versionConditions } from '../../lib/private/policies/conditions';

test('any version: no condition', () => {
  expect(versionConditions(undefined)).toBeUndefined();
});

test('given stages: the stage asked for is one of them, and no version is asked for by ID', () => {
  expect(versionConditions(['AWSCURRENT', 'AWSPREVIOUS'])).toEqual({
    StringEqualsIfExists: { 'secretsmanager:VersionStage': ['AWSCURRENT', 'AWSPREVIOUS'] },
    Null: { 'secretsmanager:VersionId': 'true' },
  });
});

test('one stage is a string', () => {
  expect(versionConditions(['AWSCURRENT'])!.StringEqualsIfExists).toEqual({ 'secretsmanager:VersionStage': 'AWSCURRENT' });
});
