import { describe, expect, it } from 'vitest';
import type { RecordBatch } from 'apache-arrow';
import { Type } from 'apache-arrow';
import {
  anonymize, ClassStats, collectClassStats, dateHierarchy, enforcedK, evaluateAllNodes, intervalHierarchy, memorySource, parseHierarchy,
  pipeline, prefixHierarchy, privacyOptions, privacyTransforms, riskReport, riskSummary, searchGeneralization, TuominError,
} from '../src/internal.js';
import { mulberry, table } from './privacy-helpers.js';

async function collect(p: AsyncIterable<RecordBatch>): Promise<RecordBatch[]> {
  const out: RecordBatch[] = [];
  for await (const b of p) out.push(b);
  return out;
}

function column(batches: RecordBatch[], name: string): Array<string | null> {
  const out: Array<string | null> = [];
  for (const b of batches) {
    const v = b.getChild(name)!;
    for (let i = 0; i < v.length; i++) out.push(v.get(i) as string | null);
  }
  return out;
}

describe('privacy settings', () => {
  it('maxProsecutorRisk raises the k the search enforces (1 / risk, rounded up)', () => {
    const q = { quasiIdentifiers: ['a'] };
    expect(enforcedK({ ...q, k: 3, maxProsecutorRisk: 0.2 })).toBe(5);
    expect(enforcedK({ ...q, k: 3, maxProsecutorRisk: 0.3 })).toBe(4);
    expect(enforcedK({ ...q, k: 10, maxProsecutorRisk: 0.2 })).toBe(10);
    expect(enforcedK({ ...q, k: 3 })).toBe(3);
    expect(enforcedK({ ...q, maxProsecutorRisk: 1 })).toBe(1);
  });
});

describe('hierarchies', () => {
  it('parses the ARX CSV format and reports bad rows with their line', () => {
    const h = parseHierarchy('\uFEFF男;*\n女;*\n', ';', 'sex.csv');
    expect(h.height).toBe(2);
    expect(h.generalize('女', 1, 'sex')).toBe('*');
    expect(() => h.generalize('未知', 1, 'sex')).toThrow(/column "sex" is not in the hierarchy \(value not shown\)/);
    let msg = '';
    try { h.generalize('未知', 1, 'sex'); } catch (e) { msg = `${(e as Error).message} ${JSON.stringify(e)}`; }
    expect(msg).not.toContain('未知');
    expect(() => parseHierarchy('a;x;*\nb;*\n', ';', 'h.csv')).toThrow(/line 2/);
    expect(() => parseHierarchy('a;x;*\nb;x;y\n', ';', 'h.csv')).toThrow(/generalizes to both/);
    expect(() => parseHierarchy('a;*\na;*\n')).toThrow(/twice/);
  });

  it('builds interval, date and prefix hierarchies', () => {
    const i = intervalHierarchy([5, 10]);
    expect([i.generalize('23', 1, 'age'), i.generalize('23', 2, 'age'), i.generalize('23', 3, 'age')]).toEqual(['20-24', '20-29', '*']);
    expect(() => i.generalize('二十', 1, 'age')).toThrow(/not a number/);
    expect(() => intervalHierarchy([5, 7])).toThrow(/multiple/);
    const d = dateHierarchy();
    expect([1, 2, 3, 4].map((l) => d.generalize('2023-07-15', l, 'd'))).toEqual(['2023-07', '2023', '202x', '*']);
    expect(() => d.generalize('15/07/2023', 1, 'd')).toThrow(/not a date/);
    const p = prefixHierarchy([4, 2]);
    expect([1, 2, 3].map((l) => p.generalize('110105', l, 'code'))).toEqual(['1101**', '11****', '*']);
  });
});

/** A small table where the optimum can be checked by hand and by exhaustion. */
function synthetic(n: number, seed = 3) {
  const rnd = mulberry(seed);
  const cols = { age: [] as string[], zip: [] as string[], sex: [] as string[], diag: [] as string[] };
  for (let i = 0; i < n; i++) {
    cols.age.push(String(18 + Math.floor(rnd() * 60)));
    cols.zip.push(`1101${String(Math.floor(rnd() * 30)).padStart(2, '0')}`);
    cols.sex.push(rnd() < 0.5 ? '男' : '女');
    cols.diag.push(['流感', '肺炎', '哮喘', '胃炎'][Math.floor(rnd() * 4)]!);
  }
  return cols;
}

