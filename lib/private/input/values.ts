import { Duration } from 'aws-cdk-lib';
import { invalidProp } from './errors';
import { concrete, matching } from './literals';
import { duration } from './types';

// Each validator takes the construct (for the error's path), the property path as the user wrote it,
// and the value; it returns the value in its normal form or throws one error that names the property.

export function account(where: string, prop: string, value: string): string {
  return matching(where, prop, value, 'an AWS account ID', /^\d{12}$/, 'use exactly 12 digits, such as "111111111111"');
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

/**
 * An ARN where a name is expected is a likely mix-up: names are what cross-account identifiers are
 * derived from. Suggests the name the ARN holds (`resource` is the part of the ARN before the name).
 */
function notAnArn(where: string, prop: string, value: string, resource: RegExp, suffix?: RegExp): void {
  if (!value.startsWith('arn:')) return;
  const match = resource.exec(value);
  const name = match ? value.slice(match.index + match[0].length).replace(suffix ?? /$^/, '') : undefined;
  throw invalidProp(
    where,
    prop,
    value,
    `is an ARN: give the name, not the ARN${name ? `, here "${name}"` : ''}; the library derives the ARN from the name and the account.`,
  );
}

export function roleName(where: string, prop: string, value: string): string {
  concrete(where, prop, value, 'an IAM role name');
  // A role ARN is arn:<partition>:iam::<account>:role/<path/><name>; the name is the last segment.
  notAnArn(where, prop, value, /:role\/(.*\/)?/);
  if (value.length < 1 || value.length > 64 || !/^[\w+=,.@-]+$/.test(value)) {
    throw invalidProp(where, prop, value, 'is not a valid IAM role name: use A-Z, a-z, 0-9 and +=,.@_-, 1 to 64 characters.');
  }
  return value;
}

export function secretName(where: string, prop: string, value: string): string {
  concrete(where, prop, value, 'a secret name');
  // A full secret ARN ends in "-" and six random characters, which are not part of the name.
  notAnArn(where, prop, value, /:secret:/, /-[A-Za-z0-9]{6}$/);
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
  notAnArn(where, prop, value, /:alias\//);
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
  duration(where, prop, value);
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

// The reference grammar of container images (distribution/reference, which Docker and containerd use):
// https://github.com/distribution/reference/blob/main/regexp.go
const IMAGE_HOST = String.raw`(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?))*(?::[0-9]+)?`;
const IMAGE_PATH = String.raw`[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*`;
const IMAGE_REFERENCE = new RegExp(
  String.raw`^(?:${IMAGE_HOST}/)?${IMAGE_PATH}(?:/${IMAGE_PATH})*(?::[\w][\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$`,
);

/** A container image reference: `[host[:port]/]path[:tag][@digest]`. */
export function containerImage(where: string, prop: string, value: string): string {
  concrete(where, prop, value, 'a container image reference');
  const name = value.split(/[:@]/)[0];
  if (value === '' || name.length > 255 || !IMAGE_REFERENCE.test(value)) {
    throw invalidProp(
      where,
      prop,
      value,
      'is not a container image reference: use [host[:port]/]path[:tag][@digest] with a lowercase path, such as "public.ecr.aws/aws-cli/aws-cli:2.15.0".',
    );
  }
  return value;
}
