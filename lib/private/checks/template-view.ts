import { cfnJsonValues, resolveCfnJson } from './cfn-json';
import { Acknowledgement } from './finding';
import { isObject, TemplateEnvironment } from './intrinsics';
import { readStatements, Statement } from './statements';

/** A CloudFormation template to check, with what is known about where it deploys. */
export interface TemplateInput {
  /** How findings name the template: a file path, or the stack's construct path. */
  readonly name: string;
  /** The parsed template (JSON or YAML); anything else yields no findings. */
  readonly template: unknown;
  /** The account it deploys to, when known (from the cloud assembly or the stack). */
  readonly account?: string;
  readonly region?: string;
  /** Logical ID → construct path, from the cloud assembly's metadata (for templates without `aws:cdk:path`). */
  readonly constructPaths?: Readonly<Record<string, string>>;
  /** Acknowledgements recorded in the app for this template's stack (construct paths as targets). */
  readonly acknowledgements?: readonly Acknowledgement[];
}

/** The four places a policy lives in a template, as the rules tell them apart. */
export type PolicyKind = 'trust' | 'identity' | 'secret' | 'key';

/** One policy document in a template. */
export interface PolicySite {
  readonly kind: PolicyKind;
  readonly logicalId: string;
  /** Where the document is, relative to the resource: `Properties.Policies[0].PolicyDocument`. */
  readonly location: string;
  readonly statements: readonly Statement[];
}

export interface TemplateResource {
  readonly logicalId: string;
  readonly type: string;
  readonly properties: Record<string, unknown>;
}

/** A template read once for all rules: its resources and the policy documents in them. */
export interface TemplateView {
  readonly input: TemplateInput;
  readonly env: TemplateEnvironment;
  readonly resources: readonly TemplateResource[];
  readonly policies: readonly PolicySite[];
}

const IDENTITY_POLICY_TYPES = ['AWS::IAM::ManagedPolicy', 'AWS::IAM::Policy', 'AWS::IAM::RolePolicy'];

/** Reads the resources and policy documents of a template. Never throws: a template is user input. */
export function viewTemplate(input: TemplateInput): TemplateView {
  const env: TemplateEnvironment = { account: input.account, region: input.region };
  const rawResources = isObject(input.template) && isObject(input.template.Resources) ? input.template.Resources : {};
  const resources: TemplateResource[] = Object.entries(rawResources)
    .filter((entry): entry is [string, Record<string, unknown>] => isObject(entry[1]) && typeof entry[1].Type === 'string')
    .map(([logicalId, resource]) => ({
      logicalId,
      type: resource.Type as string,
      properties: isObject(resource.Properties) ? resource.Properties : {},
    }));

  // A policy's parts may be `CfnJson` values (a trust condition on a token issuer): read what they stand for.
  const json = cfnJsonValues(rawResources, env);
  const policies: PolicySite[] = [];
  const add = (kind: PolicyKind, resource: TemplateResource, property: string, document: unknown) => {
    const location = `Properties.${property}`;
    const statements = readStatements(resolveCfnJson(document, json), location, env);
    policies.push({ kind, logicalId: resource.logicalId, location, statements });
  };
  for (const resource of resources) {
    const props = resource.properties;
    if (resource.type === 'AWS::IAM::Role') {
      add('trust', resource, 'AssumeRolePolicyDocument', props.AssumeRolePolicyDocument);
      const inline = Array.isArray(props.Policies) ? props.Policies : [];
      inline.forEach((policy, i) => isObject(policy) && add('identity', resource, `Policies[${i}].PolicyDocument`, policy.PolicyDocument));
    } else if (IDENTITY_POLICY_TYPES.includes(resource.type)) {
      add('identity', resource, 'PolicyDocument', props.PolicyDocument);
    } else if (resource.type === 'AWS::SecretsManager::ResourcePolicy') {
      add('secret', resource, 'ResourcePolicy', props.ResourcePolicy);
    } else if (resource.type === 'AWS::KMS::Key') {
      add('key', resource, 'KeyPolicy', props.KeyPolicy);
    }
  }
  return { input, env, resources, policies };
}

/** The resources of one type. */
export function resourcesOfType(view: TemplateView, type: string): TemplateResource[] {
  return view.resources.filter((resource) => resource.type === type);
}

/** The CDK construct path CDK writes into the resource's metadata, when the template has it. */
export function cdkPathOf(view: TemplateView, logicalId: string): string | undefined {
  const resources = isObject(view.input.template) && isObject(view.input.template.Resources) ? view.input.template.Resources : {};
  const resource = resources[logicalId];
  const metadata = isObject(resource) && isObject(resource.Metadata) ? resource.Metadata : {};
  const path = metadata['aws:cdk:path'];
  return typeof path === 'string' ? path : view.input.constructPaths?.[logicalId];
}

/** Every template of the run, for rules that follow a reference from one template to another. */
export interface CheckContext {
  readonly views: readonly TemplateView[];
}
