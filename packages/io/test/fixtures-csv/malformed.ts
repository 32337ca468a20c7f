/**
 * The malformed-CSV corpus, generated systematically so every case knows its exact expected
 * error: message, 1-based line and byte offset in the original file, and (for row faults) the
 * exact raw bytes that onBadRow 'skip' must put in the reject file.
 */
import iconv from 'iconv-lite';
import type { CsvReadOptions } from '../../src/index.js';

export interface MalformedCase {
  name: string;
  bytes: Uint8Array;
  options: CsvReadOptions;
  message: RegExp;
  line: number;
  byteOffset: number;
  /** Row faults only: the reject file's bytes and the rows that survive, in skip mode. */
  reject?: Uint8Array;
  goodRows?: string[][];
  hint: RegExp;
  /** Quote errors name the column of the field at fault. */
  column?: string;
}

type Flavour = 'ascii' | 'chinese' | 'gbk';
const EOLS: Array<[string, string]> = [['LF', '\n'], ['CRLF', '\r\n'], ['CR', '\r']];
const POSITIONS = ['first', 'middle', 'last'] as const;

function baseRows(flavour: Flavour): string[][] {
  const zh = flavour !== 'ascii';
  return Array.from({ length: 5 }, (_, i) => [String(i + 1), zh ? `当事人${i}` : `party${i}`, zh ? `经查，违法${i}` : `note ${i}`]);
}

function encode(text: string, flavour: Flavour): Uint8Array {
  return flavour === 'gbk' ? new Uint8Array(iconv.encode(text, 'gbk')) : new TextEncoder().encode(text);
}

interface Fault {
  kind: string;
  /** The bad line's text, and where inside it (in characters) the error points. */
  line: (zh: boolean) => { text: string; at: number };
  message: RegExp;
}

const FAULTS: Fault[] = [
  { kind: 'ragged-short', line: (zh) => ({ text: zh ? `9,缺一列` : '9,missing', at: 0 }), message: /ragged row: 2 fields where the header has 3 \(too few\)/ },
  { kind: 'ragged-one', line: (zh) => ({ text: zh ? `只有一列` : 'lonely', at: 0 }), message: /ragged row: 1 field where the header has 3/ },
  { kind: 'ragged-long', line: (zh) => ({ text: zh ? `9,甲,乙,丙` : '9,a,b,c', at: 0 }), message: /ragged row: 4 fields where the header has 3 \(too many\)/ },
  {
    kind: 'unterminated-quote',
    line: (zh) => {
      const text = zh ? `9,"未闭合,引号` : '9,"never closed,x';
      return { text, at: text.indexOf('"') };
    },
    message: /unterminated quote: this quoted field is never closed/,
  },
  {
    kind: 'after-quote',
    line: (zh) => {
      const text = zh ? `9,"引号"后面,x` : '9,"quoted"tail,x';
      return { text, at: text.lastIndexOf('"') + 1 };
    },
    message: /unexpected character after a closing quote/,
  },
];

function rowFaultCases(): MalformedCase[] {
  const out: MalformedCase[] = [];
  for (const flavour of ['ascii', 'chinese', 'gbk'] as Flavour[]) {
    for (const [eolName, eol] of EOLS) {
      for (const fault of FAULTS) {
        for (const pos of POSITIONS) {
          const rows = baseRows(flavour);
          const header = flavour === 'ascii' ? 'id,name,note' : '编号,名称,事由';
          const insertAt = pos === 'first' ? 0 : pos === 'middle' ? 2 : rows.length;
          const bad = fault.line(flavour !== 'ascii');
          const lines = [header, ...rows.slice(0, insertAt).map((r) => r.join(',')), bad.text, ...rows.slice(insertAt).map((r) => r.join(','))];
          const trailing = pos !== 'last'; // the last-position cases end without a line break
          const text = lines.join(eol) + (trailing ? eol : '');
          const bytes = encode(text, flavour);
          const before = lines.slice(0, insertAt + 1).join(eol) + eol;
          const badStart = encode(before, flavour).length;
          const byteOffset = badStart + encode(bad.text.slice(0, bad.at), flavour).length;
          const rejectText = bad.text + (pos === 'last' ? '\n' : eol);
          out.push({
            name: `${fault.kind} ${flavour} ${eolName} ${pos}`,
            bytes,
            options: flavour === 'gbk' ? {} : { encoding: 'auto' },
            message: fault.message,
            line: insertAt + 2,
            byteOffset,
            reject: encode(rejectText, flavour),
            goodRows: rows,
            hint: /onBadRow: skip/,
            ...(fault.kind === 'unterminated-quote' || fault.kind === 'after-quote' ? { column: flavour === 'ascii' ? 'name' : '名称' } : {}),
          });
        }
      }
    }
  }
  return out;
}

