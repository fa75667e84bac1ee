import { RegionInfo } from 'aws-cdk-lib/region-info';
import { partitionOf } from '../model/identifiers';
import { invalidProp } from './errors';
import { matching } from './literals';
import { nearest } from './suggest';

// Region names: checked against the regions aws-cdk-lib knows, with a warning (not an error) for a
// well-formed region it does not know yet.

/**
 * A problem that must not stop synthesis. Validators have no construct, so they collect warnings; the
 * construct that built the model reports each with `Annotations.of(this).addWarningV2(id, message)`,
 * where users can acknowledge it (or fail on it with `cdk synth --strict`).
 */
export interface InputWarning {
  readonly id: string;
  readonly message: string;
}

/**
 * The warnings for regions of a model that aws-cdk-lib does not know, by the property each came from;
 * for a construct to report once it has built its model (the model's regions are already valid).
 */
export function unknownRegionWarnings(where: string, regions: Record<string, string>): InputWarning[] {
  const warnings: InputWarning[] = [];
  for (const [prop, value] of Object.entries(regions)) awsRegion(where, prop, value, warnings);
  return warnings;
}

/**
 * A region name. Checked against the regions aws-cdk-lib knows: a region name whose direction word is
 * misspelt (`eu-wset-1`) is an error that names the known region. A well-formed name aws-cdk-lib does
 * not know (a region newer than the installed aws-cdk-lib) is accepted with a warning, never blocked:
 * new regions keep the usual shape (`eu-south-3`, `mx-central-1`), so only the closed set of direction
 * words can tell a typo from a new region. The warning says what was assumed, because the partition
 * and DNS suffix in every ARN and endpoint are taken from aws-cdk-lib's facts.
 */
export function awsRegion(where: string, prop: string, value: string, warnings?: InputWarning[]): string {
  matching(
    where,
    prop,
    value,
    'an AWS region name',
    /^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/,
    'use a region code such as "eu-west-1" or "us-gov-west-1"',
  );
  const known = RegionInfo.regions.map((r) => r.name);
  if (known.includes(value)) return value;
  const words = value.split('-');
  const direction = words[words.length - 2];
  const directions = [...new Set(known.map((name) => name.split('-').slice(-2)[0]))];
  if (!directions.includes(direction)) {
    const guess = nearest(direction, directions);
    if (guess !== undefined) {
      const fixed = [...words.slice(0, -2), guess, words[words.length - 1]].join('-');
      throw invalidProp(
        where,
        prop,
        value,
        `is not an AWS region: "${direction}" is not a direction of any region; did you mean "${fixed}"${known.includes(fixed) ? '' : ' (also unknown to aws-cdk-lib)'}?`,
      );
    }
  }
  // Callers that cannot report a warning yet pass none; the region is accepted either way.
  warnings?.push({
    id: 'cdk-eks-cross-account-secrets:unknownRegion',
    message: `[${where}] \`${prop}\` "${value}" is not a region this aws-cdk-lib knows: ARNs and endpoints assume the partition "${partitionOf(value)}"; if the region is newer than aws-cdk-lib, upgrade aws-cdk-lib, otherwise check the name.`,
  });
  return value;
}
