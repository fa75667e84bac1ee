import { AcknowledgedFinding, Finding } from './finding';
import { Rule } from './rule';

/** Where a finding is, for people: the construct path when CDK wrote one, and always the logical ID and type. */
export function resourceLabel(finding: Finding): string {
  const idAndType = [finding.logicalId, finding.resourceType].filter((part) => part !== '').join(', ');
  return finding.constructPath ? `${finding.constructPath} (${idAndType})` : `${finding.logicalId} (${finding.resourceType})`;
}

/**
 * The findings as text, grouped by rule: the rule's ID, why it matters, the fix and the documentation
 * once, then each resource with what exactly is wrong there. `rules` are the rules that ran, in ID order.
 * Acknowledged findings follow the summary, one line each with the reason and where it was given.
 */
export function formatFindings(
  findings: readonly Finding[],
  templateCount: number,
  rules: readonly Rule[],
  acknowledged: readonly AcknowledgedFinding[] = [],
): string {
  const found = rules.filter((rule) => findings.some((finding) => finding.ruleId === rule.id));
  const blocks = found.map((rule) => {
    const mine = findings.filter((finding) => finding.ruleId === rule.id);
    return [
      `${rule.id}: ${rule.explanation}`,
      `  Fix: ${rule.fix}`,
      `  See: ${rule.docUrl}`,
      ...(rule.thisLibrary ? [`  This library: ${rule.thisLibrary}`] : []),
      ...mine.flatMap((finding) => [`  - ${resourceLabel(finding)} in ${finding.template}`, `    ${finding.location}: ${finding.detail}`]),
    ].join('\n');
  });
  const templates = `${templateCount} template${templateCount === 1 ? '' : 's'}`;
  const summary =
    findings.length === 0
      ? `No findings in ${templates}.`
      : `${findings.length} finding${findings.length === 1 ? '' : 's'} in ${templates} (${found
          .map((rule) => `${rule.id} ×${findings.filter((finding) => finding.ruleId === rule.id).length}`)
          .join(', ')}).`;
  const accepted =
    acknowledged.length === 0
      ? []
      : [
          [
            `${acknowledged.length} acknowledged:`,
            ...acknowledged.map(
              ({ finding, acknowledgement }) =>
                `  - ${finding.ruleId} ${resourceLabel(finding)} in ${finding.template}${acknowledgement.reason ? `: ${acknowledgement.reason}` : ''} (${acknowledgement.source})`,
            ),
          ].join('\n'),
        ];
  return [...blocks, summary, ...accepted].join('\n\n') + '\n';
}
