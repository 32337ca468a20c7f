/**
 * One definition of "a value is a boolean" (core's parseBooleanToken), shared by the review's
 * column statistics, normalize's `cast` and io's type inference. Before it, the three disagreed:
 * the review took `1`/`0`/`tRuE` but not `是`/`Y`, cast took `是`/`Y` but not `tRuE`, inference
 * took neither digits nor `是` — so a spec declaring `type: boolean` over a 是/否 column failed
 * the review with cell/type although `cast` reads every value of it.
 */
import { describe, expect, it } from 'vitest';
import { Field, RecordBatch, Schema, Struct, Utf8, makeData, vectorFromArray } from 'apache-arrow';
import { cast, memorySource, parseBooleanToken, pipeline } from '@tuomin/core';
import { inferKinds, parseBoolean } from '@tuomin/io';
import { ColumnStatsCollector } from '../packages/publish/src/review/column-stats.js';

const TOKENS = ['true', 'false', 'TRUE', 'False', 'tRuE', '1', '0', 'y', 'N', '是', '否', 'yes', 'no', '对', 't', '2', ' true', 'true ', ''];
const enc = new TextEncoder();

function column(values: Array<string | null>): { schema: Schema; batch: RecordBatch } {
  const schema = new Schema([new Field('b', new Utf8(), true)]);
  const data = vectorFromArray(values, new Utf8()).data[0]!;
  return { schema, batch: new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: values.length, nullCount: 0, children: [data] })) };
}

function reviewAccepts(token: string): boolean {
  const { schema, batch } = column([token]);
  const c = new ColumnStatsCollector(schema, [{ type: 'boolean' } as never]);
  c.add(batch);
  return !c.finish()[0]!.violations.some((v) => v.code === 'cell/type');
}

async function castAccepts(token: string): Promise<boolean> {
  const { schema, batch } = column([token]);
  const p = pipeline(memorySource(schema, [batch]), cast({ columns: ['b'], to: 'boolean' }));
  for await (const b of p) return b.getChildAt(0)!.get(0) !== null;
  return false;
}

function inferenceAccepts(token: string): boolean {
  const b = enc.encode(token);
  return !Number.isNaN(parseBoolean(b, 0, b.length));
}

describe('a boolean is the same thing to the review, cast and inference', () => {
  it.each(TOKENS)('%j', async (token) => {
    const b = enc.encode(token);
    const shared = !Number.isNaN(parseBooleanToken(b, 0, b.length));
    expect({ review: reviewAccepts(token), cast: await castAccepts(token), inference: inferenceAccepts(token) }).toEqual({ review: shared, cast: shared, inference: shared });
  });

  it('inference types a 是/否 column boolean, and keeps a column of 0 and 1 an integer column', () => {
    const words = column(['是', '否', null, '是']);
    const digits = column(['0', '1', '1', null]);
    expect(inferKinds(words.schema, [words.batch]).get('b')).toBe('boolean');
    expect(inferKinds(digits.schema, [digits.batch]).get('b')).toBe('integer');
  });
});
