import * as path from 'path';
import { Duration, Errors, RemovalPolicy } from 'aws-cdk-lib';
import * as errors from '../../lib/private/input/errors';
import * as shape from '../../lib/private/input/types';
import * as v from '../../lib/private/input/values';

// The run-time shape checks, one by one, with the exact messages users see. JavaScript, jsii languages
// and JSON configuration have no compile-time types, so these catch what TypeScript would.

const W = 'TestApp';

describe('knownProps', () => {
  const known = ['account', 'region', 'allowDescribeSecret', 'removalPolicy'];

  test('accepts known names', () => {
    expect(() => shape.knownProps(W, 'workload', { account: '1', allowDescribeSecret: true }, known)).not.toThrow();
  });

  test.each<[string, Record<string, unknown>, string]>([
    [
      'a plural',
      { allowDescribeSecrets: true },
      '[TestApp] `workload.allowDescribeSecrets` true is not a property of `workload`: did you mean `allowDescribeSecret`?',
    ],
    [
      'other case',
      { removalpolicy: 'retain' },
      '[TestApp] `workload.removalpolicy` "retain" is not a property of `workload`: did you mean `removalPolicy`?',
    ],
    [
      'a name like none',
      { colour: 'blue' },
      '[TestApp] `workload.colour` "blue" is not a property of `workload`: use `account`, `region`, `allowDescribeSecret`, `removalPolicy`.',
    ],
  ])('rejects an unknown name (%s), suggesting the closest', (_name, value, message) => {
    expect(() => shape.knownProps(W, 'workload', value, known)).toThrow(message);
  });

  test('names the props themselves when the property path is empty', () => {
    expect(() => shape.knownProps(W, '', { workloads: {} }, ['workload'])).toThrow(
      '[TestApp] `workloads` {} is not a property of the props: did you mean `workload`?',
    );
  });

  test.each<[string, unknown, string]>([
    ['a string', 'eu-west-1', '[TestApp] `workload` "eu-west-1" is a string, not an object: give `workload` as an object of settings.'],
    ['a list', [1], '[TestApp] `workload` [1] is a list, not an object: give `workload` as an object of settings.'],
    [
      'a class instance',
      new (class Settings {})(),
      '[TestApp] `workload` {} is a Settings object, not an object: give `workload` as an object of settings.',
    ],
    ['missing', undefined, '[TestApp] `workload` undefined is missing: give `workload` as an object of settings.'],
  ])('rejects %s where an object is expected', (_name, value, message) => {
    expect(() => shape.knownProps(W, 'workload', value, known)).toThrow(message);
  });
});

describe('boolean', () => {
  test('accepts true and false', () => {
    expect([shape.boolean(W, 'p', true), shape.boolean(W, 'p', false)]).toEqual([true, false]);
  });

  test.each<[unknown, string]>([
    ['false', '[TestApp] `workload.allowDescribeSecret` "false" is a string, not a boolean: write false without quotes.'],
    ['true', '[TestApp] `workload.allowDescribeSecret` "true" is a string, not a boolean: write true without quotes.'],
    [0, '[TestApp] `workload.allowDescribeSecret` 0 is a number, not a boolean: use true or false.'],
    ['yes', '[TestApp] `workload.allowDescribeSecret` "yes" is a string, not a boolean: use true or false.'],
  ])('rejects %p', (value, message) => {
    expect(() => shape.boolean(W, 'workload.allowDescribeSecret', value)).toThrow(message);
  });
});

describe('stringList', () => {
  test('returns a copy of a list of strings', () => {
    const list = ['a'];
    expect(shape.stringList(W, 'p', list)).toEqual(['a']);
    expect(shape.stringList(W, 'p', list)).not.toBe(list);
  });

  test.each<[unknown, string]>([
    [
      'arn:aws:iam::333333333333:root',
      '[TestApp] `key.administratorArns` "arn:aws:iam::333333333333:root" is a string, not a list: give a list, such as ["arn:aws:iam::333333333333:root"].',
    ],
    [{ a: 1 }, '[TestApp] `key.administratorArns` {"a":1} is an object, not a list: give a list of strings.'],
    [['a', 1], '[TestApp] `key.administratorArns[1]` 1 is a number, not a string.'],
  ])('rejects %p', (value, message) => {
    expect(() => shape.stringList(W, 'key.administratorArns', value)).toThrow(message);
  });
});

