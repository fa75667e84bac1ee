import { OWN_ACCOUNT } from './intrinsics';

/** The fields of a rendered ARN (placeholders stay in place). */
export interface ParsedArn {
  readonly service: string;
  readonly region: string;
  readonly account: string;
  /** Everything after the account: `role/pod-role`, `secret:name-AbCdEf`, `key/1234...`. */
  readonly resource: string;
  /**
   * False for an IAM ARN written without its empty region field (`arn:aws:iam:111111111111:role/x`):
   * IAM ARNs have no region, so the documented form is `arn:aws:iam::111111111111:role/x`.
   * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns
   */
  readonly wellFormed: boolean;
}

/** Parses an ARN, tolerating the IAM form without the empty region field. Undefined if it is no ARN. */
export function parseArn(value: string): ParsedArn | undefined {
  const fields = value.split(':');
  if (fields[0] !== 'arn' || fields.length < 5) return undefined;
  const service = fields[2];
  // `arn:aws:iam:111111111111:role/x`: five fields, the account where the region belongs.
  if (service === 'iam' && fields.length === 5) {
    return { service, region: '', account: fields[3], resource: fields[4], wellFormed: false };
  }
  if (fields.length < 6) return undefined;
  return {
    service,
    region: fields[3],
    account: fields[4],
    resource: fields.slice(5).join(':'),
    wellFormed: service !== 'iam' || fields[3] === '',
  };
}

/** What an `AWS` principal entry names. */
export interface AwsPrincipal {
  readonly kind: 'root' | 'role' | 'user' | 'other' | 'wildcard';
  /** The account, or `OWN_ACCOUNT` when it is the template's own placeholder account; empty for `*`. */
  readonly account: string;
  readonly text: string;
}

/**
 * Reads an `AWS` principal: `*`, an account ID (which means its root), or an IAM ARN.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 */
export function readAwsPrincipal(text: string): AwsPrincipal {
  if (text === '*') return { kind: 'wildcard', account: '', text };
  if (/^\d{12}$/.test(text) || text === OWN_ACCOUNT) return { kind: 'root', account: text, text };
  const arn = parseArn(text);
  if (!arn || arn.service !== 'iam') return { kind: 'other', account: '', text };
  const kind =
    arn.resource === 'root' ? 'root' : arn.resource.startsWith('role/') ? 'role' : arn.resource.startsWith('user/') ? 'user' : 'other';
  return { kind, account: arn.account, text };
}

/**
 * Whether an account named in a policy is another account than the template's own. The template's own
 * account is `ownAccount` when known; a rendered `AWS::AccountId` placeholder is always the own account.
 * When the own account is unknown, a literal account is taken to be another account: a template that
 * does not know its account names its own account through `AWS::AccountId`.
 */
export function isOtherAccount(account: string, ownAccount: string | undefined): boolean {
  if (account === '' || account === OWN_ACCOUNT || account.includes('{{')) return false;
  return ownAccount === undefined || account !== ownAccount;
}
