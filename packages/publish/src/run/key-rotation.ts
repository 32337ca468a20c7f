import { resolve } from 'node:path';
import type { Spec } from '../spec/schema.js';
import type { LoadedSpec } from '../spec/load.js';
import { exists, nextVersion } from '../release/ledger.js';
import { closeStore, openStore } from '../release/store.js';
import type { RunPlan } from './plan.js';
import type { ReviewReason } from '../review/types.js';
import { keyChangesSince } from '../release/key-continuity.js';
import { ruleKeyName } from '../spec/rule-files.js';
import type { KeyRotationRecord } from '../release/ledger.js';

/** A key changed on purpose between two versions, as the ledger, datapackage.json and the README record it: key ids (fingerprints) only. */
export type KeyRotation = KeyRotationRecord;

/**
 * A keyed rule whose key is not the one the previous version was made with (key-continuity.ts):
 * its pseudonyms no longer join with the previous version's, and a user joining the two versions
 * gets wrong answers without being told. Mostly an accident (a wrong key file, another
 * environment variable), sometimes intended (a rotation after a leak, Art. 23). Undeclared, it
 * refuses the run (a normative error, exit 4); declared on the key (`keys.<name>.rotated` naming
 * this version and a reason), it is published and recorded. `report` is the run's
 * desensitization report (package/reports.ts), which labels columns as the previous one does.
 */
export async function checkKeyRotation(spec: Spec, plan: RunPlan, datasetDir: string, previous: string | undefined, version: string, report: unknown): Promise<{ errors: ReviewReason[]; warnings: ReviewReason[]; rotations: KeyRotation[] }> {
  const out = { errors: [] as ReviewReason[], warnings: [] as ReviewReason[], rotations: [] as KeyRotation[] };
  if (previous === undefined) return out;
  for (const change of await keyChangesSince(datasetDir, previous, report)) {
    const label = change.columns.join(', ');
    const source = sourceOf(spec, plan, change.columns[0] ?? '');
    const rule = source === undefined ? undefined : rulesOf(spec, source).find((r) => r.type === change.transform);
    const key = rule === undefined ? null : ruleKeyName(rule, spec.keys);
    const rotated = key === null ? undefined : spec.keys?.[key]?.rotated;
    const params = { transform: change.transform, column: label, key: key ?? '', previous, version, from: change.from, to: change.to };
    if (key !== null && rotated !== undefined && rotated.version === version) {
      out.rotations.push({ key, transform: change.transform, columns: change.columns, from: change.from, to: change.to, reason: rotated.reason });
      out.warnings.push({
        code: 'release/key-rotated', severity: 'warning', column: label, path: `keys.${key}.rotated`, params: { ...params, reason: rotated.reason },
        message: `${change.transform} of ${label} uses key "${key}", rotated in ${version} (key id ${change.from} in ${previous}, ${change.to} now): its values do not join with those of ${previous} and earlier; reason: ${rotated.reason}`,
      });
      continue;
    }
    const declared = rotated !== undefined ? ` (keys.${key}.rotated names version ${rotated.version}, not ${version})` : '';
    const fix = key === null
      ? `put the key under keys: (keys: { <name>: { file: <key file> } }) and name it on the rule, then declare the rotation there, or use the key of ${previous} (key id ${change.from})`
      : `if the change is intended (a rotation after a leak), declare it: keys: { ${key}: { …, rotated: { version: ${version}, reason: <why> } } }; if not, point keys.${key} at the key of ${previous} (key id ${change.from})`;
    out.errors.push({
      code: 'release/key-changed', severity: 'error', column: label, path: key === null ? `columns.${source ?? label}.rule` : `keys.${key}`, params: { ...params, declaredFor: rotated?.version ?? '' },
      message: `${change.transform} of ${label}${key === null ? '' : ` (key "${key}")`} uses another key than ${previous} (key id ${change.from} before, ${change.to} now)${declared}: its values would not join with those of ${previous}, and users joining the versions would get wrong answers; ${fix}`,
    });
  }
  return out;
}

/**
 * The same check for `run --dry-run`, which opens no store to write: the versions are read from
 * the ledger as it stands (no lock, no recovery), the version is the one `run` would choose. A
 * dataset folder that is not there, or a ledger that cannot be read (the run will say why), is
 * not compared.
 */
export async function checkKeyRotationDryRun(loaded: LoadedSpec, outputFolder: string | undefined, version: string | undefined, plan: RunPlan, report: unknown): Promise<{ errors: ReviewReason[]; warnings: ReviewReason[] }> {
  const { spec } = loaded;
  const datasetDir = resolve(loaded.dir, outputFolder ?? spec.output.folder, spec.dataset.id);
  if (!(await exists(datasetDir))) return { errors: [], warnings: [] };
  let previous: string | undefined;
  let next: string;
  try {
    const store = await openStore(datasetDir, { mode: 'read', command: 'run --dry-run', onChanged: 'collect' });
    try {
      previous = store.versions[store.versions.length - 1]?.version;
      next = version ?? nextVersion(store.state.used);
    } finally {
      await closeStore(store);
    }
  } catch {
    return { errors: [], warnings: [] };
  }
  return checkKeyRotation(spec, plan, datasetDir, previous, next, report);
}

/** The spec column a report label names: the source name, or the output column's number when the header held personal data (reports.ts). */
function sourceOf(spec: Spec, plan: RunPlan, label: string): string | undefined {
  if (Object.hasOwn(spec.columns, label)) return label;
  const n = /^source of output column #(\d+)$/.exec(label);
  return n ? plan.columns[Number(n[1]) - 1]?.source : undefined;
}

function rulesOf(spec: Spec, source: string): Array<Record<string, unknown> & { type: string }> {
  const rule = spec.columns[source]?.rule;
  return (rule === undefined ? [] : Array.isArray(rule) ? rule : [rule]) as Array<Record<string, unknown> & { type: string }>;
}
