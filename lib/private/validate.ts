import { Duration, Token } from 'aws-cdk-lib';
import { invalidProp } from './errors';

// Each validator takes the construct (for the error's path), the property path as the user wrote it,
// and the value; it returns the value in its normal form or throws one error that names the property.

function concrete(where: string, prop: string, value: string, what: string): string {
  if (typeof value !== 'string') {
    throw invalidProp(where, prop, value, `is not a string: give ${what}.`);
  }
  if (Token.isUnresolved(value)) {
    throw invalidProp(
      where,
      prop,
      value,
      `is an unresolved token: give ${what} as a literal, because identifiers in other accounts are derived from it at synth time.`,
    );
  }
  return value;
}

function matching(where: string, prop: string, value: string, what: string, pattern: RegExp, allowed: string): string {
  concrete(where, prop, value, what);
  if (!pattern.test(value)) {
    throw invalidProp(where, prop, value, `is not ${what}: ${allowed}.`);
  }
  return value;
}

export function account(where: string, prop: string, value: string): string {
  return matching(where, prop, value, 'an AWS account ID', /^\d{12}$/, 'use exactly 12 digits, such as "111111111111"');
}

export function region(where: string, prop: string, value: string): string {
  return matching(
    where,
    prop,
    value,
    'an AWS region name',
    /^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/,
    'use a region code such as "eu-west-1" or "us-gov-west-1"',
  );
}

/**
 * An OIDC issuer, with or without `https://`, without query, fragment, port, credentials or trailing slash.
 * Returns it without the scheme: the OIDC provider's name and the prefix of its condition keys.
 */
export function oidcIssuer(where: string, prop: string, value: string): string {
  concrete(where, prop, value, "the cluster's OIDC issuer URL");
  const allowed = 'use the https issuer URL of the cluster, such as "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE"';
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `https://${value}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw invalidProp(where, prop, value, `is not a URL: ${allowed}.`);
  }
  const problems: string[] = [];
  if (url.protocol !== 'https:') problems.push('the scheme must be https');
  if (url.username || url.password) problems.push('it must not contain credentials');
  if (url.port) problems.push('it must not name a port');
  if (url.search || withScheme.includes('?')) problems.push('it must not have a query');
  if (url.hash || withScheme.includes('#')) problems.push('it must not have a fragment');
  if (url.pathname.endsWith('/') && url.pathname !== '/') problems.push('it must not end with "/"');
  if (withScheme.endsWith('/')) problems.push('it must not end with "/"');
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/.test(url.hostname)) {
    problems.push('it must have a DNS host name');
  }
  if (!/^(\/[A-Za-z0-9._~-]+)*\/?$/.test(url.pathname)) problems.push('its path may only contain A-Z, a-z, 0-9 and ._~-');
  // Compare against what URL parsing kept, so trailing junk such as spaces or backslashes is caught.
  const hostAndPath = url.hostname + (url.pathname === '/' ? '' : url.pathname);
  if (problems.length === 0 && withScheme.toLowerCase() !== `https://${hostAndPath}`.toLowerCase()) {
    problems.push('it contains characters that are not part of an issuer URL');
  }
  if (problems.length > 0) {
    throw invalidProp(where, prop, value, `is not a valid OIDC issuer (${[...new Set(problems)].join('; ')}): ${allowed}.`);
  }
  return hostAndPath;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function namespace(where: string, prop: string, value: string): string {
  concrete(where, prop, value, 'a Kubernetes namespace');
  if (value.length > 63 || !DNS_LABEL.test(value)) {
    throw invalidProp(
      where,
      prop,
      value,
      'is not a valid Kubernetes namespace (RFC 1123 label): use a-z, 0-9 and "-", start and end with a letter or digit, at most 63 characters.',
    );
  }
  return value;
}

export function serviceAccount(where: string, prop: string, value: string): string {
  concrete(where, prop, value, 'a Kubernetes service account name');
  if (value.length > 253 || !value.split('.').every((label) => label.length <= 63 && DNS_LABEL.test(label))) {
    throw invalidProp(
      where,
      prop,
      value,
      'is not a valid Kubernetes service account name (RFC 1123 subdomain): use a-z, 0-9, "-" and ".", each dot-separated part starting and ending with a letter or digit, at most 253 characters.',
    );
  }
  return value;
}