function concat(...parts: Array<Uint8Array | number[]>): Uint8Array {
  const n = parts.reduce((a, p) => a + p.length, 0);
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Bytes that are not UTF-8, in a file read as UTF-8. */
function utf8DecodeCases(): MalformedCase[] {
  const bad: Array<[string, number[]]> = [
    ['0xFF byte', [0xff]],
    ['bad continuation', [0xc3, 0x28]],
    ['overlong NUL', [0xc0, 0x80]],
    ['surrogate', [0xed, 0xa0, 0x80]],
    ['stray continuation', [0x80]],
    ['lead byte before delimiter', [0xe4, 0xb8]],
  ];
  const out: MalformedCase[] = [];
  const enc = new TextEncoder();
  for (const [what, seq] of bad) {
    for (const pos of POSITIONS) {
      const head = enc.encode('编号,名称\n1,甲\n');
      const rowsBefore = pos === 'first' ? '' : pos === 'middle' ? '2,乙\n3,丙\n' : '2,乙\n3,丙\n4,丁\n';
      const pre = concat(head, enc.encode(rowsBefore), enc.encode('9,坏'));
      const post = pos === 'last' ? enc.encode(',x') : enc.encode('字,x\n5,戊\n');
      // 'last' with a truncated sequence at the very end of the file exercises the final-chunk check.
      const bytes = pos === 'last' && what === 'lead byte before delimiter' ? concat(pre, post, seq) : concat(pre, seq, post);
      const offset = pos === 'last' && what === 'lead byte before delimiter' ? pre.length + post.length : pre.length;
      const line = 3 + (pos === 'first' ? 0 : pos === 'middle' ? 2 : 3);
      out.push({
        name: `utf-8 ${what} ${pos}`, bytes, options: { encoding: 'utf-8' }, message: /bytes that are not valid UTF-8/, line, byteOffset: offset, hint: /--encoding gb18030/,
      });
    }
  }
  return out;
}

/** Bytes that are not GB18030, in a file read as GBK. */
function gbkDecodeCases(): MalformedCase[] {
  const bad: Array<[string, number[]]> = [
    ['0xFF byte', [0xff]],
    ['lead then space', [0x81, 0x20]],
    ['lead then newline', [0xb0, 0x0a]],
  ];
  const out: MalformedCase[] = [];
  for (const [what, seq] of bad) {
    for (const pos of POSITIONS) {
      const head = iconv.encode('编号,名称\r\n1,甲\r\n', 'gbk');
      const rowsBefore = pos === 'first' ? '' : pos === 'middle' ? '2,乙\r\n' : '2,乙\r\n3,丙\r\n4,丁\r\n';
      const pre = concat(head, iconv.encode(rowsBefore, 'gbk'), iconv.encode('9,坏', 'gbk'));
      const post = iconv.encode(pos === 'last' ? ',x' : '字,x\r\n5,戊\r\n', 'gbk');
      out.push({
        name: `gbk ${what} ${pos}`,
        bytes: concat(pre, seq, post),
        options: { encoding: 'gbk' },
        message: /bytes that are not valid GBK/,
        line: 3 + (pos === 'first' ? 0 : pos === 'middle' ? 1 : 3),
        byteOffset: pre.length,
        hint: /--encoding utf-8/,
      });
    }
  }
  return out;
}

/** Faults in the header line. */
function headerCases(): MalformedCase[] {
  const out: MalformedCase[] = [];
  for (const [eolName, eol] of EOLS) {
    out.push({
      name: `header unterminated quote ${eolName}`,
      bytes: new TextEncoder().encode(`编号,"名称${eol}1,甲${eol}`),
      options: { delimiter: ',' },
      message: /unterminated quoted field in the header line/,
      line: 1,
      byteOffset: new TextEncoder().encode('编号,').length,
      hint: /close the quote/,
    });
    out.push({
      name: `header text after quote ${eolName}`,
      bytes: new TextEncoder().encode(`编号,"名称"x${eol}1,甲${eol}`),
      options: { delimiter: ',' },
      message: /unexpected character after a closing quote in the header line/,
      line: 1,
      byteOffset: 0,
      hint: /quoted name/,
    });
  }
  return out;
}

export const MALFORMED: MalformedCase[] = [...rowFaultCases(), ...utf8DecodeCases(), ...gbkDecodeCases(), ...headerCases()];
