/**
 * What is known about the account a template deploys to. An unknown account leaves `AWS::AccountId`
 * as a placeholder, which the rules read as "this template's own account".
 */
export interface TemplateEnvironment {
  readonly account?: string;
  readonly region?: string;
}

/** The placeholder for a value only CloudFormation knows: `{{Secret}}`, `{{Key.Arn}}`, `{{AWS.AccountId}}`. */
export function placeholder(name: string): string {
  // No colons inside, so that rendered ARNs still split into their fields.
  return `{{${name.replace(/::/g, '.')}}}`;
}

/** The placeholder of the template's own account (when the account is not known). */
export const OWN_ACCOUNT = placeholder('AWS::AccountId');

/** True when a rendered string contains a value only CloudFormation knows. */
export function hasPlaceholder(rendered: string): boolean {
  return rendered.includes('{{');
}

/**
 * Renders a template value to a string, resolving what can be resolved without deploying: literals,
 * `Fn::Join`, `Fn::Sub`, `Fn::Select` of literal lists, and the account and region when known. Anything
 * else (`Ref` to a resource, `Fn::GetAtt`, parameters, imports, conditions) becomes a placeholder.
 * Never throws: a template is user input.
 */
export function render(value: unknown, env: TemplateEnvironment = {}): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return placeholder('?');
  const entries = Object.entries(value);
  if (entries.length !== 1) return placeholder('?');
  const [fn, arg] = entries[0];
  switch (fn) {
    case 'Ref':
      return renderRef(arg, env);
    case 'Fn::GetAtt':
      return placeholder(Array.isArray(arg) ? arg.map((part) => render(part, env)).join('.') : render(arg, env));
    case 'Fn::Join':
      return renderJoin(arg, env);
    case 'Fn::Sub':
      return renderSub(arg, env);
    case 'Fn::Select':
      return renderSelect(arg, env);
    case 'Fn::ImportValue':
      return placeholder(`Import.${render(arg, env)}`);
    default:
      return placeholder(fn.replace(/^Fn::/, ''));
  }
}

/** Renders a value that may be one value or a list of them (`Action`, `Resource`, principals). */
export function renderList(value: unknown, env: TemplateEnvironment = {}): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.map((item) => render(item, env));
  return [render(value, env)];
}

function renderRef(name: unknown, env: TemplateEnvironment): string {
  if (typeof name !== 'string') return placeholder('?');
  if (name === 'AWS::AccountId' && env.account) return env.account;
  if (name === 'AWS::Region' && env.region) return env.region;
  return placeholder(name);
}

function renderJoin(arg: unknown, env: TemplateEnvironment): string {
  if (!Array.isArray(arg) || arg.length !== 2 || typeof arg[0] !== 'string') return placeholder('Join');
  const [separator, parts] = arg;
  return Array.isArray(parts) ? parts.map((part) => render(part, env)).join(separator) : placeholder('Join');
}

function renderSub(arg: unknown, env: TemplateEnvironment): string {
  const [text, variables] = Array.isArray(arg) ? arg : [arg, {}];
  if (typeof text !== 'string') return placeholder('Sub');
  const vars: Record<string, unknown> = variables !== null && typeof variables === 'object' ? variables : {};
  return text.replace(/\$\{([^}]*)\}/g, (_match, name: string) => {
    if (name.startsWith('!')) return `\${${name.slice(1)}}`;
    if (name in vars) return render(vars[name], env);
    return name.includes('.') ? placeholder(name) : renderRef(name, env);
  });
}

function renderSelect(arg: unknown, env: TemplateEnvironment): string {
  if (!Array.isArray(arg) || arg.length !== 2 || !Array.isArray(arg[1])) return placeholder('Select');
  const index = Number(render(arg[0], env));
  return Number.isInteger(index) && index >= 0 && index < arg[1].length ? render(arg[1][index], env) : placeholder('Select');
}

/** A JSON object (not null, not a list). */
/** The value of JSON text, or undefined when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
