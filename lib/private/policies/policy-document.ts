/** An IAM policy document as plain JSON, the form CloudFormation and the IAM policy engines take. */
export interface PolicyDocument {
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

export function policyDocument(statements: PolicyStatement[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements };
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
