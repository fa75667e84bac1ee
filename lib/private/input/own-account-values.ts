import { Fn, Token } from 'aws-cdk-lib';

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
 * @see https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.GetContextValueOptions.html ("throwing an exception would error out
 *   the synthesis operation and prevent the lookup and the second, real, synthesis from happening")
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
 * Whether a value of the workload's own account is given by the app rather than as a literal: a token of
 * the app, or a lookup's stand-in. The literals are checked by `values.ts`.
 */
export function isGivenByApp(value: unknown): value is string {
  return isLookupStandIn(value) || (typeof value === 'string' && isFromApp(value));
}

/**
 * An OIDC issuer given by the app, as the model holds issuers (without `https://`). A token is the issuer
 * URL, as `cluster.clusterOpenIdConnectIssuerUrl` gives it: its host and path are selected at deploy time.
 * A lookup's stand-in is kept as it is until the CLI's second pass.
 */
export function appIssuer(value: string): string {
  // "https://oidc.eks.<region>.amazonaws.com/id/<id>" split on "//" gives the scheme and the rest.
  return isLookupStandIn(value) ? value : Fn.select(1, Fn.split('//', value));
}
