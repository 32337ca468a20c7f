import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Utf8, vectorFromArray } from 'apache-arrow';
import { MASK_PRESETS, buildMaskKernel, maskData, newCounts, simdRecords, useSimdKernels, type MaskRuleOptions } from '../src/internal.js';

/** Seeded random strings mixing ASCII digits/letters, separators, CJK, a 4-byte character and emoji. */
function randomValues(n: number, seed: number): (string | null)[] {
  let s = seed;
  const rnd = (): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
  const alphabet = ['1', '3', '8', '0', 'X', 'a', '@', '.', ' ', '-', '张', '三', '省', '市', '区', '·', '𠀀', '😀', '＊'];
  const out: (string | null)[] = [];
  for (let i = 0; i < n; i++) {
    if (rnd() < 0.05) { out.push(null); continue; }
    const len = Math.floor(rnd() * 24);
    let v = '';
    for (let k = 0; k < len; k++) v += alphabet[Math.floor(rnd() * alphabet.length)]!;
    out.push(v);
  }
  return out;
}

const fatal = new TextDecoder('utf-8', { fatal: true });
const OPTIONS: MaskRuleOptions[] = [
  ...MASK_PRESETS.map((preset) => ({ preset })),
  { keepFirst: 2, keepLast: 3 }, { keepFirst: 1, keepLast: 1, maskChar: '＊' }, { range: { from: 2, to: -2 } },
  { delimiter: '@', keepFirst: 1 }, { keepFirst: 3, keepLast: 2, keepSeparators: true }, { keepFirst: 1, fixedWidth: 2 },
];

describe('random strings: output is valid UTF-8, nulls kept, both paths agree', () => {
  const values = randomValues(1500, 20240521);
  const data = vectorFromArray(values, new Utf8()).data[0]!;
  for (const o of OPTIONS) {
    it(JSON.stringify(o), () => {
      const results = [42, -1].map((maskByte) => {
        const counts = newCounts();
        const m = new TextEncoder().encode(o.maskChar ?? '*');
        const out = maskData(data, { kernel: buildMaskKernel(o), onInvalid: 'mask-all', mask: m, maskByte: m.length === 1 ? maskByte : -1, counts, raise: () => { throw new Error(); } });
        const offs = out.valueOffsets as Int32Array;
        const strings = values.map((_, i) => (out.getValid(i) ? fatal.decode((out.values as Uint8Array).subarray(offs[i]!, offs[i + 1]!)) : null));
        return { strings, counts };
      });
      expect(results[0]).toEqual(results[1]);
      const { strings, counts } = results[0]!;
      expect(strings.map((v) => v === null)).toEqual(values.map((v) => v === null));
      expect(counts.rowsSeen).toBe(values.length);
      expect(counts.nulls).toBe(values.filter((v) => v === null).length);
      // Masked whole (invalid) values keep their length in characters.
      if (o.fixedWidth === undefined && o.preset !== 'cn.address' && o.preset !== 'ipv4') {
        expect(strings.map((v) => (v === null ? -1 : Array.from(v).length))).toEqual(values.map((v) => (v === null ? -1 : Array.from(v).length)));
      }
    });
  }
});