describe('generalization search', () => {
  const cols = synthetic(3000);
  const hs = [intervalHierarchy([5, 10, 20]), prefixHierarchy([5, 4, 2]), parseHierarchy('男;*\n女;*\n')];
  const stats = new ClassStats({ quasiIdentifiers: ['age', 'zip', 'sex'], sensitive: ['diag'] });
  stats.add(table(cols, { zip: 'dict' }));

  for (const metric of ['entropy', 'precision', 'discernibility', 'aecs'] as const) {
    it(`Flash finds the exhaustive optimum (${metric}, k=10, 2 %)`, () => {
      const model = { k: 10, suppressionLimit: 0.02 };
      const r = searchGeneralization(stats, hs, { ...model, metric });
      const all = evaluateAllNodes(stats, hs, model, metric).filter((x) => x.satisfies);
      const bestLoss = Math.min(...all.map((x) => x.loss));
      expect(r.found).toBe(true);
      expect(r.loss).toBeCloseTo(bestLoss, 9);
      expect(r.suppressed).toBeLessThanOrEqual(60);
    });
  }

  it('honours l-diversity and t-closeness in the search', () => {
    const model = { k: 5, suppressionLimit: 0.02, l: { column: 'diag', l: 3, mode: 'distinct' as const } };
    const r = searchGeneralization(stats, hs, { ...model, metric: 'entropy' });
    const all = evaluateAllNodes(stats, hs, model, 'entropy').filter((x) => x.satisfies);
    expect(r.loss).toBeCloseTo(Math.min(...all.map((x) => x.loss)), 9);
    const t = searchGeneralization(stats, hs, { k: 5, suppressionLimit: 0.02, t: { column: 'diag', t: 0.15, mode: 'equal' } });
    expect(t.found).toBe(true);
  });

  it('greedy returns a satisfying node, not claimed optimal', () => {
    const r = searchGeneralization(stats, hs, { k: 10, suppressionLimit: 0.02, algorithm: 'greedy' });
    expect(r.found).toBe(true);
    expect(r.optimal).toBe(false);
  });

  it('reports no solution when even the top node fails', () => {
    const r = searchGeneralization(stats, hs, { k: 5000, suppressionLimit: 0 });
    expect(r.found).toBe(false);
  });
});

