import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSource } from '@tuomin/io';
import { workbookBytes, inlineRow } from './support/xlsx-bytes.js';
import { runCli } from './support/sweep-flow.js';
import { Rng } from '../fixtures/lib/rng.js';

/**
 * Ranges merged in the data rows of a workbook (a department merged down over its rows) are read
 * as Excel shows them: the first cell's value over the whole range, with a warning that counts
 * the ranges and cells (packages/io/src/xlsx/merged-rows.ts). Before, only the first row of each
 * range had the value. Workbooks are written byte by byte (support/xlsx-bytes.ts).
 */
const dir = mkdtempSync(join(tmpdir(), 'tuomin-xlsx-merged-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function file(bytes: Buffer): string {
  const p = join(dir, `book${++n}.xlsx`);
  writeFileSync(p, bytes);
  return p;
}

async function table(path: string): Promise<{ names: string[]; rows: Array<Array<string | null>>; warnings: string[] }> {
  const source = await openSource(path);
  const names = source.schema.fields.map((f) => f.name);
  const rows: Array<Array<string | null>> = [];
  for await (const b of source.batches()) {
    for (let i = 0; i < b.numRows; i++) rows.push(names.map((_, c) => { const v = b.getChildAt(c)!.get(i); return v === null ? null : String(v); }));
  }
  return { names, rows, warnings: source.warnings ?? [] };
}

const sheet = (rows: string, merges: string[]) => `<sheetData>${rows}</sheetData><mergeCells count="${merges.length}">${merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>`;

describe('XLSX: merged cells in the data rows', () => {
  it('a department merged down over its rows fills every row; a range over two columns fills both; the warning counts ranges and cells', async () => {
    const body = sheet(
      inlineRow(1, ['科室', '岗位', '说明', '人数'])
      + inlineRow(2, ['内科', '医师', '门诊', '3'])
      + inlineRow(3, [null, '护士', null, '5'])
      + inlineRow(4, [null, '药师', '夜班', '1'])
      + inlineRow(5, ['外科', '医师', '手术', '2'])
      + inlineRow(6, [null, '护士', '病房', '4']),
      ['A2:A4', 'A5:A6', 'B3:C3'],
    );
    const t = await table(file(workbookBytes({ sheets: [{ name: '人员', body }] })));
    expect(t.names).toEqual(['科室', '岗位', '说明', '人数']);
    expect(t.rows).toEqual([
      ['内科', '医师', '门诊', '3'],
      ['内科', '护士', '护士', '5'],
      ['内科', '药师', '夜班', '1'],
      ['外科', '医师', '手术', '2'],
      ['外科', '护士', '病房', '4'],
    ]);
    expect(t.warnings.join('\n')).toContain('sheet "人员": 3 merged ranges in the data rows filled down over 4 cells');
  });

  it('a header merged over two rows and a title merged over the table are not data merges; a range whose first row is hidden fills nothing; a row only a range covers is no record', async () => {
    const body = sheet(
      inlineRow(1, ['2026年人员表', null, null])
      + inlineRow(2, ['科室', '联系方式', null])
      + inlineRow(3, [null, '电话', '分机'])
      + '<row r="4" hidden="1"><c r="A4" t="inlineStr"><is><t>被隐藏</t></is></c><c r="B4" t="inlineStr"><is><t>0543</t></is></c></row>'
      + inlineRow(5, [null, '0544', '12'])
      + inlineRow(6, ['儿科', '0545', '13'])
      + inlineRow(7, [null, null, null])
      + '<row r="8"/>',
      ['A1:C1', 'A2:A3', 'B2:C2', 'A4:A5', 'A6:A8'],
    );
    const t = await table(file(workbookBytes({ sheets: [{ name: 'S', body }] })));
    expect(t.names).toEqual(['科室', '联系方式_电话', '联系方式_分机']);
    expect(t.rows).toEqual([[null, '0544', '12'], ['儿科', '0545', '13']]);
    expect(t.rows.flat()).not.toContain('被隐藏');
    expect(t.warnings.join('\n')).not.toContain('merged ranges');
  });

  it('a large sheet with prefixed tags: the merges after many chunks of rows are found; a second pass reads the same rows and says it once', async () => {
    const rng = new Rng(12);
    const depts = ['内科', '外科', '儿科', '眼科', '口腔科'];
    let rows = '';
    const merges: string[] = [];
    const want: string[][] = [];
    let r = 2;
    // 20,000 rows: the part inflates in many chunks, so the end of the rows is searched across them.
    for (let block = 0; r < 20_002; block++) {
      const size = 1 + rng.int(8);
      const dept = `${depts[block % depts.length]}${block}`;
      for (let i = 0; i < size; i++, r++) {
        const count = String(rng.int(90));
        rows += `<x:row r="${r}"><x:c r="A${r}" t="inlineStr">${i === 0 ? `<x:is><x:t>${dept}</x:t></x:is>` : ''}</x:c><x:c r="B${r}"><x:v>${count}</x:v></x:c></x:row>`;
        want.push([dept, count]);
      }
      if (size > 1) merges.push(`A${r - size}:A${r - 1}`);
    }
    const body = `<x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>科室</x:t></x:is></x:c><x:c r="B1" t="inlineStr"><x:is><x:t>人数</x:t></x:is></x:c></x:row>${rows}</x:sheetData>`
      + `<x:mergeCells count="${merges.length}">${merges.map((m) => `<x:mergeCell ref="${m}"/>`).join('')}</x:mergeCells>`;
    const bytes = workbookBytes({ sheets: [{ name: 'S', body }] });
    const path = file(bytes);
    const source = await openSource(path);
    for (let pass = 0; pass < 2; pass++) {
      const got: string[][] = [];
      for await (const b of source.batches()) for (let i = 0; i < b.numRows; i++) got.push([String(b.getChildAt(0)!.get(i)), String(b.getChildAt(1)!.get(i))]);
      expect(got).toEqual(want);
    }
    const filled = merges.reduce((a, m) => a + rowsOf(m) - 1, 0);
    const said = (source.warnings ?? []).filter((w) => w.includes('merged ranges'));
    expect(said).toEqual([`sheet "S": ${merges.length} merged ranges in the data rows filled down over ${filled} cells with the value of each range's first cell, as Excel shows them`]);
  }, 120_000);

  it('convert through the CLI writes the filled table; the warning in Chinese', async () => {
    const body = sheet(
      inlineRow(1, ['科室', '岗位', '人数'])
      + inlineRow(2, ['内科', '医师', '3'])
      + inlineRow(3, [null, '护士', '5'])
      + inlineRow(4, ['外科', '医师', '2']),
      ['A2:A3'],
    );
    writeFileSync(join(dir, 'staff.xlsx'), workbookBytes({ sheets: [{ name: '人员', body }] }));
    const r = await runCli(['convert', 'staff.xlsx', 'staff.csv', '--lang', 'zh'], dir);
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(join(dir, 'staff.csv'), 'utf8')).toBe('科室,岗位,人数\n内科,医师,3\n内科,护士,5\n外科,医师,2\n');
    expect(r.err).toContain('工作表“人员”：数据行中的 1 个合并单元格区域已向下填充到 1 个单元格');
  }, 120_000);
});

function rowsOf(ref: string): number {
  const [a, b] = ref.split(':') as [string, string];
  return Number(b.slice(1)) - Number(a.slice(1)) + 1;
}