export function roleName(where: string, prop: string, value: string): string {
  concrete(where, prop, value, 'an IAM role name');
  if (value.length < 1 || value.length > 64 || !/^[\w+=,.@-]+$/.test(value)) {
    throw invalidProp(where, prop, value, 'is not a valid IAM role name: use A-Z, a-z, 0-9 and +=,.@_-, 1 to 64 characters.');
  }
  return value;
}

export function secretName(where: string, prop: string, value: string): string {
  concrete(where, prop, value, 'a secret name');
  if (value.length < 1 || value.length > 512 || !/^[A-Za-z0-9/_+=.@-]+$/.test(value)) {
    throw invalidProp(where, prop, value, 'is not a valid secret name: use A-Z, a-z, 0-9 and /_+=.@-, 1 to 512 characters.');
  }
  // https://docs.aws.amazon.com/secretsmanager/latest/userguide/troubleshoot.html#ARN_secretnamehyphen
  if (/-.{6}$/.test(value)) {
    throw invalidProp(
      where,
      prop,
      value,
      'ends with a hyphen followed by six characters, which Secrets Manager confuses with the random suffix of a secret ARN: rename it, for example drop the last hyphen.',
    );
  }
  return value;
}

/** A KMS alias, with or without the `alias/` prefix; returns it with the prefix. */
export function keyAlias(where: string, prop: string, value: string): string {
  concrete(where, prop, value, 'a KMS key alias');
  const full = value.startsWith('alias/') ? value : `alias/${value}`;
  if (full.length > 256 || !/^alias\/[a-zA-Z0-9/_-]+$/.test(full)) {
    throw invalidProp(
      where,
      prop,
      value,
      'is not a valid KMS alias: use A-Z, a-z, 0-9 and /_-, at most 256 characters including "alias/".',
    );
  }
  if (full.toLowerCase().startsWith('alias/aws/')) {
    throw invalidProp(
      where,
      prop,
      value,
      'is in the "alias/aws/" namespace, which AWS reserves for AWS managed keys: choose another alias.',
    );
  }
  return full;
}

export function iamPrincipalArn(where: string, prop: string, value: string): string {
  return matching(
    where,
    prop,
    value,
    'an IAM principal ARN',
    /^arn:aws[a-z-]*:iam::\d{12}:(root|role\/[\w+=,.@/-]+|user\/[\w+=,.@/-]+)$/,
    'use an account root, role or user ARN such as "arn:aws:iam::333333333333:role/KeyAdmin"',
  );
}

export function managedPolicyArn(where: string, prop: string, value: string): string {
  return matching(
    where,
    prop,
    value,
    'an IAM managed policy ARN',
    /^arn:aws[a-z-]*:iam::(\d{12}|aws):policy\/[\w+=,.@/-]+$/,
    'use a policy ARN such as "arn:aws:iam::111111111111:policy/Boundary"',
  );
}

export function eksClusterName(where: string, prop: string, value: string): string {
  return matching(
    where,
    prop,
    value,
    'a valid EKS cluster name',
    /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/,
    'start with a letter or digit, then use A-Z, a-z, 0-9, "-" and "_", at most 100 characters',
  );
}

export function description(where: string, prop: string, value: string): string {
  concrete(where, prop, value, 'a description');
  if (value.length > 2048) throw invalidProp(where, prop, `${value.slice(0, 20)}...`, 'is too long: use at most 2048 characters.');
  return value;
}

/** A whole number of seconds, from a Duration, within [min, max]. */
export function durationSeconds(where: string, prop: string, value: Duration, min: Duration, max: Duration): number {
  if (value.isUnresolved()) {
    throw invalidProp(where, prop, value.toString(), 'is an unresolved token: give a literal duration.');
  }
  const seconds = value.toSeconds();
  if (seconds < min.toSeconds() || seconds > max.toSeconds()) {
    throw invalidProp(where, prop, value.toHumanString(), `is out of range: use from ${min.toHumanString()} to ${max.toHumanString()}.`);
  }
  return seconds;
}

/** An IAM path: `/`, or `/` and segments each ending in `/`. */
export function iamPath(where: string, prop: string, value: string): string {
  return matching(
    where,
    prop,
    value,
    'an IAM path',
    /^\/([A-Za-z0-9+=,.@_-]+\/)*$/,
    'start and end with "/", such as "/eks-secrets/", using A-Z, a-z, 0-9 and +=,.@_-',
  );
}
