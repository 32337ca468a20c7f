import { TuominError } from '@tuomin/core';
import { damaged, memberBytes, memberText, type ZipMember } from './read-zip.js';
import { attributes, decodeOfficeEscapes } from './read-xml.js';
import { scanPart, type TagHandler } from './read-tags.js';
import { numberFormatKind, type NumberFormatKind } from './read-format.js';

export interface SheetEntry {
  name: string;
  /** The member holding the sheet's XML (xl/worksheets/sheet1.xml). */
  part: string;
  /** visible, hidden or veryHidden (only VBA can show those). */
  state: string;
  /** A chart sheet holds no cells. */
  chart: boolean;
}

export interface WorkbookInfo {
  sheets: SheetEntry[];
  /** The 1904 date system (Excel for Mac before 2011): serial 0 is 1904-01-01. */
  date1904: boolean;
  /** Cell format index (a cell's `s`) → how its numbers are shown. */
  cellFormats: NumberFormatKind[];
  sharedStringsPart: string | null;
}

/** Resolve a relationship target against the folder of the part that holds the relationships. */
function resolveTarget(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = base.split('/').filter((p) => p !== '');
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

function relationships(xml: string, base: string): Array<{ id: string; type: string; target: string }> {
  const out: Array<{ id: string; type: string; target: string }> = [];
  for (const m of xml.matchAll(/<(?:\w+:)?Relationship\b([^>]*)>/g)) {
    const a = attributes(m[1]!);
    if (a.get('TargetMode') === 'External') continue;
    out.push({ id: a.get('Id') ?? '', type: a.get('Type') ?? '', target: resolveTarget(base, a.get('Target') ?? '') });
  }
  return out;
}

function member(path: string, members: ReadonlyMap<string, ZipMember>, name: string): ZipMember {
  const m = members.get(name);
  if (m === undefined) throw damaged(path, `the part ${name} is missing`);
  return m;
}

/** The sheets in workbook order, the date system, and the cell formats, from the small parts. */
export async function readWorkbookInfo(path: string, members: ReadonlyMap<string, ZipMember>): Promise<WorkbookInfo> {
  const rootRels = members.has('_rels/.rels') ? relationships(await memberText(path, member(path, members, '_rels/.rels'), '_rels/.rels'), '') : [];
  const bookPart = rootRels.find((r) => r.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml';
  if (!members.has(bookPart)) throw damaged(path, `the workbook part ${bookPart} is missing`);
  const folder = bookPart.includes('/') ? bookPart.slice(0, bookPart.lastIndexOf('/')) : '';
  const relsPart = `${folder}${folder ? '/' : ''}_rels/${bookPart.slice(folder.length + (folder ? 1 : 0))}.rels`;
  const rels = members.has(relsPart) ? relationships(await memberText(path, member(path, members, relsPart), relsPart), folder) : [];
  const book = await memberText(path, member(path, members, bookPart), bookPart);
  const pr = /<(?:\w+:)?workbookPr\b([^>]*)>/.exec(book);
  const d1904 = pr ? attributes(pr[1]!).get('date1904') : undefined;
  const sheets: SheetEntry[] = [];
  for (const m of book.matchAll(/<(?:\w+:)?sheet\b([^>]*)>/g)) {
    const a = attributes(m[1]!);
    const rel = rels.find((r) => r.id === a.get('r:id'));
    sheets.push({
      name: a.get('name') ?? `sheet ${sheets.length + 1}`,
      part: rel?.target ?? '',
      state: a.get('state') ?? 'visible',
      chart: rel !== undefined && !rel.type.endsWith('/worksheet'),
    });
  }
  const stylesPart = rels.find((r) => r.type.endsWith('/styles'))?.target;
  const cellFormats = stylesPart !== undefined && members.has(stylesPart) ? readCellFormats(await memberText(path, member(path, members, stylesPart), stylesPart)) : [];
  const sst = rels.find((r) => r.type.endsWith('/sharedStrings'))?.target;
  return { sheets, date1904: d1904 === '1' || d1904 === 'true', cellFormats, sharedStringsPart: sst !== undefined && members.has(sst) ? sst : null };
}

/** Each cell format's (cellXfs, in order) number format, as a kind: general, text, date, time, zero-padded… */
function readCellFormats(styles: string): NumberFormatKind[] {
  const codes = new Map<number, string>();
  for (const m of styles.matchAll(/<(?:\w+:)?numFmt\b([^>]*)>/g)) {
    const a = attributes(m[1]!);
    codes.set(Number(a.get('numFmtId')), a.get('formatCode') ?? '');
  }
  const xfs = /<(?:\w+:)?cellXfs\b[^>]*>([\s\S]*?)<\/(?:\w+:)?cellXfs>/.exec(styles);
  if (!xfs) return [];
  const out: NumberFormatKind[] = [];
  for (const m of xfs[1]!.matchAll(/<(?:\w+:)?xf\b([^>]*)>/g)) {
    const id = Number(attributes(m[1]!).get('numFmtId') ?? 0);
    out.push(numberFormatKind(id, codes.get(id)));
  }
  return out;
}

/**
 * The shared strings, kept compact: their text joined into a few large strings with an offset
 * per string. Measured with 1,000,000 short Chinese strings: 15 MB of heap against 41 MB as an
 * array of strings (each JS string has its own header). Strings are joined 4,096 at a time, so
 * the large string is a short chain of flat pieces while it grows (appended one by one, the chain
 * of a million pieces took 61 MB until it was flattened).
 */
export class SharedStrings {
  private readonly blocks: string[] = [];
  /** Per string: its block, and its start and end in that block. */
  private block: Int32Array = new Int32Array(1024);
  private start: Int32Array = new Int32Array(1024);
  private end: Int32Array = new Int32Array(1024);
  private count = 0;
  private current = '';
  private currentLength = 0;
  private pending: string[] = [];

  add(s: string): void {
    if (this.currentLength + s.length > 1 << 24) {
      this.flush();
      this.blocks.push(this.current);
      this.current = '';
      this.currentLength = 0;
    }
    if (this.count === this.block.length) {
      this.block = grow(this.block);
      this.start = grow(this.start);
      this.end = grow(this.end);
    }
    this.block[this.count] = this.blocks.length;
    this.start[this.count] = this.currentLength;
    this.pending.push(s);
    this.currentLength += s.length;
    this.end[this.count] = this.currentLength;
    this.count++;
    if (this.pending.length === 4096) this.flush();
  }

  get size(): number {
    return this.count;
  }

  get(i: number): string {
    if (this.pending.length > 0) this.flush();
    const b = this.block[i]!;
    return (b === this.blocks.length ? this.current : this.blocks[b]!).slice(this.start[i]!, this.end[i]!);
  }

  private flush(): void {
    this.current += this.pending.join('');
    this.pending = [];
  }
}

function grow(a: Int32Array): Int32Array {
  const g = new Int32Array(a.length * 2);
  g.set(a);
  return g;
}

export async function readSharedStrings(path: string, members: ReadonlyMap<string, ZipMember>, part: string | null): Promise<SharedStrings> {
  const sst = new SharedStrings();
  if (part === null) return sst;
  let inSi = false;
  let phonetic = 0;
  let text = '';
  const h: TagHandler = {
    wantText: false,
    open(name) {
      if (name === 'si') { inSi = true; text = ''; }
      else if (name === 'rPh') phonetic++;
      else if (name === 't' && inSi && phonetic === 0) h.wantText = true;
    },
    close(name) {
      if (name === 't') h.wantText = false;
      else if (name === 'rPh') phonetic--;
      else if (name === 'si') { sst.add(decodeOfficeEscapes(text)); inSi = false; }
    },
    text(s) {
      text += s;
    },
  };
  const scanner = await scanPart(memberBytes(path, member(path, members, part), part), h, () => damaged(path, `the part ${part} is not UTF-8`));
  if (scanner.leftover() !== '') throw damaged(path, `the part ${part} ends inside a tag`);
  return sst;
}

/** The sheet to read: `sheet` by name (exact, else the one equal when trimmed and case-folded), else the first. */
export function chooseSheet(path: string, info: WorkbookInfo, sheet: string | number | undefined): SheetEntry {
  const names = info.sheets.map((s) => s.name);
  const list = names.map((n) => `"${n}"`).join(', ');
  if (info.sheets.length === 0) throw damaged(path, 'the workbook lists no sheets');
  let chosen: SheetEntry | undefined;
  if (sheet === undefined) {
    chosen = info.sheets[0]!;
    if (chosen.state !== 'visible' || chosen.chart) {
      throw new TuominError('BAD_INPUT', `no sheet named and the first sheet "${chosen.name}" is ${chosen.chart ? 'a chart sheet' : 'hidden'}: which sheet holds the table is not clear (sheets: ${list})`, { file: path },
        'name the sheet to read (source.xlsx.sheet in the spec, --sheet on the command line)', { id: 'xlsx.sheetAmbiguous', params: { sheets: names } });
    }
  } else if (typeof sheet === 'number') {
    chosen = info.sheets[sheet - 1];
  } else {
    chosen = info.sheets.find((s) => s.name === sheet);
    if (chosen === undefined) {
      const fold = (s: string) => s.trim().toLowerCase();
      const near = info.sheets.filter((s) => fold(s.name) === fold(sheet));
      if (near.length === 1) chosen = near[0];
    }
  }
  if (chosen === undefined) {
    throw new TuominError('BAD_INPUT', `the workbook has no sheet ${typeof sheet === 'number' ? `number ${sheet}` : `"${sheet}"`} (sheets: ${list})`, { file: path },
      'name one of the sheets listed, exactly as Excel shows it on its tab', { id: 'xlsx.noSuchSheet', params: { sheet: String(sheet), sheets: names } });
  }
  if (chosen.chart || chosen.part === '') {
    throw new TuominError('BAD_INPUT', `the sheet "${chosen.name}" is a chart sheet or has no worksheet part: it holds no cells (sheets: ${list})`, { file: path },
      'name a sheet that holds the table', { id: 'xlsx.notWorksheet', params: { sheet: chosen.name, sheets: names } });
  }
  return chosen;
}
