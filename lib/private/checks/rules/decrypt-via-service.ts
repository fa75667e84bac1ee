import { isOtherAccount, parseArn, readAwsPrincipal } from '../arns';
import { RuleCheck, RuleHit } from '../finding';
import { isSecretsManagerKey } from '../key-scope';
import { conditionsOn, coversAction, Statement } from '../statements';
import { PolicySite, TemplateView } from '../template-view';

// EKSSEC4. `kms:ViaService` limits a grant to requests a service makes for the principal, so without it
// the principal may call kms:Decrypt itself. Secrets Manager always sends the encryption context
// `SecretARN`, so `kms:EncryptionContext:SecretARN` limits the grant to the secrets meant.
// https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service
// https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html#security-encryption-encryption-context
//
// "About Secrets Manager": an identity policy document that also grants secretsmanager:GetSecretValue,
// or the key policy of a key used for Secrets Manager (see ../key-scope.ts). The encryption context is
// required only where the grant crosses accounts: within one account, whoever can call GetSecretValue on
// a secret is already trusted with it. Statements that also grant key administration are EKSSEC6's.

const ENCRYPTION_CONTEXT = /^kms:EncryptionContext(:|Keys$)/i;

/** Whether the statement reaches keys of another account (identity) or admits another account (key). */
function crossesAccounts(statement: Statement, site: PolicySite, view: TemplateView): boolean {
  if (site.kind === 'key') {
    return statement.principals.aws.some((text) => {
      const principal = readAwsPrincipal(text);
      return principal.kind === 'wildcard' || isOtherAccount(principal.account, view.env.account);
    });
  }
  if (statement.notResources) return true;
  return statement.resources.some((resource) => {
    const arn = parseArn(resource);
    return resource === '*' || (arn !== undefined && (arn.account === '*' || isOtherAccount(arn.account, view.env.account)));
  });
}

function hitsIn(site: PolicySite, view: TemplateView): RuleHit[] {
  return site.statements
    .filter((statement) => statement.allow && !statement.conditionsUnknown && coversAction(statement, 'kms:Decrypt'))
    .filter((statement) => site.kind !== 'key' || !coversAction(statement, 'kms:PutKeyPolicy'))
    .flatMap((statement) => {
      const viaService = conditionsOn(statement, 'kms:ViaService').length > 0;
      const context = conditionsOn(statement, ENCRYPTION_CONTEXT).length > 0;
      let detail: string | undefined;
      if (!viaService) detail = `grants kms:Decrypt without kms:ViaService${context ? '' : ' or an encryption-context condition'}`;
      else if (!context && crossesAccounts(statement, site, view))
        detail = 'grants kms:Decrypt across accounts without an encryption-context condition';
      return detail ? [{ logicalId: site.logicalId, location: statement.location, detail }] : [];
    });
}

export const decryptViaService: RuleCheck = (view, context) =>
  view.policies.flatMap((site) => {
    if (site.kind === 'identity') {
      const readsSecrets = site.statements.some((statement) => statement.allow && coversAction(statement, 'secretsmanager:GetSecretValue'));
      return readsSecrets ? hitsIn(site, view) : [];
    }
    return site.kind === 'key' && isSecretsManagerKey(site, view, context) ? hitsIn(site, view) : [];
  });
