import { describe, expect, it } from 'vitest';
import { ClassStats, lDiversity, riskFromCounts, riskSummary, tCloseness } from '../src/internal.js';
import { table } from './privacy-helpers.js';

// Rows: (district, gender, diagnosis)
// 0 海淀 男 流感 · 1 海淀 女 流感 · 2 朝阳 男 肺炎 · 3 朝阳 男 流感
// 4 朝阳 女 哮喘 · 5 null 女 肺炎 · 6 海淀 男 流感 · 7 朝阳 男 流感
// Classes: 朝阳男 3, 海淀男 2, 朝阳女 1, 海淀女 1, (null)女 1.
const district = ['海淀区', '海淀区', '朝阳区', '朝阳区', '朝阳区', null, '海淀区', '朝阳区'];
const gender = ['男', '女', '男', '男', '女', '女', '男', '男'];
const diag = ['流感', '流感', '肺炎', '流感', '哮喘', '肺炎', '流感', '流感'];

function stats(kinds: Record<string, 'dict' | 'large'> = {}): ClassStats {
  const s = new ClassStats({ quasiIdentifiers: ['district', 'gender'], sensitive: ['diag'] });
  const b = table({ district, gender, diag }, kinds);
  s.add(b.slice(0, 0));
  s.add(b.slice(0, 5));
  s.add(b.slice(5));
  return s;
}

function classOf(s: ClassStats, d: string | null, g: string): number {
  for (let c = 0; c < s.classes; c++) {
    const l = s.classLabels(c);
    if (l[0] === d && l[1] === g) return c;
  }
  throw new Error('no class');
}

describe('risk figures (hand-computed)', () => {
  it('k-anonymity and prosecutor / journalist / marketer risk', () => {
    const r = riskSummary(stats(), { k: 2 });
    expect(r).toMatchObject({
      rows: 8, classes: 5, minClassSize: 1, maxClassSize: 3, classesBelowK: 3, recordsBelowK: 3,
      prosecutor: { max: 1, avg: 5 / 8 }, journalist: { max: 1, avg: 5 / 8, population: 'sample' }, marketer: 5 / 8,
      sampleUniques: { records: 3, share: 3 / 8 },
    });
    expect(r.averageClassSize).toBeCloseTo(8 / 5, 12);
    // Threshold 0.2: every class is smaller than 5, so every record is at risk; 0.4 leaves out the class of 3.
    expect(r.recordsAboveThreshold.records).toBe(8);
    expect(riskSummary(stats(), { k: 2, riskThreshold: 0.4 }).recordsAboveThreshold.records).toBe(5);
  });

  it('record-weighted average prosecutor risk equals mean of 1/|class| over records', () => {
    const sizes = [1, 2, 2, 5, 10];
    const r = riskFromCounts(sizes, sizes.length, { k: 5 });
    const rows = 20;
    let sum = 0;
    for (const s of sizes) sum += s * (1 / s);
    expect(r.prosecutor.avg).toBeCloseTo(sum / rows, 15);
    expect(r.recordsBelowK).toBe(5);
    expect(r.prosecutor.max).toBe(1);
  });

  it('distinct and entropy l-diversity', () => {
    for (const kinds of [{}, { district: 'dict' as const, diag: 'large' as const }]) {
      const s = stats(kinds);
      const d = lDiversity('diag', s.pairs[0]!, s.table.counts, s.classes, 2, 'distinct');
      expect(d).toMatchObject({ minDistinct: 1, classesViolating: 4, recordsViolating: 5 });
      expect(d.flags[classOf(s, '朝阳区', '男')]).toBe(0);
      const e = lDiversity('diag', s.pairs[0]!, s.table.counts, s.classes, 2, 'entropy');
      // 朝阳男 holds 流感×2, 肺炎×1: exp(H) = exp(-(1/3 ln 1/3 + 2/3 ln 2/3)) ≈ 1.8899 < 2.
      expect(e.classesViolating).toBe(5);
      expect(e.minEntropyL).toBeCloseTo(1, 12);
      const e15 = lDiversity('diag', s.pairs[0]!, s.table.counts, s.classes, 1.8, 'entropy');
      expect(e15.flags[classOf(s, '朝阳区', '男')]).toBe(0);
    }
  });

  it('t-closeness with equal distance', () => {
    const s = stats();
    const r = tCloseness('diag', s.pairs[0]!, s.table.counts, s.classes, s.sensDicts[0]!, 0.5, 'equal');
    // q = (流感 5/8, 肺炎 2/8, 哮喘 1/8); 朝阳女 = (0,0,1) is farthest: ½(5/8 + 2/8 + 7/8) = 0.875.
    expect(r.maxDistance).toBeCloseTo(0.875, 12);
    expect(r.classesViolating).toBe(2);
    expect(r.recordsViolating).toBe(2);
    expect(r.flags[classOf(s, '朝阳区', '女')]).toBe(1);
    expect(r.flags[classOf(s, null, '女')]).toBe(1);
    expect(r.flags[classOf(s, '海淀区', '男')]).toBe(0); // 0.375
  });

  it('t-closeness with ordered distance uses numeric order', () => {
    // A = (10, 10, 2), B = (3); q = (2: 1/4, 3: 1/4, 10: 1/2) in numeric order.
    const s = new ClassStats({ quasiIdentifiers: ['g'], sensitive: ['salary'] });
    s.add(table({ g: ['A', 'A', 'A', 'B'], salary: ['10', '10', '2', '3'] }));
    const r = tCloseness('salary', s.pairs[0]!, s.table.counts, s.classes, s.sensDicts[0]!, 0.2, 'ordered');
    // A: cumulative (1/3−1/4, −1/4, +1/3 ...) → (1/12 + 1/6 + 0) / 2 = 0.125; B: (1/4 + 1/2 + 0) / 2 = 0.375.
    const a = s.classLabels(0)[0] === 'A' ? 0 : 1;
    expect(r.flags[a]).toBe(0);
    expect(r.flags[1 - a]).toBe(1);
    expect(r.maxDistance).toBeCloseTo(0.375, 12);
  });
});
