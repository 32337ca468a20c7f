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
 * The fast pass, run on every line: nesting depth (index of the first bracket too deep, or -1)
 * and the number of members of each object, in the order the objects open. Strings are skipped
 * whole; nothing is allocated but the counts. Never throws; ends on malformed text.
 */
export function scanLine(text: string): { tooDeepAt: number; members: number[] } {
  const n = text.length;
  const members: number[] = [];
  // Per open container: the index of its count in `members`, or -1 for an array.
  const stack: number[] = [];
  let expectKey = false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      if (expectKey) {
        expectKey = false;
        const top = stack[stack.length - 1];
        if (top !== undefined && top >= 0) members[top]!++;
      }
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) i += 2;
        else if (d === 0x22) break;
        else i++;
      }
    } else if (c === 0x7b /* { */) {
      if (stack.length >= MAX_JSON_DEPTH) return { tooDeepAt: i, members };
      stack.push(members.length);
      members.push(0);
      expectKey = true;
    } else if (c === 0x5b /* [ */) {
      if (stack.length >= MAX_JSON_DEPTH) return { tooDeepAt: i, members };
      stack.push(-1);
      expectKey = false;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
      expectKey = false;
    } else if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      expectKey = top !== undefined && top >= 0;
    }
  }
  return { tooDeepAt: -1, members };
}

/**
 * Whether every object of the parsed value has as many keys as the text has members (objects
 * visited in document order, as scanLine counted them). False when a key repeats (JSON.parse kept
 * one), and also, harmlessly, when integer-like keys changed the visiting order: either way the
 * caller then runs checkLineShape, which decides.
 */
export function keysMatch(value: unknown, members: number[]): boolean {
  const stack: unknown[] = [value];
  let k = 0;
  while (stack.length > 0) {
    const x = stack.pop();
    if (Array.isArray(x)) {
      for (let i = x.length - 1; i >= 0; i--) if (x[i] !== null && typeof x[i] === 'object') stack.push(x[i]);
    } else if (x !== null && typeof x === 'object') {
      const keys = Object.keys(x);
      if (keys.length !== members[k++]) return false;
      for (let i = keys.length - 1; i >= 0; i--) {
        const child = (x as Record<string, unknown>)[keys[i]!];
        if (child !== null && typeof child === 'object') stack.push(child);
      }
    }
  }
  return k === members.length;
}

/**
 * The slow pass, only when keysMatch fails: walk one line of (presumably) JSON, strings skipped
 * whole, brackets counted, and the keys of each object collected. Never throws and always ends on malformed text (then JSON.parse reports
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
