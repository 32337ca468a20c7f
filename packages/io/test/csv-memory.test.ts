import { describe, expect, it } from 'vitest';
import { mkdtempSync, openSync, writeSync, closeSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCsv } from '../src/index.js';

// Slow (writes and reads ~300 MB): TUOMIN_SLOW=1 npx vitest run packages/io/test/csv-memory.test.ts
describe.skipIf(!process.env.TUOMIN_SLOW)('bounded memory', () => {
  it('streams a 300 MB CSV with peak RSS growth far below the file size', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tuomin-csvmem-'));
    const path = join(dir, 'big.csv');
    const fd = openSync(path, 'w');
    writeSync(fd, '案件编号,当事人名称,证件号码,联系电话,地址,处罚事由\n');
    const rows: string[] = [];
    for (let i = 0; i < 1000; i++) {
      rows.push(`滨市监罚〔2024〕${i}号,山东某某有限公司${i},37010219871210${String(i).padStart(4, '0')},1765542${String(i).padStart(4, '0')},山东省滨州市滨城区新立河东路${i}号,"经查，当事人于2024年${(i % 12) + 1}月无证经营，违反了《条例》第八条的规定。"\n`);
    }
    const block = Buffer.from(rows.join(''));
    while (statSync(path).size < 300e6) for (let k = 0; k < 50; k++) writeSync(fd, block);
    closeSync(fd);
    try {
      if (global.gc) global.gc();
      const base = process.memoryUsage().rss;
      let peak = base;
      let n = 0;
      const src = await readCsv(path);
      for await (const b of src.batches()) {
        n += b.numRows;
        peak = Math.max(peak, process.memoryUsage().rss);
      }
      expect(n).toBe(src.stats.rows);
      expect(src.stats.bytes).toBe(statSync(path).size);
      // One 4 MiB window + one ~30 MB batch under construction + garbage not yet collected.
      if (process.env.TUOMIN_PRINT) console.log(`rss growth ${((peak - base) / 1e6).toFixed(0)} MB for ${(src.stats.bytes / 1e6).toFixed(0)} MB`);
      expect((peak - base) / 1e6).toBeLessThan(250);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
