import { CheckContext, Finding } from './finding';
import { RULES } from './rules';
import { cdkPathOf, TemplateInput, viewTemplate } from './template-view';

/**
 * Runs every rule over templates that belong together (one cloud assembly, or one file), and returns
 * the findings in template, rule and resource order. Pure: the templates are plain objects.
 */
export function checkTemplates(inputs: readonly TemplateInput[]): Finding[] {
  const views = inputs.map(viewTemplate);
  const context: CheckContext = { views };
  return views.flatMap((view) =>
    RULES.flatMap((rule) =>
      rule.check(view, context).map((hit) => {
        const constructPath = cdkPathOf(view, hit.logicalId);
        return {
          ruleId: rule.id,
          template: view.input.name,
          logicalId: hit.logicalId,
          resourceType: view.resources.find((resource) => resource.logicalId === hit.logicalId)?.type ?? '',
          location: hit.location,
          detail: hit.detail,
          ...(constructPath ? { constructPath } : {}),
        };
      }),
    ),
  );
}
