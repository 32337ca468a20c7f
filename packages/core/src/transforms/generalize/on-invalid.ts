import { TuominError } from '../../errors.js';
import { GrowableBytes } from '../../kernels/buffers.js';
import { INVALID, INVALID_NULL } from '../../kernels/utf8.js';

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

/** For onInvalid: error. Throws an error naming the first flagged row (never the value), if any. */
export function throwIfFlagged(invalidRows: Uint8Array, rowBase: number, column: string, rule: string, what: string): void {
  const row = invalidRows.indexOf(1);
  if (row >= 0) throw invalidValueError(column, rule, rowBase + row + 1, what);
}

export function invalidValueError(column: string, rule: string, row: number, what: string): TuominError {
  return new TuominError('BAD_VALUE', `value is not ${what}`, { column, rule, row },
    // The choices differ per rule and method (cast: null or reject-row; age: null), so the hint
    // points at the rule's own list rather than naming modes it may not have.
    `fix the source value, or give the ${rule} rule another onInvalid (its choices are in docs/rules.md) to let the run continue and count it`,
    // `what` is the rule's own English phrase for a readable value (never the value): the CLI words it.
    { id: 'value.invalid', params: { rule, what } });
}
