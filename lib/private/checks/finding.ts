/** One problem a rule found in one resource. */
export interface Finding {
  /** The rule's ID: `Rule.id` of one of `RULES` (./check-templates.ts). */
  readonly ruleId: string;
  /** The template's name: its file, or its stack's construct path. */
  readonly template: string;
  readonly logicalId: string;
  readonly resourceType: string;
  /** Where in the resource: `Properties.AssumeRolePolicyDocument.Statement[0]`. */
  readonly location: string;
  /** What exactly is wrong here, in a few words. */
  readonly detail: string;
  /** The CDK construct path, when the template's metadata has it. */
  readonly constructPath?: string;
}

/** What a rule reports; the runner adds the rule, the template and the resource's type and path. */
export interface RuleHit {
  readonly logicalId: string;
  readonly location: string;
  readonly detail: string;
}

/**
 * A finding someone accepted: a rule, on one resource (its logical ID), on a construct and everything
 * under it (its construct path), or everywhere (`*`), with the reason and where it was given.
 */
export interface Acknowledgement {
  /** The rule's ID as given: `EKSSEC5`, or namespaced (see `acknowledgedRuleId` in ./acknowledgements.ts). */
  readonly ruleId: string;
  readonly target: string;
  readonly reason: string;
  /** `--acknowledge`, the file it came from, or what in the app recorded it. */
  readonly source: string;
}

/** A finding and the acknowledgement that accepted it. */
export interface AcknowledgedFinding {
  readonly finding: Finding;
  readonly acknowledgement: Acknowledgement;
}

/**
 * The metadata type under which aws-cdk-lib's `Validations.acknowledge` records `{ "<rule ID>": "<reason>" }`
 * on a construct (`Validations.ACKNOWLEDGED_RULES_METADATA_KEY`, spelled out for releases without it).
 */
export const ACKNOWLEDGED_RULES_METADATA = 'aws:cdk:acknowledged-rules';
