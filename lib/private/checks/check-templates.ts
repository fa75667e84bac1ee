import { CheckContext, Finding, RuleCheck } from './finding';
import { blockPublicPolicy } from './rules/block-public-policy';
import { decryptViaService } from './rules/decrypt-via-service';
import { iamArnForm } from './rules/iam-arn-form';
import { keyAdminUse } from './rules/key-admin-use';
import { managedKeyCrossAccount } from './rules/managed-key-cross-account';
import { podIdentityTrust } from './rules/pod-identity-trust';
import { resourcePolicyPrincipals } from './rules/resource-policy-principals';
import { secretArnResource } from './rules/secret-arn-resource';
import { webIdentityTrust } from './rules/web-identity-trust';
import { cdkPathOf, TemplateInput, viewTemplate } from './template-view';

/** Each rule's check, by rule ID (the explanations are in ./rule-catalogue.ts). */
export const RULE_CHECKS: Readonly<Record<string, RuleCheck>> = {
  EKSSEC1: webIdentityTrust,
  EKSSEC2: podIdentityTrust,
  EKSSEC3: secretArnResource,
  EKSSEC4: decryptViaService,
  EKSSEC5: resourcePolicyPrincipals,
  EKSSEC6: keyAdminUse,
  EKSSEC7: blockPublicPolicy,
  EKSSEC8: managedKeyCrossAccount,
  EKSSEC9: iamArnForm,
};

/**
 * Runs every rule over templates that belong together (one cloud assembly, or one file), and returns
 * the findings in template, rule and resource order. Pure: the templates are plain objects.
 */
export function checkTemplates(inputs: readonly TemplateInput[]): Finding[] {
  const views = inputs.map(viewTemplate);
  const context: CheckContext = { views };
  return views.flatMap((view) =>
    Object.entries(RULE_CHECKS).flatMap(([ruleId, check]) =>
      check(view, context).map((hit) => {
        const constructPath = cdkPathOf(view, hit.logicalId);
        return {
          ruleId,
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
