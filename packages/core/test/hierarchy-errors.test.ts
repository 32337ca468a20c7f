import { describe, expect, it } from 'vitest';
import { TuominError, dateHierarchy, intervalHierarchy } from '../src/index.js';

/** A value a hierarchy cannot read may be a quasi-identifier (a birth date): errors name the column and the rule, never the value. */
describe('hierarchy errors never show the value', () => {
  const thrown = (f: () => unknown): TuominError => {
    try { f(); } catch (e) { return e as TuominError; }
    throw new Error('expected an error');
  };
  it('a date hierarchy over a value that is no ISO date', () => {
    const err = thrown(() => dateHierarchy().generalize('1987/12/10', 1, '出生日期'));
    expect(err).toBeInstanceOf(TuominError);
    expect(err.message).not.toContain('1987');
    expect(err.message).toContain('出生日期');
    expect(err.location).toMatchObject({ column: '出生日期', rule: 'date' });
    expect(err.hint).toContain('cast');
  });
  it('an interval hierarchy over a value that is no number', () => {
    const err = thrown(() => intervalHierarchy([5, 10]).generalize('三十七岁', 1, '年龄'));
    expect(err.message).not.toContain('三十七');
    expect(err.location).toMatchObject({ column: '年龄', rule: 'interval' });
  });
});
