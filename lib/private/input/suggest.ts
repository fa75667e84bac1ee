import { closest, distance } from 'fastest-levenshtein';

/** The closest of `candidates` to `name`, if it is close enough to be a likely typo. */
export function nearest(name: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const lower = name.toLowerCase();
  const byCase = candidates.find((c) => c.toLowerCase() === lower);
  if (byCase) return byCase;
  // A shortened or lengthened name: `cluster` for `clusterName`, `namespaces` for `namespace`.
  const byPrefix = candidates.find(
    (c) => Math.min(c.length, lower.length) >= 4 && (c.toLowerCase().startsWith(lower) || lower.startsWith(c.toLowerCase())),
  );
  if (byPrefix) return byPrefix;
  const best = closest(
    lower,
    candidates.map((c) => c.toLowerCase()),
  );
  const found = candidates.find((c) => c.toLowerCase() === best)!;
  return distance(lower, best) <= Math.max(2, Math.floor(found.length / 4)) ? found : undefined;
}
