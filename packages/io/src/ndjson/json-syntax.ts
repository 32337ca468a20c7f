/** Where a line stops being JSON, and why, in words that quote nothing from the line. */
export interface JsonSyntaxError {
  /** UTF-16 index into the line of the first character that cannot be JSON. */
  index: number;
  problem: string;
}

const OBJECT = 0;
const ARRAY = 1;

/**
 * Locate the first syntax error of one JSON text (RFC 8259, as JSON.parse reads it). Only called
 * after JSON.parse has failed, to say where: V8's own message quotes the text around the error,
 * which may be personal data, and has no position for some errors. Returns null when it finds no
 * error (then the caller reports the line without a position). Iterative, so deep nesting is fine.
 */
export function findJsonSyntaxError(text: string): JsonSyntaxError | null {
  const n = text.length;
  const stack: number[] = [];
  let i = skipSpace(text, 0);
  const fail = (index: number, problem: string): JsonSyntaxError => ({ index: Math.min(index, n), problem });
  for (;;) {
    // A value starts at i.
    if (i >= n) return fail(i, 'the line ends where a value should be');
    const c = text.charCodeAt(i);
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      i = skipSpace(text, i + 1);
      const close = c === 0x7b ? 0x7d : 0x5d;
      if (text.charCodeAt(i) === close) {
        i++;
      } else {
        stack.push(c === 0x7b ? OBJECT : ARRAY);
        if (c === 0x7b) {
          const key = member(text, i);
          if (typeof key !== 'number') return key;
          i = key;
        }
        continue;
      }
    } else if (c === 0x22 /* " */) {
      const end = stringEnd(text, i);
      if (typeof end !== 'number') return end;
      i = end;
    } else if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) {
      const end = numberEnd(text, i);
      if (typeof end !== 'number') return end;
      i = end;
    } else if (c === 0x74 /* t */ || c === 0x66 /* f */ || c === 0x6e /* n */) {
      const word = c === 0x74 ? 'true' : c === 0x66 ? 'false' : 'null';
      let k = 1;
      while (k < word.length && text.charCodeAt(i + k) === word.charCodeAt(k)) k++;
      if (k < word.length) return fail(i + k, 'expected true, false or null (text needs double quotes)');
      i += k;
    } else {
      return fail(i, 'a value cannot start there (text needs double quotes; numbers must be finite; write null for a missing value)');
    }
    // After a value: close containers, or move to the next element.
    for (;;) {
      i = skipSpace(text, i);
      if (stack.length === 0) return i < n ? fail(i, 'there is more text after the end of the object') : null;
      const top = stack[stack.length - 1]!;
      const c2 = text.charCodeAt(i);
      if (c2 === 0x2c /* , */) {
        i = skipSpace(text, i + 1);
        if (top === OBJECT) {
          const key = member(text, i);
          if (typeof key !== 'number') return key;
          i = key;
        }
        break;
      }
      if ((top === OBJECT && c2 === 0x7d) || (top === ARRAY && c2 === 0x5d)) {
        stack.pop();
        i++;
        continue;
      }
      if (i >= n) return fail(i, 'the line ends before the object is closed');
      return fail(i, top === OBJECT ? "expected ',' or '}' after a value" : "expected ',' or ']' after a value");
    }
  }
}

function skipSpace(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return i;
    i++;
  }
}

/** `"key" :` at i; returns where its value starts. */
function member(text: string, i: number): number | JsonSyntaxError {
  if (text.charCodeAt(i) !== 0x22) {
    return { index: Math.min(i, text.length), problem: i >= text.length ? 'the line ends where a key should be' : 'expected a key in double quotes' };
  }
  const end = stringEnd(text, i);
  if (typeof end !== 'number') return end;
  const colon = skipSpace(text, end);
  if (text.charCodeAt(colon) !== 0x3a) return { index: Math.min(colon, text.length), problem: "expected ':' after a key" };
  return skipSpace(text, colon + 1);
}

/** The string starting with the quote at i; returns the index after its closing quote. */
function stringEnd(text: string, i: number): number | JsonSyntaxError {
  const n = text.length;
  for (let j = i + 1; j < n; j++) {
    const c = text.charCodeAt(j);
    if (c === 0x22) return j + 1;
    if (c < 0x20) return { index: j, problem: 'a control character (such as a tab) inside a string must be escaped' };
    if (c === 0x5c /* \ */) {
      const e = text.charCodeAt(j + 1);
      if (e === 0x75 /* u */) {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6))) return { index: j, problem: 'a \\u escape needs four hexadecimal digits' };
        j += 5;
      } else if (e === 0x22 || e === 0x5c || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) {
        j++;
      } else {
        return { index: j, problem: 'invalid escape in a string (a backslash must be written \\\\)' };
      }
    }
  }
  return { index: i, problem: 'the string that starts here is not closed on this line' };
}

/** A number at i: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
function numberEnd(text: string, i: number): number | JsonSyntaxError {
  const start = i;
  const digit = (k: number) => {
    const c = text.charCodeAt(k);
    return c >= 0x30 && c <= 0x39;
  };
  const bad = (k: number): JsonSyntaxError => ({ index: Math.min(k, text.length), problem: 'malformed number' });
  if (text.charCodeAt(i) === 0x2d) i++;
  if (text.charCodeAt(i) === 0x30) {
    i++;
    if (digit(i)) return { index: start, problem: 'a number cannot start with 0 followed by digits' };
  } else if (digit(i)) {
    while (digit(i)) i++;
  } else {
    return bad(i);
  }
  if (text.charCodeAt(i) === 0x2e) {
    i++;
    if (!digit(i)) return bad(i);
    while (digit(i)) i++;
  }
  const e = text.charCodeAt(i);
  if (e === 0x65 || e === 0x45) {
    i++;
    const s = text.charCodeAt(i);
    if (s === 0x2b || s === 0x2d) i++;
    if (!digit(i)) return bad(i);
    while (digit(i)) i++;
  }
  return i;
}
