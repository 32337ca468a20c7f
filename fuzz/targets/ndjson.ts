import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readNdjson } from '@tuomin/io';
import { InvariantBroken, type FuzzTarget } from '../engine/target.js';

const SEEDS = [
  '{"id":"1","name":"张三","n":12,"x":1.5,"ok":true,"z":null}\n{"id":"2","name":"李四","n":371302198001011234}\n',
  '{"a":{"b":[1,2,{"c":"d"}]}}\r\n\n{"a":"\\u0041\\n"}\n',
  '{"a":1e400,"b":0.1e-400}\n',
  '{"constructor":"x","__proto__":"y"}\n{}\n',
  '\uFEFF{"k":"v"}',
];

/** The NDJSON reader: read succeeds only with one row per non-blank line (no line silently lost). */
export const ndjson: FuzzTarget = {
  name: 'ndjson',
  tokens: ['{', '}', '[', ']', '"', ':', ',', '\\', '\\u0000', '1e400', '-0', 'null', 'true', '\n', '\r\n', '"__proto__"', '"a":1,"a":2'],
  maxLength: 4096,
  seeds: async () => SEEDS.map((s) => new TextEncoder().encode(s)),
  async run(input, scratch) {
    const file = join(scratch, 'in.ndjson');
    writeFileSync(file, input);
    const src = await readNdjson(file, { batchSize: 3 });
    let rows = 0;
    for await (const b of src.batches()) {
      rows += b.numRows;
      for (const r of b.toArray()) r.toJSON();
    }
    const text = new TextDecoder().decode(input).replace(/^\uFEFF/, '');
    const lines = text.split('\n').filter((l) => !/^\s*$/.test(l)).length;
    if (rows !== lines) throw new InvariantBroken(`${rows} rows from ${lines} non-blank lines`);
  },
};
