import * as fs from 'fs';
import * as path from 'path';
import { constructPathsIn, stackMetadata } from './assembly-metadata';
import { parseCfnYaml } from './cfn-yaml';
import { isObject } from './intrinsics';
import { TemplateInput } from './template-view';

/** A path the checks cannot read: the command line names it, so it is a usage error. */
export class UsageError extends Error {}

/** Defaults for templates whose environment the cloud assembly does not tell. */
export interface LoadOptions {
  readonly account?: string;
  readonly region?: string;
}

/**
 * The templates to check at a path: every stack of a cloud assembly directory (its manifest.json,
 * nested assemblies of Stages, and the nested stacks' templates), or one CloudFormation template (JSON
 * or YAML; in a cloud assembly, with its nested stacks). Each comes with what the assembly records
 * about it: its account and region, its resources' construct paths and the acknowledgements made in
 * the app. Throws `UsageError` when the path is neither.
 */
export function loadTemplates(target: string, options: LoadOptions = {}): TemplateInput[] {
  const stat = statOf(target);
  if (stat.isDirectory()) {
    const manifest = path.join(target, 'manifest.json');
    if (!fs.existsSync(manifest)) throw new UsageError(`${target} is not a cloud assembly: it has no manifest.json`);
    return assemblyTemplates(target, options);
  }
  const template = parseTemplate(target);
  const directory = path.dirname(target);
  const artifacts = fs.existsSync(path.join(directory, 'manifest.json')) ? artifactsOf(directory) : [];
  const stack = artifacts.find(
    ([, artifact]) => isObject(artifact.properties) && artifact.properties.templateFile === path.basename(target),
  );
  if (!stack) {
    if (!isObject(template) || !isObject(template.Resources))
      throw new UsageError(`${target} is not a CloudFormation template: it has no Resources`);
    return [{ name: target, template, ...definedOnly(options) }];
  }
  // Named by file, as the CDK validation report names templates.
  return stackTemplates(directory, artifacts, stack, options, (file) => path.join(directory, file));
}

function statOf(target: string): fs.Stats {
  try {
    return fs.statSync(target);
  } catch {
    throw new UsageError(`${target}: no such file or directory`);
  }
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`${file}: ${(error as Error).message}`);
  }
}

