import { describe, expect, it } from 'vitest';
import { vectorFromArray, Utf8 } from 'apache-arrow';
import { ValueScanner, scanColumn } from '../src/internal.js';

/*
 * The residual scan keeps the hits of the values a column repeats (detect/scan-memo.ts). Its
 * findings must be those of scanning every value alone: the same hits, for the same rows, in the
 * same order, whether the memo hits, misses, collides or is dropped.
 */

type Hit = [row: number, type: number, confidence: number];

function hitsOfColumn(values: string[], scanner = new ValueScanner()): Hit[] {
  const out: Hit[] = [];
  for (const data of vectorFromArray(values, new Utf8()).data) scanColumn(data, scanner, 0, { hit: (row, type, conf) => out.push([row, type, conf]) });
  return out;
}

/** Each value in a column of its own (scanColumn's memo lives as long as the column's scan). */
function hitsOneByOne(values: string[]): Hit[] {
  const out: Hit[] = [];
  const scanner = new ValueScanner();
  values.forEach((v, row) => {
    for (const [, type, conf] of hitsOfColumn([v], scanner)) out.push([row, type, conf]);
  });
  return out;
}

// Values of one length that differ in one character (滨州市/邹平市 of the same authority), some
// holding identifiers and some not, a context word before a name, and a value past the memo's length.
const VALUES = [
  '滨州市市场监督管理局', '邹平市市场监督管理局', '自然人', '法人',
  '联系电话13812345678', '联系电话13812345679', '联系电话23812345678', '联系电话1381234567８',
  '当事人王建国于2020年', '当事人李建国于2020年', '370102198712105071',
  `经查，${'违反了《中华人民共和国食品安全法》的规定。'.repeat(12)}联系人张伟`,
  // 300 values of one length, every other one a mobile number: some share a slot of the memo.
  ...Array.from({ length: 300 }, (_, k) => `电话1${k % 2 ? 3 : 0}8${String(12_345_678 + k * 7919).padStart(8, '0')}`),
];

describe('residual scan of repeated values', () => {
  it('gives the hits of scanning each value alone, in a column that repeats its values', () => {
    const column = Array.from({ length: 20_000 }, (_, i) => VALUES[(i * 7 + (i >> 5)) % VALUES.length]!);
    const whole = hitsOfColumn(column);
    expect(whole.length).toBeGreaterThan(5_000);
    expect(whole).toEqual(hitsOneByOne(column));
  });

  it('gives the same hits in a column whose values do not repeat (the memo dropped)', () => {
    const column = Array.from({ length: 6_000 }, (_, i) => (i % 3 === 0 ? `联系电话138${String(10_000_000 + i * 37).slice(0, 8)}` : `编号${i}号楼`));
    const whole = hitsOfColumn(column);
    expect(whole.length).toBe(2_000);
    expect(whole).toEqual(hitsOneByOne(column));
  });
});
