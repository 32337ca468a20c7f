/**
 * Bad input in every format, second sweep (session 10, H5): the damage the first sweep
 * (test/formats-sweep.test.ts) did not plant. Every source is a real file written in the test by
 * another tool (SheetJS for workbooks, iconv-lite for GB18030, apache-arrow, DuckDB) or by hand,
 * and runs go through the CLI in this process with the work and temporary folders inside the
 * test's folder so that leftovers can be counted. What must hold: a source tuomin cannot read is
 * refused whole with the file, the line (and byte or character) and what to do, and leaves
 * nothing; a source it reads is read exactly — no value altered, no row dropped.
 */
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Field, Utf8, vectorFromArray } from 'apache-arrow';
import { encode as iconv } from 'iconv-lite';
import XLSX from 'xlsx';
import { TType, encodeStruct, type ThriftStruct, type ThriftValue } from '../packages/io/src/parquet/thrift-compact.js';
import { attemptRun, clinicDataset, type Spec } from './support/sweep-flow.js';
import { CARE_COLUMNS, scratchWithSpills, type Folder } from './support/spill-folder.js';
import { parse } from 'yaml';
import { ID, MOBILE, PLANTED, ROWS, arrowFileBytes, arrowStreamBytes, careBatch, careCsv, careNdjson } from './support/formats-sweep-data.js';

const scratch = scratchWithSpills('tuomin-formats-sweep-2');

const enc = new TextEncoder();
const NOTE = '  beizhu: { name: note, description: 备注 }\n';

const folder = (source: string, bytes: Uint8Array | string, column = NOTE, formats = '[csv, parquet, ndjson]'): Promise<Folder> =>
  scratch.folder(source, bytes, `${clinicDataset('formats-sweep-2')}source: { path: ${source}, acquiredAt: 2026-11-20 }\ncolumns:\n${CARE_COLUMNS}${column}output: { folder: out, formats: ${formats} }\n`);

const tuomin = (f: Folder, args: string[]) => scratch.run(f, args);

/** Files left where a refused command must leave none: the output folder, run folders, the temporary folder, stray files beside the source. */
async function leftovers(f: Folder): Promise<string[]> {
  const beside = (await readdir(f.dir)).filter((e) => e.startsWith('.') || e.includes('tmp') || e.startsWith('o.'));
  return [...await scratch.leftovers(f), ...beside];
}

/** The cells of one column of a converted NDJSON file, as JSON.parse reads each line. */
async function convertedColumn(f: Folder, source: string, column: string): Promise<unknown[]> {
  const r = await tuomin(f, ['convert', source, 'conv.ndjson']);
  expect(r.code, r.text).toBe(0);
  const text = await readFile(join(f.dir, 'conv.ndjson'), 'utf8');
  return text.split('\n').filter(Boolean).map((l) => (JSON.parse(l) as Record<string, unknown>)[column]);
}

/** Every command that reads a source: each must refuse it the same way. */
const READERS = (file: string): string[][] => [['scan', file], ['profile', file], ['profile', file, '--write-spec', 'draft.yaml'], ['run', 'spec.yaml']];

async function expectRefusedEverywhere(f: Folder, file: string, check: (r: { code: number; json: Record<string, any>; text: string }, what: string) => void): Promise<void> {
  for (const args of READERS(file)) {
    const r = await tuomin(f, args);
    const what = `${args.join(' ')}: ${r.text}`;
    check(r, what);
    expect(r.text.includes(ID), `${args[0]} printed the ID`).toBe(false);
    expect(r.text.includes(MOBILE), `${args[0]} printed the mobile`).toBe(false);
    expect(await leftovers(f), what).toEqual([]);
  }
  expect(existsSync(join(f.dir, 'draft.yaml'))).toBe(false);
  for (const out of ['o.parquet', 'o.csv', 'o.ndjson']) {
    const r = await tuomin(f, ['convert', file, out]);
    expect(r.code, r.text).toBe(1);
    expect(existsSync(join(f.dir, out)), out).toBe(false);
  }
  expect(await leftovers(f)).toEqual([]);
}

// ---------------------------------------------------------------------------------------------
// Workbooks. tuomin reads one sheet of an .xlsx (io xlsx/read.ts; test/xlsx-input.test.ts) and no
// .xls. Each workbook carries a feature a reader has to decide about: whatever the reader makes of
// it, the ID planted in a remark is never published, and a refusal says what to do.

