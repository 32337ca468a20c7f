/**
 * JSON.parse turns every number into a double, which holds 15–17 significant digits: an ID such
 * as 371302198001011234 would come back as 371302198001011260. Node 20 has no access to a
 * number's source text in JSON.parse, so before parsing, number literals with more than 15
 * significant digits are wrapped in quotes and read as text, exactly as written.
 */

/**
 * The first character of the text a long number is quoted as. JSON text can hold U+0001 in a
 * string only as the escape \u0001 (a raw control character is not JSON), so in a line without
 * that escape a string starting with it is one of ours, and the number's literal can be put back
 * (restoreLongNumbers): a nested {"n":9007199254740993} must not be published as {"n":"9007199254740993"}.
 */
export const LONG_NUMBER_MARK = '\u0001';

/** The escape of LONG_NUMBER_MARK in JSON text, any case: a line that holds it cannot tell our strings from its own. */
export const MARK_ESCAPE = /\\u0001/i;

/** LONG_NUMBER_MARK as quoteLongNumbers writes it into the line (the reader passes it; plain quotes without). */
export const MARK_IN_TEXT = '\\u0001';

/**
 * At least 16 digits (a dot may sit among them) in a row, or an exponent of 3 digits: only such a
 * line can hold a number a double does not give back.
 */
const MAYBE_LONG = /\d[\d.]{15}|[eE][+-]?\d{3}/;

/** The longest significand a double always gives back digit for digit. */
const MAX_DIGITS = 15;

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/**
 * The line with every number literal of more than 15 significant digits, or out of the range of a
 * double (1e400 would become Infinity, then null; 0.1e-400 would become 0; 1e-320 loses digits) (outside strings, at any
 * depth) quoted; the line itself (same string) when there is none, which is the common case and
 * decided by one regular-expression test. Only well-formed JSON number literals are quoted, so a
 * line that is not JSON stays not JSON (its error is reported from the original text). With
 * `mark` (MARK_IN_TEXT) each is quoted as LONG_NUMBER_MARK + its literal, for restoreLongNumbers.
 */
export function quoteLongNumbers(text: string, mark: '' | typeof MARK_IN_TEXT = ''): string {
  if (!MAYBE_LONG.test(text)) return text;
  const n = text.length;
  let parts: string[] | null = null;
  let copied = 0;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      // Skip a string, minding escapes.
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) i += 2;
        else if (d === 0x22) break;
        else i++;
      }
      i++;
      continue;
    }
    if (c !== 0x2d /* - */ && !isDigit(c)) {
      i++;
      continue;
    }
    // A number literal: -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?
    const start = i;
    let k = c === 0x2d ? i + 1 : i;
    let significant = 0;
    let leading = true;
    let ok = true;
    if (text.charCodeAt(k) === 0x30) {
      k++;
    } else if (isDigit(text.charCodeAt(k))) {
      while (isDigit(text.charCodeAt(k))) {
        significant++;
        k++;
      }
      leading = false;
    } else ok = false;
    if (ok && text.charCodeAt(k) === 0x2e /* . */) {
      k++;
      if (!isDigit(text.charCodeAt(k))) ok = false;
      while (isDigit(text.charCodeAt(k))) {
        if (!leading || text.charCodeAt(k) !== 0x30) {
          leading = false;
          significant++;
        }
        k++;
      }
    }
    if (ok && (text.charCodeAt(k) | 0x20) === 0x65 /* e E */) {
      k++;
      const s = text.charCodeAt(k);
      if (s === 0x2b || s === 0x2d) k++;
      if (!isDigit(text.charCodeAt(k))) ok = false;
      while (isDigit(text.charCodeAt(k))) k++;
    }
    if (ok && (significant > MAX_DIGITS || (significant > 0 && !exactDouble(text.slice(start, k))))) {
      parts ??= [];
      parts.push(text.slice(copied, start), '"', mark, text.slice(start, k), '"');
      copied = k;
    }
    i = Math.max(k, start + 1);
  }
  if (parts === null) return text;
  parts.push(text.slice(copied));
  return parts.join('');
}

/** Whether a literal with a nonzero significand survives as a normal, finite double. */
function exactDouble(literal: string): boolean {
  const x = Math.abs(Number(literal));
  return Number.isFinite(x) && x >= 2.2250738585072014e-308;
}

/** `"\u0001<literal>"` as JSON.stringify writes a marked string: a long number inside nested JSON text. */
const MARKED_IN_JSON = /"\\u0001([-+.0-9eE]+)"/g;

/**
 * Put the literals quoteLongNumbers quoted back, in place, in a row parsed from a line without
 * MARK_ESCAPE: a top-level value becomes its literal's text (the text column's cell), a nested
 * object or array becomes its JSON text (what the text column holds for it) with each long number
 * written as the bare literal it was, digit for digit and still a number.
 */
export function restoreLongNumbers(row: Record<string, unknown>): void {
  for (const key of Object.keys(row)) {
    const v = row[key];
    if (typeof v === 'string') {
      if (v.startsWith(LONG_NUMBER_MARK)) row[key] = v.slice(1);
    } else if (v !== null && typeof v === 'object') {
      row[key] = JSON.stringify(v).replace(MARKED_IN_JSON, '$1');
    }
  }
}
