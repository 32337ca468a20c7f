/**
 * Checks JSON.parse does not make: nesting depth and duplicate keys. JSON.parse accepts any depth
 * (and the JSON.stringify that turns a nested value into a cell then overflows the stack), and it
 * keeps the last of two equal keys silently, so a row could say two things and publish one.
 */

/** Deeper than this is refused: no real record nests 64 levels, and the limit keeps every later
 * recursive step (JSON.stringify of a nested cell) far from the stack limit. */
export const MAX_JSON_DEPTH = 64;

export type LineShapeProblem =
  | { kind: 'too-deep'; index: number }
  | { kind: 'duplicate-key'; index: number; key: string };

/**
 * Walk one line of (presumably) JSON: strings are skipped whole, brackets counted, and the keys of
 * each object collected. Never throws and always ends on malformed text (then JSON.parse reports
 * the syntax error). The key in a duplicate-key problem is a column name, not a value.
 */
export function checkLineShape(text: string): LineShapeProblem | null {
  const n = text.length;
  // One entry per open container: a Set of keys for an object, null for an array.
  const stack: Array<Set<string> | null> = [];
  // After '{' or ',' inside an object, the next string is a key.
  let expectKey = false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const start = i;
      let escaped = false;
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) {
          escaped = true;
          i += 2;
        } else if (d === 0x22) break;
        else i++;
      }
      if (expectKey) {
        expectKey = false;
        const top = stack[stack.length - 1];
        if (top) {
          const raw = text.slice(start + 1, Math.min(i, n));
          const key = escaped ? unescapeKey(raw) : raw;
          if (key !== null) {
            if (top.has(key)) return { kind: 'duplicate-key', index: start, key };
            top.add(key);
          }
        }
      }
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (stack.length >= MAX_JSON_DEPTH) return { kind: 'too-deep', index: i };
      stack.push(c === 0x7b ? new Set() : null);
      expectKey = c === 0x7b;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
      expectKey = false;
    } else if (c === 0x2c /* , */) {
      expectKey = stack.length > 0 && stack[stack.length - 1] !== null;
    }
  }
  return null;
}

/** "a" and "\u0061" are the same key. */
function unescapeKey(raw: string): string | null {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return null;
  }
}
