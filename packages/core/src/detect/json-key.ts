import { ScanState, isAlnum } from './scan-state.js';
import { wholeCellName } from './cjk-bytes.js';
import { NAME_HEADER } from './tables.js';
import { T_PERSON_NAME } from './types.js';

/**
 * A JSON object kept as text in one cell ({"companions":[{"name":"王明","id_no":"…"}]}): the
 * value of a key that names a person (name, guest_name, contact_name: the header list of name
 * columns) is read as a whole cell under such a header is. No context word stands before it, so
 * without this a hotel's JSON column published every companion's name after redaction.
 *
 * `src[s, e)` is a token of ASCII letters right before a closing quote. Cold: only a token
 * followed by `"` gets here. Returns the end of the name (its closing quote), or -1.
 */
export function jsonNameValue(st: ScanState, src: Uint8Array, cs: number, ce: number, s: number, e: number): number {
  if (st.wanted[T_PERSON_NAME] !== 1) return -1;
  // The key: back to its opening quote over letters, digits, _ and - (guest_name, contact-name).
  let k = s;
  while (k > cs && s - k < 40 && (isAlnum(src[k - 1]!) || src[k - 1] === 95 || src[k - 1] === 45)) k--;
  if (k === cs || src[k - 1] !== 34) return -1;
  let p = e + 1;
  while (p < ce && src[p] === 32) p++;
  if (src[p] !== 58) return -1;
  p++;
  while (p < ce && src[p] === 32) p++;
  if (src[p] !== 34) return -1;
  const vs = p + 1;
  let ve = vs;
  while (ve < ce && src[ve] !== 34 && src[ve] !== 92) ve++;
  if (ve >= ce || src[ve] !== 34 || ve === vs) return -1;
  if (!NAME_HEADER.test(String.fromCharCode(...src.subarray(k, e))) || !wholeCellName(src, vs, ve)) return -1;
  st.emit(T_PERSON_NAME, vs, ve, 0.85);
  return ve;
}
