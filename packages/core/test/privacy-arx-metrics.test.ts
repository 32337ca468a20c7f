import { describe, expect, it } from 'vitest';
import type { RecordBatch } from 'apache-arrow';
import {
  ClassStats, evaluateAllNodes, intervalHierarchy, memorySource, parseHierarchy, pipeline, prefixHierarchy, privacyOptions, privacyTransforms,
  riskReport, searchGeneralization, TuominError,
} from '../src/internal.js';
import type { LossMetric, PrivacyModel } from '../src/internal.js';
import { mulberry, table } from './privacy-helpers.js';

/** Ages, districts, sex and a diagnosis code whose hierarchy groups codes by chapter (A.., B..). */
function synthetic(n: number, seed = 11) {
  const rnd = mulberry(seed);
  const cols = { age: [] as string[], zip: [] as string[], sex: [] as string[], diag: [] as string[] };
  for (let i = 0; i < n; i++) {
    const age = 18 + Math.floor(rnd() * 60);
    cols.age.push(String(age));
    cols.zip.push(`1101${String(Math.floor(rnd() * 12)).padStart(2, '0')}`);
    cols.sex.push(rnd() < 0.5 ? 'M' : 'F');
    // Chapter A is more common among the old: class distributions differ from the whole table's.
    const chapter = rnd() < (age > 50 ? 0.7 : 0.3) ? 'A' : 'B';
    cols.diag.push(`${chapter}${Math.floor(rnd() * 4)}`);
  }
  return cols;
}
const diagHierarchy = parseHierarchy(['A0;A;*', 'A1;A;*', 'A2;A;*', 'A3;A;*', 'B0;B;*', 'B1;B;*', 'B2;B;*', 'B3;B;*'].join('\n'), ';', 'diag.csv');
const qiHierarchies = [intervalHierarchy([5, 10, 20]), prefixHierarchy([5, 4]), parseHierarchy('M;*\nF;*\n')];
const qi = ['age', 'zip', 'sex'];

/** Labels of a record at given levels, joined: the independent group-by key. */
function keyOf(cols: ReturnType<typeof synthetic>, i: number, levels: number[]): string {
  return qi.map((c, j) => qiHierarchies[j]!.generalize((cols as Record<string, string[]>)[c]![i]!, levels[j]!, c)).join('|');
}

function groups(cols: ReturnType<typeof synthetic>, levels: number[]): Map<string, number[]> {
  const m = new Map<string, number[]>();
  for (let i = 0; i < cols.age.length; i++) {
    const key = keyOf(cols, i, levels);
    const g = m.get(key);
    if (g) g.push(i);
    else m.set(key, [i]);
  }
  return m;
}

/**
 * Hierarchical EMD for a two-level hierarchy (code → chapter → *), written out as Li et al.'s
 * closed form: inside a chapter, what moves is (Σ|d_v| − |D_g|)/2 at cost ½; across chapters,
 * Σ_g |D_g| / 2 at cost 1 (d = class share − table share, D_g its sum over the chapter).
 */
function emdTwoLevel(cols: ReturnType<typeof synthetic>, rows: number[]): number {
  const whole = new Map<string, number>();
  for (const d of cols.diag) whole.set(d, (whole.get(d) ?? 0) + 1);
  const mine = new Map<string, number>();
  for (const i of rows) mine.set(cols.diag[i]!, (mine.get(cols.diag[i]!) ?? 0) + 1);
  let inside = 0;
  let across = 0;
  for (const chapter of ['A', 'B']) {
    let abs = 0;
    let sum = 0;
    for (let k = 0; k < 4; k++) {
      const v = `${chapter}${k}`;
      const d = (mine.get(v) ?? 0) / rows.length - (whole.get(v) ?? 0) / cols.diag.length;
      abs += Math.abs(d);
      sum += d;
    }
    inside += (abs - Math.abs(sum)) / 2;
    across += Math.abs(sum) / 2;
  }
  return 0.5 * inside + across;
}

