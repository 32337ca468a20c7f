import { describe, expect, it } from 'vitest';
import type { RecordBatch } from 'apache-arrow';
import { parseCsv } from '../src/index.js';
import { csvLayout, guessPartitions, memoryBytes, streamCsvPartition, type CsvPartition } from '../src/csv/partition.js';
import { partitionToJoin } from '../src/partition/index.js';
import { random, randomCsv, rowsOf } from './partition-support.js';

/** The coordinator's loop over streamed partitions: on a boundary error, join with the next and read again. */
function readStreamed(bytes: Uint8Array, cuts: number[], window: number, batchSize: number): { rows: unknown[][]; lines: number; joins: number; maxBatch: number } {
  const src = memoryBytes(bytes);
  const layout = csvLayout(bytes, { delimiter: ',', batchSize });
  let parts: CsvPartition[] = guessPartitions(src, layout, cuts, 1 + (window % 5));
  const rows: unknown[][] = [];
  let lines = 0;
  let joins = 0;
  let maxBatch = 0;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    const got: RecordBatch[] = [];
    try {
      const it = streamCsvPartition(src, layout, p, i === parts.length - 1, window);
      for (let r = it.next(); ; r = it.next()) {
        if (r.done) {
          lines += r.value.lines;
          expect(r.value.rows).toBe(got.reduce((a, b) => a + b.numRows, 0));
          break;
        }
        got.push(r.value);
      }
    } catch (err) {
      if (partitionToJoin(err) !== p.index) throw err;
      parts = [...parts.slice(0, i), { index: p.index, start: p.start, end: parts[i + 1]!.end }, ...parts.slice(i + 2)].map((x, index) => ({ ...x, index }));
      joins++;
      i--;
      continue;
    }
    rows.push(...rowsOf(got));
    maxBatch = Math.max(maxBatch, ...got.map((b) => b.numRows));
  }
  return { rows, lines, joins, maxBatch };
}

describe('CSV partitions streamed window by window', () => {
  it('random CSVs split at every byte offset, read in windows of 1 to 9 bytes, give the sequential rows', () => {
    const rnd = random(60606);
    let splits = 0;
    let joins = 0;
    for (let f = 0; f < 25; f++) {
      const bytes = randomCsv(rnd);
      const batchSize = 1 + Math.floor(rnd() * 4);
      const expected = rowsOf(parseCsv(bytes, { delimiter: ',', batchSize }).batches);
      for (let at = 0; at <= bytes.length; at++) {
        const cuts = [at, ...Array.from({ length: Math.floor(rnd() * 7) }, () => Math.floor(rnd() * (bytes.length + 1)))];
        const window = 1 + Math.floor(rnd() * 9);
        const got = readStreamed(bytes, cuts, window, batchSize);
        expect(got.rows, `file ${f}, cuts ${cuts.join(' ')}, window ${window}`).toEqual(expected);
        expect(got.maxBatch).toBeLessThanOrEqual(batchSize);
        joins += got.joins;
        splits++;
      }
    }
    expect(splits).toBeGreaterThan(1000);
    expect(joins).toBeGreaterThan(0);
  });

  it('a partition read through a window that cuts a character or a CRLF in two is still read whole', () => {
    const text = 'id,note\r\n1,"张三\r\n李四"\r\n2,𠮷\r\n3,"a""b"\r\n';
    const bytes = new TextEncoder().encode(text);
    const expected = rowsOf(parseCsv(bytes).batches);
    for (let window = 1; window <= bytes.length; window++) {
      expect(readStreamed(bytes, [], window, 2).rows).toEqual(expected);
    }
  });

  it('invalid UTF-8 in a partition is an error naming its byte, wherever the windows fall', () => {
    const head = new TextEncoder().encode('id,v\n');
    const bytes = new Uint8Array([...head, ...new TextEncoder().encode('1,张'), 0xff, ...new TextEncoder().encode('\n2,x\n')]);
    // The layout from the header (the planner's check of the first 64 KiB would refuse this small file).
    const layout = csvLayout(head);
    for (let window = 1; window <= 8; window++) {
      const read = (): void => {
        for (const _ of streamCsvPartition(memoryBytes(bytes), layout, { index: 0, start: head.length, end: bytes.length }, true, window));
      };
      expect(read).toThrow(/partition 0 \(bytes 5–16\) is not valid UTF-8/);
      // The file's offset of the bad byte: after the header and "1,张".
      expect(read).toThrow(expect.objectContaining({ location: expect.objectContaining({ byteOffset: head.length + 5 }) }));
    }
  });

  it('a character cut short (its lead byte, then ASCII) is named at its lead byte, whether a window ends inside it or a record carries it over', () => {
    const head = new TextEncoder().encode('id,v\n');
    const enc = (t: string) => new TextEncoder().encode(t);
    const bytes = new Uint8Array([...head, ...enc('1,"张三\n李'), 0xe5, 0x41, ...enc('"\n2,x\n')]);
    const layout = csvLayout(head);
    const lead = head.length + enc('1,"张三\n李').length;
    for (let window = 1; window <= 12; window++) {
      const read = (): void => {
        for (const _ of streamCsvPartition(memoryBytes(bytes), layout, { index: 0, start: head.length, end: bytes.length }, true, window));
      };
      expect(read, `window ${window}`).toThrow(expect.objectContaining({ location: expect.objectContaining({ byteOffset: lead }) }));
    }
  });
});