const rows = (): Array<Array<string | number>> => [['jiedao', 'fuwu_xm', 'cishu', 'beizhu'], ...Array.from({ length: ROWS }, (_, i) => [['渤海街道', '黄河街道'][i % 2]!, '助餐', 1 + (i % 4), i === PLANTED ? `老人身份证${ID}` : '无'])];

function workbook(shape: (wb: XLSX.WorkBook) => void, bookType: 'xlsx' | 'xls' = 'xlsx', bookSST = false): Uint8Array {
  const wb = XLSX.utils.book_new();
  shape(wb);
  return new Uint8Array(XLSX.write(wb, { type: 'buffer', bookType, bookSST }));
}
const sheet = (data: Array<Array<string | number>>): XLSX.WorkSheet => XLSX.utils.aoa_to_sheet(data);

const WORKBOOKS: Array<[string, () => Uint8Array]> = [
  ['merged cells', () => workbook((wb) => { const ws = sheet(rows()); ws['!merges'] = [{ s: { r: 1, c: 0 }, e: { r: 4, c: 0 } }]; XLSX.utils.book_append_sheet(wb, ws, '服务记录'); })],
  ['two sheets, the ID on the second', () => workbook((wb) => { XLSX.utils.book_append_sheet(wb, sheet(rows().map((r) => r.slice(0, 3))), '汇总'); XLSX.utils.book_append_sheet(wb, sheet(rows()), '明细'); })],
  ['a hidden sheet holding the ID', () => workbook((wb) => {
    XLSX.utils.book_append_sheet(wb, sheet(rows().map((r) => r.slice(0, 3))), '汇总');
    XLSX.utils.book_append_sheet(wb, sheet([['sfz'], [ID]]), '底稿');
    wb.Workbook = { Sheets: [{ Hidden: 0 }, { Hidden: 1 }] };
  })],
  ['formulas with cached values', () => workbook((wb) => { const ws = sheet(rows()); ws.E1 = { t: 's', v: 'heji' }; ws.E2 = { t: 'n', v: 2, f: 'C2+1' }; ws['!ref'] = `A1:E${ROWS + 1}`; XLSX.utils.book_append_sheet(wb, ws, 'Sheet1'); })],
  ['Excel serial dates beside text dates', () => workbook((wb) => { const ws = sheet(rows().map((r, i) => [...r, i === 0 ? 'riqi' : i % 2 ? 45996 : '2025-12-04'])); XLSX.utils.book_append_sheet(wb, ws, 'Sheet1'); })],
  ['the header on the third row, under a title', () => workbook((wb) => XLSX.utils.book_append_sheet(wb, sheet([['居家养老上门服务记录'], [], ...rows()]), 'Sheet1'))],
  ['shared strings', () => workbook((wb) => XLSX.utils.book_append_sheet(wb, sheet(rows()), 'Sheet1'), 'xlsx', true)],
  ['a cell of 32,767 characters', () => workbook((wb) => XLSX.utils.book_append_sheet(wb, sheet(rows().map((r, i) => (i === 3 ? [...r.slice(0, 3), `${'记'.repeat(32_767 - ID.length)}${ID}`] : r))), 'Sheet1'))],
  ['an XLS (BIFF8) workbook', () => workbook((wb) => XLSX.utils.book_append_sheet(wb, sheet(rows()), 'Sheet1'), 'xls')],
];