describe('ARX metrics and hierarchical t-closeness in the search', () => {
  const cols = synthetic(2000);
  const stats = new ClassStats({ quasiIdentifiers: qi, sensitive: ['diag'] });
  stats.add(table(cols));

  it('hierarchical t: every class of the optimum is within t by the closed form; the optimum is the exhaustive one', () => {
    const model: PrivacyModel = { k: 5, suppressionLimit: 0.02, t: { column: 'diag', t: 0.15, mode: 'hierarchical', hierarchy: diagHierarchy } };
    const r = searchGeneralization(stats, qiHierarchies, { ...model, metric: 'entropy' });
    expect(r.found).toBe(true);
    let suppressed = 0;
    for (const rows of groups(cols, r.levels).values()) {
      if (rows.length < 5 || emdTwoLevel(cols, rows) > 0.15 + 1e-12) suppressed += rows.length;
    }
    expect(r.suppressed).toBe(suppressed);
    const best = evaluateAllNodes(stats, qiHierarchies, model, 'entropy').filter((n) => n.satisfies).sort((a, b) => a.loss - b.loss)[0]!;
    expect(r.levels).toEqual(best.levels);
    // The hierarchy matters: with equal distance the same t gives another verdict somewhere.
    const eq = evaluateAllNodes(stats, qiHierarchies, { ...model, t: { column: 'diag', t: 0.15, mode: 'equal' } }, 'entropy');
    const hi = evaluateAllNodes(stats, qiHierarchies, model, 'entropy');
    expect(eq.some((n, i) => n.suppressed !== hi[i]!.suppressed)).toBe(true);
  });

  it('dmstar is Σ|E|² over all classes, suppressed ones included; the search finds the exhaustive optimum', () => {
    const model: PrivacyModel = { k: 10, suppressionLimit: 0.05 };
    const r = searchGeneralization(stats, qiHierarchies, { ...model, metric: 'dmstar' });
    let sq = 0;
    for (const rows of groups(cols, r.levels).values()) sq += rows.length ** 2;
    expect(r.loss).toBe(sq);
    expect(r.suppressed).toBeGreaterThan(0);
    const all = evaluateAllNodes(stats, qiHierarchies, model, 'dmstar').filter((n) => n.satisfies);
    expect(r.loss).toBe(Math.min(...all.map((n) => n.loss)));
  });

  it('loss is ARX\'s Loss (shares of the domain, suppressed records count 1, geometric mean) and is minimized with suppression', () => {
    const model: PrivacyModel = { k: 10, suppressionLimit: 0.05 };
    const r = searchGeneralization(stats, qiHierarchies, { ...model, metric: 'loss' });
    // By hand: the domain is the values present (built-in hierarchies list none).
    const domains = qi.map((c) => [...new Set((cols as Record<string, string[]>)[c])]);
    const sums = [0, 0, 0];
    const n = cols.age.length;
    for (const rows of groups(cols, r.levels).values()) {
      const suppressed = rows.length < 10;
      qi.forEach((c, j) => {
        if (suppressed) { sums[j]! += rows.length; return; }
        const label = qiHierarchies[j]!.generalize((cols as Record<string, string[]>)[c]![rows[0]!]!, r.levels[j]!, c);
        const covered = domains[j]!.filter((v) => qiHierarchies[j]!.generalize(v, r.levels[j]!, c) === label).length;
        sums[j]! += rows.length * covered / domains[j]!.length;
      });
    }
    const norm = sums.map((s, j) => { const min = n / domains[j]!.length; return Math.floor(Math.max(0, (s - min) / (n - min)) * 1e10) / 1e10; });
    const expected = norm.reduce((p, v) => p * Math.pow(v + 1, 1 / 3), 1) - 1;
    expect(r.loss).toBeCloseTo(expected, 12);
    const all = evaluateAllNodes(stats, qiHierarchies, model, 'loss').filter((x) => x.satisfies);
    expect(r.loss).toBe(Math.min(...all.map((x) => x.loss)));
  });

  it('a lattice whose key radix passes 2^48 rolls up code tuples and agrees with a plain group-by', () => {
    // Six columns of up to 500 values: 501^6 > 2^48, so classes are not keyed by one number.
    const rnd = mulberry(5);
    const names = ['a', 'b', 'c', 'd', 'e', 'f'];
    const data: Record<string, string[]> = Object.fromEntries(names.map((c) => [c, Array.from({ length: 3000 }, () => String(Math.floor(rnd() * 500)))]));
    const wide = new ClassStats({ quasiIdentifiers: names });
    wide.add(table(data));
    const hs = names.map(() => intervalHierarchy([250]));
    const model: PrivacyModel = { k: 3, suppressionLimit: 0.05 };
    const r = searchGeneralization(wide, hs, { ...model, metric: 'dmstar' });
    expect(r.found).toBe(true);
    const counts = new Map<string, number>();
    for (let i = 0; i < 3000; i++) {
      const key = names.map((c, j) => hs[j]!.generalize(data[c]![i]!, r.levels[j]!, c)).join('|');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    let below = 0;
    let squares = 0;
    for (const n of counts.values()) { if (n < 3) below += n; squares += n * n; }
    expect(r.suppressed).toBe(below);
    expect(r.loss).toBe(squares);
    const all = evaluateAllNodes(wide, hs, model, 'dmstar').filter((n) => n.satisfies);
    expect(r.loss).toBe(Math.min(...all.map((n) => n.loss)));
  });

  it('the spec: tMode hierarchical takes the sensitive column\'s hierarchy from privacy.hierarchies, and needs it', async () => {
    const opts = privacyOptions.parse({
      quasiIdentifiers: qi, sensitive: ['diag'], k: 5, t: 0.2, tMode: 'hierarchical', metric: 'dmstar', suppressionLimit: 0.05,
      hierarchies: { age: { builtin: 'interval', widths: [5, 10, 20] }, zip: { builtin: 'prefix', keep: [5, 4] }, diag: { file: 'diag.csv' } },
    });
    const ts = privacyTransforms(opts, { diag: diagHierarchy });
    const b = table(cols);
    const out: RecordBatch[] = [];
    const p = pipeline(memorySource(b.schema, [b]), ...ts);
    for await (const x of p) out.push(x);
    const rep = riskReport(p.reports());
    expect(rep?.metric).toBe('dmstar');
    expect(out.reduce((s, x) => s + x.numRows, 0)).toBe(2000 - rep!.suppressed);
    // Without the sensitive column's hierarchy: a spec error naming the path.
    const bad = privacyOptions.parse({ quasiIdentifiers: qi, sensitive: ['diag'], k: 5, t: 0.2, tMode: 'hierarchical' });
    expect(() => privacyTransforms(bad)).toThrow(TuominError);
    expect(() => privacyTransforms(bad)).toThrow(/hierarchy for every sensitive column/);
    // A sensitive column's hierarchy is refused when the distance is not hierarchical.
    expect(() => privacyTransforms(privacyOptions.parse({ ...bad, tMode: 'equal', hierarchies: { diag: { file: 'd.csv' } } }), { diag: diagHierarchy })).toThrow(/not a quasi-identifier/);
    expect(() => privacyOptions.parse({ quasiIdentifiers: qi, metric: 'nope' as LossMetric })).toThrow();
  });
});
