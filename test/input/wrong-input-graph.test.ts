import { Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { CrossAccountSecretAccessProps, CrossAccountSecrets, KeyStack, SecretStack, WorkloadStack } from '../../lib';
import { newApp, seedProps } from '../support/helpers';

// Wrong input that only JavaScript, jsii languages or JSON configuration can give, for the graph's methods
// and the standalone stacks.

describe('the graph rejects unknown property names, naming the closest known one', () => {
  const workload = { account: '111111111111', region: 'eu-west-1', namespace: 'n', serviceAccount: 'a', podIdentityClusters: ['prod'] };

  test.each([
    [
      'addKey',
      (s: CrossAccountSecrets) => s.addKey('K', { account: '333333333333', region: 'eu-west-1', alias: 'k', removalpolicy: 'x' } as never),
      /\[Secrets\/K\] `removalpolicy` "x" is not a property of the props: did you mean `removalPolicy`\?/,
    ],
    [
      'addWorkload',
      (s: CrossAccountSecrets) => s.addWorkload('W', { ...workload, allowDescribeSecrets: true } as never),
      /\[Secrets\/W\] `allowDescribeSecrets` true is not a property of the props: did you mean `allowDescribeSecret`\?/,
    ],
    [
      'podIdentityTargetRole',
      (s: CrossAccountSecrets) => s.addWorkload('W', { ...workload, podIdentityTargetRole: { acount: '2' } } as never),
      /`podIdentityTargetRole.acount` "2" is not a property of `podIdentityTargetRole`: did you mean `account`\?/,
    ],
  ])('%s', (_name, act, message) => {
    expect(() => act(new CrossAccountSecrets(newApp(), 'Secrets'))).toThrow(message);
  });

  test('a misspelt region is an error, a region newer than aws-cdk-lib a warning on its stack', () => {
    const secrets = new CrossAccountSecrets(newApp(), 'Secrets');
    expect(() => secrets.addKey('K', { account: '333333333333', region: 'eu-wset-1', alias: 'k' })).toThrow(/`region` "eu-wset-1"/);
    const key = secrets.addKey('New', { account: '333333333333', region: 'eu-south-9', alias: 'k' });
    Annotations.fromStack(Stack.of(key)).hasWarning('*', Match.stringLikeRegexp('eu-south-9'));
  });
});

test('a standalone stack given the access props themselves says to wrap them', () => {
  const props = seedProps() as unknown as { access: CrossAccountSecretAccessProps };
  expect(() => new KeyStack(newApp(), 'Key', props)).toThrow(/\[Key\] got the access props themselves: wrap them as `\{ access: props \}`/);
});

test('a standalone stack without `access` names it, and each kind of stack says the same', () => {
  const props = {} as { access: CrossAccountSecretAccessProps };
  const message = /\[Key\] `access` undefined is missing: give `access` as an object of settings\./;
  expect(() => new KeyStack(newApp(), 'Key', props)).toThrow(message);
  expect(() => new SecretStack(newApp(), 'Key', props)).toThrow(message);
  expect(() => new WorkloadStack(newApp(), 'Key', props)).toThrow(message);
});
