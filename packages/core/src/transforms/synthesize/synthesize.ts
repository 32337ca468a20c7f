import { checkKeyBytes } from '../../crypto/key.js';
import type { Field } from 'apache-arrow';
import { GrowableBytes } from '../../kernels/buffers.js';
import { CHANGED, KEEP, type Utf8Kernel } from '../../kernels/utf8.js';
import type { Transform } from '../../pipeline/transform.js';
import type { ResolvedKey } from '../rule.js';
import { ByteMap } from '../generalize/byte-map.js';
import { columnTransform, type ColumnPlan } from '../generalize/column-transform.js';
import { utf8Plan } from '../generalize/utf8-plan.js';
import { fakeMaker, loadFaker, type FakeKind } from './fake-values.js';
import { SeededRandom, valueSeed } from './seeded-random.js';

export interface SynthesizeOptions {
  columns: string[];
  kind: FakeKind;
  /** The resolved key; under one key the same input always gets the same fake value. */
  key: ResolvedKey;
}

/**
 * Replace values with realistic zh_CN fakes (name, address, mobile phone, company), deterministic
 * per input value and key. Each distinct value of a batch is faked once (dictionaries: once per
 * entry); empty strings stay empty and nulls stay null. Fakes are not injective: two people may
 * get the same fake name, as in real life.
 */
export function synthesize(options: SynthesizeOptions): Transform {
  const t = columnTransform('synthesize', options.columns, (field) => synthesizePlan(field, options));
  // The faker is imported lazily (fake-values.ts): wait for it before the first batch.
  return { ...t, bind: (input, bindOptions) => { const b = t.bind(input, bindOptions); return { ...b, apply: (batches) => b.apply(afterFaker(batches)) }; } };
}

async function* afterFaker<T>(batches: AsyncIterable<T>): AsyncIterable<T> {
  await loadFaker();
  yield* batches;
}

function synthesizePlan(field: Field, o: SynthesizeOptions): ColumnPlan {
  checkKeyBytes(o.key, 'synthesize');
  const random = new SeededRandom();
  const make = fakeMaker(o.kind, random);
  const enc = new TextEncoder();
  let cache = new ByteMap();
  let fakes = new GrowableBytes(4096);
  const starts: number[] = [];
  const ends: number[] = [];
  let distinct = 0;
  const kernel: Utf8Kernel = (src, s, e, out) => {
    if (s === e) return KEEP;
    let k = cache.get(src, s, e);
    if (k < 0) {
      random.seed(valueSeed(o.key.bytes, o.kind, src, s, e));
      const b = enc.encode(make());
      starts.push(fakes.length);
      fakes.append(b, 0, b.length);
      ends.push(fakes.length);
      k = starts.length - 1;
      cache.set(src, s, e, k);
      distinct++;
    }
    out.append(fakes.buf, starts[k]!, ends[k]!);
    return CHANGED;
  };
  const inner = utf8Plan('synthesize', field, kernel, 0, 'text');
  return {
    kernel(data, counts, rowBase, reject) {
      // The cache lives for one batch: memory stays bounded by the batch size.
      cache = new ByteMap();
      fakes = new GrowableBytes(4096);
      starts.length = 0;
      ends.length = 0;
      return inner.kernel(data, counts, rowBase, reject);
    },
    extra: () => ({ kind: o.kind, keyId: o.key.id, fakesMade: distinct }),
  };
}
