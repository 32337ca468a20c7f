const LF = 10;
const CR = 13;
const QUOTE = 34;

export interface SplitRecord {
  /** Field bytes with "" unescaped. */
  fields: Uint8Array[];
  /** Index just past the record's line end. */
  next: number;
  /** Line breaks consumed (inside quotes and the terminator). */
  lines: number;
  /** A quoted field was followed by something other than a delimiter or line end. */
  malformed: boolean;
}

/**
 * The slow, simple record splitter used for the header and for delimiter detection (a few lines),
 * never for data rows. Returns null when the record does not end before `end` and !final, or
 * when a quote is still open at the end.
 */
export function splitRecord(buf: Uint8Array, start: number, end: number, delim: number, final: boolean): SplitRecord | null {
  const fields: Uint8Array[] = [];
  let i = start;
  let lines = 0;
  let malformed = false;
  for (;;) {
    if (i < end && buf[i] === QUOTE) {
      const parts: number[] = [];
      i++;
      let seg = i;
      for (;;) {
        while (i < end && buf[i] !== QUOTE) {
          if (buf[i] === LF || (buf[i] === CR && buf[i + 1] !== LF)) lines++;
          i++;
        }
        if (i >= end || (i + 1 >= end && !final)) return null;
        if (buf[i + 1] === QUOTE && i + 1 < end) {
          parts.push(seg, i + 1);
          i += 2;
          seg = i;
          continue;
        }
        parts.push(seg, i);
        i++;
        break;
      }
      let len = 0;
      for (let p = 0; p < parts.length; p += 2) len += parts[p + 1]! - parts[p]!;
      const f = new Uint8Array(len);
      let o = 0;
      for (let p = 0; p < parts.length; p += 2) {
        f.set(buf.subarray(parts[p]!, parts[p + 1]!), o);
        o += parts[p + 1]! - parts[p]!;
      }
      fields.push(f);
      if (i < end && buf[i] !== delim && buf[i] !== LF && buf[i] !== CR) {
        malformed = true;
        while (i < end && buf[i] !== delim && buf[i] !== LF && buf[i] !== CR) i++;
      }
    } else {
      const s = i;
      while (i < end && buf[i] !== delim && buf[i] !== LF && buf[i] !== CR) i++;
      fields.push(buf.slice(s, i));
    }
    if (i >= end) {
      if (!final) return null;
      return { fields, next: i, lines, malformed };
    }
    const c = buf[i]!;
    if (c === delim) {
      i++;
      continue;
    }
    if (c === CR) {
      if (i + 1 >= end && !final) return null;
      i += buf[i + 1] === LF ? 2 : 1;
    } else i++;
    return { fields, next: i, lines: lines + 1, malformed };
  }
}
