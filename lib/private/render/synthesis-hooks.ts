import { attachCustomSynthesis } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';

// aws-cdk-lib lets a construct write files into its stage's cloud assembly when the app is synthesized
// (`attachCustomSynthesis`, whose `session.outdir` is the assembly directory of the construct's stage),
// but only once per construct: it defines the hook as a non-writable property. The front doors write
// two kinds of file (the access description for `verify`, and the files for reviewers and the cluster
// team), so each registers its writer here and one hook runs them in the order they were registered.

const writers = new WeakMap<IConstruct, Array<(outdir: string) => void>>();

/** Runs `write` with the construct's assembly directory when the construct is synthesized. */
export function onSynthesis(construct: Construct, write: (outdir: string) => void): void {
  let list = writers.get(construct);
  if (!list) {
    const registered: Array<(outdir: string) => void> = [];
    list = registered;
    writers.set(construct, registered);
    attachCustomSynthesis(construct, { onSynthesize: (session) => registered.forEach((w) => w(session.outdir)) });
  }
  list.push(write);
}
