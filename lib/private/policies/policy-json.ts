/** An IAM policy document as plain JSON, the form CloudFormation and the IAM policy engines take. */
export interface PolicyJson {
  readonly Version: '2012-10-17';
  readonly Statement: PolicyStatement[];
}

export interface PolicyStatement {
  /** Names the statement in templates, the review document and test failures. */
  readonly Sid: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal?: { readonly AWS?: string | string[]; readonly Federated?: string; readonly Service?: string };
  readonly Action: string | string[];
  readonly Resource?: string | string[];
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

/** A document whose statement IDs are unique: a repeated Sid gets a number (`Sid2`, `Sid3`, ...). */
export function policyJson(statements: PolicyStatement[]): PolicyJson {
  const seen = new Map<string, number>();
  return {
    Version: '2012-10-17',
    Statement: statements.map((statement) => {
      const count = (seen.get(statement.Sid) ?? 0) + 1;
      seen.set(statement.Sid, count);
      return count === 1 ? statement : { ...statement, Sid: `${statement.Sid}${count}` };
    }),
  };
}

/** One value stays a string, several become a list: the form a reviewer expects to read. */
export function oneOrMany(values: readonly string[]): string | string[] {
  const unique = [...new Set(values)];
  return unique.length === 1 ? unique[0] : unique;
}

/** A fragment of a statement ID (alphanumeric only) from a resource name. */
export function sidPart(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part.length > 0)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
}

/**
 * A statement ID that names the one principal or resource it is about, or says it covers several:
 * `GetSecretValueForPodRole` for one role, `GetSecretValueForGrantedRoles` once a second role is granted.
 */
export function sidFor(prefix: string, names: readonly string[], several: string): string {
  const unique = [...new Set(names)];
  return prefix + (unique.length === 1 ? sidPart(unique[0]) : several);
}

/**
 * What IAM counts against a policy's size quota: its characters, without white space.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-entity-length
 */
export function iamPolicyLength(document: PolicyJson): number {
  return JSON.stringify(document).replace(/\s/g, '').replace(TOKEN, TOKEN_STAND_IN).length;
}

/**
 * A token of the app (a cluster's issuer or name, resolved at deploy time) is measured as the longest
 * value it can take: an EKS cluster name has at most 100 characters, and an issuer's host and path fewer.
 *
 * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateCluster.html#API_CreateCluster_RequestSyntax
 */
const TOKEN = /\$\{Token\[[^\]]*\]\}/g;
const TOKEN_STAND_IN = 'x'.repeat(100);
