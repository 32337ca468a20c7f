import { HitList } from './hit-list.js';
import { mobileSegmentTable } from './tables.js';
import { TYPE_COUNT, typeCode } from './types.js';
import type { DetectOptions } from './options.js';

/** Byte classes for ASCII: 0 other, 1 digit, 2 upper, 3 lower, 4 '@', 5 ':'. */
export const ACLASS = new Uint8Array(128);
for (let c = 48; c <= 57; c++) ACLASS[c] = 1;
for (let c = 65; c <= 90; c++) ACLASS[c] = 2;
for (let c = 97; c <= 122; c++) ACLASS[c] = 3;
ACLASS[64] = 4;
ACLASS[58] = 5;

/** True when byte `b` is an ASCII letter or digit (a token character). */
export function isAlnum(b: number): boolean {
  return b < 128 && ACLASS[b]! >= 1 && ACLASS[b]! <= 3;
}

/** Per-scanner configuration and the hit list of the value being scanned. */
export class ScanState {
  readonly hits = new HitList();
  readonly mobile: Uint8Array;
  /** Bytes allowed at the new-energy letter position of 8-character plates. */
  readonly newEnergy = new Uint8Array(128);
  readonly wanted = new Uint8Array(TYPE_COUNT);
  readonly minConfidence: number;
  /** Whole short cells are tested as names (the column header suggests names). */
  nameColumn = false;
  /** What the column header says of the numbers in its cells (geo.ts: COORD_NONE … COORD_XY). */
  coordMode = 0;
  /** The column header names an account (im.ts: IM_NONE, IM_QQ, IM_WECHAT): whole cells are read as one. */
  imMode = 0;
  /** The column header names an engine number (发动机号): whole cells are read as one (labelled-number.ts). */
  engineMode = false;
  /** The column header names an ID number (身份证号, 证件号码): an 18-character ID with a wrong check is read as one, as after a label in the cell. */
  idMode = false;

  constructor(opts: DetectOptions) {
    this.mobile = mobileSegmentTable(opts.mobileSegments);
    for (const c of opts.newEnergyLetters) { this.newEnergy[c.charCodeAt(0)] = 1; this.newEnergy[c.charCodeAt(0) + 32] = 1; }
    if (opts.types) for (const t of opts.types) this.wanted[typeCode(t)] = 1;
    else this.wanted.fill(1);
    this.minConfidence = opts.minConfidence;
  }

  emit(type: number, start: number, end: number, conf: number): void {
    if (this.wanted[type] === 1 && conf >= this.minConfidence) this.hits.push(type, start, end, conf);
  }
}

/** True when one of `words` (UTF-8) ends within `window` bytes before `pos`, not before `cellStart`. */
export function contextBefore(src: Uint8Array, cellStart: number, pos: number, words: Uint8Array[], window = 48): boolean {
  const from = Math.max(cellStart, pos - window);
  for (const w of words) {
    const last = pos - w.length;
    outer: for (let p = from; p <= last; p++) {
      for (let k = 0; k < w.length; k++) if (src[p + k] !== w[k]) continue outer;
      return true;
    }
  }
  return false;
}
