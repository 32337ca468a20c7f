import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { TuominError } from '@tuomin/core';

/**
 * parquet-wasm takes the file's key-value metadata as a Rust HashMap and writes it in the map's
 * iteration order, which changes from one write to the next in the same process (measured: six
 * writes of the same three pairs gave three different files). So after the write, the footer's
 * key_value_metadata list (FileMetaData field 5, Thrift compact protocol) is put in a fixed order,
 * in place: the entries are self-contained structs, so reordering them keeps the footer's length
 * and every offset in it.
 */
export async function sortFooterKeyValues(handle: FileHandle, tmpPath: string, file: string): Promise<void> {
  const reader = await open(tmpPath, 'r');
  try {
    const { size } = await reader.stat();
    if (size < 12) throw damaged(file, 'shorter than a Parquet file');
    const tail = Buffer.alloc(8);
    await reader.read(tail, 0, 8, size - 8);
    if (tail.toString('latin1', 4, 8) !== 'PAR1') throw damaged(file, 'no PAR1 at the end');
    const length = tail.readUInt32LE(0);
    const start = size - 8 - length;
    if (start < 4) throw damaged(file, 'footer longer than the file');
    const footer = new Uint8Array(length);
    await reader.read(footer, 0, length, start);
    const span = keyValueSpan(footer, file);
    if (span === null) return;
    const sorted = sortedEntries(footer, span);
    if (sorted === null) return;
    await handle.write(sorted, 0, sorted.length, start + span.first);
  } finally {
    await reader.close();
  }
}

function damaged(file: string, why: string): TuominError {
  return new TuominError('IO', `the Parquet writer produced a file whose footer cannot be read (${why})`, { file }, 'nothing was published; report this as a bug in tuomin', { id: 'internal.bug' });
}

interface Span {
  /** Offset of the first list element in the footer. */
  first: number;
  /** Elements' [start, end) offsets. */
  elements: Array<[number, number]>;
}

/** Compact-protocol reader: just enough to walk FileMetaData and skip what it does not need. */
class Compact {
  constructor(readonly b: Uint8Array, public p: number, private readonly file: string) {}

  byte(): number {
    if (this.p >= this.b.length) throw damaged(this.file, 'footer ends inside a field');
    return this.b[this.p++]!;
  }

  varint(): number {
    let v = 0;
    let mul = 1;
    for (;;) {
      const x = this.byte();
      v += (x & 0x7f) * mul;
      if ((x & 0x80) === 0) return v;
      mul *= 128;
      if (mul > 2 ** 63) throw damaged(this.file, 'varint too long');
    }
  }

  /** Field header: [field id, type]; type 0 is the end of the struct. */
  field(last: number): [number, number] {
    const h = this.byte();
    const type = h & 0x0f;
    if (type === 0) return [0, 0];
    const delta = h >> 4;
    if (delta !== 0) return [last + delta, type];
    const z = this.varint();
    return [(z >>> 1) ^ -(z & 1), type];
  }

  /** List or set header: [size, element type]. */
  list(): [number, number] {
    const h = this.byte();
    const n = h >> 4;
    return [n === 15 ? this.varint() : n, h & 0x0f];
  }

  skip(type: number, depth = 0): void {
    if (depth > 64) throw damaged(this.file, 'nesting too deep');
    switch (type) {
      case 1: case 2: return; // booleans in a field header carry their value
      case 3: this.p += 1; return;
      case 4: case 5: case 6: this.varint(); return;
      case 7: this.p += 8; return;
      case 8: { const n = this.varint(); this.p += n; return; } // not `p += varint()`: that adds to p as read before the varint
      case 9: case 10: {
        const [n, t] = this.list();
        for (let i = 0; i < n; i++) {
          if (t === 1 || t === 2) this.p += 1; // booleans in a list are one byte each
          else this.skip(t, depth + 1);
        }
        return;
      }
      case 11: {
        const n = this.varint();
        if (n === 0) return;
        const kv = this.byte();
        for (let i = 0; i < n; i++) {
          this.skip(kv >> 4, depth + 1);
          this.skip(kv & 0x0f, depth + 1);
        }
        return;
      }
      case 12: {
        let last = 0;
        for (;;) {
          const [id, t] = this.field(last);
          if (t === 0) return;
          this.skip(t, depth + 1);
          last = id;
        }
      }
      default: throw damaged(this.file, `unknown Thrift type ${type}`);
    }
  }
}

/** Where FileMetaData's key_value_metadata elements lie, or null when it has none. */
function keyValueSpan(footer: Uint8Array, file: string): Span | null {
  const c = new Compact(footer, 0, file);
  let last = 0;
  for (;;) {
    const [id, t] = c.field(last);
    if (t === 0) return null;
    if (id === 5 && t === 9) {
      const [n, et] = c.list();
      if (et !== 12) throw damaged(file, 'key_value_metadata is not a list of structs');
      const first = c.p;
      const elements: Array<[number, number]> = [];
      for (let i = 0; i < n; i++) {
        const s = c.p;
        c.skip(12);
        elements.push([s, c.p]);
      }
      if (c.p > footer.length) throw damaged(file, 'key_value_metadata runs past the footer');
      return { first, elements };
    }
    c.skip(t);
    last = id;
  }
}

/** The elements' bytes in order of their key then value, or null when already in order. */
function sortedEntries(footer: Uint8Array, span: Span): Uint8Array | null {
  const keyed = span.elements.map(([s, e]) => ({ s, e, key: Buffer.from(footer.subarray(s, e)).toString('latin1') }));
  // Ordered by the entry's encoded bytes (key length, key, value length, value): a total order on
  // distinct entries that does not depend on the write.
  const order = [...keyed].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  if (order.every((x, i) => x === keyed[i])) return null;
  const out = new Uint8Array(span.elements[span.elements.length - 1]![1] - span.first);
  let o = 0;
  for (const x of order) {
    out.set(footer.subarray(x.s, x.e), o);
    o += x.e - x.s;
  }
  return out;
}
