import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Bool, Dictionary, Float64, Int32, Int64, List, Field, Utf8, makeTable, tableToIPC, vectorFromArray } from 'apache-arrow';
import type { Table } from 'apache-arrow';
import { openSource, writeOutput } from '@tuomin/io';
import { tmpdir } from 'node:os';
import type { FuzzTarget } from '../engine/target.js';

function sample(): Table {
  return (makeTable as unknown as (c: object) => Table)({
    name: vectorFromArray(['张三', null, '', 'abc'], new Utf8()),
    kind: vectorFromArray(['甲', '乙', null, '甲'], new Dictionary(new Utf8(), new Int32())),
    n: vectorFromArray([1, null, -3, 7], new Int32()),
    big: vectorFromArray([1n, 2n, null, 9007199254740993n], new Int64()),
    x: vectorFromArray([0.5, NaN, null, -2.25], new Float64()),
    ok: vectorFromArray([true, false, null, true], new Bool()),
    tags: vectorFromArray([['a'], [], null, ['b', 'c']], new List(new Field('item', new Utf8(), true))),
  } as never);
}

/** Read every batch and every value: decoding is lazy in apache-arrow, so touching values is part of reading. */
async function readAll(file: string, scratch: string): Promise<void> {
  const src = await openSource(file, { batchSize: 2 });
  let rows = 0;
  for await (const b of src.batches()) {
    rows += b.numRows;
    for (const r of b.toArray()) JSON.stringify(r.toJSON(), (_k, v) => (typeof v === 'bigint' ? String(v) : v));
  }
  // What was read must also be publishable: the CSV writer sees exactly these batches.
  if (rows >= 0) await writeOutput(join(scratch, 'out.csv'), src.schema, src.batches());
}

export const ipc: FuzzTarget = {
  name: 'ipc',
  tokens: ['ARROW1', '\xff\xff\xff\xff', '\x00\x00\x00\x00'],
  maxLength: 8192,
  seeds: async () => [tableToIPC(sample(), 'stream'), tableToIPC(sample(), 'file')],
  async run(input, scratch) {
    // The magic decides the reader (file or stream), as openSource's own check does.
    const isFile = input.length >= 6 && String.fromCharCode(...input.subarray(0, 6)) === 'ARROW1';
    const file = join(scratch, isFile ? 'in.arrow' : 'in.arrows');
    writeFileSync(file, input);
    await readAll(file, scratch);
  },
};

export const parquet: FuzzTarget = {
  name: 'parquet',
  tokens: ['PAR1', '\x00\x00\x00\x00'],
  maxLength: 8192,
  async seeds() {
    const t = sample();
    const file = join(tmpdir(), `tuomin-fuzz-seed-${process.pid}.parquet`);
    const simple = t.select(['name', 'n', 'x', 'ok']);
    await writeOutput(file, simple.schema, (async function* () { yield* simple.batches; })());
    return [new Uint8Array(readFileSync(file))];
  },
  async run(input, scratch) {
    const file = join(scratch, 'in.parquet');
    writeFileSync(file, input);
    await readAll(file, scratch);
  },
};
