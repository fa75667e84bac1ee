import { isOtherAccount, parseArn, readAwsPrincipal } from './arns';
import { placeholder, render } from './intrinsics';
import { conditionsOn, Statement } from './statements';
import { PolicySite, resourcesOfType, TemplateView, CheckContext } from './template-view';

// Which keys the key-policy rules look at. A key is "for Secrets Manager" when a secret in the checked
// templates names it as its `KmsKeyId` (by Ref or GetAtt in the same template, or by an alias of it, also
// from another template when the accounts match), or when its key policy itself mentions Secrets Manager
// (a `kms:ViaService` of secretsmanager, the `SecretARN` encryption context, or the service principal).

/**
 * Whether the policy (a key's or a secret's) admits an account other than the template's own (or anyone: `*`,
 * `NotPrincipal`).
 */
export function sharedWithOtherAccount(site: PolicySite, view: TemplateView): boolean {
  return site.statements.some(
    (statement) =>
      statement.allow &&
      statement.principals.aws.some((text) => {
        const principal = readAwsPrincipal(text);
        return principal.kind === 'wildcard' || isOtherAccount(principal.account, view.env.account);
      }),
  );
}

/** Whether the key is used for Secrets Manager secrets (see above). */
export function isSecretsManagerKey(site: PolicySite, view: TemplateView, context: CheckContext): boolean {
  return site.statements.some(mentionsSecretsManager) || encryptsASecret(site.logicalId, view, context);
}

function mentionsSecretsManager(statement: Statement): boolean {
  return (
    conditionsOn(statement, 'kms:ViaService').some((entry) => entry.values.some((value) => value.startsWith('secretsmanager.'))) ||
    conditionsOn(statement, 'kms:EncryptionContext:SecretARN').length > 0 ||
    statement.principals.service.some((service) => service.startsWith('secretsmanager.'))
  );
}

function encryptsASecret(keyLogicalId: string, view: TemplateView, context: CheckContext): boolean {
  const ownNames = new Set(['', '.Arn', '.KeyId'].map((suffix) => placeholder(`${keyLogicalId}${suffix}`)));
  const aliases = resourcesOfType(view, 'AWS::KMS::Alias')
    .filter((alias) => ownNames.has(render(alias.properties.TargetKeyId, view.env)))
    .map((alias) => render(alias.properties.AliasName, view.env));

  return context.views.some((other) =>
    resourcesOfType(other, 'AWS::SecretsManager::Secret').some((secret) => {
      const keyId = render(secret.properties.KmsKeyId, other.env);
      if (other === view && (ownNames.has(keyId) || aliases.includes(keyId))) return true;
      const arn = parseArn(keyId);
      if (!arn || arn.service !== 'kms' || !aliases.includes(arn.resource)) return false;
      if (other === view) return true;
      // From another template, an alias ARN names this key only in this key's account and region.
      const sameRegion = view.env.region === undefined || arn.region === view.env.region;
      return view.env.account !== undefined && arn.account === view.env.account && sameRegion;
    }),
  );
}
