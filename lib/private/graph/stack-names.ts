import { Stage } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { invalidProp, invalidUse } from '../input/errors';

/** The construct's path below its stage, as a valid CloudFormation stack name prefix. */
export function stackNameBase(construct: Construct, max: number): string {
  const stage = Stage.of(construct);
  const below = construct.node.scopes.slice(stage ? stage.node.scopes.length : 0).map((s) => s.node.id);
  const parts = stage?.stageName ? [stage.stageName, ...below] : below;
  const base = parts
    .join('-')
    .replace(/[^A-Za-z0-9-]/g, '-')
    .replace(/^[^A-Za-z]+/, '')
    .slice(0, max);
  if (!base) {
    throw invalidUse(
      construct.node.path,
      'gives no CloudFormation stack name: stack names are derived from the construct id (and stage name), which must contain a letter; use an id such as "Payments".',
    );
  }
  return base;
}

/** A stack name, or part of one: a letter, then letters, digits and hyphens. */
export function checkStackName(where: string, prop: string, value: string, max = 80): string {
  if (typeof value !== 'string' || !new RegExp(`^[A-Za-z][A-Za-z0-9-]{0,${max - 1}}$`).test(value)) {
    throw invalidProp(
      where,
      prop,
      value,
      `is not usable in a CloudFormation stack name: start with a letter, then use A-Z, a-z, 0-9 and "-", at most ${max} characters.`,
    );
  }
  return value;
}
