import { describe, expect, it } from 'vitest';
import { Dictionary, Int32, Utf8, makeTable, vectorFromArray } from 'apache-arrow';
import type { Table } from 'apache-arrow';
import { csvBytes } from '../src/csv/write.js';
import { parseCsv } from '../src/index.js';

const values = ['=HYPERLINK("http://x","点我")', '+cmd|\' /C calc\'!A0', '-2+3', '@SUM(A1)', '\tTAB', '\rCR', 'plain', '', null, '张三'];

function table(): Table {
  return (makeTable as unknown as (c: object) => Table)({
    text: vectorFromArray(values, new Utf8()),
    kind: vectorFromArray(values, new Dictionary(new Utf8(), new Int32())),
    n: vectorFromArray([-5, 1, 2, 3, 4, 5, 6, 7, null, 9], new Int32()),
  } as never);
}

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

describe('CSV formula escaping (OWASP CSV injection)', () => {
  it('is off by default: values are published exactly as they are', () => {
    const t = table();
    const rows = parseCsv(csvBytes(t.schema, t.batches), { nullTokens: [] }).batches[0]!.getChild('text')!.toArray();
    expect(rows.slice(0, 8)).toEqual(values.slice(0, 8).map((v) => v ?? ''));
  });
  it('with escapeFormulas, text starting with = + - @ tab or CR gets a leading apostrophe, in plain and dictionary columns', () => {
    const t = table();
    const out = parseCsv(csvBytes(t.schema, t.batches, { escapeFormulas: true })).batches[0]!;
    const expected = ["'=HYPERLINK(\"http://x\",\"点我\")", "'+cmd|' /C calc'!A0", "'-2+3", "'@SUM(A1)", "'\tTAB", "'\rCR", 'plain', ''];
    expect(out.getChild('text')!.toArray().slice(0, 8)).toEqual(expected);
    expect(out.getChild('kind')!.toArray().slice(0, 8)).toEqual(expected);
  });
  it('leaves numbers alone (a negative number is a value, not a formula) and quotes where needed', () => {
    const t = table();
    const csv = text(csvBytes(t.schema, t.batches, { escapeFormulas: true }));
    expect(csv.split('\n')[1]).toBe(`"'=HYPERLINK(""http://x"",""点我"")","'=HYPERLINK(""http://x"",""点我"")",-5`);
  });
});

describe("Excel's text cells (=\"0123\") in a CSV it saved", () => {
  it('are read as the text inside; other values starting with = are left as they are, in every batch', () => {
    const csv = 'id,class,other\n="371602201503041234",="03",=1+2\n371602201503041234,"=""04""",="a""b"\n="","=""x,y""",plain\n';
    const t = parseCsv(new TextEncoder().encode(csv), { batchSize: 2 });
    const col = (name: string): unknown[] => t.batches.flatMap((b) => [...b.getChild(name)!.toArray()]);
    expect(col('id')).toEqual(['371602201503041234', '371602201503041234', '']);
    expect(col('class')).toEqual(['03', '04', 'x,y']);
    expect(col('other')).toEqual(['=1+2', '="a""b"', 'plain']);
  });
});
