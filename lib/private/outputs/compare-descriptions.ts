import { AccessDescription, DescribedEntry, ENTRY_KINDS } from './access-description';

// `verify`'s comparison: parts are matched by identity (role ARN, secret ARN pattern, key ARN or alias
// ARN, role and secret of a grant), never by position. An app is one cloud assembly, Stages included: its
// descriptions together must hold every part the other apps hold, with the same values.

/** One access description, and where it was read. */
export interface DescribedSource {
  /** The cloud assembly given to `verify` (the app). */
  readonly assembly: string;
  /** The construct path of the graph, construct or stack that wrote it. */
  readonly construct: string;
  readonly description: AccessDescription;
}

type Kind = (typeof ENTRY_KINDS)[number];

const SINGULAR: Record<Kind, string> = { keys: 'key', secrets: 'secret', workloads: 'workload', grants: 'grant' };

interface Held {
  readonly source: DescribedSource;
  readonly entry: DescribedEntry;
}

const shownValue = (value: unknown) => (value === undefined ? 'nothing' : JSON.stringify(value));

/** `a, b (Graph), c`: the apps that hold something, naming constructs only where an app's own descriptions differ. */
function holders(group: readonly Held[], all: readonly Held[]): string {
  const apps = [...new Set(group.map((h) => h.source.assembly))];
  return apps
    .map((app) => {
      const inGroup = group.filter((h) => h.source.assembly === app);
      if (inGroup.length === all.filter((h) => h.source.assembly === app).length) return app;
      return `${app} (${inGroup.map((h) => h.source.construct).join(', ')})`;
    })
    .join(', ');
}

/** One line per field whose value is not the same in every description that holds the part. */
function valueDifferences(label: string, held: readonly Held[]): string[] {
  const fields = [...new Set(held.flatMap((h) => Object.keys(h.entry)))].filter((f) => f !== 'id');
  const lines: string[] = [];
  for (const field of fields) {
    const groups = new Map<string, Held[]>();
    for (const h of held) {
      const value = shownValue(h.entry[field]);
      groups.set(value, [...(groups.get(value) ?? []), h]);
    }
    if (groups.size < 2) continue;
    const values = [...groups].map(([value, group]) => `${value} in ${holders(group, held)}`);
    lines.push(`${label}: ${field} is ${values.join('; ')}`);
  }
  return lines;
}

/** The differences between descriptions, each once, and how many parts of each kind they hold together. */
export function compareDescriptions(sources: readonly DescribedSource[]): {
  differences: string[];
  counts: Record<Kind, number>;
} {
  const apps = [...new Set(sources.map((s) => s.assembly))];
  const index = {} as Record<Kind, Map<string, Held[]>>;
  for (const kind of ENTRY_KINDS) {
    index[kind] = new Map();
    for (const source of sources) {
      for (const entry of source.description[kind]) {
        const held = index[kind].get(entry.id) ?? index[kind].set(entry.id, []).get(entry.id)!;
        held.push({ source, entry });
      }
    }
  }
  const holds = (kind: Kind, id: unknown, app: string) => (index[kind].get(id as string) ?? []).some((h) => h.source.assembly === app);
  const differences: string[] = [];
  for (const kind of ENTRY_KINDS) {
    for (const id of [...index[kind].keys()].sort()) {
      const held = index[kind].get(id)!;
      const label = `${SINGULAR[kind]} ${id}`;
      const missing = apps.filter((app) => !holds(kind, id, app));
      // A grant of a workload or secret an app does not have at all is that part's difference, said once.
      const explained =
        kind === 'grants' &&
        missing.every((app) => !holds('workloads', held[0].entry.workload, app) || !holds('secrets', held[0].entry.secret, app));
      if (missing.length > 0 && !explained) {
        differences.push(`${label}: in ${holders(held, held)}; missing in ${missing.join(', ')}`);
      }
      differences.push(...valueDifferences(label, held));
    }
  }
  const counts = Object.fromEntries(ENTRY_KINDS.map((kind) => [kind, index[kind].size])) as Record<Kind, number>;
  return { differences, counts };
}
