import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ValidateFunction } from 'ajv';
import { Job } from 'kubernetes-models/batch/v1';
import { ServiceAccount } from 'kubernetes-models/v1';
import { parse } from 'yaml';

// Checks generated Kubernetes objects against the schemas their projects publish: the upstream CRDs
// vendored under test/support/schemas/ (see SOURCE.md there) for the custom resources, and the Kubernetes
// OpenAPI schemas of the `kubernetes-models` package for ServiceAccount and Job.

// The CRD schemas use Kubernetes extensions (x-kubernetes-*) and OpenAPI formats (int32, ...) that
// JSON Schema does not define; strict mode would reject the keywords, and formats are not checked.
const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });

const compiled = new Map<string, ValidateFunction>();
function schema(file: string): ValidateFunction {
  let validate = compiled.get(file);
  if (!validate) {
    validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(__dirname, 'schemas', file), 'utf8')));
    compiled.set(file, validate);
  }
  return validate;
}

function check(file: string, value: unknown, what: string): void {
  const validate = schema(file);
  if (!validate(value)) throw new Error(`${what} does not match ${file}: ${ajv.errorsText(validate.errors)}`);
}

const CUSTOM_RESOURCES: Record<string, string> = {
  'secrets-store.csi.x-k8s.io/v1 SecretProviderClass': 'secrets-store-csi-driver-v1-secretproviderclass.json',
  'external-secrets.io/v1 SecretStore': 'external-secrets-v1-secretstore.json',
  'external-secrets.io/v1 ExternalSecret': 'external-secrets-v1-externalsecret.json',
  'external-secrets.io/v1beta1 SecretStore': 'external-secrets-v1beta1-secretstore.json',
  'external-secrets.io/v1beta1 ExternalSecret': 'external-secrets-v1beta1-externalsecret.json',
};

// Kubernetes object metadata rules (not part of any CRD schema; the API server applies them to all
// objects): names are DNS-1123 subdomains (labels for the kinds here, which we keep at 63), label
// values at most 63 characters, alphanumeric at the ends.
// https://kubernetes.io/docs/concepts/overview/working-with-objects/names/
// https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set
function checkMetadata(object: any, what: string): void {
  const { name, namespace, labels } = object.metadata ?? {};
  for (const [field, value] of [
    ['name', name],
    ['namespace', namespace],
  ]) {
    if (typeof value !== 'string' || value.length > 63 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value)) {
      throw new Error(`${what}: metadata.${field} ${JSON.stringify(value)} is not a DNS-1123 label`);
    }
  }
  for (const [key, value] of Object.entries(labels ?? {})) {
    if (typeof value !== 'string' || value.length > 63 || !/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(value)) {
      throw new Error(`${what}: label ${key} value ${JSON.stringify(value)} is not a valid label value`);
    }
  }
}

/**
 * Checks one object against its schema; throws with the reasons when it does not match. For a
 * SecretProviderClass also checks `parameters` and each `objects` entry against what the AWS provider
 * reads, and the provider's cross-field rules.
 */
export function validateManifest(object: any): void {
  const what = `${object.kind} ${object.metadata?.name}`;
  checkMetadata(object, what);
  const id = `${object.apiVersion} ${object.kind}`;
  if (id === 'v1 ServiceAccount') return new ServiceAccount(object).validate();
  if (id === 'batch/v1 Job') return new Job(object).validate();
  const file = CUSTOM_RESOURCES[id];
  if (!file) throw new Error(`${what}: no schema for ${id}`);
  check(file, object, what);
  if (object.kind === 'SecretProviderClass') validateAwsProvider(object, what);
}

function validateAwsProvider(object: any, what: string): void {
  if (object.spec.provider !== 'aws') throw new Error(`${what}: provider is not "aws"`);
  const parameters = object.spec.parameters;
  check('aws-provider-parameters.json', parameters, `${what} parameters`);
  const objects = parse(parameters.objects);
  check('aws-provider-objects.json', objects, `${what} objects`);
  // provider/secret_descriptor.go: validateObjectName and NewSecretDescriptorList.
  const aliases = new Set<string>();
  for (const entry of objects) {
    if (entry.objectName.startsWith('arn:')) {
      const [, , service, region] = entry.objectName.split(':');
      if (region !== parameters.region) throw new Error(`${what}: ARN region must match region ${parameters.region}: ${entry.objectName}`);
      if (entry.objectType !== undefined && entry.objectType !== service) throw new Error(`${what}: objectType does not match ARN`);
    } else if (entry.objectType === undefined) {
      throw new Error(`${what}: must use objectType when a full ARN is not specified: ${entry.objectName}`);
    }
    if (entry.objectAlias !== undefined) {
      if (aliases.has(entry.objectAlias)) throw new Error(`${what}: found duplicate object alias ${entry.objectAlias}`);
      aliases.add(entry.objectAlias);
    }
  }
}
