import { describe, expect, it } from 'vitest';
import { ff1Batch, ff1Cipher, ff1CycleWalk, ff1Digits } from '../src/internal.js';

const hex = (s: string) => new Uint8Array(Buffer.from(s, 'hex'));
const ALNUM = '0123456789abcdefghijklmnopqrstuvwxyz';
const digits = (s: string) => [...s].map((c) => ALNUM.indexOf(c));
const str = (d: number[]) => d.map((x) => ALNUM[x]).join('');

// NIST SP 800-38G FF1 samples (csrc.nist.gov, "FF1samples.pdf").
const K128 = '2b7e151628aed2a6abf7158809cf4f3c';
const K256 = '2b7e151628aed2a6abf7158809cf4f3cef4359d8d580aa4f7f036d6f04fc6a94';
const samples: [string, string, number, string, string, string][] = [
  ['1', K128, 10, '', '0123456789', '2433477484'],
  ['2', K128, 10, '39383736353433323130', '0123456789', '6124200773'],
  ['3', K128, 36, '3737373770717273373737', '0123456789abcdefghi', 'a9tv40mll9kdu509eum'],
  ['7', K256, 10, '', '0123456789', '6657667009'],
  ['8', K256, 10, '39383736353433323130', '0123456789', '1001623463'],
  ['9', K256, 36, '3737373770717273373737', '0123456789abcdefghi', 'xs8a0azh2avyalyzuwd'],
];

describe('FF1 (NIST SP 800-38G samples)', () => {
  for (const [name, key, radix, tweak, pt, ct] of samples) {
    it(`sample ${name}: encrypt and decrypt`, () => {
      expect(str(ff1Digits(hex(key), radix, digits(pt), hex(tweak)))).toBe(ct);
      expect(str(ff1Digits(hex(key), radix, digits(ct), hex(tweak), true))).toBe(pt);
    });
  }
  it('a batch with per-value tweaks equals value-by-value encryption', () => {
    const key = hex(K128);
    const tweaks = [hex('39383736353433323130'), hex('30303030303030303030'), hex('39383736353433323130')];
    const pts = ['0123456789', '9999999999', '0000000000'];
    const a = Float64Array.from(pts, (p) => Number(p.slice(0, 5)));
    const b = Float64Array.from(pts, (p) => Number(p.slice(5)));
    const tw = new Uint8Array(30);
    tweaks.forEach((t, i) => tw.set(t, i * 10));
    ff1Batch(ff1Cipher(key), { radix: 10, n: 10, t: 10 }, a, b, 3, tw, false);
    pts.forEach((p, i) => {
      const one = str(ff1Digits(key, 10, digits(p), tweaks[i]!));
      expect(String(a[i]).padStart(5, '0') + String(b[i]).padStart(5, '0')).toBe(one);
    });
    expect(String(a[0]).padStart(5, '0') + String(b[0]).padStart(5, '0')).toBe('6124200773');
  });
  it('refuses domains below 1,000,000', () => {
    expect(() => ff1Digits(hex(K128), 10, [1, 2, 3, 4, 5], new Uint8Array(0))).toThrow(/at least 1,000,000/);
  });
});

describe('FF1 cycle-walking', () => {
  it('stays inside [0, limit), is injective and decrypts back', () => {
    const limit = 400_000;
    const count = 20_000;
    const input = Float64Array.from({ length: count }, (_, i) => i * 20);
    const x = input.slice();
    const tweaks = new Uint8Array(count * 2).fill(7);
    const cipher = ff1Cipher(hex(K128));
    ff1CycleWalk(cipher, { radix: 10, n: 6, t: 2 }, limit, x, count, tweaks, false);
    expect(new Set(x).size).toBe(count);
    expect(Math.max(...x)).toBeLessThan(limit);
    ff1CycleWalk(cipher, { radix: 10, n: 6, t: 2 }, limit, x, count, tweaks, true);
    expect(Array.from(x)).toEqual(Array.from(input));
  });
});