describe('chunk loops (no nulls): every near miss stops the run and takes the per-value path', () => {
  // Bytes next to '0' and '9' in ASCII (/ and :), letters, and a multi-byte character, at every
  // position of an otherwise well-formed value; the SWAR digit test must reject each of them.
  const near = ['/', ':', 'a', ' ', '\u00e9'];
  const mutate = (v: string): string[] => Array.from(v).flatMap((_, k) => near.map((c) => v.slice(0, k) + c + v.slice(k + 1)));
  const run = (o: MaskRuleOptions, values: string[]) => {
    const data = vectorFromArray(values, new Utf8()).data[0]!;
    return [42, -1].map((maskByte) => {
      const counts = newCounts();
      const m = new TextEncoder().encode('*');
      const out = maskData(data, { kernel: buildMaskKernel(o), onInvalid: 'keep', mask: m, maskByte, counts, raise: () => { throw new Error(); } });
      const offs = out.valueOffsets as Int32Array;
      return { strings: values.map((_, i) => fatal.decode((out.values as Uint8Array).subarray(offs[i]!, offs[i + 1]!))), counts };
    });
  };

  it('cn.id', () => {
    const valid = ['37160219900101123X', '371602199001011234', '11010519491231002x'];
    const misses = valid.flatMap(mutate);
    const values = [...valid, ...misses, '', '370102900101123', ...valid];
    const [inPlace, writer] = run({ preset: 'cn.id' }, values);
    expect(inPlace).toEqual(writer);
    expect(inPlace!.strings.slice(0, 3)).toEqual(['371602********123X', '371602********1234', '110105********002x']);
    // Near misses are invalid (kept under onInvalid: keep), except those that stay an ID (x/X last).
    const invalid = misses.filter((v) => !/^\d{17}[\dXx]$/.test(v)).length;
    expect(inPlace!.counts.invalid).toBe(invalid);
    expect(inPlace!.strings.at(-4)).toBe('370102******123');
    expect(inPlace!.strings.slice(-3)).toEqual(['371602********123X', '371602********1234', '110105********002x']);
  });

  it('cn.mobile', () => {
    const valid = ['13812345678', '19999999999', '13000000000'];
    const misses = valid.flatMap(mutate);
    const values = [...valid, ...misses, '', '+86 138 1234 5678', '12812345678', ...valid];
    const [inPlace, writer] = run({ preset: 'cn.mobile' }, values);
    expect(inPlace).toEqual(writer);
    expect(inPlace!.strings.slice(0, 3)).toEqual(['138****5678', '199****9999', '130****0000']);
    expect(inPlace!.strings.slice(-3)).toEqual(['138****5678', '199****9999', '130****0000']);
    expect(inPlace!.strings.at(-5)).toBe('+86 138 **** 5678');
  });
});

describe('cn.id copying loop: any keepFirst/keepLast, sliced input', () => {
  it('agrees with the writer for every kept range, on a sliced chunk whose offsets do not start at 0', () => {
    const ids = ['37160219900101123X', '371602199001011234', '11010519491231002x', '110105194912310021'];
    const values = ['skip', ...ids, ...ids, 'bad', ...ids];
    const data = vectorFromArray(values, new Utf8()).data[0]!.slice(1, values.length - 1);
    for (const [keepFirst, keepLast] of [[6, 4], [0, 0], [3, 1], [10, 7], [17, 0], [0, 17], [1, 16]] as const) {
      const o: MaskRuleOptions = { preset: 'cn.id', keepFirst, keepLast };
      const outs = [42, -1].map((maskByte) => {
        const counts = newCounts();
        const out = maskData(data, { kernel: buildMaskKernel(o), onInvalid: 'mask-all', mask: new Uint8Array([42]), maskByte, counts, raise: () => { throw new Error(); } });
        const offs = out.valueOffsets as Int32Array;
        return { strings: Array.from({ length: out.length }, (_, i) => fatal.decode((out.values as Uint8Array).subarray(offs[i]!, offs[i + 1]!))), counts };
      });
      expect(outs[0]).toEqual(outs[1]);
      const first = outs[0]!.strings[0]!;
      expect(first.slice(0, keepFirst)).toBe(ids[0]!.slice(0, keepFirst));
      expect(first.slice(keepFirst, 18 - keepLast)).toBe('*'.repeat(18 - keepFirst - keepLast));
      expect(first.slice(18 - keepLast)).toBe(ids[0]!.slice(18 - keepLast));
    }
  });
});

