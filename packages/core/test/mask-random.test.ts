import { describe, expect, it } from 'vitest';
import { Utf8, vectorFromArray } from 'apache-arrow';
import { MASK_PRESETS, buildMaskKernel, maskData, newCounts, type MaskRuleOptions } from '../src/index.js';

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
