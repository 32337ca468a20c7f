import zlib from 'node:zlib';

/** CRC-32 (the ZIP/PNG polynomial), continued from `crc` (0 to start). */
export type Crc32 = (bytes: Uint8Array, crc: number) => number;

// zlib.crc32 exists from Node 20.15 / 22.2 and runs at memory speed; older Node 20 gets the table.
const native = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

export const crc32: Crc32 = typeof native === 'function' ? (bytes, crc) => native(bytes, crc) : crc32Table;

let table: Int32Array | null = null;

function makeTable(): Int32Array {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
}

/** Table-driven CRC-32, one byte per step: the fallback, and the reference in tests. */
export function crc32Table(bytes: Uint8Array, crc: number): number {
  const t = (table ??= makeTable());
  let c = ~crc;
  for (let i = 0; i < bytes.length; i++) c = t[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}
