import { describe, expect, it } from 'vitest';
import { Utf8 } from 'apache-arrow';
import { checkKeyBytes, dateShift, fpe, isConstantKey, pseudonymize, synthesize, type ResolvedKey } from '../src/index.js';
import { batchesOf, runAll } from './generalize-helpers.js';

const HEX = '3f1a9c0e7b2d4a6f8e5c1b0d9a7f3e21';
// What a caller who forgot to decode passes: the hex text where bytes belong.
const textKey = { id: 'k', bytes: HEX } as unknown as ResolvedKey;

describe('keys enter core as bytes, checked in one place', () => {
  it('every keyed rule refuses a hex string for key bytes, says what to pass, never shows the key', async () => {
    const makers: Array<[string, () => unknown]> = [
      ['pseudonymize', () => pseudonymize({ columns: ['n'], method: 'aes-cmac', key: textKey, scope: { dataset: 'd' } })],
      ['fpe', () => fpe({ columns: ['n'], format: 'cn.mobile', key: textKey, scope: { dataset: 'd' } })],
      ['synthesize', () => runAll(synthesize({ columns: ['n'], kind: 'name', key: textKey }), batchesOf('n', new Utf8(), [['张三']]))],
      ['date-shift', () => runAll(dateShift({ columns: ['n'], entityColumn: 'n', maxDays: 3, key: textKey }), batchesOf('n', new Utf8(), [['2020-01-01']]))],
    ];
    for (const [rule, make] of makers) {
      const err = await (async () => { try { await make(); return null; } catch (e) { return e as Error & { code?: string }; } })();
      expect(err, rule).not.toBeNull();
      expect(err!.code, rule).toBe('BAD_KEY');
      expect(err!.message, rule).toMatch(/Uint8Array\.from\(Buffer\.from\(hex, 'hex'\)\)/);
      expect(err!.message, rule).not.toContain(HEX);
    }
  });
  it('a bare string, or no bytes at all, is refused with the shape to pass', () => {
    expect(() => checkKeyBytes(HEX, 'pseudonymize')).toThrow(/keyed rules take the key as bytes/);
    expect(() => checkKeyBytes({ id: 'k' }, 'fpe')).toThrow(/\{ id, bytes: Uint8Array \}/);
    expect(checkKeyBytes({ id: 'k', bytes: Uint8Array.of(1, 2, 3) }, 'fpe')).toEqual(Uint8Array.of(1, 2, 3));
  });
  it('isConstantKey tells placeholder keys from keys', () => {
    expect(isConstantKey(new Uint8Array(16))).toBe(true);
    expect(isConstantKey(new Uint8Array(32).fill(0xff))).toBe(true);
    expect(isConstantKey(Uint8Array.from(Buffer.from(HEX, 'hex')))).toBe(false);
  });
});
