import { Rule } from '../rule';
import { blockPublicPolicy } from './block-public-policy';
import { decryptViaService } from './decrypt-via-service';
import { iamArnForm } from './iam-arn-form';
import { keyAdminUse } from './key-admin-use';
import { managedKeyCrossAccount } from './managed-key-cross-account';
import { podIdentityTrust } from './pod-identity-trust';
import { resourcePolicyPrincipals } from './resource-policy-principals';
import { secretArnResource } from './secret-arn-resource';
import { webIdentityTrust } from './web-identity-trust';

/**
 * Every rule, in ID order: the order in which they run, and so of the findings, the CLI's report and the
 * plugin's `ruleIds`. A new rule is one file beside this one and one line here (see `Rule`).
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