describe('a workbook: an .xls refused whole, an .xlsx read with its planted ID never published', () => {
  for (const [name, bytes] of WORKBOOKS) {
    const xls = name.includes('XLS (');
    if (xls) {
      it(`${name} (.xls): every command exits 1 naming the file and the fix, nothing printed, nothing left`, async () => {
        const f = await folder('in.xls', bytes());
        await expectRefusedEverywhere(f, 'in.xls', (r, what) => {
          expect(r.code, what).toBe(1);
          expect(basename(String(r.json.error?.file)), what).toBe('in.xls');
          // .xls is an unknown extension: the hint lists the known ones.
          expect(String(r.json.error?.hint ?? ''), what).toMatch(/\.csv/);
        });
      });
    } else {
      it(`${name} (.xlsx): run publishes no ID in any file (or refuses), scan and run print none`, async () => {
        const f = await folder('in.xlsx', bytes(), NOTE.replace('}', ', rule: { type: redact } }'));
        const run = await tuomin(f, ['run', 'spec.yaml']);
        expect(run.text.includes(ID), `run printed the ID: ${run.text}`).toBe(false);
        const published = existsSync(join(f.dir, 'out')) ? await readdir(join(f.dir, 'out'), { recursive: true, withFileTypes: true }) : [];
        for (const e of published.filter((d) => d.isFile())) {
          const text = await readFile(join(e.parentPath, e.name));
          expect(text.includes(ID), `${e.name} holds the ID (run exit ${run.code})`).toBe(false);
        }
        if (run.code === 0) expect(published.some((d) => d.isFile() && d.name.endsWith('.csv')), run.text).toBe(true);
        else expect([1, 3], run.text).toContain(run.code);
        const scan = await tuomin(f, ['scan', 'in.xlsx']);
        expect(scan.text.includes(ID), `scan printed the ID: ${scan.text}`).toBe(false);
      });
    }

    // Saved under a .csv name (a common rename): before, "bytes that are not valid GB18030" at
    // byte 14 of line 1, which sent the publisher to the encoding.
    it(`${name}, saved under a .csv name: refused as a workbook, not as bad GB18030`, async () => {
      const f = await folder('in.csv', bytes());
      await expectRefusedEverywhere(f, 'in.csv', (r, what) => {
        expect(r.code, what).toBe(1);
        expect(r.json.error?.code, what).toBe('BAD_INPUT');
        expect(r.json.error?.message, what).toMatch(xls ? /OLE2 document \(an XLS or ET workbook/ : /ZIP archive \(an XLSX or ODS workbook/);
        expect(r.json.error?.hint, what).toMatch(/CSV UTF-8/);
        expect(r.json.error).toMatchObject({ line: 1, byteOffset: 0 });
      });
    });
  }
});

// ---------------------------------------------------------------------------------------------
// CSV.

describe('CSV: damage that is data, read exactly', () => {
  it('a NUL byte inside a cell is kept, not dropped or cut at', async () => {
    const f = await folder('in.csv', careCsv((i) => (i === 5 ? 'a\u0000b' : '无')));
    const cells = await convertedColumn(f, 'in.csv', 'beizhu');
    expect(cells).toHaveLength(ROWS);
    expect(cells[5]).toBe('a\u0000b');
  });

  it('lines ending CRLF and LF in turn: every row read, no CR left in a value', async () => {
    const f = await folder('in.csv', careCsv().split('\r\n').map((l, k) => (l ? l + (k % 2 ? '\n' : '\r\n') : '')).join(''));
    const cells = await convertedColumn(f, 'in.csv', 'beizhu');
    expect(cells).toEqual(Array.from({ length: ROWS }, () => '无'));
    const run = await tuomin(f, ['run', 'spec.yaml']);
    expect(run.code, run.text).toBe(0);
    expect(run.json.rows).toBe(ROWS);
  });

  it('GB18030 four-byte sequences (an extension-B character, a musical symbol, an emoji) read as the characters they are', async () => {
    const f = await folder('in.csv', new Uint8Array(iconv(careCsv((i) => (i === 5 ? '𠀀𝄞😀' : '无')), 'gb18030')));
    const cells = await convertedColumn(f, 'in.csv', 'beizhu');
    expect(cells[5]).toBe('𠀀𝄞😀');
    expect(cells.filter((c) => c === '无')).toHaveLength(ROWS - 1);
  });
});

describe('CSV: a row the header does not fit, and a delimiter at the end of each line', () => {
  it('a trailing delimiter on the data lines only: line 2 has 5 fields where the header has 4, exit 1 everywhere', async () => {
    const f = await folder('in.csv', careCsv().split('\r\n').map((l, k) => (l && k > 0 ? `${l},` : l)).join('\r\n'));
    await expectRefusedEverywhere(f, 'in.csv', (r, what) => {
      expect(r.code, what).toBe(1);
      expect(r.json.error).toMatchObject({ code: 'BAD_INPUT', line: 2 });
      expect(r.json.error.message, what).toMatch(/5 fields where the header has 4/);
      expect(r.json.error.hint, what).toMatch(/delimiter/);
    });
  });

  it('a trailing delimiter on every line, the header too: the blank fifth column is named column_5, and a run asks for it to be described', async () => {
    const f = await folder('in.csv', careCsv().split('\r\n').map((l) => (l ? `${l},` : l)).join('\r\n'));
    const run = await tuomin(f, ['run', 'spec.yaml']);
    expect(run.code, run.text).toBe(1);
    expect(run.json.error.code).toBe('BAD_SPEC');
    expect(run.json.error.message).toMatch(/not described in the spec: column_5/);
    expect(await leftovers(f)).toEqual([]);
  });
});

const gbWith = (damage: number[]) => (): Uint8Array => {
  const b = new Uint8Array(iconv(careCsv((i) => (i === 5 ? 'QQ好' : i === PLANTED ? `老人身份证${ID}` : '无')), 'gb18030'));
  const at = Buffer.from(b).indexOf('QQ');
  damage.forEach((x, k) => { b[at + k] = x; });
  return b;
};
const GB_DAMAGE: Array<[string, number[]]> = [
  ['a four-byte sequence cut after two bytes', [0x81, 0x30, 0x2c]],
  ['a four-byte sequence whose third byte is no lead byte', [0x81, 0x30, 0x20, 0x30]],
  ['a lone 0xFF', [0xff, 0x51]],
  ['a four-byte sequence beyond the last code point', [0xfe, 0x39, 0xfe, 0x39]],
];

describe('GB18030: a damaged byte is refused at its line and byte, read as nothing else', () => {
  for (const [name, damage] of GB_DAMAGE) {
    it(name, async () => {
      const bytes = gbWith(damage)();
      const at = Buffer.from(gbWith([0x51, 0x51])()).indexOf('QQ');
      const f = await folder('in.csv', bytes);
      await expectRefusedEverywhere(f, 'in.csv', (r, what) => {
        expect(r.code, what).toBe(1);
        expect(r.json.error, what).toMatchObject({ code: 'BAD_INPUT', line: 7, byteOffset: at });
        expect(r.json.error.message, what).toMatch(/not valid GB18030/);
      });
    });
  }
});

// Chinese text in UTF-16 LE is mostly valid GB18030 byte for byte (中 is 2D 4E, "-N"), with a NUL
// after each ASCII character: without a byte order mark it was read as mojibake.
const UTF16_TEXT = (): string => `${['jiedao,fuwu_xm,cishu,beizhu', ...Array.from({ length: ROWS }, (_, i) => `${['中心', '新村'][i % 2]},助餐,${1 + (i % 4)},${i === PLANTED ? `身份证${ID}` : '无'}`)].join('\r\n')}\r\n`;
const utf16le = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf16le'));
const utf16be = (s: string): Uint8Array => { const b = Buffer.from(s, 'utf16le'); b.swap16(); return new Uint8Array(b); };

describe('UTF-16: refused with or without a byte order mark, never read as mojibake', () => {
  const CASES: Array<[string, () => Uint8Array, RegExp]> = [
    ['LE with its byte order mark', () => new Uint8Array([0xff, 0xfe, ...utf16le(UTF16_TEXT())]), /UTF-16 \(it starts with the byte order mark FF FE\)/],
    ['BE with its byte order mark', () => new Uint8Array([0xfe, 0xff, ...utf16be(UTF16_TEXT())]), /UTF-16 \(it starts with the byte order mark FE FF\)/],
    ['LE without a byte order mark', () => utf16le(UTF16_TEXT()), /looks like UTF-16 LE without a byte order mark/],
    ['BE without a byte order mark', () => utf16be(UTF16_TEXT()), /looks like UTF-16 BE without a byte order mark/],
  ];
  for (const [name, bytes, says] of CASES) {
    it(`${name}: exit 1 at line 1, byte 0, saying to save it as UTF-8`, async () => {
      const f = await folder('in.csv', bytes());
      await expectRefusedEverywhere(f, 'in.csv', (r, what) => {
        expect(r.code, what).toBe(1);
        expect(r.json.error, what).toMatchObject({ code: 'BAD_INPUT', line: 1, byteOffset: 0 });
        expect(r.json.error.message, what).toMatch(says);
        expect(r.json.error.hint, what).toMatch(/UTF-8/);
      });
    });
  }

  it('NUL padding at the end of a crashed export (NULs at both parities) is no UTF-16: refused as the ragged row it is, at its line', async () => {
    const f = await folder('in.csv', new Uint8Array([...enc.encode(careCsv()), ...new Uint8Array(64)]));
    const r = await tuomin(f, ['scan', 'in.csv']);
    expect(r.code, r.text).toBe(1);
    expect(r.json.error).toMatchObject({ code: 'BAD_INPUT', line: ROWS + 2 });
    expect(r.json.error.message).not.toMatch(/UTF-16/);
  });
});

describe('an empty CSV and a header alone', () => {
  it('0 bytes: scan and run exit 1 saying the file is empty, nothing left', async () => {
    const f = await folder('in.csv', '');
    for (const args of [['scan', 'in.csv'], ['run', 'spec.yaml']]) {
      const r = await tuomin(f, args);
      expect(r.code, r.text).toBe(1);
      expect(r.json.error.message).toMatch(/the file is empty/);
      expect(await leftovers(f)).toEqual([]);
    }
  });

  it('a header and no rows: scan reads 0 rows, a run is refused for publishing no rows, nothing left', async () => {
    for (const text of ['jiedao,fuwu_xm,cishu,beizhu\r\n', 'jiedao,fuwu_xm,cishu,beizhu']) {
      const f = await folder('in.csv', text);
      const scan = await tuomin(f, ['scan', 'in.csv']);
      expect(scan.code, scan.text).toBe(0);
      expect(scan.json.rows).toBe(0);
      const run = await tuomin(f, ['run', 'spec.yaml']);
      expect(run.code, run.text).toBe(4);
      expect(run.json.error.reviews.flatMap((x: { reasons: Array<{ code: string }> }) => x.reasons.map((y) => y.code))).toContain('table/row-count');
      expect(await leftovers(f)).toEqual([]);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// NDJSON.

const onLine4 = (edit: (l: string) => string): string => careNdjson().split('\n').map((l, k) => (k === 3 ? edit(l) : l)).join('\n');

describe('NDJSON: a line that says two things, or is not JSON, is refused at its line and character', () => {
  it('a key twice at the top level: line 4, the character, the key (a plain ASCII name) named', async () => {
    const f = await folder('in.ndjson', onLine4((l) => l.replace(/}$/, ',"beizhu":"已核验"}')));
    await expectRefusedEverywhere(f, 'in.ndjson', (r, what) => {
      expect(r.code, what).toBe(1);
      expect(r.json.error, what).toMatchObject({ code: 'BAD_INPUT', line: 4 });
      expect(r.json.error.message, what).toMatch(/duplicate key "beizhu" in one object \(at character \d+ of the line\)/);
    });
  });

  it('a trailing comma: line 4, the character, what was expected', async () => {
    const f = await folder('in.ndjson', onLine4((l) => l.replace(/}$/, ',}')));
    const at = [...onLine4((l) => l.replace(/}$/, ',}')).split('\n')[3]!].length;
    await expectRefusedEverywhere(f, 'in.ndjson', (r, what) => {
      expect(r.code, what).toBe(1);
      expect(r.json.error, what).toMatchObject({ code: 'BAD_INPUT', line: 4 });
      expect(r.json.error.message, what).toContain(`not valid JSON at character ${at} of the line: expected a key in double quotes`);
    });
  });
});

describe('NDJSON: a number beyond 2^53 is published as it was written, at any depth', () => {
  // Before, a long number inside a nested object or array came out quoted: {"n":"9007199254740993"},
  // a string where the source had a number.
  const CASES: Array<[string, string, string]> = [
    ['at the top level', '9007199254740993', '9007199254740993'],
    ['in a nested object', '{"n":9007199254740993,"m":1}', '{"n":9007199254740993,"m":1}'],
    ['in an array', '[1,-9007199254740993,12345678901234567.25]', '[1,-9007199254740993,12345678901234567.25]'],
    ['two objects deep, beside a string of digits', '{"a":{"b":123456789012345678,"s":"123456789012345678"}}', '{"a":{"b":123456789012345678,"s":"123456789012345678"}}'],
    ['an exponent a double cannot hold', '{"x":1e400}', '{"x":1e400}'],
  ];
  for (const [name, raw, text] of CASES) {
    it(`${name}: convert and run give back ${text}`, async () => {
      const f = await folder('in.ndjson', careNdjson((i) => (i === 5 ? raw : '1')));
      const cells = await convertedColumn(f, 'in.ndjson', 'beizhu');
      expect(cells[5]).toBe(text);
      const run = await tuomin(f, ['run', 'spec.yaml']);
      expect(run.code, run.text).toBe(0);
      const csv = (await readdir(run.json.packageDir, { recursive: true })).map(String).find((p) => p.endsWith('.csv'))!;
      const published = (await scratch.duck.runAndReadAll(`SELECT note FROM read_csv('${join(run.json.packageDir, csv)}', all_varchar = true) WHERE note <> '1'`)).getRows();
      expect(published).toEqual([[text]]);
    });
  }

  it('an ID typed as a number inside a nested object is still found by scan, and printed nowhere', async () => {
    const f = await folder('in.ndjson', careNdjson((i) => `{"sfz":${i === PLANTED ? ID : 0}}`));
    const scan = await tuomin(f, ['scan', 'in.ndjson']);
    expect(scan.code, scan.text).toBe(3);
    expect(scan.json.findings).toContainEqual(expect.objectContaining({ column: 'beizhu', type: 'cn_id', rows: [PLANTED + 1] }));
    expect(scan.text).not.toContain(ID);
  });

  it('a line with a long number and the escape \\u0001 (which marks it while parsing) is refused, naming the line and character', async () => {
    const f = await folder('in.ndjson', careNdjson((i) => (i === 5 ? '{"n":9007199254740993,"s":"a\\u0001b"}' : '1')));
    await expectRefusedEverywhere(f, 'in.ndjson', (r, what) => {
      expect(r.code, what).toBe(1);
      expect(r.json.error, what).toMatchObject({ code: 'BAD_INPUT', line: 6 });
      expect(r.json.error.message, what).toMatch(/more than 15 digits and the escape \\u0001 on one line \(at character \d+\)/);
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Arrow IPC: a file is recognised by its bytes, not by its name.

describe('Arrow IPC: a stream named .arrow and a file named .arrows are read whole', () => {
  const batch = () => careBatch(new Field('beizhu', new Utf8(), true), vectorFromArray(Array.from({ length: ROWS }, (_, i) => `记录${i}`), new Utf8()).data[0]!);
  for (const [file, bytes] of [['in.arrow', () => arrowStreamBytes(batch())], ['in.arrows', () => arrowFileBytes(batch())]] as const) {
    it(`${file} holding the other layout: every row, every value`, async () => {
      const f = await folder(file, bytes());
      const cells = await convertedColumn(f, file, 'beizhu');
      expect(cells).toEqual(Array.from({ length: ROWS }, (_, i) => `记录${i}`));
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Parquet without rows.

describe('a Parquet file of no rows (DuckDB wrote it from an empty query)', () => {
  it('scan reads 0 rows; a run is refused for publishing no rows, and leaves nothing', async () => {
    const f = await folder('in.parquet', '');
    await scratch.duck.run(`COPY (SELECT '渤海街道' AS jiedao, '助餐' AS fuwu_xm, 1::INT AS cishu, '无' AS beizhu WHERE false) TO '${join(f.dir, 'in.parquet')}' (FORMAT parquet)`);
    const scan = await tuomin(f, ['scan', 'in.parquet']);
    expect(scan.code, scan.text).toBe(0);
    expect(scan.json.rows).toBe(0);
    const run = await tuomin(f, ['run', 'spec.yaml']);
    expect(run.code, run.text).toBe(4);
    expect(await leftovers(f)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Parquet INT96 timestamps (Hive, Impala, older Spark). No tool here writes INT96, so the file is
// written by hand: one required INT96 column, one PLAIN data page, uncompressed; DuckDB reads it
// back as the instants written, which checks the bytes.

const S = (...fields: Array<[number, number, ThriftValue]>): ThriftStruct => ({ kind: 'struct', fields: fields.map(([id, type, value]) => ({ id, type, value })) });
const L = (elementType: number, items: ThriftValue[]): ThriftValue => ({ kind: 'list', type: TType.LIST, elementType, items });
const bin = (t: string): Uint8Array => enc.encode(t);

/** An INT96 timestamp: nanoseconds of the day (8 bytes LE), then the Julian day (4 bytes LE). */
function int96(iso: string): Uint8Array {
  const ms = Date.parse(iso);
  const day = Math.floor(ms / 86_400_000);
  const b = new Uint8Array(12);
  const v = new DataView(b.buffer);
  v.setBigUint64(0, BigInt(ms - day * 86_400_000) * 1_000_000n, true);
  v.setUint32(8, day + 2_440_588, true);
  return b;
}

function int96Parquet(column: string, values: string[]): Uint8Array {
  const data = new Uint8Array(values.length * 12);
  values.forEach((x, i) => data.set(int96(x), i * 12));
  const n = values.length;
  const page = encodeStruct(S([1, TType.I32, 0], [2, TType.I32, data.length], [3, TType.I32, data.length], [5, TType.STRUCT, S([1, TType.I32, n], [2, TType.I32, 0], [3, TType.I32, 3], [4, TType.I32, 3])]));
  const chunk = page.length + data.length;
  const meta = S([1, TType.I32, 3], [2, TType.LIST, L(TType.I32, [0])], [3, TType.LIST, L(TType.BINARY, [bin(column)])], [4, TType.I32, 0], [5, TType.I64, BigInt(n)], [6, TType.I64, BigInt(chunk)], [7, TType.I64, BigInt(chunk)], [9, TType.I64, 4n]);
  const footer = encodeStruct(S(
    [1, TType.I32, 1],
    [2, TType.LIST, L(TType.STRUCT, [S([4, TType.BINARY, bin('schema')], [5, TType.I32, 1]), S([1, TType.I32, 3], [3, TType.I32, 0], [4, TType.BINARY, bin(column)])])],
    [3, TType.I64, BigInt(n)],
    [4, TType.LIST, L(TType.STRUCT, [S([1, TType.LIST, L(TType.STRUCT, [S([2, TType.I64, 4n], [3, TType.STRUCT, meta])])], [2, TType.I64, BigInt(chunk)], [3, TType.I64, BigInt(n)])])],
    [6, TType.BINARY, bin('impala version 3.4.0')],
  ));
  const out = new Uint8Array(4 + chunk + footer.length + 8);
  out.set(bin('PAR1'), 0);
  out.set(page, 4);
  out.set(data, 4 + page.length);
  out.set(footer, 4 + chunk);
  new DataView(out.buffer).setUint32(4 + chunk + footer.length, footer.length, true);
  out.set(bin('PAR1'), out.length - 4);
  return out;
}

describe('Parquet INT96 timestamps are refused, never read wrapped', () => {
  // Before: exit 0, 9999-12-31 read as 1816-03-29T05:56:08.066277376 and 1500-06-01 as 2084-12-19.
  const VALUES = ['2025-03-04T08:15:30.123Z', '1900-01-01T00:00:00Z', '9999-12-31T00:00:00Z', '1500-06-01T12:00:00Z'];
  it('scan, profile, run and convert exit 1 naming the column, INT96 and the fix; nothing left', async () => {
    const f = await folder('in.parquet', int96Parquet('jieshu_sj', VALUES), '');
    await writeFile(join(f.dir, 'spec.yaml'), `${clinicDataset('formats-sweep-2')}source: { path: in.parquet, acquiredAt: 2026-11-20 }\ncolumns:\n  jieshu_sj: { name: ended, type: datetime, description: 结束时间 }\noutput: { folder: out, formats: [csv] }\n`);
    const read = (await scratch.duck.runAndReadAll(`SELECT strftime(jieshu_sj, '%Y-%m-%d') FROM read_parquet('${join(f.dir, 'in.parquet')}')`)).getRows().map((r) => r[0]);
    expect(read).toEqual(['2025-03-04', '1900-01-01', '9999-12-31', '1500-06-01']);
    await expectRefusedEverywhere(f, 'in.parquet', (r, what) => {
      expect(r.code, what).toBe(1);
      expect(basename(String(r.json.error?.file)), what).toBe('in.parquet');
      expect(r.json.error.message, what).toMatch(/column "jieshu_sj" is INT96 timestamps: .*wrap silently outside 1677–2262/);
      expect(r.json.error.hint, what).toMatch(/INT64/);
    });
  });

  it('a column name that may be personal data is not repeated', async () => {
    const f = await folder('in.parquet', int96Parquet(`${MOBILE}`, VALUES.slice(0, 1)), '');
    const r = await tuomin(f, ['scan', 'in.parquet']);
    expect(r.code, r.text).toBe(1);
    expect(r.json.error.message).toMatch(/INT96/);
    expect(r.text).not.toContain(MOBILE);
  });

  it('timestamps DuckDB writes as INT64 (microseconds, nanoseconds, with a zone) are read as before', async () => {
    const f = await folder('in.parquet', '', '');
    await scratch.duck.run(`COPY (SELECT TIMESTAMP '9999-12-31 00:00:00' AS us, TIMESTAMP_NS '2025-03-04 08:15:30.123456789' AS ns, TIMESTAMPTZ '2025-03-04 08:15:30+08' AS tz) TO '${join(f.dir, 'in.parquet')}' (FORMAT parquet)`);
    const r = await tuomin(f, ['convert', 'in.parquet', 'conv.ndjson']);
    expect(r.code, r.text).toBe(0);
    const row = JSON.parse((await readFile(join(f.dir, 'conv.ndjson'), 'utf8')).split('\n')[0]!) as Record<string, string>;
    expect(row.us).toMatch(/^9999-12-31T00:00:00/);
    expect(row.ns).toBe('2025-03-04T08:15:30.123456789');
  });
});

/** A Parquet file of one required INT32 column `n`, one row group per array (an empty array: a group of no rows), written by hand. */
function int32Groups(groups: number[][]): Uint8Array {
  const parts: Uint8Array[] = [bin('PAR1')];
  let at = 4;
  const rowGroups: ThriftValue[] = [];
  for (const g of groups) {
    const data = new Uint8Array(g.length * 4);
    g.forEach((v, i) => new DataView(data.buffer).setInt32(i * 4, v, true));
    const page = encodeStruct(S([1, TType.I32, 0], [2, TType.I32, data.length], [3, TType.I32, data.length], [5, TType.STRUCT, S([1, TType.I32, g.length], [2, TType.I32, 0], [3, TType.I32, 3], [4, TType.I32, 3])]));
    const chunk = page.length + data.length;
    const meta = S([1, TType.I32, 1], [2, TType.LIST, L(TType.I32, [0])], [3, TType.LIST, L(TType.BINARY, [bin('n')])], [4, TType.I32, 0], [5, TType.I64, BigInt(g.length)], [6, TType.I64, BigInt(chunk)], [7, TType.I64, BigInt(chunk)], [9, TType.I64, BigInt(at)]);
    rowGroups.push(S([1, TType.LIST, L(TType.STRUCT, [S([2, TType.I64, BigInt(at)], [3, TType.STRUCT, meta])])], [2, TType.I64, BigInt(chunk)], [3, TType.I64, BigInt(g.length)]));
    parts.push(page, data);
    at += chunk;
  }
  const rows = groups.reduce((a, g) => a + g.length, 0);
  const footer = encodeStruct(S([1, TType.I32, 1], [2, TType.LIST, L(TType.STRUCT, [S([4, TType.BINARY, bin('schema')], [5, TType.I32, 1]), S([1, TType.I32, 1], [3, TType.I32, 0], [4, TType.BINARY, bin('n')])])], [3, TType.I64, BigInt(rows)], [4, TType.LIST, L(TType.STRUCT, rowGroups)], [6, TType.BINARY, bin('hand')]));
  const length = new Uint8Array(4);
  new DataView(length.buffer).setUint32(0, footer.length, true);
  parts.push(footer, length, bin('PAR1'));
  return new Uint8Array(Buffer.concat(parts));
}

describe('a Parquet row group of no rows between two others', () => {
  it('is read as nothing: every other row, in order, with one worker and two (DuckDB reads the same)', async () => {
    const f = await folder('in.parquet', int32Groups([[1, 2, 3], [], [4, 5]]), '');
    const duckRows = (await scratch.duck.runAndReadAll(`SELECT n FROM read_parquet('${join(f.dir, 'in.parquet')}')`)).getRows().map((r) => Number(r[0]));
    expect(duckRows).toEqual([1, 2, 3, 4, 5]);
    for (const workers of ['1', '2']) {
      const r = await tuomin(f, ['convert', 'in.parquet', `conv-${workers}.ndjson`, '--workers', workers]);
      expect(r.code, r.text).toBe(0);
      const text = await readFile(join(f.dir, `conv-${workers}.ndjson`), 'utf8');
      expect(text.split('\n').filter(Boolean).map((l) => Number((JSON.parse(l) as { n: number }).n))).toEqual(duckRows);
    }
  });
});

describe('the same not-text sources over partitions on two workers: the same refusal', () => {
  const CASES: Array<[string, () => Uint8Array, RegExp]> = [
    ['an XLSX workbook under a .csv name', WORKBOOKS[0]![1], /ZIP archive/],
    ['an XLS workbook under a .csv name', WORKBOOKS[WORKBOOKS.length - 1]![1], /OLE2 document/],
    ['UTF-16 LE without a byte order mark', () => utf16le(UTF16_TEXT()), /looks like UTF-16 LE/],
  ];
  for (const [name, bytes, says] of CASES) {
    it(name, async () => {
      const f = await folder('in.csv', bytes());
      const spec = parse(await readFile(join(f.dir, 'spec.yaml'), 'utf8')) as Spec;
      const r = await attemptRun(spec, { dir: f.dir, workers: 2, partitionBytes: 256, env: { TUOMIN_WORK_DIR: f.work } });
      expect(r.exit, r.message).toBe(1);
      expect(r.codes).toEqual(['BAD_INPUT']);
      expect(r.message).toMatch(says);
      expect(r.message).not.toContain(ID);
      expect(await leftovers(f)).toEqual([]);
    });
  }
});
