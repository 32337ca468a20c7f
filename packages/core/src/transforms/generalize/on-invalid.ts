import type { Data } from 'apache-arrow';
import { Type } from 'apache-arrow';
import { TuominError } from '../../errors.js';
import { GrowableBytes } from '../../kernels/buffers.js';
import { INVALID, INVALID_NULL, dictionaryView, utf8View, viewIsValid, type Utf8Kernel } from '../../kernels/utf8.js';

/** What a generalization does with a value it cannot read. Default `null`: an unreadable value must not leak. */
export type OnInvalid = 'null' | 'keep' | '*' | 'error';

/** Small-integer codes so hot loops compare numbers, not strings. */
export const BAD_NULL = 0;
export const BAD_KEEP = 1;
export const BAD_STAR = 2;
export const BAD_ERROR = 3;

export function invalidCode(mode: OnInvalid): number {
  return mode === 'keep' ? BAD_KEEP : mode === '*' ? BAD_STAR : mode === 'error' ? BAD_ERROR : BAD_NULL;
}

/** Write the replacement of an invalid string value; returns the Utf8Kernel status. */
export function writeInvalid(code: number, src: Uint8Array, start: number, end: number, out: GrowableBytes): number {
  if (code === BAD_KEEP) {
    out.append(src, start, end);
    return INVALID;
  }
  if (code === BAD_STAR) {
    out.push(42);
    return INVALID;
  }
  return INVALID_NULL;
}

/**
 * For onInvalid: error. Called after a batch was mapped and invalid values were counted: find the
 * first one (a cold pass) and throw an error naming the row, never the value.
 */
export function throwFirstInvalid(data: Data, kernel: Utf8Kernel, rowBase: number, column: string, rule: string, what: string): never {
  let row = -1;
  let indices: ArrayLike<number> | null = null;
  if (data.typeId === Type.Dictionary) indices = data.values as ArrayLike<number>;
  const v = indices !== null ? dictionaryView(data) : utf8View(data);
  const scratch = new GrowableBytes(64);
  const bad = (i: number): boolean => {
    if (!viewIsValid(v, i)) return false;
    scratch.length = 0;
    const s = kernel(v.values, v.offsets[i]!, v.offsets[i + 1]!, scratch);
    return s === INVALID || s === INVALID_NULL;
  };
  if (indices) {
    for (let i = 0; i < data.length && row < 0; i++) {
      const valid = data.nullCount === 0 || ((data.nullBitmap![(data.offset + i) >> 3]! >> ((data.offset + i) & 7)) & 1) === 1;
      if (valid && bad(Number(indices[i]))) row = i;
    }
  } else {
    for (let i = 0; i < v.length && row < 0; i++) if (bad(i)) row = i;
  }
  throw invalidValueError(column, rule, rowBase + Math.max(row, 0) + 1, what);
}

export function invalidValueError(column: string, rule: string, row: number, what: string): TuominError {
  return new TuominError('BAD_VALUE', `value is not ${what}`, { column, rule, row },
    // The choices differ per rule and method (cast: null or reject-row; age: null), so the hint
    // points at the rule's own list rather than naming modes it may not have.
    `fix the source value, or give the ${rule} rule another onInvalid (its choices are in docs/rules.md) to let the run continue and count it`);
}

/**
 * For onInvalid: reject-row. Set reject[i] = 1 for every row whose value the kernel flags as
 * invalid (a cold pass, run only for batches that had invalid values).
 */
export function flagInvalidRows(data: Data, kernel: Utf8Kernel, reject: Uint8Array): void {
  const scratch = new GrowableBytes(64);
  const bad = (v: ReturnType<typeof utf8View>, i: number): boolean => {
    if (!viewIsValid(v, i)) return false;
    scratch.length = 0;
    const s = kernel(v.values, v.offsets[i]!, v.offsets[i + 1]!, scratch);
    return s === INVALID || s === INVALID_NULL;
  };
  if (data.typeId === Type.Dictionary) {
    const dict = dictionaryView(data);
    const flags = new Uint8Array(dict.length);
    for (let k = 0; k < dict.length; k++) flags[k] = bad(dict, k) ? 1 : 0;
    const idx = data.values as ArrayLike<number>;
    for (let i = 0; i < data.length; i++) {
      const valid = data.nullCount === 0 || ((data.nullBitmap![(data.offset + i) >> 3]! >> ((data.offset + i) & 7)) & 1) === 1;
      if (valid && flags[Number(idx[i])]) reject[i] = 1;
    }
    return;
  }
  const v = utf8View(data);
  for (let i = 0; i < v.length; i++) if (bad(v, i)) reject[i] = 1;
}
