import type { ColumnQuality } from './column-quality.js';
import { V_ENUM, V_MAXLENGTH, V_PATTERN, V_TYPE } from './violation-codes.js';

const decoder = new TextDecoder();

/** True when src[s, e) equals one of `list`. Enum lists are short: a scan by length then bytes. */
export function inByteList(list: Uint8Array[], src: Uint8Array, s: number, e: number): boolean {
  const n = e - s;
  outer: for (const v of list) {
    if (v.length !== n) continue;
    for (let k = 0; k < n; k++) if (v[k] !== src[s + k]) continue outer;
    return true;
  }
  return false;
}

/**
 * The constraint checks of one non-null value of `chars` characters, as a bit set of
 * V_* codes (0: none failed). Only a pattern needs the value as a string.
 */
export function failedChecks(p: ColumnQuality, src: Uint8Array, s: number, e: number, chars: number): number {
  let bits = 0;
  const max = p.checks.maxLength;
  if (max !== undefined && chars > max) bits |= 1 << V_MAXLENGTH;
  if (p.test !== null && !p.test(src, s, e)) bits |= 1 << V_TYPE;
  if (p.checks.pattern !== undefined && !p.checks.pattern.test(decoder.decode(src.subarray(s, e)))) bits |= 1 << V_PATTERN;
  if (p.enumBytes !== null && !inByteList(p.enumBytes, src, s, e)) bits |= 1 << V_ENUM;
  return bits;
}

/** True when a column has checks beyond the counts every column gets. */
export function hasValueChecks(p: ColumnQuality): boolean {
  return p.checks.maxLength !== undefined || p.test !== null || p.checks.pattern !== undefined || p.enumBytes !== null;
}
