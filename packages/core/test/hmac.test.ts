import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { hmac, hmacBatch, loadXxhash, xxh64Batch } from '../src/internal.js';

const enc = new TextEncoder();
const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('HMAC-SHA256 (RFC 4231)', () => {
  const cases: [Uint8Array, Uint8Array, string][] = [
    [new Uint8Array(20).fill(0x0b), enc.encode('Hi There'), 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7'],
    [enc.encode('Jefe'), enc.encode('what do ya want for nothing?'), '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843'],
    [new Uint8Array(20).fill(0xaa), new Uint8Array(50).fill(0xdd), '773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe'],
    [new Uint8Array(131).fill(0xaa), enc.encode('Test Using Larger Than Block-Size Key - Hash Key First'), '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54'],
  ];
  it('matches RFC 4231 test cases 1, 2, 3 and 6', () => {
    for (const [k, m, tag] of cases) expect(toHex(hmac('sha256', k, m))).toBe(tag);
  });
  it('the batch form gives the same tags, in row order', () => {
    const msgs = [enc.encode('Hi There'), enc.encode(''), enc.encode('张三')];
    const offsets = new Int32Array([0, 8, 8, 8 + 6]);
    const values = new Uint8Array(14);
    values.set(msgs[0]!, 0);
    values.set(msgs[2]!, 8);
    const k = new Uint8Array(20).fill(0x0b);
    const out = hmacBatch('sha256', k, values, offsets, new Int32Array([2, 0]), 2);
    expect(toHex(out.subarray(0, 32))).toBe(toHex(hmac('sha256', k, msgs[2]!)));
    expect(toHex(out.subarray(32, 64))).toBe(cases[0]![2]);
  });
});

describe('SM3 and HMAC-SM3', () => {
  it('SM3("abc") matches the GB/T 32905 example', () => {
    expect(createHash('sm3').update('abc').digest('hex')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });
  it('HMAC-SM3 equals H((K^opad) || H((K^ipad) || m)) with a 64-byte block', () => {
    const key = enc.encode('tuomin test key');
    const msg = enc.encode('山东省滨州市');
    const k0 = new Uint8Array(64);
    k0.set(key);
    const ipad = k0.map((b) => b ^ 0x36);
    const opad = k0.map((b) => b ^ 0x5c);
    const inner = createHash('sm3').update(ipad).update(msg).digest();
    const outer = createHash('sm3').update(opad).update(inner).digest('hex');
    expect(toHex(hmac('sm3', key, msg))).toBe(outer);
  });
});

describe('xxh64', () => {
  it('matches the published xxh64 of the empty string with seed 0 and depends on the seed', async () => {
    const api = await loadXxhash();
    const values = enc.encode('abc');
    const out0 = xxh64Batch(api, 0n, values, new Int32Array([0, 0, 3]), new Int32Array([0, 1]), 2);
    expect(toHex(out0.subarray(0, 8))).toBe('ef46db3751d8e999');
    const out1 = xxh64Batch(api, 1n, values, new Int32Array([0, 0, 3]), new Int32Array([1]), 1);
    expect(toHex(out1)).not.toBe(toHex(out0.subarray(8, 16)));
  });
});
