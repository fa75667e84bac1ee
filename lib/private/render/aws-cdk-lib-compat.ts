import * as cdk from 'aws-cdk-lib';

// What older aws-cdk-lib releases (down to the peer dependency floor) lack, and what the library does
// instead. Each feature is detected where it is used, so a newer aws-cdk-lib always gets the real thing.

/** A rule finding to acknowledge on one resource: `id` with an optional finding (`Resource::<arn>`). */
export interface RuleAcknowledgement {
  readonly id: string;
  readonly appliesTo?: string;
  readonly reason: string;
}

/** The part of aws-cdk-lib's `Validations` (2.252.0 and later) the library uses. */
export interface ValidationsApi {
  of(scope: cdk.CfnResource): { acknowledge(...rules: Array<{ id: string; reason: string }>): void };
}

/** aws-cdk-lib's `Validations` with `acknowledge`, or undefined in releases before 2.252.0. */
export function installedValidations(): ValidationsApi | undefined {
  const validations = (cdk as { Validations?: { of?: unknown; prototype?: { acknowledge?: unknown } } }).Validations;
  return typeof validations?.of === 'function' && typeof validations.prototype?.acknowledge === 'function'
    ? (validations as unknown as ValidationsApi)
    : undefined;
}

/**
 * Acknowledges a rule finding on one resource. With `Validations` (aws-cdk-lib 2.252.0 and later) it
 * records `id[appliesTo]`, which cdk-nag 3 and CDK's own validation read. Without it (older releases,
 * whose users run cdk-nag 2) it adds the `cdk_nag` resource metadata that cdk-nag 2 reads, in the form
 * its `NagSuppressions.addResourceSuppressions` writes (`rules_to_suppress` with `id`, `reason`,
 * `applies_to`; cdklabs/cdk-nag v2.38.2, src/utils/nag-suppression-helper.ts).
 */
export function acknowledgeRule(resource: cdk.CfnResource, rule: RuleAcknowledgement): void {
  acknowledgeRuleWith(installedValidations(), resource, rule);
}

/** `acknowledgeRule` with the `Validations` to use, or undefined to act as with an aws-cdk-lib without it. */
export function acknowledgeRuleWith(validations: ValidationsApi | undefined, resource: cdk.CfnResource, rule: RuleAcknowledgement): void {
  if (validations) {
    validations.of(resource).acknowledge({ id: rule.appliesTo ? `${rule.id}[${rule.appliesTo}]` : rule.id, reason: rule.reason });
    return;
  }
  const metadata = (resource.getMetadata('cdk_nag') ?? {}) as { rules_to_suppress?: unknown[] };
  const suppression = { id: rule.id, reason: rule.reason, ...(rule.appliesTo ? { applies_to: [rule.appliesTo] } : {}) };
  resource.addMetadata('cdk_nag', { ...metadata, rules_to_suppress: [...(metadata.rules_to_suppress ?? []), suppression] });
}

/**
 * Makes `stack` deploy after `target`. `Stack.addStackDependency` (aws-cdk-lib 2.262.0 and later)
 * replaced `addDependency`, which older releases have under that name with the same meaning.
 */
export function addStackDependency(stack: cdk.Stack, target: cdk.Stack, reason: string): void {
  const either = stack as unknown as {
    addStackDependency?: (target: cdk.Stack, reason?: string) => void;
    addDependency: (target: cdk.Stack, reason?: string) => void;
  };
  if (typeof either.addStackDependency === 'function') either.addStackDependency(target, reason);
  else either.addDependency(target, reason);
}

/**
 * Makes `resource` wait for `target` (a stack dependency when they are in different stacks of one stage).
 * `CfnResource.addResourceDependency` (newer aws-cdk-lib releases) replaced `addDependency`, which older
 * releases have under that name with the same meaning.
 */
export function addResourceDependency(resource: cdk.CfnResource, target: cdk.CfnResource): void {
  const either = resource as unknown as {
    addResourceDependency?: (target: cdk.CfnResource) => void;
    addDependency: (target: cdk.CfnResource) => void;
  };
  if (typeof either.addResourceDependency === 'function') either.addResourceDependency(target);
  else either.addDependency(target);
}
