import { describe, expect, it } from 'vitest';
import { Field, RecordBatch, Schema, Utf8, vectorFromArray, Dictionary, Int32, LargeUtf8 } from 'apache-arrow';
import {
  CHANGED, KEEP, NULL_OUT, batchFromColumns, mapBatches, mapUtf8Data, memorySource, newCounts, pipeline,
  streamSource, toTransformStream, utf8View, utf8At, type Transform, type Utf8Kernel,
} from '../src/internal.js';

const upperAscii: Utf8Kernel = (src, s, e, out) => {
  out.reserve(e - s);
  let changed = false;
  for (let i = s; i < e; i++) {
    const c = src[i]!;
    const u = c >= 97 && c <= 122 ? c - 32 : c;
    if (u !== c) changed = true;
    out.buf[out.length++] = u;
  }
  return changed ? CHANGED : KEEP;
};
const dropX: Utf8Kernel = (src, s, e, out) => {
  if (e - s === 1 && src[s] === 120) return NULL_OUT;
  out.append(src, s, e);
  return KEEP;
};

function strings(data: import('apache-arrow').Data): (string | null)[] {
  const v = utf8View(data);
  return Array.from({ length: v.length }, (_, i) => utf8At(v, i));
}

describe('mapUtf8Data', () => {
  it('keeps nulls, counts changes, handles Chinese bytes untouched', () => {
    const v = vectorFromArray(['ab', null, '中文', 'Cd', ''], new Utf8());
    const counts = newCounts();
    const out = mapUtf8Data(v.data[0]!, upperAscii, counts);
    expect(strings(out)).toEqual(['AB', null, '中文', 'CD', '']);
    expect(counts).toEqual({ rowsSeen: 5, nulls: 1, valuesChanged: 2, invalid: 0 });
  });
  it('respects slice offsets of values and validity', () => {
    const v = vectorFromArray(['a', null, 'b', 'c', null, 'd'], new Utf8());
    const sliced = v.data[0]!.slice(1, 4);
    const out = mapUtf8Data(sliced, upperAscii, newCounts());
    expect(strings(out)).toEqual([null, 'B', 'C', null]);
  });
  it('empty chunks', () => {
    const v = vectorFromArray([], new Utf8());
    expect(mapUtf8Data(v.data[0]!, upperAscii, newCounts()).length).toBe(0);
  });
  it('LargeUtf8 stays LargeUtf8', () => {
    const v = vectorFromArray(['x', 'y', null], new LargeUtf8());
    const out = mapUtf8Data(v.data[0]!, dropX, newCounts());
    expect(String(out.type)).toBe('LargeUtf8');
    expect(strings(out)).toEqual([null, 'y', null]);
  });
  it('dictionary: maps the dictionary once, counts per row', () => {
    const v = vectorFromArray(['a', 'b', 'a', null, 'a'], new Dictionary(new Utf8(), new Int32()));
    const counts = newCounts();
    const out = mapUtf8Data(v.data[0]!, upperAscii, counts);
    expect(out.dictionary!.toArray()).toEqual(['A', 'B']);
    expect(counts.valuesChanged).toBe(4);
    expect(counts.nulls).toBe(1);
  });
});

describe('pipeline', () => {
  const schema = new Schema([new Field('s', new Utf8(), true)]);
  const mk = (vals: (string | null)[]) => batchFromColumns(schema, [vectorFromArray(vals, new Utf8()).data[0]!], vals.length);
  const upper: Transform = {
    name: 'upper',
    bind(input) {
      if (!input.fields.some((f) => f.name === 's')) throw new Error('no column s');
      const counts = newCounts();
      return mapBatches(input, (b) => batchFromColumns(input, [mapUtf8Data(b.data.children[0]!, upperAscii, counts)], b.numRows), () => [
        { transform: 'upper', columns: ['s'], ...counts },
      ]);
    },
  };
  const countingFirstPass: Transform = {
    name: 'seen',
    bind(input) {
      let seen = 0;
      return {
        outputSchema: input,
        needsFirstPass: true,
        async observe(batches) { for await (const b of batches) seen += b.numRows; },
        async *apply(batches) { for await (const b of batches) yield b; },
        report: () => [{ transform: 'seen', columns: [], rowsSeen: seen, valuesChanged: 0, invalid: 0, nulls: 0 }],
      };
    },
  };

  it('binds before reading: a bad column fails at construction', () => {
    const bad: Transform = { name: 'bad', bind: () => { throw new Error('unknown column "x"'); } };
    expect(() => pipeline(memorySource(schema, [mk(['a'])]), bad)).toThrow(/unknown column/);
  });

  it('runs multi-batch, with a first-pass stage after a map stage (spilled, counted once)', async () => {
    const p = pipeline(streamSource(schema, (async function* () { yield mk(['a', null]); yield mk([]); yield mk(['b']); })()), upper, countingFirstPass);
    const out: RecordBatch[] = [];
    for await (const b of p) out.push(b);
    expect(out.flatMap((b) => strings(b.data.children[0]!))).toEqual(['A', null, 'B']);
    const reports = p.reports();
    expect(reports[0]!.rowsSeen).toBe(3);
    expect(reports[1]!.rowsSeen).toBe(3);
  });

  it('Web TransformStream adapter', async () => {
    const bound = upper.bind(schema);
    const ts = toTransformStream(bound);
    const w = ts.writable.getWriter();
    void w.write(mk(['q'])).then(() => w.close());
    const r = ts.readable.getReader();
    const first = await r.read();
    expect(strings(first.value!.data.children[0]!)).toEqual(['Q']);
  });

  it('Web TransformStream adapter: a cancelled reader closes the transform (its cleanup runs)', async () => {
    let closed = false;
    const t: Transform = {
      name: 'probe',
      bind: (sch) => ({
        outputSchema: sch,
        apply: (batches) => (async function* () {
          try { for await (const b of batches) yield b; } finally { closed = true; }
        })(),
        report: () => [],
      }),
    };
    const ts = toTransformStream(t.bind(schema));
    const w = ts.writable.getWriter();
    void w.write(mk(['a'])).catch(() => {});
    void w.write(mk(['b'])).catch(() => {});
    const r = ts.readable.getReader();
    await r.read();
    await r.cancel('enough');
    expect(closed).toBe(true);
  });
});
