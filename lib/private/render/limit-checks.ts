import { iamPolicyLength, MANAGED_POLICY_MAX_LENGTH } from '../policies/packing';
import { PolicyDocument } from '../policies/policy-json';

// AWS size limits, checked at synth from the rendered documents, with the fix in the message. Pure
// functions: the parts call them from their validations, so an app over a limit fails `cdk synth`.

const n = (value: number) => value.toLocaleString('en-US');

/**
 * Secrets Manager's quota for a resource policy: 20,480 characters, counted here on the compact JSON.
 *
 * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_limits.html
 */
export const SECRET_POLICY_MAX_LENGTH = 20480;

/**
 * KMS's quota for a key policy: 32 KB (32,768 bytes), counted here on the compact JSON in UTF-8.
 *
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/resource-limits.html#key-policy-limit
 */
export const KEY_POLICY_MAX_BYTES = 32768;

/** @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html */
export const STACK_MAX_RESOURCES = 500;
export const TEMPLATE_MAX_BYTES = 1_000_000;

export function secretPolicyLength(document: PolicyDocument): number {
  return JSON.stringify(document).length;
}

export function keyPolicyBytes(document: PolicyDocument): number {
  return Buffer.byteLength(JSON.stringify(document), 'utf8');
}

export function secretPolicyProblems(secretName: string, document: PolicyDocument): string[] {
  const length = secretPolicyLength(document);
  return length <= SECRET_POLICY_MAX_LENGTH
    ? []
    : [
        `The resource policy of secret "${secretName}" is ${n(length)} characters, over the ${n(SECRET_POLICY_MAX_LENGTH)} Secrets Manager allows: it grows by about one role ARN per workload granted the secret; grant fewer workloads this secret (share one workload's role among pods of one service account), or split the readers across copies of the secret.`,
      ];
}

export function keyPolicyProblems(alias: string, document: PolicyDocument): string[] {
  const bytes = keyPolicyBytes(document);
  return bytes <= KEY_POLICY_MAX_BYTES
    ? []
    : [
        `The key policy of ${alias} is ${n(bytes)} bytes, over the ${n(KEY_POLICY_MAX_BYTES)} KMS allows: it grows by one role ARN per workload and one ARN pattern per secret the key encrypts; encrypt some of the secrets with another key (addKey).`,
      ];
}

export function trustPolicyProblems(roleName: string, document: PolicyDocument, max: number, prop: string): string[] {
  const length = iamPolicyLength(document);
  if (length <= max) return [];
  const raise =
    max < 4096
      ? `ask AWS to raise the account's "Role trust policy length" quota (up to 4,096) and set \`${prop}\` to the new quota, or `
      : '';
  return [
    `The trust policy of role "${roleName}" is ${n(length)} characters (without white space), over the ${n(max)} IAM allows: ${raise}trust fewer clusters from this workload (split it into one workload per cluster).`,
  ];
}

/**
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-entities
 */
export function managedPolicyProblems(roleName: string, documents: readonly PolicyDocument[], max: number, prop: string): string[] {
  const problems = documents
    .map((document, i) => [i, iamPolicyLength(document)] as const)
    .filter(([, length]) => length > MANAGED_POLICY_MAX_LENGTH)
    .map(
      ([i, length]) =>
        `Managed policy ${i + 1} of role "${roleName}" is ${n(length)} characters (without white space), over the ${n(MANAGED_POLICY_MAX_LENGTH)} IAM allows for one secret's permissions: shorten the secret name.`,
    );
  if (documents.length > max) {
    const raise =
      max < 25
        ? `ask AWS to raise the account's "Managed policies per role" quota (up to 25) and set \`${prop}\` to the new quota, or `
        : '';
    problems.push(
      `Role "${roleName}" needs ${documents.length} managed policies for its secrets, over the ${max} IAM allows per role: ${raise}split the workload's secrets across several workloads.`,
    );
  }
  return problems;
}

export function stackProblems(stackName: string, resources: number, templateBytes: number): string[] {
  const problems: string[] = [];
  const fix = 'place some of its parts in another stack group (the `stackGroup` option of addWorkload, addSecret or addKey).';
  if (resources > STACK_MAX_RESOURCES) {
    problems.push(
      `Stack "${stackName}" has ${n(resources)} resources, over the ${STACK_MAX_RESOURCES} CloudFormation allows in one stack: ${fix}`,
    );
  }
  if (templateBytes > TEMPLATE_MAX_BYTES) {
    problems.push(
      `The template of stack "${stackName}" is about ${n(templateBytes)} bytes, over the ${n(TEMPLATE_MAX_BYTES)} CloudFormation allows: ${fix}`,
    );
  }
  return problems;
}
