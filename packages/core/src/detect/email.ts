import { ACLASS, ScanState } from './scan-state.js';
import { T_EMAIL } from './types.js';

/** Local-part bytes: letters, digits and . _ % + - */
const LOCAL = new Uint8Array(128);
/** Domain bytes: letters, digits, '.', '-'. */
const DOMAIN = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const k = ACLASS[c]!;
  if (k >= 1 && k <= 3) { LOCAL[c] = 1; DOMAIN[c] = 1; }
}
for (const c of '._%+-') LOCAL[c.charCodeAt(0)] = 1;
for (const c of '.-') DOMAIN[c.charCodeAt(0)] = 1;

/**
 * Called at an '@' byte: walk back over the local part and forward over the domain
 * (at least one dot, a final label of two or more letters). Returns where scanning continues.
 */
export function tryEmail(st: ScanState, src: Uint8Array, cs: number, ce: number, at: number): number {
  let ls = at;
  while (ls > cs && src[ls - 1]! < 128 && LOCAL[src[ls - 1]!] === 1) ls--;
  while (ls < at && src[ls] === 46) ls++;
  if (ls === at) return at + 1;
  let p = at + 1;
  while (p < ce && src[p]! < 128 && DOMAIN[src[p]!] === 1) p++;
  while (p > at + 1 && (src[p - 1] === 46 || src[p - 1] === 45)) p--;
  // Final label: letters only, length >= 2, preceded by a dot with a non-empty label before it.
  let q = p;
  while (q > at + 1 && ACLASS[src[q - 1]!]! >= 2 && ACLASS[src[q - 1]!]! <= 3) q--;
  if (p - q < 2 || q - 1 <= at + 1 || src[q - 1] !== 46) return at + 1;
  st.hits.dropFrom(ls);
  st.emit(T_EMAIL, ls, p, 0.95);
  return p;
}
