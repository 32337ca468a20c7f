import type { ScanState } from './scan-state.js';
import { T_PERSON_NAME } from './types.js';

/*
 * A name after an English title (Mr. James Miller, Ms Olena Kovalenko, Dr. Amara Okafor-Reid), as
 * an international office's notes write its visitors: two or three capitalised words after the
 * title; and two or three after a label for a person (Applicant: Yuki Tanaka). The pinyin reader
 * (pinyin-text.ts) sees only names of pinyin syllables; these are not.
 */

/** Mr, Ms, Mrs, Miss, Mx, Dr, Prof, Mme, Mlle: the letters [i, j) as written (capital first). */
export function isTitle(src: Uint8Array, i: number, j: number): boolean {
  const n = j - i;
  const a = src[i]!;
  const b = src[i + 1]!;
  if (n === 2) return (a === 77 && (b === 114 || b === 115 || b === 120)) || (a === 68 && b === 114); // Mr Ms Mx Dr
  if (n === 3) return (a === 77 && b === 114 && src[i + 2] === 115) || (a === 77 && b === 109 && src[i + 2] === 101); // Mrs Mme
  if (n === 4) return (a === 77 && b === 105 && src[i + 2] === 115 && src[i + 3] === 115) || (a === 80 && b === 114 && src[i + 2] === 111 && src[i + 3] === 102)
    || (a === 77 && b === 108 && src[i + 2] === 108 && src[i + 3] === 101); // Miss Prof Mlle
  return false;
}

/** Words that make the run after a title a place named after a person (Dr. Sun Yat-sen Road): the name ends before them. */
const PLACE_WORDS: ReadonlySet<string> = new Set(['Road', 'Rd', 'Street', 'St', 'Avenue', 'Ave', 'Lane', 'Square', 'Park', 'Hospital', 'University',
  'College', 'School', 'Hall', 'Building', 'Center', 'Centre', 'Institute', 'Memorial', 'Museum', 'Library', 'Station', 'Bridge']);

/** Labels for a person in English notes, read before a colon (Applicant: Yuki Tanaka). */
const PERSON_LABELS: ReadonlySet<string> = new Set(['Applicant', 'Name', 'Visitor', 'Client', 'Guardian', 'Spouse', 'Holder', 'Contact', 'Tenant', 'Employee', 'Student', 'Patient']);
/** Words of an organisation after such a label (Applicant: Binzhou Trading Co): no person. */
const ORG_WORDS: ReadonlySet<string> = new Set(['Co', 'Company', 'Ltd', 'Limited', 'Inc', 'Corp', 'Corporation', 'Group', 'Office', 'Bureau', 'Department', 'Ministry',
  'Government', 'Committee', 'Association', 'Foundation', 'Bank', 'Trading', 'Technology', 'Consulting', 'Services', 'Team', 'Embassy', 'Consulate']);

/** A capitalised word at `p` (a capital, then letters, ' or -): its end, or -1. */
function nameWordEnd(src: Uint8Array, ce: number, p: number): number {
  if (p >= ce || src[p]! < 65 || src[p]! > 90) return -1;
  let q = p + 1;
  while (q < ce) {
    const b = src[q]!;
    if ((b >= 97 && b <= 122) || (b >= 65 && b <= 90) || ((b === 39 || b === 45) && q + 1 < ce && src[q + 1]! >= 65 && (src[q + 1]! | 0x20) <= 122)) q++;
    else break;
  }
  return q - p >= 2 ? q : -1;
}

/**
 * The title [i, j) (isTitle) is followed by `.` or a space and capitalised words: emits them (two
 * or three, one space apart) as a person's name and returns their end, or -1.
 */
export function nameAfterTitle(st: ScanState, src: Uint8Array, ce: number, i: number, j: number): number {
  let p = j;
  if (p < ce && src[p] === 46) p++;
  if (p >= ce || src[p] !== 32) return -1;
  p++;
  const s = p;
  let e = nameWordEnd(src, ce, p);
  if (e < 0) return -1;
  let words = 1;
  for (; words < 3 && e + 1 < ce && src[e] === 32; words++) {
    const w = nameWordEnd(src, ce, e + 1);
    if (w < 0 || PLACE_WORDS.has(String.fromCharCode(...src.subarray(e + 1, w)))) break;
    e = w;
  }
  // A title and one word (Mr Wang, Mr. Speaker) names no one the text could be searched for
  // (packages/core/test/detect-location-im-values.test.ts keeps Mr Wang unflagged).
  if (words < 2) return -1;
  st.emit(T_PERSON_NAME, s, e, 0.85);
  return e;
}

/** The letters [i, j) are one of PERSON_LABELS and a colon follows (cold: only capitalised words before a colon get here). */
export function isPersonLabel(src: Uint8Array, i: number, j: number): boolean {
  return src[j] === 58 && src[i]! >= 65 && src[i]! <= 90 && PERSON_LABELS.has(String.fromCharCode(...src.subarray(i, j)));
}

/**
 * After a person label and its colon at `j` (isPersonLabel): two or three capitalised words, none
 * an organisation's or a place's, are a name; emits them and returns their end, or -1.
 */
export function nameAfterLabel(st: ScanState, src: Uint8Array, ce: number, j: number): number {
  let p = j + 1;
  while (p < ce && p - j <= 2 && src[p] === 32) p++;
  const s = p;
  let e = nameWordEnd(src, ce, p);
  if (e < 0) return -1;
  let words = 1;
  for (; words < 3 && e + 1 < ce && src[e] === 32; words++) {
    const w = nameWordEnd(src, ce, e + 1);
    if (w < 0) break;
    e = w;
  }
  if (words < 2) return -1;
  for (let a = s; a < e;) {
    let b = a;
    while (b < e && src[b] !== 32) b++;
    const word = String.fromCharCode(...src.subarray(a, b));
    if (ORG_WORDS.has(word) || PLACE_WORDS.has(word)) return -1;
    a = b + 1;
  }
  st.emit(T_PERSON_NAME, s, e, 0.8);
  return e;
}
