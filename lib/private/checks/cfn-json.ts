import { isObject, parseJson, render, TemplateEnvironment } from './intrinsics';

// CDK's `CfnJson` (aws-cdk-lib `CfnJson`, used by `eks.ServiceAccount`, `OpenIdConnectPrincipal` and this
// library for a token issuer) is a `Custom::AWSCDKCfnJson` resource whose `Value` property is the JSON
// text of an object; `Fn::GetAtt [<resource>, 'Value']` is that object, parsed, at deploy time. A
// condition key cannot be an intrinsic, so a trust policy whose keys name a token issuer puts its
// `Condition` (or one operator's block) there. The checks read the text as CloudFormation will parse
// it, with a placeholder for each value only CloudFormation knows, so that `{{Select}}:sub` and its
// values stay visible to the rules.

const CFN_JSON = 'Custom::AWSCDKCfnJson';

/** The objects the `CfnJson` resources of a template stand for, by logical ID (those whose text parses). */
export function cfnJsonValues(resources: Record<string, unknown>, env: TemplateEnvironment): ReadonlyMap<string, unknown> {
  const values = new Map<string, unknown>();
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (!isObject(resource) || resource.Type !== CFN_JSON || !isObject(resource.Properties)) continue;
    const text = jsonText(resource.Properties.Value, env);
    const parsed = text === undefined ? undefined : parseJson(text);
    if (parsed !== undefined) values.set(logicalId, parsed);
  }
  return values;
}

/**
 * The value with every `Fn::GetAtt [X, 'Value']` of a `CfnJson` X of the template replaced by the object
 * it stands for. Anything else is returned as it is (an unresolvable intrinsic stays one, for the rules
 * to treat as unknown).
 */
export function resolveCfnJson(value: unknown, values: ReadonlyMap<string, unknown>): unknown {
  if (values.size === 0) return value;
  if (Array.isArray(value)) return value.map((item) => resolveCfnJson(item, values));
  if (!isObject(value)) return value;
  const target = cfnJsonTarget(value);
  if (target !== undefined && values.has(target)) return values.get(target);
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolveCfnJson(item, values)]));
}

/** The logical ID X of `{ "Fn::GetAtt": [X, "Value"] }` (or `"X.Value"`), if the value is exactly that. */
function cfnJsonTarget(value: Record<string, unknown>): string | undefined {
  const keys = Object.keys(value);
  if (keys.length !== 1 || keys[0] !== 'Fn::GetAtt') return undefined;
  const arg = value['Fn::GetAtt'];
  const [logicalId, attribute] = typeof arg === 'string' ? arg.split('.') : Array.isArray(arg) ? arg : [];
  return typeof logicalId === 'string' && attribute === 'Value' ? logicalId : undefined;
}

/**
 * The JSON text of a `CfnJson` value: a string, or an `Fn::Join` of literal text and intrinsics (as
 * `Stack.toJsonString` writes it), each intrinsic rendered to its placeholder and escaped for a JSON
 * string, which is where CDK puts tokens.
 */
function jsonText(value: unknown, env: TemplateEnvironment): string | undefined {
  if (typeof value === 'string') return value;
  const join = isObject(value) ? value['Fn::Join'] : undefined;
  if (!Array.isArray(join) || join.length !== 2 || typeof join[0] !== 'string' || !Array.isArray(join[1])) return undefined;
  const separator = join[0];
  return join[1].map((part) => (typeof part === 'string' ? part : JSON.stringify(render(part, env)).slice(1, -1))).join(separator);
}
