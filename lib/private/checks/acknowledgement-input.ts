import * as fs from 'fs';
import { acknowledgedRuleId } from './acknowledgements';
import { Acknowledgement } from './finding';
import { isObject } from './intrinsics';
import { UsageError } from './load-templates';

// Acknowledgements given to the command line: `--acknowledge <rule>:<target>` and a JSON file of them.
// A target is a logical ID, a construct path (the construct and everything under it) or `*`.

function ruleIdOf(id: string, ruleIds: readonly string[], where: string): string {
  const ruleId = acknowledgedRuleId(id, ruleIds);
  if (!ruleId) throw new UsageError(`${where}: unknown rule "${id}": use one of ${ruleIds.join(', ')}`);
  return ruleId;
}

/** `EKSSEC5:TestApp/Secret/Policy`, `CrossAccountSecretsChecks::EKSSEC5:SecretPolicy1A2B3C4D` or `EKSSEC7:*`. */
export function parseAcknowledgeOption(text: string, ruleIds: readonly string[]): Acknowledgement {
  const match = /^((?:[A-Za-z]+::)?[^:]+):(.+)$/.exec(text);
  if (!match)
    throw new UsageError(`--acknowledge "${text}": write <rule ID>:<logical ID, construct path or *>, such as EKSSEC5:MyStack/Secret`);
  return { ruleId: ruleIdOf(match[1], ruleIds, `--acknowledge "${text}"`), target: match[2], reason: '', source: '--acknowledge' };
}

/**
 * A JSON file of acknowledgements, each with the reason it is accepted:
 * `[{ "id": "EKSSEC5", "target": "TestApp/Secret", "reason": "..." }]` (or that list under `acknowledgements`).
 */
export function readAcknowledgementsFile(file: string, ruleIds: readonly string[]): Acknowledgement[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`--acknowledgements ${file}: ${(error as Error).message}`);
  }
  const list = Array.isArray(parsed) ? parsed : isObject(parsed) ? parsed.acknowledgements : undefined;
  if (!Array.isArray(list)) throw new UsageError(`--acknowledgements ${file}: expected a list of { "id", "target", "reason" }`);
  return list.map((entry, i) => {
    const where = `--acknowledgements ${file}, entry ${i}`;
    if (!isObject(entry) || typeof entry.id !== 'string' || typeof entry.target !== 'string' || entry.target === '')
      throw new UsageError(`${where}: needs "id" (a rule ID) and "target" (a logical ID, construct path or *)`);
    if (typeof entry.reason !== 'string' || entry.reason.trim() === '')
      throw new UsageError(`${where}: needs a "reason" that says why the finding is accepted`);
    return { ruleId: ruleIdOf(entry.id, ruleIds, where), target: entry.target, reason: entry.reason, source: file };
  });
}
