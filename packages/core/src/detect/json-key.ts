import { ScanState, isAlnum } from './scan-state.js';
import { wholeCellName } from './cjk-bytes.js';
import { NAME_HEADER, NOT_LAST_SET } from './tables.js';
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
  const value = stringValueAfter(src, e, ce);
  if (value === null) return -1;
  const [vs, ve] = value;
  if (!NAME_HEADER.test(String.fromCharCode(...src.subarray(k, e))) || !wholeCellName(src, vs, ve)) return -1;
  st.emit(T_PERSON_NAME, vs, ve, 0.85);
  return ve;
}

/**
 * The string value after a JSON key whose closing quote is at `q` (`: "…"`, spaces allowed): its
 * bytes [start, end), or null when no such value follows, it is empty, or it has an escape.
 */
function stringValueAfter(src: Uint8Array, q: number, ce: number): [number, number] | null {
  let p = q + 1;
  while (p < ce && src[p] === 32) p++;
  if (src[p] !== 58) return null;
  p++;
  while (p < ce && src[p] === 32) p++;
  if (src[p] !== 34) return null;
  const vs = p + 1;
  let ve = vs;
  while (ve < ce && src[ve] !== 34 && src[ve] !== 92) ve++;
  if (ve >= ce || src[ve] !== 34 || ve === vs) return null;
  return [vs, ve];
}

const utf8 = new TextDecoder();
// Chinese keys whose value is a party's name when it reads as one: 姓名, 名称 (a person or a
// company: the value decides), and roles that end in 人 (申请执行人, 被执行人, 联系人).
const HAN_NAME_KEY = /^(?:姓名|名字|名称|[\u4e00-\u9fff]{1,6}人(?:姓名|名称)?)$/;

/**
 * A JSON object kept as text with Chinese keys ({"申请执行人":{"名称":"王秀英","联系电话":"…"}}): the
 * value of a key that names a party is read as a whole cell under a name header is, so a company
 * (滨州鑫源化工有限公司) stays and a person's name is found. 名称 is no context word in free text
 * (名称：黄河饭店), so this reads it only between JSON quotes. A court's list published the
 * applicants' names after redaction.
 *
 * `q` is a `"` right after a Han character. Cold: only such a quote gets here. Returns the end of
 * the name (its closing quote), or -1.
 */
export function jsonHanKeyValue(st: ScanState, src: Uint8Array, cs: number, ce: number, q: number): number {
  if (st.wanted[T_PERSON_NAME] !== 1) return -1;
  let k = q;
  while (k > cs && q - k < 30 && src[k - 1] !== 34 && src[k - 1]! >= 0x80) k--;
  if (k === cs || src[k - 1] !== 34 || k === q) return -1;
  const value = stringValueAfter(src, q, ce);
  if (value === null) return -1;
  const [vs, ve] = value;
  if (!HAN_NAME_KEY.test(utf8.decode(src.subarray(k, q))) || !wholeCellName(src, vs, ve)) return -1;
  // A shop or an office under 名称 (黄河饭店, 城关派出所) ends like one: no name.
  const last = ve - 3 >= vs && src[ve - 3]! >= 0xe0 ? ((src[ve - 3]! & 0x0f) << 12) | ((src[ve - 2]! & 0x3f) << 6) | (src[ve - 1]! & 0x3f) : -1;
  if (last >= 0 && NOT_LAST_SET[last] === 1) return -1;
  // Already read after a context word (姓名, 联系人)?
  const h = st.hits;
  if (h.length > 0 && h.type[h.length - 1] === T_PERSON_NAME && h.start[h.length - 1] === vs) return ve;
  st.emit(T_PERSON_NAME, vs, ve, 0.85);
  return ve;
}
