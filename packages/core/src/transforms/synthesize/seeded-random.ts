import { createHmac } from 'node:crypto';

/**
 * A tiny counter-based generator that faker draws from. Reseeding costs two assignments, where
 * faker's default Mersenne Twister costs a full state initialisation per value (about ten times slower).
 */
export class SeededRandom {
  private s0 = 0;
  private s1 = 0;
  // Arrow properties: faker calls next() and seed() without their object.
  next = (): number => {
    this.s0 = (this.s0 + 0x9e3779b9) | 0;
    let t = this.s0 ^ (this.s0 >>> 16);
    t = Math.imul(t, 0x21f0aaad);
    t ^= t >>> 15;
    t = Math.imul(t ^ this.s1, 0x735a2d97);
    t ^= t >>> 15;
    return (t >>> 0) / 4294967296;
  };
  seed = (seed: number | number[]): void => {
    const a = Array.isArray(seed) ? seed : [seed];
    this.s0 = (a[0] ?? 0) | 0;
    this.s1 = (a[1] ?? 0) | 0;
  };
}

/**
 * The seed of one input value: the first 6 bytes of HMAC-SHA256(key, kind ‖ 0x00 ‖ value), as
 * [32 bits, 16 bits]. The same value under the same key gets the same seed in every run, batch
 * and dataset; the kind keeps a person's fake name and fake address independent.
 */
export function valueSeed(key: Uint8Array, kind: string, src: Uint8Array, start: number, end: number): [number, number] {
  const h = createHmac('sha256', key).update(kind).update(new Uint8Array([0])).update(src.subarray(start, end)).digest();
  return [h.readUInt32LE(0), h.readUInt16LE(4)];
}
