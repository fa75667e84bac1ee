import { App } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { invalidProp } from '../input/errors';
import * as types from '../input/types';
import { account } from '../input/values';

// Three teams may share one graph definition and each deploy its own accounts' stacks (`deployAccounts`).
// Every part is still modelled and rendered, so every policy is computed from the whole graph exactly as
// in an app that renders everything; the stacks of other accounts are built in a scratch App that is
// never synthesized. Their construct paths mirror the graph's, so each part's path (which errors and
// warnings name) is the one it has in the full app. No template of a graph references another stack
// (every identifier another stack needs is derived from names; no Fn::ImportValue), so a rendered stack
// never refers to a scratch one, and the tests compare each team's templates with the full app's.

/** `deployAccounts`, checked: a non-empty list of distinct 12-digit account IDs; undefined renders every account. */
export function deployAccountsOf(where: string, value: unknown): ReadonlySet<string> | undefined {
  if (value === undefined) return undefined;
  const prop = 'deployAccounts';
  const accounts = types.stringList(where, prop, value);
  if (accounts.length === 0) {
    throw invalidProp(
      where,
      prop,
      value,
      'is empty: name the accounts whose stacks this app deploys, or leave `deployAccounts` out to render every account.',
    );
  }
  const seen = new Set<string>();
  accounts.forEach((a, i) => {
    account(where, `${prop}[${i}]`, a);
    if (seen.has(a)) throw invalidProp(where, `${prop}[${i}]`, a, 'is named twice: name each account once.');
    seen.add(a);
  });
  return seen;
}

/**
 * A scope whose construct path is the graph's, in an App of its own that is never synthesized (no
 * `autoSynth`), with the graph's context so that feature flags render the same resources.
 */
export function scratchScope(graph: IConstruct): Construct {
  // `getAllContext` is newer than the oldest `constructs` 10 the library accepts.
  const context = typeof graph.node.getAllContext === 'function' ? (graph.node.getAllContext() as Record<string, unknown>) : {};
  // The app's own output directory, which it only ensures exists: no temporary directory per graph.
  const root = graph.node.root;
  let scope: Construct = new App({ autoSynth: false, context, outdir: App.isApp(root) ? root.outdir : undefined });
  for (const s of graph.node.scopes.slice(1)) scope = new Construct(scope, s.node.id);
  return scope;
}

/**
 * `deployAccounts` names accounts of the graph's parts: checked at synth, when every part is added, so
 * that a mistyped account does not silently render nothing.
 */
export function unusedDeployAccounts(deployAccounts: ReadonlySet<string> | undefined, used: ReadonlySet<string>): string[] {
  const unused = [...(deployAccounts ?? [])].filter((a) => !used.has(a));
  if (unused.length === 0) return [];
  return [
    `\`deployAccounts\` names ${unused.map((a) => `"${a}"`).join(', ')}, where this graph has no stack: correct the account, or remove it from \`deployAccounts\`.`,
  ];
}