describe('removalPolicy', () => {
  test.each([RemovalPolicy.RETAIN, RemovalPolicy.DESTROY, RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE])('accepts %s', (policy) => {
    expect(shape.removalPolicy(W, 'p', policy)).toBe(policy);
  });

  test('SNAPSHOT says secrets and keys cannot be snapshotted', () => {
    expect(() => shape.removalPolicy(W, 'secret.removalPolicy', RemovalPolicy.SNAPSHOT)).toThrow(
      '[TestApp] `secret.removalPolicy` "snapshot" is RemovalPolicy.SNAPSHOT: Secrets Manager secrets and KMS keys cannot be snapshotted; use RemovalPolicy.RETAIN, RemovalPolicy.DESTROY or RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE.',
    );
  });

  test('another value is not a removal policy', () => {
    expect(() => shape.removalPolicy(W, 'key.removalPolicy', 'keep')).toThrow(
      '[TestApp] `key.removalPolicy` "keep" is not a removal policy: use RemovalPolicy.RETAIN, RemovalPolicy.DESTROY or RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE.',
    );
  });
});

describe('duration', () => {
  test('accepts a Duration', () => {
    expect(shape.duration(W, 'p', Duration.hours(2)).toSeconds()).toBe(7200);
  });

  test.each<[unknown, string]>([
    [
      3600,
      '[TestApp] `workload.maxSessionDuration` 3600 is a number, not a Duration: use a Duration, such as Duration.hours(1) for 3600 seconds.',
    ],
    [
      90,
      '[TestApp] `workload.maxSessionDuration` 90 is a number, not a Duration: use a Duration, such as Duration.seconds(90) for 90 seconds.',
    ],
    ['1h', '[TestApp] `workload.maxSessionDuration` "1h" is a string, not a Duration: use a Duration, such as Duration.hours(1).'],
  ])('rejects %p', (value, message) => {
    expect(() => shape.duration(W, 'workload.maxSessionDuration', value)).toThrow(message);
  });

  test('durationSeconds no longer crashes on a number', () => {
    expect(() => v.durationSeconds(W, 'workload.maxSessionDuration', 3600 as any, Duration.hours(1), Duration.hours(12))).toThrow(
      /^\[TestApp\] `workload.maxSessionDuration` 3600 is a number, not a Duration/,
    );
  });
});

describe('accessStackProps', () => {
  test('the access props given without { access: props } say how to wrap them', () => {
    expect(() => shape.accessStackProps('Key', { workload: {}, secret: {}, key: {} })).toThrow(
      '[Key] got the access props themselves: wrap them as `{ access: props }`, the same props you give CrossAccountSecretAccess.',
    );
  });

  test('{ access: props } passes', () => {
    expect(() => shape.accessStackProps('Key', { access: {} })).not.toThrow();
  });
});

describe('input errors read like aws-cdk-lib validation errors', () => {
  const error = errors.invalidProp(W, 'workload.namespace', 'Bad_NS', 'is not valid.');

  test('aws-cdk-lib recognises them as validation errors', () => {
    expect(Errors.isValidationError(error)).toBe(true);
    expect(Errors.isValidationError(new Error('x'))).toBe(false);
    expect(error.name).toBe('ValidationError');
    expect((error as any).constructPath).toBe(W);
  });

  test('the stack starts with the marker and message, and shows no frame of the library', () => {
    const stack = error.stack!.split('\n');
    expect(stack[0]).toBe('«ValidationError» [TestApp] `workload.namespace` "Bad_NS" is not valid.');
    expect(stack.slice(1).every((line) => line.startsWith('    '))).toBe(true);
    expect(error.stack).not.toMatch(/lib[/\\]private[/\\]errors\.ts/);
  });

  test('frames of the library, of Node and of other packages are folded into one line each', () => {
    const lib = path.join(__dirname, '..', '..', 'lib', 'x.ts');
    const stack = [
      'Error: x',
      `    at a (${lib}:1:1)`,
      `    at b (${lib}:2:1)`,
      '    at user (/app/main.ts:3:1)',
      '    at Module._compile (node:internal/modules/cjs/loader:1:1)',
      '    at c (/app/node_modules/aws-cdk-lib/core/lib/stack.js:1:1)',
    ].join('\n');
    expect(errors.callerFrames(stack)).toEqual([
      '    ...cdk-eks-cross-account-secrets...',
      '    at user (/app/main.ts:3:1)',
      '    ...node internals...',
      '    ...other packages...',
    ]);
  });

  test('the construct path is not enumerable, so Node does not print it after the stack', () => {
    expect(Object.keys(error)).toEqual([]);
  });
});
