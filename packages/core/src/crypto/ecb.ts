import { createCipheriv } from 'node:crypto';

/** Block ciphers the batched MACs and FF1 run on. */
export type BlockCipherName = 'aes' | 'sm4';

/**
 * A raw 16-byte block cipher in ECB mode, no padding: `encrypt(lanes)` encrypts every 16-byte
 * block of `lanes` independently in one OpenSSL call. ECB keeps no state between blocks, so one
 * cipher object serves every block position of a batch.
 */
export interface EcbCipher {
  readonly name: string;
  encrypt(lanes: Uint8Array): Uint8Array;
}

/** The OpenSSL cipher name for a key: AES-128/192/256 by key length, SM4 only with 16 bytes. */
export function ecbCipherName(algo: BlockCipherName, keyLength: number): string {
  if (algo === 'sm4') {
    if (keyLength !== 16) throw new RangeError(`SM4 needs a 16-byte key, got ${keyLength} bytes`);
    return 'sm4-ecb';
  }
  if (keyLength !== 16 && keyLength !== 24 && keyLength !== 32) {
    throw new RangeError(`AES needs a 16, 24 or 32-byte key, got ${keyLength} bytes`);
  }
  return `aes-${keyLength * 8}-ecb`;
}

export function ecbCipher(algo: BlockCipherName, key: Uint8Array): EcbCipher {
  const name = ecbCipherName(algo, key.length);
  const c = createCipheriv(name, key, null);
  c.setAutoPadding(false);
  return {
    name,
    encrypt(lanes: Uint8Array): Uint8Array {
      if ((lanes.length & 15) !== 0) throw new RangeError('ECB input must be a multiple of 16 bytes');
      if (lanes.length === 0) return new Uint8Array(0);
      return c.update(lanes);
    },
  };
}
