import { isObject, parseJson, renderList, TemplateEnvironment } from './intrinsics';

/** One condition of a statement: `StringEquals` on `kms:ViaService` with its values. */
export interface ConditionEntry {
  readonly operator: string;
  readonly key: string;
  readonly values: readonly string[];
}

/** A policy statement as the rules read it: every value rendered to strings, lists always lists. */
export interface Statement {
  /** Where it is, relative to the resource: `Properties.KeyPolicy.Statement[1]`. */
  readonly location: string;
  readonly allow: boolean;
  /** Whom the statement admits. `Principal: "*"` and `NotPrincipal` (everyone but those listed) read as `aws: ['*']`. */
  readonly principals: Principals;
  /** `NotPrincipal`, as written: the statement admits every principal except these. */
  readonly notPrincipals?: Principals;
  readonly actions: readonly string[];
  /** `NotAction`: the statement covers every action except these. */
  readonly notActions?: readonly string[];
  readonly resources: readonly string[];
  /** `NotResource`: the statement covers every resource except these. */
  readonly notResources?: readonly string[];
  readonly conditions: readonly ConditionEntry[];
  /**
   * The `Condition` block, or an operator's block in it, is an intrinsic the checks cannot resolve (a
   * `CfnJson` of the template is resolved before): the keys and values there are unknown.
   */
  readonly conditionsUnknown: boolean;
}

export interface Principals {
  readonly aws: readonly string[];
  readonly service: readonly string[];
  readonly federated: readonly string[];
}

/**
 * Reads the statements of a policy document as CloudFormation holds it: an object, or a JSON string
 * (`AWS::SecretsManager::ResourcePolicy` accepts both). Returns no statements for a document that is an
 * intrinsic or not a policy; never throws.
 */
export function readStatements(document: unknown, location: string, env: TemplateEnvironment): Statement[] {
  const doc = typeof document === 'string' ? parseJson(document) : document;
  if (!isObject(doc)) return [];
  const raw = doc.Statement;
  const list = Array.isArray(raw) ? raw : isObject(raw) ? [raw] : [];
  return list.filter(isObject).map((statement, i) => readStatement(statement, `${location}.Statement[${i}]`, env));
}

const EVERYONE: Principals = { aws: ['*'], service: [], federated: [] };

function readPrincipals(principal: unknown, env: TemplateEnvironment): Principals {
  if (principal === '*') return EVERYONE;
  return isObject(principal)
    ? { aws: renderList(principal.AWS, env), service: renderList(principal.Service, env), federated: renderList(principal.Federated, env) }
    : { aws: [], service: [], federated: [] };
}

function readStatement(s: Record<string, unknown>, location: string, env: TemplateEnvironment): Statement {
  const condition = s.Condition;
  // `Allow` with `NotPrincipal` admits every principal but those listed, anonymous ones included:
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
  const notPrincipal = s.NotPrincipal !== undefined;
  return {
    location,
    allow: s.Effect === 'Allow',
    principals: notPrincipal ? EVERYONE : readPrincipals(s.Principal, env),
    ...(notPrincipal ? { notPrincipals: readPrincipals(s.NotPrincipal, env) } : {}),
    actions: renderList(s.Action, env),
    ...(s.NotAction !== undefined ? { notActions: renderList(s.NotAction, env) } : {}),
    resources: renderList(s.Resource, env),
    ...(s.NotResource !== undefined ? { notResources: renderList(s.NotResource, env) } : {}),
    conditions: readConditions(condition, env),
    conditionsUnknown: condition !== undefined && (!isPlainObject(condition) || !Object.values(condition).every(isPlainObject)),
  };
}

function readConditions(condition: unknown, env: TemplateEnvironment): ConditionEntry[] {
  if (!isPlainObject(condition)) return [];
  return Object.entries(condition).flatMap(([operator, keys]) =>
    isPlainObject(keys) ? Object.entries(keys).map(([key, values]) => ({ operator, key, values: renderList(values, env) })) : [],
  );
}

/** An object that is not an intrinsic function (`Ref`, `Fn::GetAtt`, ...): a condition block or an operator's block. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  return isObject(value) && !Object.keys(value).some((key) => key === 'Ref' || key.startsWith('Fn::'));
}

/** Whether a statement matches an action: wildcards in `Action`, everything but `NotAction`. */
export function coversAction(statement: Statement, action: string): boolean {
  if (statement.notActions) return !statement.notActions.some((pattern) => wildcardMatch(pattern, action));
  return statement.actions.some((pattern) => wildcardMatch(pattern, action));
}

/** The condition entries on a key (case-insensitive, as IAM compares condition keys), under any operator. */
export function conditionsOn(statement: Statement, key: string | RegExp): ConditionEntry[] {
  return statement.conditions.filter((entry) =>
    typeof key === 'string' ? entry.key.toLowerCase() === key.toLowerCase() : key.test(entry.key),
  );
}

/** IAM wildcard matching: `*` any run of characters, `?` one character; case-insensitive for actions. */
export function wildcardMatch(pattern: string, value: string, caseSensitive = false): boolean {
  const regex = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${regex}$`, caseSensitive ? '' : 'i').test(value);
}
