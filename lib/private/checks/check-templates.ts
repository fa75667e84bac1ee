import { Finding } from './finding';
import { Rule } from './rule';
import { blockPublicPolicy } from './rules/block-public-policy';
import { decryptViaService } from './rules/decrypt-via-service';
import { iamArnForm } from './rules/iam-arn-form';
import { keyAdminUse } from './rules/key-admin-use';
import { managedKeyCrossAccount } from './rules/managed-key-cross-account';
import { podIdentityTrust } from './rules/pod-identity-trust';
import { resourcePolicyPrincipals } from './rules/resource-policy-principals';
import { secretArnResource } from './rules/secret-arn-resource';
import { webIdentityTrust } from './rules/web-identity-trust';
import { cdkPathOf, TemplateInput, viewTemplate, CheckContext } from './template-view';

/**
 * Every rule, in ID order: the order in which they run, and so of the findings, the CLI's report and the
 * plugin's `ruleIds`. A new rule is one file in ./rules/ and one line here (see `Rule`).
 */
export const RULES: readonly Rule[] = [
  webIdentityTrust,
  podIdentityTrust,
  secretArnResource,
  decryptViaService,
  resourcePolicyPrincipals,
  keyAdminUse,
  blockPublicPolicy,
  managedKeyCrossAccount,
  iamArnForm,
];

/** The rule with this ID (a finding's `ruleId`). */
export function ruleById(id: string): Rule {
  const rule = RULES.find((candidate) => candidate.id === id);
  if (!rule) throw new Error(`unknown rule ${id}`);
  return rule;
}

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