describe('anonymize transform', () => {
  const district = ['海淀区', '海淀区', '朝阳区', '朝阳区', '朝阳区', null, '海淀区', '朝阳区', '朝阳区'];
  const gender = ['男', '女', '男', '男', '女', '女', '男', '男', '男'];
  const diag = ['流感', '流感', '肺炎', '流感', '哮喘', '肺炎', '流感', '流感', '胃炎'];

  it('drops records of classes below k within the limit (dictionary, sliced, multi-chunk, empty batches)', async () => {
    const b = table({ district, gender, diag }, { district: 'dict' });
    const src = memorySource(b.schema, [b.slice(0, 0), b.slice(0, 4), b.slice(4)]);
    const p = pipeline(src, anonymize({ quasiIdentifiers: ['district', 'gender'], k: 2, suppressionLimit: 0.5 }));
    const out = await collect(p);
    // Classes: 朝阳男 4, 海淀男 2 kept; 海淀女, 朝阳女, (null)女 dropped.
    expect(column(out, 'gender')).toEqual(['男', '男', '男', '男', '男', '男']);
    expect(column(out, 'diag')).toEqual(['流感', '肺炎', '流感', '流感', '流感', '胃炎']);
    const rep = riskReport(p.reports())!;
    expect(rep.suppressed).toBe(3);
    expect(rep.risk).toMatchObject({ rows: 6, minClassSize: 2, recordsBelowK: 0 });
    expect(JSON.stringify(p.reports())).not.toContain('流感');
  });

  it('masks quasi-identifiers with * instead when asked (LargeUtf8 kept large)', async () => {
    const b = table({ district, gender, diag }, { gender: 'large' });
    const p = pipeline(memorySource(b.schema, [b]), anonymize({ quasiIdentifiers: ['district', 'gender'], k: 2, suppressionLimit: 0.5, suppression: 'mask' }));
    const out = await collect(p);
    expect(column(out, 'gender')).toEqual(['男', '*', '男', '男', '*', '*', '男', '男', '男']);
    expect(column(out, 'district')[5]).toBe('*');
    expect(out[0]!.getChild('gender')!.type.typeId).toBe(Type.LargeUtf8);
  });

  it('masks dictionary quasi-identifiers with * too (decoded to Utf8), also in batches with nothing to mask', async () => {
    const run = async (kinds: Record<string, 'dict'>) => {
      const b = table({ district, gender, diag }, kinds);
      // The second batch (two rows of the first) has classes that need no masking.
      const p = pipeline(memorySource(b.schema, [b, b.slice(0, 2), b.slice(0, 0)]), anonymize({ quasiIdentifiers: ['district', 'gender'], k: 2, suppressionLimit: 0.5, suppression: 'mask' }));
      return { out: await collect(p), p };
    };
    const plain = await run({});
    const { out, p } = await run({ gender: 'dict', district: 'dict' });
    expect(column(out, 'gender')).toEqual(column(plain.out, 'gender'));
    expect(column(out, 'district')).toEqual(column(plain.out, 'district'));
    expect(column(out, 'gender')).toContain('*');
    for (const o of out) expect(o.getChild('gender')!.type.typeId).toBe(Type.Utf8);
    expect(p.schema.fields.find((f) => f.name === 'gender')!.type.typeId).toBe(Type.Utf8);
  });

  it('fails with PRIVACY giving class sizes, never quasi-identifier or sensitive values', async () => {
    const b = table({ district, gender, diag });
    const p = pipeline(memorySource(b.schema, [b]), anonymize({ quasiIdentifiers: ['district', 'gender'], sensitive: ['diag'], k: 2, suppressionLimit: 0.1 }));
    const err = await collect(p).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TuominError);
    expect((err as TuominError).code).toBe('PRIVACY');
    const msg = (err as TuominError).message;
    expect(msg).toMatch(/\d+ violating classes \(\d+ of 1 record[,;]/);
    expect(msg).toContain('generalization levels district 0, gender 0');
    for (const v of [...new Set([...district, ...gender, ...diag])].filter((x): x is string => typeof x === 'string')) expect(msg).not.toContain(v);
  });

  it('generalizes with hierarchies found by the search and enforces l-diversity', async () => {
    const cols = synthetic(2000, 11);
    const b = table(cols);
    const p = pipeline(
      memorySource(b.schema, [b.slice(0, 1000), b.slice(1000)]),
      anonymize({
        quasiIdentifiers: ['age', 'zip', 'sex'], sensitive: ['diag'],
        hierarchies: { age: intervalHierarchy([5, 10, 20]), zip: prefixHierarchy([5, 4, 2]) },
        k: 5, l: { column: 'diag', l: 2 }, suppressionLimit: 0.03,
      }),
    );
    const out = await collect(p);
    const rep = riskReport(p.reports())!;
    expect(rep.optimal).toBe(true);
    expect(rep.levels.sex).toBe(0);
    const released = await collectClassStats(out, { quasiIdentifiers: ['age', 'zip', 'sex'] });
    expect(released.rows).toBe(2000 - rep.suppressed);
    expect(riskSummary(released, { k: 5 }).recordsBelowK).toBe(0);
    if (rep.levels.age! > 0) expect(column(out, 'age')[0]).toMatch(/^\d+-\d+$|^\*$/);
  });

  it('applies fixed levels: generalized labels, and exactly the violating records dropped', async () => {
    const cols = synthetic(1500, 13);
    const b = table(cols, { zip: 'dict' });
    const p = pipeline(
      memorySource(b.schema, [b.slice(0, 0), b.slice(0, 600), b.slice(600)]),
      anonymize({
        quasiIdentifiers: ['age', 'zip', 'sex'],
        hierarchies: { age: intervalHierarchy([5, 10, 20]), zip: prefixHierarchy([5, 4, 2]) },
        levels: { age: 1, zip: 1 }, k: 4, suppressionLimit: 1,
      }),
    );
    const out = await collect(p);
    const rep = riskReport(p.reports())!;
    expect(rep.suppressed).toBeGreaterThan(0);
    const rows = out.reduce((n, x) => n + x.numRows, 0);
    expect(rows).toBe(1500 - rep.suppressed);
    expect(column(out, 'age').every((a) => /^\d+-\d+$/.test(a!))).toBe(true);
    expect(column(out, 'zip').every((z) => /^\d{5}\*$/.test(z!))).toBe(true);
    const released = await collectClassStats(out, { quasiIdentifiers: ['age', 'zip', 'sex'] });
    expect(riskSummary(released, { k: 4 })).toMatchObject({ recordsBelowK: 0, rows });
    // Independent check: group the generalized input by hand.
    const counts = new Map<string, number>();
    const ageOf = (a: string) => { const lo = Math.floor(Number(a) / 5) * 5; return `${lo}-${lo + 4}`; };
    cols.age.forEach((a, i) => { const key = `${ageOf(a)}|${cols.zip[i]!.slice(0, 5)}|${cols.sex[i]}`; counts.set(key, (counts.get(key) ?? 0) + 1); });
    let small = 0;
    for (const v of counts.values()) if (v < 4) small += v;
    expect(rep.suppressed).toBe(small);
  });

  it('builds transforms from the spec options (built-in hierarchies)', async () => {
    const opts = privacyOptions.parse({ quasiIdentifiers: ['age', 'zip'], k: 3, suppressionLimit: 0.05, hierarchies: { age: { builtin: 'interval', widths: [10, 20] }, zip: { builtin: 'prefix', keep: [4, 2] } } });
    const ts = privacyTransforms(opts);
    expect(ts).toHaveLength(1);
    const b = table(synthetic(500, 5));
    const out = await collect(pipeline(memorySource(b.schema, [b]), ...ts));
    expect(out.reduce((n, x) => n + x.numRows, 0)).toBeGreaterThanOrEqual(475);
    expect(() => privacyTransforms(privacyOptions.parse({ quasiIdentifiers: ['age'], hierarchies: { zip: { builtin: 'date' } } }))).toThrow(/not a quasi-identifier/);
    expect(() => privacyTransforms(privacyOptions.parse({ quasiIdentifiers: ['age'], hierarchies: { age: { file: 'a.csv' } } }))).toThrow(/not loaded/);
    expect(() => privacyOptions.parse({ quasiIdentifiers: [] })).toThrow();
  });

  it('rejects an unknown column at bind time', () => {
    const b = table({ district, gender });
    expect(() => pipeline(memorySource(b.schema, [b]), anonymize({ quasiIdentifiers: ['区县'], k: 2 }))).toThrow(/区县|column not found/);
  });
});
