import { App, aws_iam as iam, Stack, Validations } from 'aws-cdk-lib';
import {
  acknowledgeRule,
  acknowledgeRuleWith,
  addStackDependency,
  installedValidations,
} from '../../lib/private/render/aws-cdk-lib-compat';

// What the library does where an older aws-cdk-lib lacks a feature. The consumer-tarball test
// (release/package.test.ts) runs the real thing at the floor of the peer range; these test each branch here.

const RULE = { id: 'AwsSolutions-IAM5', appliesTo: 'Resource::arn:aws:kms:eu-west-1:333333333333:key/*', reason: 'safe by construction' };

function policy(): iam.CfnManagedPolicy {
  return new iam.CfnManagedPolicy(new Stack(new App(), 'S'), 'P', { policyDocument: { Version: '2012-10-17', Statement: [] } });
}

test('this aws-cdk-lib has Validations with acknowledge', () => {
  expect(installedValidations()).toBe(Validations);
});

test('with Validations, the finding id carries the resource it applies to, and no cdk_nag metadata is written', () => {
  const resource = policy();
  acknowledgeRule(resource, RULE);
  const acknowledged = resource.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY);
  // aws-cdk-lib qualifies the id (`Annotation::...`) for its own routing.
  expect(acknowledged.flatMap((m) => Object.keys(m.data as object).map((id) => id.replace(/^annotation::/i, '')))).toEqual([
    `${RULE.id}[${RULE.appliesTo}]`,
  ]);
  expect(resource.getMetadata('cdk_nag')).toBeUndefined();
});

test('without Validations (aws-cdk-lib before 2.252), the cdk_nag metadata cdk-nag 2 reads is written, and kept when added to', () => {
  const resource = policy();
  acknowledgeRuleWith(undefined, resource, RULE);
  acknowledgeRuleWith(undefined, resource, { id: 'AwsSolutions-IAM4', reason: 'another reason here' });
  // CfnResource metadata is the resource's `Metadata` in the template (release/package.test.ts checks it there).
  expect(resource.getMetadata('cdk_nag')).toEqual({
    rules_to_suppress: [
      { id: 'AwsSolutions-IAM5', reason: 'safe by construction', applies_to: ['Resource::arn:aws:kms:eu-west-1:333333333333:key/*'] },
      { id: 'AwsSolutions-IAM4', reason: 'another reason here' },
    ],
  });
});

test('a stack dependency uses addStackDependency where it exists, else addDependency', () => {
  const app = new App();
  const [a, b] = [new Stack(app, 'A'), new Stack(app, 'B')];
  addStackDependency(b, a, 'b needs a');
  expect(b.dependencies).toEqual([a]);

  const calls: unknown[] = [];
  const old = { addDependency: (target: Stack, reason?: string) => calls.push([target, reason]) } as unknown as Stack;
  addStackDependency(old, a, 'old needs a');
  expect(calls).toEqual([[a, 'old needs a']]);
});
