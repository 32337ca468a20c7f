/**
 * Declared-unique columns of the bundled specs stay unique in large fixtures (issue 15 item 6):
 * 案件编号 (penalties) and 统一社会信用代码 (enterprises). 200,000 rows go through the same
 * code path as 10,000,000 (rows depend only on kind, seed and row number); the argument for any
 * size is in fixtures/lib/penalties.ts (caseSerial) and enterprises.ts (uniqueUscc). Before the
 * fix, 200,000 penalties rows held 129,832 repeated case numbers and enterprises 13 repeated codes.
 */
import { describe, expect, it } from 'vitest';
import { USCC_SERIALS, usccFromSerial } from '../fixtures/lib/ids.js';
import { rowGenerator } from '../fixtures/lib/write.js';

const ROWS = 200_000;

function repeats(kind: 'penalties' | 'enterprises', column: number): { repeated: number; values: string[] } {
  const next = rowGenerator(kind, 2024);
  const seen = new Set<string>();
  const values: string[] = [];
  let repeated = 0;
  for (let i = 0; i < ROWS; i++) {
    const v = next()[column]!;
    if (seen.has(v)) repeated++;
    else seen.add(v);
    if (i % 20_000 === 0) values.push(v);
  }
  return { repeated, values };
}

describe('large fixtures keep declared-unique columns unique', () => {
  it('penalties: no case number repeats in 200,000 rows, and they keep the 〔year〕N号 form', () => {
    const r = repeats('penalties', 0);
    expect(r.repeated).toBe(0);
    for (const v of r.values) expect(v).toMatch(/^\p{Script=Han}+〔20(19|2[0-5])〕[1-9]\d*号$/u);
  });

  it('enterprises: no credit code repeats in 200,000 rows', () => {
    const r = repeats('enterprises', 0);
    expect(r.repeated).toBe(0);
    for (const v of r.values) expect(v).toMatch(/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/);
  });

  it('usccFromSerial is one-to-one at both ends of its range and refuses serials outside it', () => {
    const bodies = new Set<string>();
    for (const base of [0, USCC_SERIALS - 50_000]) {
      for (let i = base; i < base + 50_000; i++) bodies.add(usccFromSerial(i, '9', '1', '371600').slice(8, 16));
    }
    expect(bodies.size).toBe(100_000);
    expect(() => usccFromSerial(USCC_SERIALS, '9', '1', '371600')).toThrow(RangeError);
  });
});
