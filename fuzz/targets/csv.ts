import iconv from 'iconv-lite';
import type { RecordBatch } from 'apache-arrow';
import { TuominError } from '@tuomin/core';
import { parseCsv } from '@tuomin/io';
import { InvariantBroken, type FuzzTarget } from '../engine/target.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const gbk = (s: string): Uint8Array => new Uint8Array(iconv.encode(s, 'gbk'));

const SEEDS = [
  '编号,当事人,金额,备注\n1,张三,100.5,"说明, 含逗号"\n2,李四,,"多行\n文本"\n3,"王""五",7,\n',
  'id;name\r\n1;a\r\n2;"b;c"\r\n',
  'a\tb\tc\n1\t2\t3\n',
  'x|y\n"unterminated|1\n2|3\n',
  '\uFEFFh1,h2\n1,2,3\n4\n',
  'only_header\n',
  '',
];

/**
 * The CSV reader as a differential target: the same bytes read in one chunk and in chunks of a
 * few bytes must give the same rows (or the same error at the same place). Decoding, carry-over
 * between reads and position mapping all differ between the two, so a disagreement is a bug
 * even when neither read throws.
 */
function csvTarget(name: string, encoding: 'utf-8' | 'gb18030', seeds: Uint8Array[]): FuzzTarget {
  return {
    name,
    tokens: ['"', '""', ',', ';', '\t', '|', '\n', '\r\n', '\r', '\uFEFF', '张三', '\u0000', '=HYPERLINK("x")'],
    maxLength: 4096,
    seeds: async () => seeds,
    async run(input) {
      const first = input[0] ?? 0;
      const options = { encoding, onBadRow: first & 1 ? 'skip' : 'error', nullTokens: first & 2 ? [''] : [] } as const;
      const whole = outcome(() => parseCsv(input, options));
      const small = outcome(() => parseCsv(input, { ...options, chunkSize: 1 + (first % 13) } as never));
      if (whole.text !== small.text) throw new InvariantBroken(`reads in one chunk and in small chunks disagree:\n${whole.text.slice(0, 300)}\n---\n${small.text.slice(0, 300)}`);
      if (whole.error !== undefined) throw whole.error;
    },
  };
}

function outcome(read: () => { batches: RecordBatch[]; stats: { rows: number; badRows: number } }): { text: string; error?: unknown } {
  try {
    const r = read();
    const rows = r.batches.reduce((n, b) => n + b.numRows, 0);
    if (rows !== r.stats.rows) throw new InvariantBroken(`stats.rows ${r.stats.rows} but ${rows} rows in the batches`);
    return { text: JSON.stringify({ rows: r.batches.flatMap((b) => b.toArray().map((x) => x.toJSON())), bad: r.stats.badRows }) };
  } catch (e) {
    if (e instanceof InvariantBroken) throw e;
    const where = e instanceof TuominError ? JSON.stringify(e.location) : '';
    return { text: `error ${(e as Error).name} ${where}`, error: e };
  }
}

export const csvUtf8 = csvTarget('csv-utf8', 'utf-8', SEEDS.map(enc));
export const csvGb18030 = csvTarget('csv-gb18030', 'gb18030', [...SEEDS.map((s) => gbk(s.replace('\uFEFF', ''))), enc('a,b\n张三,1\n')]);
