import { decodeEntities, tagName } from './read-xml.js';

/** What a part's reader does with its tags; `text` only while `wantText` is true. */
export interface TagHandler {
  wantText: boolean;
  open(name: string, tag: string, selfClosing: boolean): void;
  close(name: string): void;
  text(s: string): void;
}

/**
 * A pull scanner over a part's text as it is inflated: tags are found with indexOf, so the cost
 * is a few string searches per cell. Text between two tags is handed over whole (decoded) or not
 * at all: a chunk that ends inside a text or a tag keeps that rest for the next chunk, so an
 * entity or a tag is never cut. Comments and processing instructions are skipped; CDATA is text;
 * a DOCTYPE is refused (a workbook part has none, and entity expansion is how XML bombs work).
 */
export class TagScanner {
  private rest = '';
  /** Set when a DOCTYPE was met; the caller turns it into its own error. */
  doctype = false;

  feed(chunk: string, h: TagHandler): void {
    const buf = this.rest.length > 0 ? this.rest + chunk : chunk;
    let pos = 0;
    const n = buf.length;
    while (pos < n) {
      const lt = buf.indexOf('<', pos);
      if (lt < 0) break;
      if (h.wantText && lt > pos) h.text(decodeEntities(buf.slice(pos, lt)));
      const c1 = buf.charCodeAt(lt + 1);
      if (c1 === 0x21 /* ! */ || c1 === 0x3f /* ? */) {
        const end = this.special(buf, lt, h);
        if (end < 0) { pos = lt; this.rest = buf.slice(pos); return; }
        pos = end;
        continue;
      }
      const gt = buf.indexOf('>', lt + 1);
      if (gt < 0) { pos = lt; this.rest = buf.slice(pos); return; }
      if (c1 === 0x2f /* / */) {
        h.close(tagName(buf, lt + 2));
      } else {
        const selfClosing = buf.charCodeAt(gt - 1) === 0x2f;
        const tag = buf.slice(lt + 1, selfClosing ? gt - 1 : gt);
        h.open(tagName(tag, 0), tag, selfClosing);
        if (selfClosing) h.close(tagName(tag, 0));
      }
      pos = gt + 1;
    }
    // Text after the last tag waits for the next chunk (it may end inside an entity).
    this.rest = pos < n ? buf.slice(pos) : '';
  }

  /** What is left unread at the end of the part (a tag cut short means a damaged part). */
  leftover(): string {
    return this.rest.trim();
  }

  /** `<!-- -->`, `<?…?>`, `<![CDATA[…]]>`, `<!DOCTYPE`: the index after it, or -1 when it is not all here yet. */
  private special(buf: string, lt: number, h: TagHandler): number {
    if (buf.startsWith('<!--', lt)) {
      const end = buf.indexOf('-->', lt + 4);
      return end < 0 ? -1 : end + 3;
    }
    if (buf.startsWith('<?', lt)) {
      const end = buf.indexOf('?>', lt + 2);
      return end < 0 ? -1 : end + 2;
    }
    if (buf.startsWith('<![CDATA[', lt)) {
      const end = buf.indexOf(']]>', lt + 9);
      if (end < 0) return -1;
      if (h.wantText) h.text(buf.slice(lt + 9, end));
      return end + 3;
    }
    if (buf.length - lt < 9) return -1;
    if (buf.startsWith('<!DOCTYPE', lt)) this.doctype = true;
    const end = buf.indexOf('>', lt);
    return end < 0 ? -1 : end + 1;
  }
}

/** Feed a part's bytes to a handler, decoding UTF-8 as it goes (a part that is not UTF-8 throws `notUtf8`). */
export async function scanPart(bytes: AsyncIterable<Uint8Array>, h: TagHandler, notUtf8: () => Error, stop?: () => boolean): Promise<TagScanner> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const scanner = new TagScanner();
  for await (const chunk of bytes) {
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      throw notUtf8();
    }
    scanner.feed(text, h);
    if (stop?.()) return scanner;
  }
  try {
    scanner.feed(decoder.decode(), h);
  } catch {
    throw notUtf8();
  }
  return scanner;
}
