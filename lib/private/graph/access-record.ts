import * as fs from 'fs';
import * as path from 'path';
import { Lazy, Stack, Stage } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { invalidUse } from '../input/errors';
import { AccessModel } from '../model/model';
import {
  AccessDescription,
  describeAccess,
  DESCRIPTION_FILE_SUFFIX,
  DESCRIPTION_FORMAT,
  FINGERPRINT_METADATA,
  fingerprintOf,
  sliceFingerprints,
} from '../outputs/access-description';
import { templateSizeProblems } from '../render/limit-checks';
import { onSynthesis } from '../render/synthesis-hooks';
import { PartStacks } from './wiring';

// Three teams may deploy the accounts' parts from three repositories: each app writes the access
// description it was built from into its cloud assembly (written at synth, never deployed), where
// `verify` compares it with the other apps'. A template carries only the fingerprint of its own slice, so
// no account's CloudFormation readers see the rest of the estate, and templates stay small.

export interface AccessRecordSettings {
  /** The model, read at synth. */
  readonly model: () => AccessModel;
  /** The stack each part is rendered in. */
  readonly places: PartStacks;
  /** The stacks whose templates carry a fingerprint and, when `checkSizes`, whose written size is checked. */
  readonly stacks: () => readonly Stack[];
  /** The construct the description is of (the graph, the one-of-each construct, or a stack). */
  readonly of: IConstruct;
  /** The description file's name, without the suffix. */
  readonly fileName: string;
  /** Whether the owner is synthesized after its stacks (it is their parent), so it can measure what CDK wrote. */
  readonly checkSizes: boolean;
}

interface Recorded {
  readonly size: string;
  readonly description: AccessDescription;
  readonly fingerprints: Map<string, string>;
}

/** Owners that describe the stacks created in them, so that those stacks do not describe themselves. */
const describingOwners = new WeakSet<IConstruct>();

/** From now on, stacks created directly in `owner` leave their description to it. */
export function describesItsStacks(owner: IConstruct): void {
  describingOwners.add(owner);
}

/** Whether a stack created in `scope` leaves its description to `scope`. */
function describedByScope(scope: IConstruct): boolean {
  return describingOwners.has(scope);
}

/**
 * Records a model's access: each stack's fingerprint in its template metadata, and the description in
 * `<assembly>/<fileName>.access-description.json` when `owner` is synthesized (in a Stage, the Stage's
 * nested assembly). The description is computed once per synth, for every stack and the file.
 */
export class AccessRecord {
  private recorded?: Recorded;

  constructor(
    owner: Construct,
    private readonly settings: AccessRecordSettings,
  ) {
    onSynthesis(owner, (outdir) => this.synthesize(owner, outdir));
  }

  /** Puts the stack's fingerprint, read at synth, in its template metadata. */
  public addStack(stack: Stack): void {
    const fingerprint = () => this.fingerprintOf(stack);
    stack.templateOptions.metadata = {
      ...stack.templateOptions.metadata,
      [FINGERPRINT_METADATA]: Lazy.any({ produce: () => ({ fingerprint: fingerprint() }) }),
    };
  }

  /** The fingerprint of the stack's slice (of nothing, for a stack that holds no part). */
  private fingerprintOf(stack: Stack): string {
    return this.current().fingerprints.get(stack.node.path) ?? fingerprintOf([]);
  }

  /** The description and fingerprints of the model as it is now; computed again only after the model grew. */
  private current(): Recorded {
    const model = this.settings.model();
    const size = [model.keys.length, model.secrets.length, model.workloads.length, model.grants.length].join('/');
    if (this.recorded?.size !== size) {
      const stackPath = (stack: Stack | undefined) => stack?.node.path;
      const { places } = this.settings;
      const fingerprints = sliceFingerprints(model, {
        key: (key) => stackPath(places.key(key)),
        secret: (secret) => stackPath(places.secret(secret)),
        workload: (workload) => stackPath(places.workload(workload)),
        targetRole: (workload) => stackPath(places.targetRole(workload)),
      });
      this.recorded = { size, description: describeAccess(model), fingerprints };
    }
    return this.recorded;
  }

  private synthesize(owner: Construct, outdir: string): void {
    const { description } = this.current();
    const stacks = this.settings.stacks();
    const file = {
      format: DESCRIPTION_FORMAT,
      construct: this.settings.of.node.path,
      fingerprint: fingerprintOf(
        Object.values(description)
          .flat()
          .map((e) => JSON.stringify(e)),
      ),
      stacks: Object.fromEntries(stacks.map((s) => [s.artifactId, this.fingerprintOf(s)])),
      ...description,
    };
    fs.writeFileSync(path.join(outdir, `${this.settings.fileName}${DESCRIPTION_FILE_SUFFIX}`), `${JSON.stringify(file, undefined, 1)}\n`);
    if (!this.settings.checkSizes) return;
    // The file as CDK wrote it (indented JSON, metadata included): with the default synthesizer the template
    // is a file asset, published as it is and deployed from S3, whose template limit this checks.
    const problems = stacks.flatMap((s) => templateSizeProblems(s.stackName, fs.statSync(path.join(outdir, s.templateFile)).size));
    if (problems.length > 0) throw invalidUse(owner.node.path, problems.join('\n'));
  }
}

/** A name for the owner's description file, unique in its assembly: its path inside its Stage. */
export function descriptionFileName(owner: IConstruct): string {
  const stage = Stage.of(owner);
  const inStage = stage ? owner.node.scopes.slice(stage.node.scopes.length) : owner.node.scopes.slice(1);
  return inStage.map((c) => c.node.id).join('.');
}

/**
 * A one-of-each stack created on its own (in a team's own repository) records its model and writes the
 * description as `<stack id>.access-description.json`; inside `CrossAccountSecretAccess`, the construct does.
 * `places` names the parts this stack renders.
 */
export function recordStandaloneStack(stack: Stack, scope: IConstruct, model: AccessModel, places: Partial<PartStacks>): void {
  if (describedByScope(scope)) return;
  const none = () => undefined;
  // A child, because aws-cdk-lib runs custom synthesis on constructs other than stacks.
  const record = new AccessRecord(new Construct(stack, 'AccessDescription'), {
    model: () => model,
    places: { key: none, secret: none, workload: none, targetRole: none, ...places },
    stacks: () => [stack],
    of: stack,
    fileName: descriptionFileName(stack),
    // The child is synthesized before its stack writes the template; one of each is far from any limit.
    checkSizes: false,
  });
  record.addStack(stack);
}
