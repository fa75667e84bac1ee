import { isObject } from '../intrinsics';
import { sharedWithOtherAccount } from '../key-scope';
import { Rule } from '../rule';
import { resourcesOfType, TemplateView } from '../template-view';

// PutResourcePolicy rejects a policy that allows broad access (such as a wildcard principal) only
// when BlockPublicPolicy is true. The API reference says public policies are not blocked by default:
// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutResourcePolicy.html
// (The CloudFormation reference of AWS::SecretsManager::ResourcePolicy describes the opposite default;
// setting it explicitly is right under either reading.)
// https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples_cross.html
// Looked at for policies that admit another account (or every one): a policy for principals of the
// secret's own account is no cross-account access.

/** Whether the policy admits another account or everyone; true when its statements cannot be read. */
function admitsOtherAccounts(view: TemplateView, logicalId: string): boolean {
  const site = view.policies.find((policy) => policy.kind === 'secret' && policy.logicalId === logicalId);
  return !site || site.statements.length === 0 || sharedWithOtherAccount(site, view);
}

export const blockPublicPolicy: Rule = {
  id: 'EKSSEC7',
  explanation:
    'A secret resource policy that admits another account does not set `BlockPublicPolicy: true`: nothing stops this policy, or a later edit of it, from making the secret readable by any AWS account.',
  fix: 'Set `BlockPublicPolicy: true` on the `AWS::SecretsManager::ResourcePolicy`.',
  docUrl: 'https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples_cross.html',
  check: (view) =>
    resourcesOfType(view, 'AWS::SecretsManager::ResourcePolicy').flatMap((resource) => {
      const value = resource.properties.BlockPublicPolicy;
      // A parameter or condition decides at deploy time: nothing to say here.
      if (value === true || String(value).toLowerCase() === 'true' || isObject(value)) return [];
      if (!admitsOtherAccounts(view, resource.logicalId)) return [];
      return [
        {
          logicalId: resource.logicalId,
          location: 'Properties.BlockPublicPolicy',
          detail: value === undefined ? 'BlockPublicPolicy is not set' : `BlockPublicPolicy is ${JSON.stringify(value)}`,
        },
      ];
    }),
};
