import { PolicyStatement } from '../policies/policy-json';

// The review's tables: one row per policy statement, with where it is rendered and what narrows it.

/** Where a resource is rendered: the stack and its logical ID. */
export interface PolicyPlace {
  readonly stackName: string;
  readonly logicalId: string;
}

export function code(value: string | string[] | undefined): string {
  return value === undefined
    ? '-'
    : [value]
        .flat()
        .map((v) => `\`${v}\``)
        .join(', ');
}

function conditions(statement: PolicyStatement): string {
  const entries = Object.entries(statement.Condition ?? {}).flatMap(([operator, keys]) =>
    Object.entries(keys).map(([key, value]) => `${operator} \`${key}\` = ${code(value)}`),
  );
  return entries.length ? entries.join('<br>') : 'none';
}

function principal(statement: PolicyStatement): string {
  const p = statement.Principal;
  if (!p) return 'the role itself (identity policy)';
  return [p.AWS, p.Federated, p.Service]
    .filter((v) => v !== undefined)
    .map((v) => code(v))
    .join(', ');
}

/** One statement as a row of the review's tables. Exported so a test can render the templates' statements the same way. */
export function statementRow(place: PolicyPlace, s: PolicyStatement): string {
  return `| \`${place.stackName}\` | \`${place.logicalId}\` | \`${s.Sid}\` | ${principal(s)} | ${code(s.Action)} | ${code(s.Resource)} | ${conditions(s)} |`;
}
