import { deflateRawSync } from 'node:zlib';
import { crc32Table } from '../../packages/io/src/crc32.js';

/**
 * Workbooks written byte by byte, as other programs write them (shared strings, inline strings,
 * sparse cells, merges, 1904 dates, prefixed tags…): the reader is tested on what Excel, WPS and
 * export libraries produce, not only on what our own writer makes.
 */
export interface SheetSpec {
  name: string;
  /** The worksheet's XML inside <worksheet>: <sheetData>…</sheetData> and whatever follows. */
  body: string;
  state?: 'hidden' | 'veryHidden';
}

export interface BookSpec {
  sheets: SheetSpec[];
  sharedStrings?: string[];
  /** `<numFmts>` codes by id (≥ 164), and the cellXfs' numFmtIds in order (index = a cell's s). */
  numFmts?: Record<number, string>;
  cellXfs?: number[];
  date1904?: boolean;
  /** Extra members (name → text), e.g. comments. */
  extra?: Record<string, string>;
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function workbookBytes(b: BookSpec): Buffer {
  const parts: Array<[string, string]> = [];
  parts.push(['[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>']);
  parts.push(['_rels/.rels', `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`]);
  const sheets = b.sheets.map((s, i) => `<sheet name="${esc(s.name)}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="rId${i + 1}"/>`).join('');
  parts.push(['xl/workbook.xml', `<?xml version="1.0" encoding="UTF-8"?><workbook ${NS}>${b.date1904 ? '<workbookPr date1904="1"/>' : '<workbookPr/>'}<sheets>${sheets}</sheets></workbook>`]);
  const n = b.sheets.length;
  const rels = b.sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')
    + `<Relationship Id="rId${n + 1}" Type="${REL}/styles" Target="styles.xml"/>`
    + (b.sharedStrings ? `<Relationship Id="rId${n + 2}" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>` : '');
  parts.push(['xl/_rels/workbook.xml.rels', `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}</Relationships>`]);
  const fmts = Object.entries(b.numFmts ?? {}).map(([id, code]) => `<numFmt numFmtId="${id}" formatCode="${esc(code)}"/>`).join('');
  const xfs = (b.cellXfs ?? [0]).map((id) => `<xf numFmtId="${id}" fontId="0" fillId="0" borderId="0" xfId="0"/>`).join('');
  parts.push(['xl/styles.xml', `<?xml version="1.0" encoding="UTF-8"?><styleSheet ${NS}>${fmts ? `<numFmts count="1">${fmts}</numFmts>` : ''}<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="1">${xfs}</cellXfs></styleSheet>`]);
  if (b.sharedStrings) {
    parts.push(['xl/sharedStrings.xml', `<?xml version="1.0" encoding="UTF-8"?><sst ${NS} count="${b.sharedStrings.length}">${b.sharedStrings.map((s) => s.startsWith('<') ? `<si>${s}</si>` : `<si><t xml:space="preserve">${esc(s)}</t></si>`).join('')}</sst>`]);
  }
  b.sheets.forEach((s, i) => parts.push([`xl/worksheets/sheet${i + 1}.xml`, `<?xml version="1.0" encoding="UTF-8"?><worksheet ${NS}>${s.body}</worksheet>`]));
  for (const [name, text] of Object.entries(b.extra ?? {})) parts.push([name, text]);
  return zipBytes(parts.map(([name, text]) => [name, Buffer.from(text, 'utf8')]));
}

/** A plain ZIP archive of deflated members. */
export function zipBytes(members: Array<[string, Buffer]>, flags = 0): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of members) {
    const nameBytes = Buffer.from(name, 'utf8');
    const packed = deflateRawSync(data);
    const crc = crc32Table(data, 0);
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0); lh.writeUInt16LE(20, 4); lh.writeUInt16LE(flags | 0x800, 6); lh.writeUInt16LE(8, 8);
    lh.writeUInt32LE(crc, 14); lh.writeUInt32LE(packed.length, 18); lh.writeUInt32LE(data.length, 22); lh.writeUInt16LE(nameBytes.length, 26);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0); ch.writeUInt16LE(20, 4); ch.writeUInt16LE(20, 6); ch.writeUInt16LE(flags | 0x800, 8); ch.writeUInt16LE(8, 10);
    ch.writeUInt32LE(crc, 16); ch.writeUInt32LE(packed.length, 20); ch.writeUInt32LE(data.length, 24); ch.writeUInt16LE(nameBytes.length, 28); ch.writeUInt32LE(offset, 42);
    locals.push(lh, nameBytes, packed);
    central.push(ch, nameBytes);
    offset += 30 + nameBytes.length + packed.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(members.length, 8); end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** `<row r="n">` of inline-string cells (null: no cell), columns from A. */
export function inlineRow(r: number, values: Array<string | null>): string {
  const cells = values.map((v, i) => v === null ? '' : `<c r="${String.fromCharCode(65 + i)}${r}" t="inlineStr"><is><t>${esc(v)}</t></is></c>`).join('');
  return `<row r="${r}">${cells}</row>`;
}
