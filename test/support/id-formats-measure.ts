/**
 * Recall and false positives of the detectors on the identifier-formats generators
 * (id-formats.ts), as docs/detection.md reports them. `pnpm exec tsx test/support/id-formats-measure.ts`
 * prints the table; test/identifier-formats.test.ts asserts on the same figures.
 */
import { detectValue, PERSONAL_TYPES, type Finding } from '../../packages/core/src/detect/index.js';
import { LOOK_ALIKES, PLACEMENTS, SPELLINGS, values, type Placement, type Spelling } from './id-formats.js';

/** Personal findings of `text` under `column` (what redact and the residual scan act on). */
export function personal(text: string, column: string, also: readonly string[] = []): Finding[] {
  return detectValue(text, { column }).filter((f) => PERSONAL_TYPES.has(f.type) || also.includes(f.type));
}

/**
 * Every key character of the value (its letters and digits, or what `key` marks: a certificate's
 * serial) is inside a personal finding; `at` is the value's code-point offset in the text.
 */
function found(fs: Finding[], at: number, v: string, key: RegExp): boolean {
  const chars = [...v];
  let any = false;
  for (let k = 0; k < chars.length; k++) {
    if (!keyChar(v, chars, k, key)) continue;
    any = true;
    if (!fs.some((f) => f.start <= at + k && f.end > at + k)) return false;
  }
  return any;
}
const ALNUM = /[0-9A-Za-z０-９Ａ-Ｚａ-ｚ]/;
function keyChar(v: string, chars: string[], k: number, key: RegExp): boolean {
  if (key === ALNUM) return ALNUM.test(chars[k]!);
  const m = key.exec(v);
  if (!m) return false;
  const from = [...v.slice(0, m.index + m[0].indexOf(m[1]!))].length;
  return k >= from && k < from + [...m[1]!].length;
}

export function recall(s: Spelling, p: Placement, n = 200, seed = 1): { hits: number; n: number; missed: string[] } {
  let hits = 0;
  const missed: string[] = [];
  for (const v of values(s.gen, n, seed)) {
    const text = p.wrap(v, s.label);
    const at = [...text.slice(0, text.indexOf(v))].length;
    if (found(personal(text, p.column, s.types), at, v, s.key ?? ALNUM)) hits++;
    else if (missed.length < 3) missed.push(text);
  }
  return { hits, n, missed };
}

export function falsePositives(kind: (typeof LOOK_ALIKES)[number], p: Placement, n = 2000, seed = 7): { fp: number; n: number; examples: string[] } {
  let fp = 0;
  const examples: string[] = [];
  for (const v of values(kind.gen, n, seed)) {
    const text = p.wrap(v, '');
    const fs = personal(text, p.column);
    if (fs.length) { fp++; if (examples.length < 3) examples.push(`${text} → ${fs.map((f) => f.type).join(',')}`); }
  }
  return { fp, n, examples };
}

if (process.argv[1]?.endsWith('id-formats-measure.ts')) {
  const verbose = process.argv.includes('-v');
  console.log('| format | spelling | ' + PLACEMENTS.map((p) => p.name).join(' | ') + ' |');
  for (const s of SPELLINGS) {
    const cells = PLACEMENTS.map((p) => recall(s, p));
    console.log(`| ${s.format} | ${s.spelling} | ` + cells.map((c) => `${((100 * c.hits) / c.n).toFixed(1)}`).join(' | ') + ' |');
    if (verbose) for (const c of cells) for (const m of c.missed) console.log('    miss: ' + m);
  }
  console.log('\n| look-alike | ' + PLACEMENTS.slice(0, 3).map((p) => p.name).join(' | ') + ' |');
  for (const k of LOOK_ALIKES) {
    const cells = PLACEMENTS.slice(0, 3).map((p) => falsePositives(k, p));
    console.log(`| ${k.kind} | ` + cells.map((c) => `${c.fp}/${c.n}`).join(' | ') + ' |');
    if (verbose) for (const c of cells) for (const m of c.examples) console.log('    fp: ' + m);
  }
}
