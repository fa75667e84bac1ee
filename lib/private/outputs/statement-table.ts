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

/**
 * A table cell's list of values, cut after the first ten: a statement shared by hundreds of roles would
 * otherwise repeat every role in the row of every grant, and the review would grow with the square of the
 * grants. The template holds the whole statement, named in the same row.
 */
function cell(value: string | string[] | undefined): string {
  const values = value === undefined ? [] : [value].flat();
  return values.length <= CELL_VALUES ? code(value) : `${code(values.slice(0, CELL_VALUES))} and ${values.length - CELL_VALUES} more`;
}

const CELL_VALUES = 10;

function conditions(statement: PolicyStatement): string {
  const entries = Object.entries(statement.Condition ?? {}).flatMap(([operator, keys]) =>
    Object.entries(keys).map(([key, value]) => `${operator} \`${key}\` = ${cell(value)}`),
  );
  return entries.length ? entries.join('<br>') : 'none';
}

function principal(statement: PolicyStatement): string {
  const p = statement.Principal;
  if (!p) return 'the role itself (identity policy)';
  return [p.AWS, p.Federated, p.Service]
    .filter((v) => v !== undefined)
    .map((v) => cell(v))
    .join(', ');
}

/** One statement as a row of the review's tables. Exported so a test can render the templates' statements the same way. */
export function statementRow(place: PolicyPlace, s: PolicyStatement): string {
  return `| \`${place.stackName}\` | \`${place.logicalId}\` | \`${s.Sid}\` | ${principal(s)} | ${code(s.Action)} | ${cell(s.Resource)} | ${conditions(s)} |`;
}