describe.each([true, false])('fixed-width values (cn.id, cn.mobile), SIMD kernel %s: the in-place paths agree with the writer', (simd) => {
  beforeAll(() => useSimdKernels(simd));
  afterAll(() => useSimdKernels(true));
  it('the SIMD kernel is available here unless turned off', () => {
    expect(simdRecords() !== null).toBe(simd);
  });
  const ID_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let s = 99;
  const rnd = (): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
  const digits = (k: number): string => Array.from({ length: k }, () => String(Math.floor(rnd() * 10))).join('');
  const id = (): string => {
    const body = digits(17);
    let sum = 0;
    for (let k = 0; k < 17; k++) sum += (body.charCodeAt(k) - 48) * ID_W[k]!;
    const c = '10X98765432'[sum % 11]!;
    return body + (c === 'X' && rnd() < 0.3 ? 'x' : c);
  };
  const mobile = (): string => `1${3 + Math.floor(rnd() * 7)}${digits(9)}`;
  // Anomalies that stop a group: near misses, other lengths (which also shift word alignment for
  // the rest of the chunk), multi-byte text, empty strings.
  const anomalies = (good: () => string): (() => string)[] => [
    () => { const v = good(); const k = Math.floor(rnd() * v.length); return v.slice(0, k) + ['/', ':', 'a', 'é', '\u00ff'][Math.floor(rnd() * 5)]! + v.slice(k + 1); },
    () => good().slice(1),
    () => `${good()}9`,
    () => '370102900101123',
    () => '',
    () => '张三',
  ];
  const decode = (out: ReturnType<typeof maskData>): string[] => {
    const offs = out.valueOffsets as Int32Array;
    return Array.from({ length: out.length }, (_, i) => fatal.decode((out.values as Uint8Array).subarray(offs[i]!, offs[i + 1]!)));
  };
  const mask = (data: ReturnType<typeof maskData>, o: MaskRuleOptions, maskByte: number, onInvalid: 'mask-all' | 'keep' | 'null') => {
    const counts = newCounts();
    const m = new TextEncoder().encode(o.maskChar ?? '*');
    const out = maskData(data, { kernel: buildMaskKernel(o), onInvalid, mask: m, maskByte, counts, raise: () => { throw new Error(); } });
    // Under a null the in-place path leaves mask characters, the writer nothing: compare valid values.
    return { strings: decode(out).map((v, i) => (out.getValid(i) ? v : null)), counts };
  };
  const cases: Array<[string, () => string, MaskRuleOptions[]]> = [
    ['cn.id', id, [{ preset: 'cn.id' }, { preset: 'cn.id', keepFirst: 3, keepLast: 1 }, { preset: 'cn.id', keepFirst: 0, keepLast: 0, maskChar: '#' }, { preset: 'cn.id', keepFirst: 17, keepLast: 1 }]],
    ['cn.mobile', mobile, [{ preset: 'cn.mobile' }, { preset: 'cn.mobile', keepFirst: 0, keepLast: 2 }, { preset: 'cn.mobile', keepFirst: 5, keepLast: 6, maskChar: '#' }]],
  ];
  for (const [name, good, options] of cases) {
    for (const rate of [0, 0.001, 0.02, 0.3]) {
      it(`${name}, anomaly rate ${rate}, slices at every alignment`, () => {
        const bad = anomalies(good);
        const values = Array.from({ length: 3001 }, () => (rnd() < rate ? bad[Math.floor(rnd() * bad.length)]!() : good()));
        const whole = vectorFromArray(values, new Utf8()).data[0]!;
        const before = (whole.values as Uint8Array).slice();
        for (const o of options) {
          for (const [from, to] of [[0, values.length], [1, values.length], [2, 2999], [3, 1000], [7, 8], [5, 5]] as const) {
            const data = whole.slice(from, to - from);
            for (const policy of ['mask-all', 'keep', 'null'] as const) {
              const fast = mask(data, o, (o.maskChar ?? '*').charCodeAt(0), policy);
              const writer = mask(data, o, -1, policy);
              expect(fast).toEqual(writer);
            }
          }
        }
        // The input is never written to.
        expect(whole.values).toEqual(before);
      });
    }
  }
  it('cn.id, onInvalid error names the row of the first bad value behind a run of good pairs', () => {
    const values = [...Array.from({ length: 101 }, id), 'not an id', id()];
    const data = vectorFromArray(values, new Utf8()).data[0]!;
    let at = -1;
    expect(() => maskData(data, { kernel: buildMaskKernel({ preset: 'cn.id' }), onInvalid: 'error', mask: new Uint8Array([42]), maskByte: 42, counts: newCounts(),
      raise: (i) => { at = i; throw new Error('bad'); } })).toThrow('bad');
    expect(at).toBe(101);
  });
});
