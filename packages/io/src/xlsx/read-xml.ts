/**
 * The little XML a workbook's parts need: tags and their attributes, character references, and
 * Office's own `_xHHHH_` escapes. Parts are machine-written, so this is no general XML parser: no
 * DTDs (a DOCTYPE is refused by the callers' structure checks, never expanded), no namespaces
 * beyond dropping a prefix (`x:row` is `row`, as the OpenXML SDK writes it).
 */

/** `name="value"` and `name='value'` pairs of a start tag's text (after its name), values decoded. */
export function attributes(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  for (let m = re.exec(tag); m !== null; m = re.exec(tag)) {
    const name = m[1]!;
    const colon = name.indexOf(':');
    // xmlns declarations and r:id keep their prefix; other prefixed names lose it.
    const key = colon < 0 || name.startsWith('xmlns') || name.startsWith('r:') ? name : name.slice(colon + 1);
    out.set(key, decodeEntities(m[2] ?? m[3] ?? ''));
  }
  return out;
}

/** The value of one attribute, or undefined: the cell scanner's fast path (no Map per cell). */
export function attribute(tag: string, name: string): string | undefined {
  let from = 0;
  for (;;) {
    const at = tag.indexOf(name, from);
    if (at < 0) return undefined;
    from = at + name.length;
    const before = tag.charCodeAt(at - 1);
    // Preceded by white space (or a prefix's colon), followed by `=`: the attribute, not a value's text.
    if (!(before === 0x20 || before === 0x09 || before === 0x0a || before === 0x0d || before === 0x3a)) continue;
    let p = from;
    while (tag.charCodeAt(p) === 0x20) p++;
    if (tag.charCodeAt(p) !== 0x3d) continue;
    p++;
    while (tag.charCodeAt(p) === 0x20) p++;
    const q = tag[p];
    if (q !== '"' && q !== "'") return undefined;
    const end = tag.indexOf(q, p + 1);
    if (end < 0) return undefined;
    const raw = tag.slice(p + 1, end);
    return raw.indexOf('&') < 0 ? raw : decodeEntities(raw);
  }
}

/** The element name of a tag's text (`c r="A1"` → `c`, `/x:row` → `row`), prefix dropped. */
export function tagName(tag: string, from: number): string {
  let end = from;
  while (end < tag.length) {
    const c = tag.charCodeAt(end);
    if (c === 0x20 || c === 0x2f || c === 0x3e || c === 0x09 || c === 0x0a || c === 0x0d) break;
    end++;
  }
  // The prefix's colon is looked for inside the name only: `tag` may be a whole chunk of the part,
  // and a lastIndexOf from here would search back through all of it for every closing tag.
  let start = from;
  for (let k = from; k < end; k++) if (tag.charCodeAt(k) === 0x3a) start = k + 1;
  return tag.slice(start, end);
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The five named entities and numeric character references; an unknown entity stays as written. */
export function decodeEntities(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (all, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return cp <= 0x10ffff ? String.fromCodePoint(cp) : all;
    }
    return NAMED[e] ?? all;
  });
}

/**
 * Office writes characters XML cannot hold (and a literal `_x` sequence) as `_xHHHH_` in strings
 * (ECMA-376 ST_Xstring): Excel writes a carriage return in a cell as `_x000D_`. `_x005F_` escapes
 * the underscore of a literal `_xHHHH_`.
 */
export function decodeOfficeEscapes(s: string): string {
  if (s.indexOf('_x') < 0) return s;
  return s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** Column letters of an A1 reference → 0-based column, or -1 when the reference has none. */
export function columnOfRef(ref: string): number {
  let col = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i) | 0x20; // lower case
    if (c < 0x61 || c > 0x7a) break;
    col = col * 26 + (c - 0x60);
  }
  return i === 0 ? -1 : col - 1;
}

/** The row number of an A1 reference (`C5` → 5), or -1. */
export function rowOfRef(ref: string): number {
  const m = /^[A-Za-z]*(\d+)$/.exec(ref);
  return m ? Number(m[1]) : -1;
}

/** 0-based column → letters (0 → A, 27 → AB). */
export function columnLetters(col: number): string {
  let s = '';
  for (let n = col + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}