/** Parses a template file; a stack of a cloud assembly may have no resources, another file must. */
function parseTemplate(file: string): unknown {
  const text = fs.readFileSync(file, 'utf8');
  let template: unknown;
  try {
    template = /\.ya?ml$/i.test(file) ? parseCfnYaml(text) : JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file} is not a ${/\.ya?ml$/i.test(file) ? 'YAML' : 'JSON'} document: ${(error as Error).message}`);
  }
  return template;
}

/** `aws://111111111111/eu-west-1`, with `unknown-account` and `unknown-region` for agnostic stacks. */
function environmentOf(environment: unknown): { account?: string; region?: string } {
  const match = typeof environment === 'string' ? /^aws:\/\/([^/]+)\/(.+)$/.exec(environment) : null;
  if (!match) return {};
  return {
    ...(/^\d{12}$/.test(match[1]) ? { account: match[1] } : {}),
    ...(match[2] !== 'unknown-region' ? { region: match[2] } : {}),
  };
}

function definedOnly(options: LoadOptions): { account?: string; region?: string } {
  return { ...(options.account ? { account: options.account } : {}), ...(options.region ? { region: options.region } : {}) };
}

function artifactsOf(directory: string): Array<[string, Record<string, unknown>]> {
  const manifest = readJson(path.join(directory, 'manifest.json'));
  const artifacts = isObject(manifest) && isObject(manifest.artifacts) ? manifest.artifacts : {};
  return Object.entries(artifacts).filter((entry): entry is [string, Record<string, unknown>] => isObject(entry[1]));
}

function assemblyTemplates(directory: string, options: LoadOptions): TemplateInput[] {
  const artifacts = artifactsOf(directory);
  return artifacts.flatMap((entry): TemplateInput[] => {
    const [, artifact] = entry;
    const properties = isObject(artifact.properties) ? artifact.properties : {};
    if (artifact.type === 'cdk:cloud-assembly' && typeof properties.directoryName === 'string') {
      return assemblyTemplates(path.join(directory, properties.directoryName), options);
    }
    if (artifact.type !== 'aws:cloudformation:stack' || typeof properties.templateFile !== 'string') return [];
    return stackTemplates(directory, artifacts, entry, options);
  });
}

/**
 * A stack's template and its nested stacks' templates, with the environment, the construct paths and
 * the acknowledgements the assembly records. Named by the stack's display name unless `nameOf` is given.
 */
function stackTemplates(
  directory: string,
  artifacts: Array<[string, Record<string, unknown>]>,
  [id, artifact]: [string, Record<string, unknown>],
  options: LoadOptions,
  nameOf?: (file: string) => string,
): TemplateInput[] {
  const templateFile = (artifact.properties as Record<string, unknown>).templateFile as string;
  const env = { ...definedOnly(options), ...environmentOf(artifact.environment) };
  const displayName = typeof artifact.displayName === 'string' ? artifact.displayName : id;
  const metadata = stackMetadata(artifact, (file) => readJson(path.join(directory, file)));
  const template = readJson(path.join(directory, templateFile));
  const nested = nestedTemplateFiles(directory, artifacts, id, templateFile).map((file) => ({
    file,
    path: nestedStackPath(template, file, metadata.logicalIds),
  }));
  const nestedPaths = nested.map((inner) => inner.path).filter((inner): inner is string => inner !== undefined);
  const recorded = { acknowledgements: metadata.acknowledgements };
  return [
    {
      name: nameOf?.(templateFile) ?? displayName,
      template,
      ...env,
      // The stack's metadata holds its own resources and those of its nested stacks.
      constructPaths: constructPathsIn(metadata, '', nestedPaths),
      ...recorded,
    },
    ...nested.map((inner) => ({
      name: nameOf?.(inner.file) ?? `${displayName} (nested stack ${inner.file})`,
      template: readJson(path.join(directory, inner.file)),
      ...env,
      constructPaths: inner.path ? constructPathsIn(metadata, inner.path, nestedPaths) : {},
      ...recorded,
    })),
  ];
}

/**
 * The construct path of the nested stack whose template is `file`: its `AWS::CloudFormation::Stack`
 * resource in the parent names the file (`aws:asset:path`), and CDK places that resource at
 * `<parent>/<id>.NestedStack/<id>.NestedStackResource` for the nested stack `<parent>/<id>`.
 */
function nestedStackPath(parent: unknown, file: string, logicalIds: ReadonlyArray<readonly [string, string]>): string | undefined {
  const resources = isObject(parent) && isObject(parent.Resources) ? parent.Resources : {};
  const logicalId = Object.entries(resources).find(
    ([, resource]) => isObject(resource) && isObject(resource.Metadata) && resource.Metadata['aws:asset:path'] === file,
  )?.[0];
  const resourcePath = logicalIds.find(([, id]) => id === logicalId)?.[0];
  const match = resourcePath ? /^(.*)\/([^/]+)\.NestedStack\/\2\.NestedStackResource$/.exec(resourcePath) : null;
  return match ? `${match[1]}/${match[2]}` : undefined;
}

/** The nested stacks' templates: file assets of the stack's asset manifest that are templates. */
function nestedTemplateFiles(
  directory: string,
  artifacts: Array<[string, Record<string, unknown>]>,
  stackId: string,
  own: string,
): string[] {
  const assets = artifacts.find(([id, artifact]) => id === `${stackId}.assets` && artifact.type === 'cdk:asset-manifest');
  const file = assets && isObject(assets[1].properties) ? assets[1].properties.file : undefined;
  if (typeof file !== 'string' || !fs.existsSync(path.join(directory, file))) return [];
  const manifest = readJson(path.join(directory, file));
  const files = isObject(manifest) && isObject(manifest.files) ? Object.values(manifest.files) : [];
  return files
    .map((asset) => (isObject(asset) && isObject(asset.source) ? asset.source.path : undefined))
    .filter((source): source is string => typeof source === 'string' && source.endsWith('.template.json') && source !== own)
    .filter((source) => fs.existsSync(path.join(directory, source)));
}
