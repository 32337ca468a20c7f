import { TuominError } from '../errors.js';
import type { Transform, TransformReport } from '../pipeline/transform.js';
import { anonymize, anonymizeOutcome } from './anonymize.js';
import type { AnonymizeOutcome } from './anonymize.js';
import type { Hierarchy } from './hierarchy.js';
import { dateHierarchy, intervalHierarchy, prefixHierarchy } from './hierarchy.js';
import type { HierarchyRef, PrivacyOptions } from './options-schema.js';

export { hierarchyRefSchema, privacyOptions } from './options-schema.js';
export type { HierarchyRef, PrivacyOptions } from './options-schema.js';

/** A built-in hierarchy from its spec entry; file entries must be loaded by the caller (publish). */
export function builtinHierarchy(ref: HierarchyRef): Hierarchy | null {
  if ('file' in ref) return null;
  if (ref.builtin === 'interval') return intervalHierarchy(ref.widths, ref.origin ?? 0);
  if (ref.builtin === 'date') return dateHierarchy();
  return prefixHierarchy(ref.keep, ref.fill ?? '*');
}

/**
 * The transforms `tuomin run` appends after the column transforms. `loaded` holds the hierarchies
 * read from files (column → parsed hierarchy); built-in ones are made here.
 */
/**
 * The k the search enforces: the spec's k, raised so that the maximum prosecutor risk (1 / the
 * smallest class) stays within maxProsecutorRisk. Checking the risk only after the search would
 * fail runs for which a passing generalization exists.
 */
export function enforcedK(options: PrivacyOptions): number {
  const k = options.k ?? 1;
  const r = options.maxProsecutorRisk;
  return r !== undefined && r > 0 ? Math.max(k, Math.ceil(1 / r - 1e-9)) : k;
}

export function privacyTransforms(options: PrivacyOptions, loaded: Record<string, Hierarchy> = {}): Transform[] {
  const hierarchies: Record<string, Hierarchy> = {};
  // A sensitive column's hierarchy is the ground distance of hierarchical t-closeness.
  const hierarchicalT = options.t !== undefined && options.tMode === 'hierarchical';
  for (const [column, ref] of Object.entries(options.hierarchies ?? {})) {
    const sensitiveWithDistance = hierarchicalT && (options.sensitive ?? []).includes(column);
    if (!options.quasiIdentifiers.includes(column) && !sensitiveWithDistance) {
      throw new TuominError('BAD_SPEC', 'hierarchy given for a column that is not a quasi-identifier (nor a sensitive column under tMode: hierarchical)', { column, path: `privacy.hierarchies.${column}` }, 'add the column to privacy.quasiIdentifiers, or remove the hierarchy', { id: 'privacy.hierarchyNotQi' });
    }
    const h = loaded[column] ?? builtinHierarchy(ref);
    if (!h) throw new TuominError('BAD_SPEC', 'hierarchy file was not loaded', { column, path: `privacy.hierarchies.${column}` }, 'load it with loadHierarchy from @tuomin/publish', { id: 'hierarchy.notLoaded' });
    hierarchies[column] = h;
  }
  const sens = options.sensitive ?? [];
  if ((options.l !== undefined || options.t !== undefined) && sens.length === 0) {
    throw new TuominError('BAD_SPEC', 'l or t is set but no sensitive column is named', { path: 'privacy.sensitive' }, 'list the sensitive columns under privacy.sensitive', { id: 'privacy.noSensitive' });
  }
  if (hierarchicalT) {
    for (const s of sens) {
      if (!hierarchies[s]) throw new TuominError('BAD_SPEC', 'tMode hierarchical needs a hierarchy for every sensitive column', { column: s, path: `privacy.hierarchies.${s}` }, `add privacy.hierarchies.${s} (the sensitive column's hierarchy is the EMD's ground distance), or use tMode equal`, { id: 'privacy.tNeedsHierarchy', params: { column: s } });
    }
  }
  const first = sens[0];
  const base = {
    quasiIdentifiers: options.quasiIdentifiers,
    sensitive: sens,
    hierarchies,
    k: enforcedK(options),
    suppressionLimit: options.suppressionLimit ?? 0,
    metric: options.metric,
    suppression: options.suppression,
    timeBudgetMs: options.timeBudgetMs,
    l: options.l !== undefined && first ? { column: first, l: options.l, mode: options.lMode } : undefined,
    t: options.t !== undefined && first ? { column: first, t: options.t, mode: options.tMode } : undefined,
  };
  const out: Transform[] = [anonymize(base)];
  // Further sensitive columns: enforce l / t on the already generalized output (levels fixed at 0).
  for (const s of sens.slice(1)) {
    if (options.l === undefined && options.t === undefined) break;
    out.push(anonymize({
      quasiIdentifiers: options.quasiIdentifiers,
      sensitive: [s],
      ...(hierarchicalT ? { hierarchies: { [s]: hierarchies[s]! } } : {}),
      k: enforcedK(options),
      suppressionLimit: options.suppressionLimit ?? 0,
      suppression: options.suppression,
      l: options.l !== undefined ? { column: s, l: options.l, mode: options.lMode } : undefined,
      t: options.t !== undefined ? { column: s, t: options.t, mode: options.tMode } : undefined,
    }));
  }
  return out;
}

/** The privacy part of the run report: levels, suppression and the risk of the released rows. */
export function riskReport(reports: TransformReport[]): AnonymizeOutcome | null {
  let last: AnonymizeOutcome | null = null;
  for (const r of reports) last = anonymizeOutcome(r) ?? last;
  return last;
}
