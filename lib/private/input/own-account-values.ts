import { Fn, Token } from 'aws-cdk-lib';
import { invalidProp } from './errors';
import { eksClusterName, oidcIssuer } from './values';

// Values that only the workload's own account uses: its clusters' OIDC issuers (the trust policy's
// condition keys and the OIDC provider's ARN) and its Pod Identity clusters (the associations and the
// trust's session tags). They may come from other constructs of the same app (tokens, resolved by
// CloudFormation in that account) or from CDK context lookups; everything another account must know
// stays a literal (see `literals.ts`).

/**
 * CDK's stand-in for a context lookup the CLI has not performed yet: `ssm.StringParameter.valueFromLookup`
 * returns `dummy-value-for-<parameter name>` and records the lookup as missing; the CLI then performs it
 * and synthesizes again with the real value, which is checked then. Failing on the stand-in would stop
 * synth before the CLI can perform the lookup.
 *
 * @see https://docs.aws.amazon.com/cdk/v2/guide/context.html#context_methods
 */
export const LOOKUP_STAND_IN = 'dummy-value-for-';

export function isLookupStandIn(value: unknown): boolean {
  return typeof value === 'string' && value.startsWith(LOOKUP_STAND_IN);
}

/** Whether a value of the model is a token that CloudFormation resolves in the workload's account. */
export function isFromApp(value: string): boolean {
  return Token.isUnresolved(value);
}

/**
 * An OIDC issuer of one of the workload's clusters: a literal (checked, returned without `https://`), a
 * token of the app (the issuer URL, as `cluster.clusterOpenIdConnectIssuerUrl` gives it: its host and
 * path are selected at deploy time), or a lookup's stand-in (kept as it is until the CLI's second pass).
 */
export function ownAccountOidcIssuer(where: string, prop: string, value: string): string {
  if (isLookupStandIn(value)) return value;
  if (typeof value === 'string' && Token.isUnresolved(value)) {
    if (Token.asString(value) !== value) throw invalidProp(where, prop, value, 'is not a string token: give the issuer URL as a string.');
    // "https://oidc.eks.<region>.amazonaws.com/id/<id>" split on "//" gives the scheme and the rest.
    return Fn.select(1, Fn.split('//', value));
  }
  return oidcIssuer(where, prop, value);
}

/** An EKS cluster name of the workload's account: a literal (checked), a token of the app, or a lookup's stand-in. */
export function ownAccountClusterName(where: string, prop: string, value: string): string {
  if (isLookupStandIn(value) || (typeof value === 'string' && Token.isUnresolved(value))) return value;
  return eksClusterName(where, prop, value);
}
