import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { Writable } from 'node:stream';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import type { RecordBatch } from 'apache-arrow';
import { main } from '../../cli/src/main.js';
import { openSource } from '../src/formats.js';
import { parseCsv } from '../src/index.js';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'tuomin-convert-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

function sink(): Writable & { text: string; isTTY?: boolean } {
  const w = new Writable({ write(chunk, _enc, cb) { (w as unknown as { text: string }).text += String(chunk); cb(); } }) as Writable & { text: string };
  w.text = '';
  return w;
}

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = sink();
  const stderr = sink();
  const code = await main(argv, { stdout, stderr, cwd: dir, env: {} });
  return { code, out: stdout.text, err: stderr.text };
}

async function rowsOf(path: string, csv = {}): Promise<unknown[]> {
  const src = await openSource(path, { csv });
  const out: unknown[] = [];
  for await (const b of src.batches() as AsyncIterable<RecordBatch>) for (const r of b.toArray()) out.push(r.toJSON());
  return out;
}

const gbkText = '姓名;地址;金额\r\n张三;"北京市; 海淀区\r\n某路1号";100\r\n李四;无;\r\n';

describe('tuomin convert', () => {
  it('converts a GBK CSV to Parquet and back, printing a JSON summary', async () => {
    await writeFile(join(dir, 'in.csv'), iconv.encode(gbkText, 'gbk'));
    const r = await cli('convert', 'in.csv', 'out.parquet', '--encoding', 'gbk', '--delimiter', ';', '--null-token', '无', '--null-token', '', '--compression', 'zstd', '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.out);
    expect(summary).toMatchObject({ input: 'in.csv', output: 'out.parquet', rows: 2, badRows: 0, warnings: [] });
    expect(summary.bytes).toBeGreaterThan(0);
    expect(typeof summary.ms).toBe('number');
    const expected = [
      { 姓名: '张三', 地址: '北京市; 海淀区\r\n某路1号', 金额: '100' },
      { 姓名: '李四', 地址: null, 金额: null },
    ];
    expect(await rowsOf(join(dir, 'out.parquet'))).toEqual(expected);
    const back = await cli('convert', 'out.parquet', 'back.csv', '--bom');
    expect(back.code).toBe(0);
    expect(back.out).toMatch(/out\.parquet -> back\.csv: 2 rows/);
    const bytes = await readFile(join(dir, 'back.csv'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(await rowsOf(join(dir, 'back.csv'), { nullTokens: [''] })).toEqual(expected);
  });

  it('converts to IPC and NDJSON, with --no-header, --batch-size and --infer-types', async () => {
    await writeFile(join(dir, 'plain.csv'), '1,2024年8月13日,是\n2,2024/8/1,否\n3,20240801,\n');
    const a = await cli('convert', 'plain.csv', 'plain.arrows', '--no-header', '--batch-size', '2', '--infer-types');
    expect(a.code).toBe(0);
    const src = await openSource(join(dir, 'plain.arrows'));
    // 是/否 are booleans to inference, as to cast and the review (core stats/conform.ts).
    expect(src.schema.fields.map((f) => `${f.name}:${String(f.type)}`)).toEqual(['column_1:Int64', 'column_2:Date32<DAY>', 'column_3:Bool']);
    const n = await cli('convert', 'plain.arrows', 'plain.jsonl');
    expect(n.code).toBe(0);
    expect((await readFile(join(dir, 'plain.jsonl'), 'utf8')).split('\n')[0]).toBe('{"column_1":1,"column_2":"2024-08-13","column_3":true}');
  });

  it('skips bad rows into <out>.rejects.csv when asked, and stops at them otherwise', async () => {
    await writeFile(join(dir, 'ragged.csv'), 'a,b\n1,2\n3\n4,5\n');
    const stop = await cli('convert', 'ragged.csv', 'r.parquet');
    expect(stop.code).toBe(1);
    expect(stop.err).toMatch(/ragged\.csv, line 3/);
    expect((await readdir(dir)).filter((f) => f.startsWith('r.') || f.includes('tuomin-tmp'))).toEqual([]);
    const skip = await cli('convert', 'ragged.csv', 'r.parquet', '--on-bad-row=skip', '--json');
    expect(skip.code).toBe(0);
    const s = JSON.parse(skip.out);
    expect(s).toMatchObject({ rows: 2, badRows: 1 });
    expect(await readFile(join(dir, 'r.rejects.csv'), 'utf8')).toContain('3');
  });

  it('writes the rejects file (raw source rows) readable by its owner only, also over an older 0644 one', async () => {
    await writeFile(join(dir, 'ragged-mode.csv'), 'a,b\n1,2\n3\n4,5\n');
    await writeFile(join(dir, 'm.rejects.csv'), 'old\n', { mode: 0o644 });
    const skip = await cli('convert', 'ragged-mode.csv', 'm.parquet', '--on-bad-row=skip', '--json');
    expect(skip.code).toBe(0);
    expect(await readFile(join(dir, 'm.rejects.csv'), 'utf8')).toContain('3');
    expect((await stat(join(dir, 'm.rejects.csv'))).mode & 0o777).toBe(0o600);
    // The in-memory parser writes its rejects the same way.
    parseCsv(new TextEncoder().encode('a,b\n1,2\n3\n'), { onBadRow: 'skip', rejectPath: join(dir, 'p.rejects.csv') });
    expect((await stat(join(dir, 'p.rejects.csv'))).mode & 0o777).toBe(0o600);
  });

  it('reports unknown extensions, missing files and bad options with the right exit codes', async () => {
    const ext = await cli('convert', 'in.csv', 'out.xls');
    expect(ext.code).toBe(1);
    expect(ext.err).toMatch(/out\.xls: unknown file extension "\.xls"/);
    expect(ext.err).toMatch(/\.csv \.tsv \.parquet \.arrow \.arrows \.ndjson \.jsonl \.xlsx/);
    // XLSX is read (test/xlsx-input.test.ts): a missing workbook is a missing file.
    const fromXlsx = await cli('convert', 'in.xlsx', 'out.csv', '--json');
    expect(fromXlsx.code).toBe(1);
    expect(JSON.parse(fromXlsx.out)).toMatchObject({ ok: false, error: { code: 'IO' } });
    expect(fromXlsx.err).toMatch(/in\.xlsx: cannot read input: file not found/);
    const missing = await cli('convert', 'nope.csv', 'x.parquet', '--json');
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.out)).toMatchObject({ ok: false, error: { code: 'IO' } });
    expect(missing.err).toMatch(/nope\.csv: cannot read input: file not found/);
    expect((await cli('convert', 'in.csv')).code).toBe(2);
    expect((await cli('convert', 'in.csv', 'o.parquet', '--compression', 'lz4')).err).toMatch(/--compression must be one of snappy, zstd, none \(got "lz4"\)/);
    expect((await cli('convert', 'in.csv', 'o.csv', '--compression', 'zstd')).code).toBe(2);
    expect((await cli('convert', 'in.csv', 'o.csv', '--on-bad-row', 'drop')).code).toBe(2);
    expect((await cli('convert', 'in.csv', 'o.csv', '--delimiter', 'x')).code).toBe(2);
    expect((await cli('convert', 'in.csv', 'o.csv', '--batch-size', '0')).code).toBe(2);
    expect((await cli('convert', 'in.csv', 'in.csv')).code).toBe(2);
    expect((await cli('convert', 'in.csv', 'o.csv', '--frobnicate')).code).toBe(2);
  });

  it('writes XLSX, with the same rows as the CSV it came from', async () => {
    const r = await cli('convert', 'in.csv', 'out.xlsx', '--encoding', 'gbk', '--delimiter', ';', '--json');
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ output: 'out.xlsx', rows: 2 });
    const { default: XLSX } = await import('xlsx');
    const wb = XLSX.read(await readFile(join(dir, 'out.xlsx')), { type: 'buffer' });
    expect(XLSX.utils.sheet_to_json(wb.Sheets[wb.SheetNames[0]!]!, { header: 1, defval: null })).toEqual([
      ['姓名', '地址', '金额'],
      ['张三', '北京市; 海淀区\r\n某路1号', '100'],
      ['李四', '无', ''],
    ]);
  });

  it('shows no progress on a non-TTY stderr', async () => {
    const r = await cli('convert', 'in.csv', 'quiet.arrow', '--encoding', 'gbk', '--delimiter', ';');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
  });
});
