import { App, Stack, Stage } from 'aws-cdk-lib';
import { aws_sns as sns } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { KeyStack, CrossAccountSecrets } from '../../lib';
import { newApp, seedProps } from '../support/helpers';

/** A graph of one key, named `Platform-...` in its Stage (as the README advises for moving into one). */
function platformIn(stage: Stage, alias: string, key: { account?: string; region?: string } = {}): CrossAccountSecrets {
  const graph = new CrossAccountSecrets(stage, 'Secrets', { stackNamePrefix: 'Platform' });
  graph.addKey('Key', { account: '333333333333', region: 'eu-west-1', alias, ...key });
  return graph;
}

/** The errors `app.synth()` fails with, one a line, or an empty list. */
function synthErrors(app: App): string[] {
  try {
    app.synth();
    return [];
  } catch (error) {
    return (error as Error).message.split('\n').filter((line) => line.trim().startsWith('['));
  }
}

describe('stack names are unique per account and region across the app', () => {
  test('two Stages with one stackNamePrefix in the same accounts are an error naming both stacks and the fix', () => {
    const app = newApp();
    platformIn(new Stage(app, 'Payments'), 'payments');
    platformIn(new Stage(app, 'Orders'), 'orders');
    const errors = synthErrors(app);
    expect(errors).toContainEqual(
      expect.stringMatching(
        /\[Payments\/Secrets\/Keys-333333333333-eu-west-1\] Stack name "Platform-Keys-333333333333-eu-west-1" in account 333333333333, eu-west-1 is also the name of stack "Orders\/Secrets\/Keys-333333333333-eu-west-1": CloudFormation has one stack per name in an account and region, so deploying one would replace the other\. Give each graph its own `stackNamePrefix`; in Stages that deploy to the same accounts, put the stage name in it/,
      ),
    );
  });

  test('each Stage reports it, so synthesizing either Stage alone fails', () => {
    const app = newApp();
    platformIn(new Stage(app, 'Payments'), 'payments');
    const orders = platformIn(new Stage(app, 'Orders'), 'orders');
    expect(() => Template.fromStack(orders.stacks[0])).toThrow(
      /\[Orders\/Secrets\/Keys-333333333333-eu-west-1\] Stack name "Platform-Keys-333333333333-eu-west-1" .* is also the name of stack "Payments\/Secrets\/Keys-333333333333-eu-west-1"/,
    );
  });

  test('the same stackNamePrefix in other accounts or regions is no collision', () => {
    const app = newApp();
    platformIn(new Stage(app, 'Payments'), 'payments');
    platformIn(new Stage(app, 'Staging'), 'payments', { account: '999999999999' });
    platformIn(new Stage(app, 'Frankfurt'), 'payments', { region: 'eu-central-1' });
    expect(synthErrors(app)).toEqual([]);
  });

  test('without stackNamePrefix, graphs in two Stages get the stage names and do not collide', () => {
    const app = newApp();
    for (const [stage, alias] of [
      ['Payments', 'payments'],
      ['Orders', 'orders'],
    ]) {
      new CrossAccountSecrets(new Stage(app, stage), 'Secrets').addKey('Key', { account: '333333333333', region: 'eu-west-1', alias });
    }
    expect(synthErrors(app)).toEqual([]);
  });

  test("a stack of the app's own with a graph stack's name, account and region is an error", () => {
    const app = newApp();
    platformIn(new Stage(app, 'Payments'), 'payments');
    new Stack(app, 'Mine', { stackName: 'Platform-Keys-333333333333-eu-west-1', env: { account: '333333333333', region: 'eu-west-1' } });
    expect(synthErrors(app)).toContainEqual(
      expect.stringMatching(/^\s*\[Payments\/Secrets\/Keys-333333333333-eu-west-1\] Stack name .* is also the name of stack "Mine"/),
    );
  });

  test('an environment-agnostic stack with the same name cannot be compared and is no error', () => {
    const app = newApp();
    platformIn(new Stage(app, 'Payments'), 'payments');
    new Stack(app, 'Mine', { stackName: 'Platform-Keys-333333333333-eu-west-1' });
    expect(synthErrors(app)).toEqual([]);
  });

  test('two graphs of one Stage with one prefix report the pair once', () => {
    const app = newApp();
    new CrossAccountSecrets(app, 'One', { stackNamePrefix: 'Platform' }).addKey('Key', {
      account: '333333333333',
      region: 'eu-west-1',
      alias: 'one',
    });
    new CrossAccountSecrets(app, 'Two', { stackNamePrefix: 'Platform' }).addKey('Key', {
      account: '333333333333',
      region: 'eu-west-1',
      alias: 'two',
    });
    const errors = synthErrors(app);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /\[One\/Keys-333333333333-eu-west-1\] Stack name .* is also the name of stack "Two\/Keys-333333333333-eu-west-1"/,
    );
  });

  test('an account stack given the name of another stack is an error that names its stackName', () => {
    const app = newApp();
    new KeyStack(app, 'Key', { access: seedProps(), stackName: 'Shared' });
    new Stack(app, 'Mine', { stackName: 'Shared', env: { account: '333333333333', region: 'eu-west-1' } });
    expect(synthErrors(app)).toContainEqual(
      expect.stringMatching(
        /^\s*\[Key\] Stack name "Shared" in account 333333333333, eu-west-1 is also the name of stack "Mine": .* Give the stack another `stackName`/,
      ),
    );
  });

  test("two stacks of the app that are not the library's are left to CDK", () => {
    const app = newApp();
    for (const id of ['A', 'B']) {
      new sns.Topic(new Stack(app, id, { stackName: 'Same', env: { account: '111111111111', region: 'eu-west-1' } }), 'Topic');
    }
    expect(synthErrors(app)).toEqual([]);
  });
});
