import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCsv } from '../src/csv/read.js';
import type { CsvInternalOptions } from '../src/csv/options.js';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'tuomin-csv-escape-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

describe('a read that ends inside a quoted field after a doubled quote', () => {
  it('does not keep the field\'s first bytes twice (they were written before the field was rolled back)', async () => {
    // Over 64 KiB, so the reader parses read by read instead of the whole sample at once.
    const text = `id,note\n${Array.from({ length: 10_000 }, (_, i) => `${i},"a""b 张三"`).join('\n')}\n`;
    const path = join(dir, 'escape.csv');
    await writeFile(path, text);
    for (const chunkSize of [7, 4096, 65_537]) {
      const source = await readCsv(path, { chunkSize } as CsvInternalOptions);
      const wrong: string[] = [];
      let rows = 0;
      for await (const b of source.batches()) {
        const note = b.getChildAt(1)!;
        for (let i = 0; i < b.numRows; i++, rows++) if (note.get(i) !== 'a"b 张三') wrong.push(`row ${rows + 1} (chunk size ${chunkSize})`);
      }
      expect(rows).toBe(10_000);
      expect(wrong.slice(0, 3)).toEqual([]);
    }
  });
});
