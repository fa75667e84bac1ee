import * as fs from 'fs';
import * as path from 'path';
import { parseCfnYaml } from './cfn-yaml';
import { isObject } from './statements';
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
 * or YAML). Throws `UsageError` when the path is neither.
 */
export function loadTemplates(target: string, options: LoadOptions = {}): TemplateInput[] {
  const stat = statOf(target);
  if (stat.isDirectory()) {
    const manifest = path.join(target, 'manifest.json');
    if (!fs.existsSync(manifest)) throw new UsageError(`${target} is not a cloud assembly: it has no manifest.json`);
    return assemblyTemplates(target, options);
  }
  const template = parseTemplate(target);
  return [{ name: target, template, ...definedOnly(options), ...fromSiblingManifest(target) }];
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

function parseTemplate(file: string): unknown {
  const text = fs.readFileSync(file, 'utf8');
  let template: unknown;
  try {
    template = /\.ya?ml$/i.test(file) ? parseCfnYaml(text) : JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file} is not a ${/\.ya?ml$/i.test(file) ? 'YAML' : 'JSON'} document: ${(error as Error).message}`);
  }
  if (!isObject(template) || !isObject(template.Resources))
    throw new UsageError(`${file} is not a CloudFormation template: it has no Resources`);
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
  return artifacts.flatMap(([id, artifact]): TemplateInput[] => {
    const properties = isObject(artifact.properties) ? artifact.properties : {};
    if (artifact.type === 'cdk:cloud-assembly' && typeof properties.directoryName === 'string') {
      return assemblyTemplates(path.join(directory, properties.directoryName), options);
    }
    if (artifact.type !== 'aws:cloudformation:stack' || typeof properties.templateFile !== 'string') return [];
    const env = { ...definedOnly(options), ...environmentOf(artifact.environment) };
    const name = typeof artifact.displayName === 'string' ? artifact.displayName : id;
    const stack = { name, template: readJson(path.join(directory, properties.templateFile)), ...env };
    const nested = nestedTemplateFiles(directory, artifacts, id, properties.templateFile).map((file) => ({
      name: `${name} (nested stack ${file})`,
      template: readJson(path.join(directory, file)),
      ...env,
    }));
    return [stack, ...nested];
  });
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

/** The environment of a template file that sits in a cloud assembly, from the manifest beside it. */
function fromSiblingManifest(file: string): { account?: string; region?: string } {
  const directory = path.dirname(file);
  if (!fs.existsSync(path.join(directory, 'manifest.json'))) return {};
  const match = artifactsOf(directory).find(
    ([, artifact]) => isObject(artifact.properties) && artifact.properties.templateFile === path.basename(file),
  );
  return match ? environmentOf(match[1].environment) : {};
}
