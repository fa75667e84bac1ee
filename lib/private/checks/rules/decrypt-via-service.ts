import { isOtherAccount, parseArn, readAwsPrincipal } from '../arns';
import { isPositive } from '../condition-strength';
import { RuleHit } from '../finding';
import { isSecretsManagerKey } from '../key-scope';
import { Rule } from '../rule';
import { conditionsOn, coversAction, Statement } from '../statements';
import { PolicySite, TemplateView } from '../template-view';

// `kms:ViaService` limits a grant to requests a service makes for the principal, so without it
// the principal may call kms:Decrypt itself. Secrets Manager always sends the encryption context
// `SecretARN`, so `kms:EncryptionContext:SecretARN` limits the grant to the secrets meant.
// https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service
// https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html#security-encryption-encryption-context
//
// "About Secrets Manager": an identity policy document that also grants secretsmanager:GetSecretValue,
// or the key policy of a key used for Secrets Manager (see ../key-scope.ts). The encryption context is
// required only where the grant crosses accounts: within one account, whoever can call GetSecretValue on
// a secret is already trusted with it. Statements that also grant key administration are left to the
// key-administration rule (./key-admin-use.ts).

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
      // Only a positive condition narrows (see ../condition-strength.ts): StringNotEquals on kms:ViaService does not.
      const viaService = conditionsOn(statement, 'kms:ViaService').some(isPositive);
      const context = conditionsOn(statement, ENCRYPTION_CONTEXT).some(isPositive);
      let detail: string | undefined;
      if (!viaService) detail = `grants kms:Decrypt without kms:ViaService${context ? '' : ' or an encryption-context condition'}`;
      else if (!context && crossesAccounts(statement, site, view))
        detail = 'grants kms:Decrypt across accounts without an encryption-context condition';
      return detail ? [{ logicalId: site.logicalId, location: statement.location, detail }] : [];
    });
}

export const decryptViaService: Rule = {
  id: 'EKSSEC4',
  explanation:
    '`kms:Decrypt` for Secrets Manager secrets is granted without `kms:ViaService` (the principal can decrypt directly, outside Secrets Manager) or, across accounts, without an encryption-context condition (it covers every secret the key encrypts).',
  fix: 'Add StringEquals `kms:ViaService` = `secretsmanager.<region>.amazonaws.com` and StringLike `kms:EncryptionContext:SecretARN` = the secret ARN pattern (`…:secret:<name>-??????`).',
  docUrl: 'https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html#security-encryption-encryption-context',
  check: (view, context) =>
    view.policies.flatMap((site) => {
      if (site.kind === 'identity') {
        const readsSecrets = site.statements.some(
          (statement) => statement.allow && coversAction(statement, 'secretsmanager:GetSecretValue'),
        );
        return readsSecrets ? hitsIn(site, view) : [];
      }
      return site.kind === 'key' && isSecretsManagerKey(site, view, context) ? hitsIn(site, view) : [];
    }),
};
