import { isOtherAccount, readAwsPrincipal } from '../arns';
import { placeholder, render } from '../intrinsics';
import { Rule } from '../rule';
import { resourcesOfType, TemplateView } from '../template-view';

// "You can't use the AWS managed key (aws/secretsmanager) for cross-account access": its key
// policy cannot be changed, so no other account can decrypt a secret encrypted with it.
// https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples_cross.html
// Without KmsKeyId, Secrets Manager uses aws/secretsmanager:
// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html#SecretsManager-CreateSecret-request-KmsKeyId

const MANAGED_KEY = /(^|:)alias\/aws\/secretsmanager$/;

/** The other accounts (or `*`) that the resource policies of this secret admit. */
function otherAccountsAdmitted(view: TemplateView, secretLogicalId: string, secretName: string | undefined): string[] {
  const ids = new Set([placeholder(secretLogicalId), ...(secretName ? [secretName] : [])]);
  const policies = resourcesOfType(view, 'AWS::SecretsManager::ResourcePolicy').filter((policy) =>
    ids.has(render(policy.properties.SecretId, view.env)),
  );
  const admitted = view.policies
    .filter((site) => site.kind === 'secret' && policies.some((policy) => policy.logicalId === site.logicalId))
    .flatMap((site) => site.statements.filter((statement) => statement.allow).flatMap((statement) => statement.principals.aws))
    .map(readAwsPrincipal)
    .filter((principal) => principal.kind === 'wildcard' || isOtherAccount(principal.account, view.env.account))
    .map((principal) => (principal.kind === 'wildcard' ? '*' : principal.account));
  return [...new Set(admitted)];
}

export const managedKeyCrossAccount: Rule = {
  id: 'EKSSEC8',
  explanation:
    'A secret encrypted with the AWS managed key `aws/secretsmanager` (no `KmsKeyId`) is shared with another account by its resource policy: the other account can never decrypt it, because the AWS managed key policy cannot be changed.',
  fix: 'Encrypt the secret with a customer managed key (`KmsKeyId`) whose key policy lets the other account decrypt through Secrets Manager.',
  docUrl: 'https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples_cross.html',
  check: (view) =>
    resourcesOfType(view, 'AWS::SecretsManager::Secret').flatMap((secret) => {
      const keyId = secret.properties.KmsKeyId;
      if (keyId !== undefined && !MANAGED_KEY.test(render(keyId, view.env))) return [];
      const name = typeof secret.properties.Name === 'string' ? secret.properties.Name : undefined;
      const accounts = otherAccountsAdmitted(view, secret.logicalId, name);
      if (accounts.length === 0) return [];
      return [
        {
          logicalId: secret.logicalId,
          location: 'Properties.KmsKeyId',
          detail: `encrypted with aws/secretsmanager, but its resource policy admits ${accounts.map((a) => (a === '*' ? 'any account' : `account ${a}`)).join(', ')}`,
        },
      ];
    }),
};
