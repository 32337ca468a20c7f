import { describe, it, expect } from 'vitest';
import { parseCsv, csvBytes } from '../src/index.js';

const enc = new TextEncoder();
function rows(p: ReturnType<typeof parseCsv>): (string | null)[][] {
  const out: (string | null)[][] = [];
  for (const b of p.batches) for (let i = 0; i < b.numRows; i++) out.push(p.schema.fields.map((_, c) => b.getChildAt(c)!.get(i)));
  return out;
}
describe('smoke', () => {
  it('parses', () => {
    const p = parseCsv(enc.encode('a,b,c\n1,"x,y",中文\r\n2,"he said ""hi""\nok",\n'), { nullTokens: [] });
    console.log(p.schema.fields.map((f) => f.name), rows(p), p.stats);
    console.log(new TextDecoder().decode(csvBytes(p.schema, p.batches)));
    for (let cs = 1; cs < 8; cs++) {
      const q = parseCsv(enc.encode('a,b,c\n1,"x,y",中文\r\n2,"he said ""hi""\nok",\n'), { chunkSize: cs, batchSize: 1 });
      expect(rows(q)).toEqual(rows(p));
    }
    try { parseCsv(enc.encode('a,b\n1,2\n3\n4,5\n')); } catch (e) { console.log(String(e)); }
    const s = parseCsv(enc.encode('a,b\n1,2\n3\n4,"5\n'), { onBadRow: 'skip' });
    console.log(rows(s), s.stats, JSON.stringify(new TextDecoder().decode(s.rejects)));
  });
});
