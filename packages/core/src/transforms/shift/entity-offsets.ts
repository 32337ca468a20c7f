import { createHmac } from 'node:crypto';
import { Type } from 'apache-arrow';
import type { Data, Vector } from 'apache-arrow';
import { evaluateEntries, spreadEntries } from '../../kernels/dictionary.js';
import { utf8View } from '../../kernels/utf8.js';
import { ByteMap } from '../generalize/byte-map.js';
import { int32Halves, readInt64 } from '../../kernels/civil-date.js';

/** Marks a row whose entity is null: its dates cannot be shifted consistently, so they become null. */
export const NO_ENTITY = -2147483648;

/**
 * The day offset of one entity: HMAC-SHA256(key, "date-shift" ‖ 0x00 ‖ entity) read as an unsigned
 * 32-bit number, mapped onto [-maxDays, maxDays] (without 0 when `nonZero`). Integer entities
 * use their decimal text, so 123 and "123" move the same way.
 */
export function entityOffset(key: Uint8Array, entity: Uint8Array, maxDays: number, nonZero: boolean): number {
  const h = createHmac('sha256', key).update('date-shift').update(new Uint8Array([0])).update(entity).digest();
  const u = h.readUInt32LE(0);
  if (!nonZero) return (u % (2 * maxDays + 1)) - maxDays;
  const k = u % (2 * maxDays); // 0..2m-1 → -m..-1, 1..m
  return k < maxDays ? k - maxDays : k - maxDays + 1;
}

/** Offsets for every row of an entity column chunk; each distinct entity is hashed once per batch. */
export function rowOffsets(data: Data, key: Uint8Array, maxDays: number, nonZero: boolean): Int32Array {
  const n = data.length;
  const out = new Int32Array(n);
  const bitmap = data.nullCount > 0 ? data.nullBitmap : null;
  const off = data.offset;
  const isNull = (i: number): boolean => bitmap !== null && ((bitmap[(off + i) >> 3]! >> ((off + i) & 7)) & 1) === 0;
  const t = data.typeId;
  if (t === Type.Dictionary) {
    // A null entry, like a null row, has no entity (NO_ENTITY).
    const dict = data.dictionary as Vector;
    const entries = evaluateEntries(dict, (src, s, e) => entityOffset(key, src.subarray(s, e), maxDays, nonZero), NO_ENTITY, new Int32Array(dict.length));
    return spreadEntries(data, entries, NO_ENTITY, out);
  }
  if (t === Type.Int) {
    const wide = (data.type as unknown as { bitWidth: number }).bitWidth === 64;
    const halves = wide ? int32Halves(data.values as BigInt64Array) : null;
    const src = data.values as Int32Array;
    const cache = new Map<number, number>();
    const enc = new TextEncoder();
    for (let i = 0; i < n; i++) {
      if (isNull(i)) { out[i] = NO_ENTITY; continue; }
      const v = halves ? readInt64(halves, i) : src[i]!;
      let o = cache.get(v);
      if (o === undefined) { o = entityOffset(key, enc.encode(String(v)), maxDays, nonZero); cache.set(v, o); }
      out[i] = o;
    }
    return out;
  }
  const v = utf8View(data);
  const cache = new ByteMap();
  for (let i = 0; i < n; i++) {
    if (isNull(i)) { out[i] = NO_ENTITY; continue; }
    const s = v.offsets[i]!, e = v.offsets[i + 1]!;
    // ByteMap stores non-negative ints: store offset + maxDays.
    let o = cache.get(v.values, s, e);
    if (o < 0) { o = entityOffset(key, v.values.subarray(s, e), maxDays, nonZero) + maxDays; cache.set(v.values, s, e, o); }
    out[i] = o - maxDays;
  }
  return out;
}
