import { AcknowledgedFinding, Acknowledgement, Finding } from './finding';
import { isObject } from './intrinsics';
import { TemplateInput } from './template-view';

/** The plugin's name, and the namespace of its rule IDs in acknowledgements (`CrossAccountSecretsChecks::EKSSEC5`). */
export const CHECKS_NAMESPACE = 'CrossAccountSecretsChecks';

/**
 * The rule ID an acknowledged ID names, or undefined if it names none of these checks: `EKSSEC5`,
 * `CrossAccountSecretsChecks::EKSSEC5`, or `Annotation::EKSSEC5`, which is how aws-cdk-lib's
 * `Validations.acknowledge` records a plain ID (`annotation::` in releases before 2.262.1). Any case.
 */
export function acknowledgedRuleId(id: string, ruleIds: readonly string[]): string | undefined {
  const bare = id.replace(new RegExp(`^(${CHECKS_NAMESPACE}|annotation)::`, 'i'), '');
  return ruleIds.find((ruleId) => ruleId.toLowerCase() === bare.toLowerCase());
}

/** Whether the acknowledgement covers the finding: same rule, and its resource, a construct above it, or `*`. */
export function covers(acknowledgement: Acknowledgement, finding: Finding): boolean {
  if (acknowledgedRuleId(acknowledgement.ruleId, [finding.ruleId]) === undefined) return false;
  const target = acknowledgement.target.replace(/^\/+|\/+$/g, '');
  // The app's own path is empty: an acknowledgement there covers every stack.
  if (target === '*' || target === '' || target === finding.logicalId) return true;
  const path = finding.constructPath?.replace(/^\/+/, '');
  return path !== undefined && (path === target || path.startsWith(`${target}/`));
}

/**
 * cdk-nag's resource metadata (`Metadata.cdk_nag.rules_to_suppress`, as `NagSuppressions` writes it and
 * this library does on aws-cdk-lib releases without `Validations`). IDs of other rules cover nothing here.
 */
function cdkNagAcknowledgements(template: unknown): Acknowledgement[] {
  const resources = isObject(template) && isObject(template.Resources) ? template.Resources : {};
  return Object.entries(resources).flatMap(([logicalId, resource]) => {
    const metadata = isObject(resource) && isObject(resource.Metadata) ? resource.Metadata : {};
    const nag = isObject(metadata.cdk_nag) ? metadata.cdk_nag : {};
    const rules = Array.isArray(nag.rules_to_suppress) ? nag.rules_to_suppress : [];
    return rules.filter(isObject).flatMap((rule) => {
      if (typeof rule.id !== 'string') return [];
      return [
        { ruleId: rule.id, target: logicalId, reason: typeof rule.reason === 'string' ? rule.reason : '', source: 'cdk_nag metadata' },
      ];
    });
  });
}

/**
 * Splits the findings into those still open and those acknowledged, by the acknowledgements given (the
 * command line's) and those recorded with each template (in the app, or in the template's metadata).
 * Also returns the given acknowledgements that covered nothing, so a stale one can be noticed.
 */
export function applyAcknowledgements(
  findings: readonly Finding[],
  inputs: readonly TemplateInput[],
  given: readonly Acknowledgement[],
): { open: Finding[]; acknowledged: AcknowledgedFinding[]; unused: Acknowledgement[] } {
  const recorded = new Map(
    inputs.map((input) => [input.name, [...(input.acknowledgements ?? []), ...cdkNagAcknowledgements(input.template)]]),
  );
  const open: Finding[] = [];
  const acknowledged: AcknowledgedFinding[] = [];
  const used = new Set<Acknowledgement>();
  for (const finding of findings) {
    const acknowledgement = [...given, ...(recorded.get(finding.template) ?? [])].find((candidate) => covers(candidate, finding));
    if (acknowledgement) {
      used.add(acknowledgement);
      acknowledged.push({ finding, acknowledgement });
    } else open.push(finding);
  }
  return { open, acknowledged, unused: given.filter((acknowledgement) => !used.has(acknowledgement)) };
}
