import type { Field } from 'apache-arrow';
import { ByteMap } from '../generalize/byte-map.js';
import { columnTransform, type RejectingTransform, type RejectOptions } from '../generalize/column-transform.js';
import { checkPlan, type RowOnInvalid } from './on-invalid.js';
import { validCnId, validUscc } from './validators.js';

export interface ValidateOptions extends RejectOptions {
  columns: string[];
  /** Full-match regular expression (JavaScript syntax, `u` flag); it is anchored for you. */
  regex?: string | undefined;
  /** cn-id: 18-digit resident ID (MOD 11-2 and birth date); uscc: unified social credit code (mod 31). */
  checksum?: 'cn-id' | 'uscc' | undefined;
  /** Allowed values, compared byte for byte. */
  enum?: string[] | undefined;
  onInvalid?: RowOnInvalid | undefined;
}

type Test = (src: Uint8Array, s: number, e: number) => boolean;

function testFor(o: ValidateOptions): { test: Test; what: string } {
  if (o.checksum === 'cn-id') return { test: validCnId, what: 'a valid resident ID number' };
  if (o.checksum === 'uscc') return { test: validUscc, what: 'a valid unified social credit code' };
  if (o.enum) {
    const map = new ByteMap();
    const enc = new TextEncoder();
    for (const v of o.enum) { const b = enc.encode(v); map.set(b, 0, b.length, 1); }
    return { test: (src, s, e) => map.get(src, s, e) >= 0, what: 'one of the allowed values' };
  }
  if (o.regex !== undefined) {
    const re = new RegExp(`^(?:${o.regex})$`, 'u');
    const dec = new TextDecoder();
    // Regular expressions need JS strings: this decodes each value (dictionaries: each entry once).
    return { test: (src, s, e) => re.test(dec.decode(src.subarray(s, e))), what: 'a match of the pattern' };
  }
  throw new RangeError('validate needs one of regex, checksum or enum');
}

/**
 * Validate string columns by regex, checksum (cn-id, uscc) or enum. Invalid values follow
 * onInvalid (default null); with reject-row the whole row leaves the output and goes to
 * `onReject` or `rejected()`.
 */
export function validate(options: ValidateOptions): RejectingTransform {
  const { test, what } = testFor(options);
  const mode = options.onInvalid ?? 'null';
  return columnTransform('validate', options.columns, (field: Field) => checkPlan('validate', field, test, mode, what), options);
}
