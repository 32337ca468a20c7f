import { describe, expect, it } from 'vitest';
import { createCipheriv } from 'node:crypto';
import { cmac, cmacBatch, cmacKey, ecbCipher, deriveCipherKey, scopeLabel } from '../src/internal.js';

const hex = (s: string) => new Uint8Array(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** Single-value CMAC written straight from RFC 4493 (one cipher call per block), as the reference. */
function cmacScalar(cipherName: string, key: Uint8Array, msg: Uint8Array): Uint8Array {
  const enc = (block: Uint8Array) => {
    const c = createCipheriv(cipherName, key, null);
    c.setAutoPadding(false);
    return new Uint8Array(c.update(block));
  };
  const dbl = (b: Uint8Array) => {
    const o = new Uint8Array(16);
    for (let i = 0; i < 16; i++) o[i] = ((b[i]! << 1) | (i < 15 ? b[i + 1]! >> 7 : 0)) & 255;
    if (b[0]! & 0x80) o[15]! ^= 0x87;
    return o;
  };
  const L = enc(new Uint8Array(16));
  const K1 = dbl(L);
  const K2 = dbl(K1);
  const n = Math.max(1, Math.ceil(msg.length / 16));
  const complete = msg.length > 0 && msg.length % 16 === 0;
  const last = new Uint8Array(16);
  const tail = msg.subarray((n - 1) * 16);
  last.set(tail);
  if (!complete) last[tail.length] = 0x80;
  for (let i = 0; i < 16; i++) last[i]! ^= complete ? K1[i]! : K2[i]!;
  let x = new Uint8Array(16);
  for (let b = 0; b < n - 1; b++) {
    const y = new Uint8Array(16);
    for (let i = 0; i < 16; i++) y[i] = x[i]! ^ msg[b * 16 + i]!;
    x = enc(y);
  }
  for (let i = 0; i < 16; i++) last[i]! ^= x[i]!;
  return enc(last);
}

function pack(msgs: Uint8Array[]): { values: Uint8Array; offsets: Int32Array } {
  const offsets = new Int32Array(msgs.length + 1);
  for (let i = 0; i < msgs.length; i++) offsets[i + 1] = offsets[i]! + msgs[i]!.length;
  const values = new Uint8Array(offsets[msgs.length]!);
  msgs.forEach((m, i) => values.set(m, offsets[i]!));
  return { values, offsets };
}

const rfcKey = hex('2b7e151628aed2a6abf7158809cf4f3c');
const rfcMsg = hex(`6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51
  30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710`);
const rfcCases: [number, string][] = [
  [0, 'bb1d6929e95937287fa37d129b756746'],
  [16, '070a16b46b4d4144f79bdd9dd04a287c'],
  [40, 'dfa66747de9ae63030ca32611497c827'],
  [64, '51f0bebf7e3b9d92fc49741779363cfe'],
];

describe('AES-CMAC (RFC 4493)', () => {
  it('matches the four RFC 4493 examples, one at a time and as one batch', () => {
    const key = cmacKey('aes', rfcKey);
    for (const [len, tag] of rfcCases) expect(toHex(cmac(key, rfcMsg.subarray(0, len)))).toBe(tag);
    const { values, offsets } = pack(rfcCases.map(([len]) => rfcMsg.subarray(0, len)));
    const out = cmacBatch(key, values, offsets, new Int32Array([3, 0, 2, 1]), 4);
    expect([0, 1, 2, 3].map((k) => toHex(out.subarray(k * 16, k * 16 + 16)))).toEqual([3, 0, 2, 1].map((i) => rfcCases[i]![1]));
  });
  it('subkeys match RFC 4493 section 4', () => {
    const key = cmacKey('aes', rfcKey);
    expect(toHex(key.k1)).toBe('fbeed618357133667c85e08f7236a8de');
    expect(toHex(key.k2)).toBe('f7ddac306ae266ccf90bc11ee46d513b');
  });
  it('batch of mixed lengths (0..70 bytes, Chinese text) equals the scalar reference, AES-128 and AES-256', () => {
    const msgs: Uint8Array[] = [];
    for (let len = 0; len <= 70; len++) msgs.push(new Uint8Array(len).map((_, i) => (i * 31 + len * 7) & 255));
    msgs.push(new TextEncoder().encode('张三丰，山东省滨州市滨城区黄河五路'));
    const { values, offsets } = pack(msgs);
    const rows = Int32Array.from(msgs.keys());
    for (const [name, k] of [['aes-128-ecb', rfcKey], ['aes-256-ecb', hex('603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4')]] as const) {
      const out = cmacBatch(cmacKey('aes', k), values, offsets, rows, msgs.length);
      msgs.forEach((m, i) => expect(toHex(out.subarray(i * 16, i * 16 + 16))).toBe(toHex(cmacScalar(name, k, m))));
    }
  });
  it('AES-256-CMAC matches the NIST SP 800-38B example (Mlen 0 and 128)', () => {
    const k = cmacKey('aes', hex('603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4'));
    expect(toHex(cmac(k, new Uint8Array(0)))).toBe('028962f61b7bf89efc6b551f4667d983');
    expect(toHex(cmac(k, rfcMsg.subarray(0, 16)))).toBe('28a7023f452e8f82bd4bf28d8c37c35c');
  });
  it('empty batch gives an empty result', () => {
    expect(cmacBatch(cmacKey('aes', rfcKey), new Uint8Array(0), new Int32Array(1), new Int32Array(0), 0).length).toBe(0);
  });
  it('rejects a key of the wrong length without echoing it', () => {
    expect(() => cmacKey('aes', new Uint8Array(15))).toThrow(/16, 24 or 32-byte key, got 15 bytes/);
    expect(() => cmacKey('sm4', new Uint8Array(32))).toThrow(/SM4 needs a 16-byte key/);
  });
});

describe('SM4 and SM4-CMAC', () => {
  it('SM4 block cipher matches the GB/T 32907 example', () => {
    const k = hex('0123456789abcdeffedcba9876543210');
    expect(toHex(ecbCipher('sm4', k).encrypt(k))).toBe('681edf34d206965e86b3e94f536e4246');
  });
  it('SM4-CMAC batch equals the scalar reference over mixed lengths', () => {
    const k = hex('0123456789abcdeffedcba9876543210');
    const msgs: Uint8Array[] = [];
    for (let len = 0; len <= 50; len += 3) msgs.push(new Uint8Array(len).map((_, i) => (i * 13 + len) & 255));
    msgs.push(new TextEncoder().encode('11010519491231002X'));
    const { values, offsets } = pack(msgs);
    const out = cmacBatch(cmacKey('sm4', k), values, offsets, Int32Array.from(msgs.keys()), msgs.length);
    msgs.forEach((m, i) => expect(toHex(out.subarray(i * 16, i * 16 + 16))).toBe(toHex(cmacScalar('sm4-ecb', k, m))));
  });
});

describe('scope key derivation', () => {
  it('different scopes give different keys; the same scope the same key', () => {
    const a = deriveCipherKey('aes', rfcKey, scopeLabel('dataset', 'penalties'));
    const b = deriveCipherKey('aes', rfcKey, scopeLabel('release', 'penalties'));
    expect(toHex(a)).not.toBe(toHex(b));
    expect(toHex(a)).toBe(toHex(deriveCipherKey('aes', rfcKey, scopeLabel('dataset', 'penalties'))));
    expect(toHex(a)).toBe(toHex(cmacScalar('aes-128-ecb', rfcKey, new TextEncoder().encode('tuomin/v1/scope/dataset/penalties'))));
    expect(deriveCipherKey('aes', new Uint8Array(32).fill(7), 'x').length).toBe(32);
  });
});
