import {
  KEY_POLICY_MAX_BYTES,
  MANAGED_POLICY_MAX_LENGTH,
  MANAGED_POLICIES_PER_ROLE,
  SECRET_POLICY_MAX_LENGTH,
  STACK_MAX_RESOURCES,
  TEMPLATE_MAX_BYTES,
  TRUST_POLICY_LENGTH,
} from '../model/quotas';
import { iamPolicyLength, PolicyJson } from '../policies/policy-json';

// AWS size limits, checked at synth from the rendered documents, with the fix in the message. Pure
// functions: the parts call them from their validations, so an app over a limit fails `cdk synth`.

const n = (value: number) => value.toLocaleString('en-US');

export function secretPolicyLength(document: PolicyJson): number {
  return JSON.stringify(document).length;
}

export function keyPolicyBytes(document: PolicyJson): number {
  return Buffer.byteLength(JSON.stringify(document), 'utf8');
}

export function secretPolicyProblems(secretName: string, document: PolicyJson): string[] {
  const length = secretPolicyLength(document);
  return length <= SECRET_POLICY_MAX_LENGTH
    ? []
    : [
        `The resource policy of secret "${secretName}" is ${n(length)} characters, over the ${n(SECRET_POLICY_MAX_LENGTH)} Secrets Manager allows: it grows by about one role ARN per workload granted the secret; grant fewer workloads this secret (share one workload's role among pods of one service account), or split the readers across copies of the secret.`,
      ];
}

export function keyPolicyProblems(alias: string, document: PolicyJson): string[] {
  const bytes = keyPolicyBytes(document);
  return bytes <= KEY_POLICY_MAX_BYTES
    ? []
    : [
        `The key policy of ${alias} is ${n(bytes)} bytes, over the ${n(KEY_POLICY_MAX_BYTES)} KMS allows: it grows by one role ARN per workload and one ARN pattern per secret the key encrypts, and by one statement for each set of workloads that read the same secrets (a workload that reads secrets no other reads of this key has a statement of its own); encrypt some of the secrets with another key (addKey).`,
      ];
}

/**
 * How the user tells the library a raised quota: the property, or, for the one-of-each props, which have
 * none, the graph's `addWorkload()` option.
 */
function setQuota(prop: string | undefined, graphOption: string): string {
  return prop === undefined
    ? `give the workload to a \`CrossAccountSecrets\` graph with \`${graphOption}\` set to the new quota`
    : `set \`${prop}\` to the new quota`;
}

/** `prop` names the setting of the account's quota, undefined where the props have none. */
export function trustPolicyProblems(roleName: string, document: PolicyJson, max: number, prop: string | undefined): string[] {
  const length = iamPolicyLength(document);
  if (length <= max) return [];
  const raise =
    max < TRUST_POLICY_LENGTH.max
      ? `ask AWS to raise the account's "Role trust policy length" quota (up to ${n(TRUST_POLICY_LENGTH.max)}) and ${setQuota(prop, 'maxTrustPolicyLength')}, or `
      : '';
  return [
    `The trust policy of role "${roleName}" is ${n(length)} characters (without white space), over the ${n(max)} IAM allows: ${raise}trust fewer clusters from this workload (split it into one workload per cluster).`,
  ];
}

/**
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-entities
 */
export function managedPolicyProblems(roleName: string, documents: readonly PolicyJson[], max: number, prop: string | undefined): string[] {
  const problems = documents
    .map((document, i) => [i, iamPolicyLength(document)] as const)
    .filter(([, length]) => length > MANAGED_POLICY_MAX_LENGTH)
    .map(
      ([i, length]) =>
        `Managed policy ${i + 1} of role "${roleName}" is ${n(length)} characters (without white space), over the ${n(MANAGED_POLICY_MAX_LENGTH)} IAM allows for one secret's permissions: shorten the secret name.`,
    );
  if (documents.length > max) {
    const raise =
      max < MANAGED_POLICIES_PER_ROLE.max
        ? `ask AWS to raise the account's "Managed policies per role" quota (up to ${MANAGED_POLICIES_PER_ROLE.max}) and ${setQuota(prop, 'maxManagedPolicies')}, or `
        : '';
    problems.push(
      `Role "${roleName}" needs ${documents.length} managed policies for its secrets, over the ${max} IAM allows per role: ${raise}split the workload's secrets across several workloads.`,
    );
  }
  return problems;
}

const STACK_GROUP_FIX = 'place some of its parts in another stack group (the `stackGroup` option of addWorkload, addSecret or addKey).';

export function stackProblems(stackName: string, resources: number): string[] {
  return resources > STACK_MAX_RESOURCES
    ? [
        `Stack "${stackName}" has ${n(resources)} resources, over the ${STACK_MAX_RESOURCES} CloudFormation allows in one stack: ${STACK_GROUP_FIX}`,
      ]
    : [];
}

/**
 * The template as CDK wrote it (indented JSON, metadata included) against CloudFormation's limit for a
 * template body in S3, which is how CDK deploys it.
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
 */
export function templateSizeProblems(stackName: string, templateBytes: number): string[] {
  return templateBytes > TEMPLATE_MAX_BYTES
    ? [
        `The template of stack "${stackName}" is ${n(templateBytes)} bytes as CDK wrote it, over the ${n(TEMPLATE_MAX_BYTES)} bytes CloudFormation allows (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html): ${STACK_GROUP_FIX}`,
      ]
    : [];
}
