/**
 * Grouped card numbers (6222 0212 3456 7890 128) are 16 to 19 digits in groups of four. A cell
 * that is one long run of 4-digit groups ("3713-3713-…", a table flattened into one cell) holds
 * no card; the grouped-card walk stops past 19 digits instead of walking to the end of the run
 * from every group (it was quadratic: 100 KB of such a run took 20 s to scan, 11 ms after).
 */
import { describe, expect, it } from 'vitest';
import { detectValue } from '../src/internal.js';

const types = (s: string): string[] => detectValue(s).map((f) => f.type);

describe('grouped digit runs', () => {
  it('a grouped 19-digit card is found, with a dash or a space between groups', () => {
    expect(types('卡号 6222-0212-3456-7890-128')).toContain('bank_card');
    expect(types('卡号 6222 0212 3456 7890 128')).toContain('bank_card');
  });

  it('a card led by its 6-digit issuer number, or ending in a group of five, is found (a 社保 remark published one, exit 0)', () => {
    expect(types('代扣账户变更为622848 0012 3456 78903')).toContain('bank_card');
    expect(types('622848-0012-3456-78903')).toContain('bank_card');
    expect(types('卡号 6222 0212 3456 7894')).toContain('bank_card');
    expect(types('6228 4800 1234 567890 3')).not.toContain('bank_card'); // a group after a long one: not a card's grouping
    expect(types('622848 0012 3456 78904')).not.toContain('bank_card'); // Luhn fails, no context
  });

  it('five groups of four (20 digits) and a long run of groups are no card', () => {
    expect(types('卡号 6222-0212-3456-7890-1281')).not.toContain('bank_card');
    const run = Array.from({ length: 20_000 }, () => '6222').join('-');
    expect(types(run)).not.toContain('bank_card');
    // The run's end is still read: a card after it, past a word, is found.
    expect(types(`${run} 卡号 6222 0212 3456 7890 128`)).toContain('bank_card');
  });
});
