import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { fpeStrings, type ResolvedKey } from '../src/internal.js';
import { validId, validMobile, validPlate, validUscc, withCheck } from './fpe-validators.js';

const KEY: ResolvedKey = { id: 'prop-k', bytes: new Uint8Array(Buffer.from('00112233445566778899aabbccddeeff', 'hex')) };
const base = { key: KEY, scope: { dataset: 'prop' } };

/** n distinct valid IDs: a seeded stride walk over (region, day, sequence), check digit added. */
function distinctIds(n: number): string[] {
  const regions = ['110105', '370102', '440524', '650102', '530111', '820000', '310115'];
  const out: string[] = [];
  const days = 109_573;
  for (let i = 0; i < n; i++) {
    const x = (i * 7919 + 12345) % (days * 1000);
    const seq = x % 1000;
    const d = new Date(Date.UTC(1800, 0, 1) + ((x - seq) / 1000) * 86_400_000);
    const ymd = `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
    out.push(withCheck(`${regions[i % regions.length]}${ymd}${String(seq).padStart(3, '0')}`));
  }
  return out;
}

function checkIds(n: number): void {
  const ids = distinctIds(n);
  expect(new Set(ids).size).toBe(n);
  const enc = fpeStrings({ ...base, format: 'cn.id' }, ids);
  let bad = 0;
  for (const e of enc) if (e === null || !validId(e)) bad++;
  expect(bad).toBe(0);
  expect(new Set(enc).size).toBe(n);
  const dec = fpeStrings({ ...base, format: 'cn.id' }, enc, true);
  let wrong = 0;
  for (let i = 0; i < n; i++) if (dec[i] !== ids[i]) wrong++;
  expect(wrong).toBe(0);
}

describe('fpe properties', () => {
  // The property over 1,000,000 IDs, in every run (about 13 s here).
  it('1,000,000 IDs: every output valid, no collisions, all decrypt back', () => checkIds(1_000_000), 600_000);
  it('USCC, mobile and plate outputs pass their checks over 10,000 values each, no collisions', () => {
    const SYM = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    const W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    const uscc = Array.from({ length: 10_000 }, (_, i) => {
      let x = i * 104_729 + 7;
      let body = '';
      for (let k = 0; k < 9; k++) { body = SYM[x % 31] + body; x = Math.floor(x / 31); }
      const s17 = `91110108${body}`;
      const r = 31 - ([...s17].reduce((a, c, j) => a + SYM.indexOf(c) * W[j]!, 0) % 31);
      return s17 + SYM[r === 31 ? 0 : r];
    });
    const mobiles = Array.from({ length: 10_000 }, (_, i) => `1${3 + (i % 7)}${i % 10}${String((i * 7_777_777) % 100_000_000).padStart(8, '0')}`);
    const P = '京沪粤鲁川';
    const plates = Array.from({ length: 10_000 }, (_, i) => {
      const p = P[i % 5]!;
      const form = i % 4;
      const n5 = String(i % 100_000).padStart(5, '0');
      if (form === 0) return `${p}A${n5}`;
      if (form === 1) return `${p}B${n5.slice(1)}学`;
      if (form === 2) return `${p}CD${'ABCDEFGH'[i % 8]}${n5.slice(1)}`;
      return `${p}E${n5}F`;
    });
    for (const [format, vals, ok] of [['cn.uscc', uscc, validUscc], ['cn.mobile', mobiles, validMobile], ['cn.plate', plates, validPlate]] as const) {
      const unique = [...new Set(vals)];
      expect(unique.every(ok)).toBe(true);
      const enc = fpeStrings({ ...base, format }, unique);
      expect(enc.filter((e) => e === null || !ok(e)).length).toBe(0);
      expect(new Set(enc).size).toBe(unique.length);
      expect(fpeStrings({ ...base, format }, enc, true)).toEqual(unique);
    }
  }, 60_000);
  // Golden values in fpe.test.ts and pseudonymize.test.ts pin the outputs; this checks another process agrees.
  it('a child process computes the same pseudonyms', () => {
    const ids = distinctIds(50);
    const script = `import { fpeStrings } from ${JSON.stringify(fileURLToPath(new URL('../src/internal.ts', import.meta.url)))};
      const key = { id: 'prop-k', bytes: new Uint8Array(Buffer.from('00112233445566778899aabbccddeeff', 'hex')) };
      process.stdout.write(JSON.stringify(fpeStrings({ key, scope: { dataset: 'prop' }, format: 'cn.id' }, ${JSON.stringify(ids)})));`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout)).toEqual(fpeStrings({ ...base, format: 'cn.id' }, ids));
  }, 60_000);
});
