/**
 * Counting for test/detect-free-text-13.test.ts: a planted value counts as found when every code
 * point of every place it is written is inside a finding (as the redact rule masks findings); a
 * name-free document counts as a false positive when any finding of a personal type is in it.
 */
import { PERSONAL_TYPES, detectValue } from '@tuomin/core';
import type { Doc, Planted } from './free-text-13.js';

/** Per code point, whether a finding covers it. */
export function masked(text: string): boolean[] {
  const cps = [...text];
  const m = new Array<boolean>(cps.length).fill(false);
  for (const f of detectValue(text)) for (let k = f.start; k < f.end; k++) m[k] = true;
  return m;
}

export function hidden(text: string, p: Planted, m = masked(text)): boolean {
  const cps = [...text];
  const v = [...p.value];
  let seen = false;
  for (let i = 0; i + v.length <= cps.length; i++) {
    let at = true;
    for (let j = 0; j < v.length && at; j++) at = cps[i + j] === v[j];
    if (!at) continue;
    seen = true;
    for (let j = 0; j < v.length; j++) if (!m[i + j]) return false;
  }
  return seen;
}

export interface Tally { found: number; planted: number }
/** Found / planted by a key (style or spelling). */
export function recallBy(docs: readonly Doc[], key: (d: Doc, p: Planted) => string): Record<string, Tally> {
  const out: Record<string, Tally> = {};
  for (const d of docs) {
    const m = masked(d.text);
    for (const p of d.planted) {
      const t = (out[key(d, p)] ??= { found: 0, planted: 0 });
      t.planted++;
      if (hidden(d.text, p, m)) t.found++;
    }
  }
  return out;
}

/** Name-free documents with a personal finding, by style. */
export function falsePositivesBy(docs: readonly Doc[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const d of docs) {
    out[d.style] ??= 0;
    if (detectValue(d.text).some((f) => PERSONAL_TYPES.has(f.type))) out[d.style]!++;
  }
  return out;
}
