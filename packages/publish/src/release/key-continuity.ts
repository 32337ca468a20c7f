import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { VersionStatus } from './ledger.js';

/**
 * Keyed rules whose key changed between a version and the version it follows. A release lists
 * `previousVersion`, which a user reads as "the same series": if the pseudonyms of a column were
 * made with another key, they no longer join with the previous version's, and nothing else says
 * so. The key ids (the first 8 hex characters of SHA-256 of the key, keys.ts) are in each
 * version's reports/desensitization.json, which a withdrawn version keeps; a version without
 * that report (or a rule it does not have) is not compared.
 */
export interface KeyChange {
  version: string;
  previous: string;
  transform: string;
  columns: string[];
  from: string;
  to: string;
}

export async function keyChanges(datasetDir: string, versions: readonly VersionStatus[]): Promise<KeyChange[]> {
  const out: KeyChange[] = [];
  const ids = new Map<string, Promise<Map<string, KeyedRule>>>();
  const idsOf = (v: string) => {
    if (!ids.has(v)) ids.set(v, keyIds(join(datasetDir, v)));
    return ids.get(v)!;
  };
  for (const v of versions) {
    const p = v.previousVersion;
    if (p === undefined || !versions.some((x) => x.version === p)) continue;
    const [now, before] = await Promise.all([idsOf(v.version), idsOf(p)]);
    for (const [rule, k] of now) {
      const old = before.get(rule);
      if (old && old.keyId !== k.keyId) out.push({ version: v.version, previous: p, transform: k.transform, columns: k.columns, from: old.keyId, to: k.keyId });
    }
  }
  return out;
}

/** A keyed rule as a desensitization report names it: its transform, its columns (as the report labels them) and the key id. */
export interface KeyedRule { transform: string; columns: string[]; keyId: string }

/**
 * Keyed rules whose key differs between the previous version's report and this run's report
 * (package/reports.ts, the object written to reports/desensitization.json): the same comparison
 * as `keyChanges`, made before a version is published (run/key-rotation.ts).
 */
export async function keyChangesSince(datasetDir: string, previous: string, report: unknown): Promise<Array<{ transform: string; columns: string[]; from: string; to: string }>> {
  const before = await keyIds(join(datasetDir, previous));
  const out: Array<{ transform: string; columns: string[]; from: string; to: string }> = [];
  for (const [rule, k] of keyIdsOfReport(report)) {
    const old = before.get(rule);
    if (old && old.keyId !== k.keyId) out.push({ transform: k.transform, columns: k.columns, from: old.keyId, to: k.keyId });
  }
  return out;
}

/** transform + columns → key id, from a version's desensitization report (empty when it has none). */
async function keyIds(versionDir: string): Promise<Map<string, KeyedRule>> {
  let report: unknown;
  try {
    report = JSON.parse(await readFile(join(versionDir, 'reports', 'desensitization.json'), 'utf8'));
  } catch {
    return new Map();
  }
  return keyIdsOfReport(report);
}

function keyIdsOfReport(value: unknown): Map<string, KeyedRule> {
  const out = new Map<string, KeyedRule>();
  const report = (value ?? {}) as { transforms?: Array<{ transform?: unknown; columns?: unknown; extra?: { keyId?: unknown } }> };
  for (const t of Array.isArray(report.transforms) ? report.transforms : []) {
    const keyId = t.extra?.keyId;
    if (typeof t.transform !== 'string' || !Array.isArray(t.columns) || typeof keyId !== 'string') continue;
    const columns = t.columns.map(String);
    out.set(`${t.transform}\u0000${columns.join('\u0000')}`, { transform: t.transform, columns, keyId });
  }
  return out;
}
