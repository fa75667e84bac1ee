import { isSecretsManagerKey, sharedWithOtherAccount } from '../key-scope';
import { Rule } from '../rule';
import { coversAction } from '../statements';

// Key administrators are the principals of statements that grant key administration
// (`kms:PutKeyPolicy`, with which they control everything else). The key policy lets them use the key
// only if it grants cryptographic operations too; `kms:CreateGrant` lets its holder grant itself any use.
// https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-administrators
// Looked at for keys used for Secrets Manager and shared with another account (see ../key-scope.ts): in
// one account, CDK's default key policy (`kms:*` for the account, which IAM policies then narrow) is
// how AWS documents a key policy, and whoever administers the key there is trusted with its secrets.
// https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam

const CRYPTOGRAPHIC_USE = [
  'kms:Decrypt',
  'kms:Encrypt',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:CreateGrant',
];

export const keyAdminUse: Rule = {
  id: 'EKSSEC6',
  explanation:
    'In the policy of a key for secrets that another account uses, a statement that grants key administration (such as `kms:PutKeyPolicy`) also grants cryptographic use (`kms:*`, `kms:Decrypt`, `kms:CreateGrant`, ...): every key administrator can decrypt the secrets the key protects.',
  fix: 'List the administration actions one by one, without `kms:CreateGrant` or any cryptographic action, and grant use in separate statements to the principals that need it.',
  docUrl: 'https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-administrators',
  check: (view, context) =>
    view.policies
      .filter((site) => site.kind === 'key' && sharedWithOtherAccount(site, view) && isSecretsManagerKey(site, view, context))
      .flatMap((site) =>
        site.statements
          .filter((statement) => statement.allow && coversAction(statement, 'kms:PutKeyPolicy'))
          .map((statement) => ({ statement, uses: CRYPTOGRAPHIC_USE.filter((action) => coversAction(statement, action)) }))
          .filter(({ uses }) => uses.length > 0)
          .map(({ statement, uses }) => ({
            logicalId: site.logicalId,
            location: statement.location,
            detail: `grants key administration together with ${uses.join(', ')} (from ${[...(statement.notActions ? ['NotAction'] : statement.actions)].join(', ')})`,
          })),
      ),
};
