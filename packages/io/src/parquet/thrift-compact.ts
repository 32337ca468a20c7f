/**
 * A generic Thrift compact-protocol codec, for the Parquet footer and page indexes: a struct is
 * decoded into its fields in the order they were written (id, wire type, value), nested structs,
 * lists, sets and maps included, and encoded back to the same bytes. Generic on purpose: a
 * rewrite (the stitcher moving offsets, the key-value metadata put in order) edits the fields it
 * knows and carries every other one, a newer writer's included, through untouched.
 *
 * Wire format (thrift/doc/specs/thrift-compact-protocol.md): a field header is one byte
 * `delta << 4 | type` when the id is 1–15 above the previous one, else the type byte and the id
 * as a zigzag varint; booleans in a field header carry their value in the type (1 true, 2 false);
 * integers are zigzag varints, binary a varint length and bytes, doubles 8 bytes little-endian;
 * a list or set header is `size << 4 | type` (size 15 and up: `0xF0 | type` and a varint); a map
 * is a varint size and, when not empty, a byte of key and value types; a struct ends at 0.
 *
 * Kept verbatim where the protocol leaves a choice: a double is held as its 8 bytes; a boolean
 * inside a list is held as its byte (writers disagree on false: 0 or 2). Encoding uses the short
 * forms, as every Thrift implementation does; `decodeStruct` refuses bytes that would not come
 * back the same (a long field header where a short one fits, a padded varint), so a round trip is
 * exact for everything it accepts.
 */

export const TType = {
  TRUE: 1,
  FALSE: 2,
  I8: 3,
  I16: 4,
  I32: 5,
  I64: 6,
  DOUBLE: 7,
  BINARY: 8,
  LIST: 9,
  SET: 10,
  MAP: 11,
  STRUCT: 12,
} as const;

/**
 * By wire type: TRUE/FALSE boolean (in a field), a bool element of a list its byte (number),
 * I8/I16/I32 number, I64 bigint, DOUBLE its 8 bytes, BINARY bytes, LIST/SET ThriftList, MAP
 * ThriftMap, STRUCT ThriftStruct.
 */
export type ThriftValue = boolean | number | bigint | Uint8Array | ThriftList | ThriftMap | ThriftStruct;

export interface ThriftField {
  id: number;
  type: number;
  value: ThriftValue;
}

export interface ThriftStruct {
  kind: 'struct';
  fields: ThriftField[];
}

export interface ThriftList {
  kind: 'list';
  /** LIST or SET. */
  type: number;
  elementType: number;
  items: ThriftValue[];
}

export interface ThriftMap {
  kind: 'map';
  keyType: number;
  valueType: number;
  entries: Array<[ThriftValue, ThriftValue]>;
}

/** Damaged or non-canonical Thrift bytes; callers turn it into a TuominError naming their file. */
export class ThriftDecodeError extends Error {
  constructor(message: string, readonly offset: number) {
    super(`${message} (at byte ${offset})`);
    this.name = 'ThriftDecodeError';
  }
}

const MAX_DEPTH = 64;

/** Decode one struct starting at `offset`; returns it and the offset just past its stop byte. */
export function decodeStruct(bytes: Uint8Array, offset = 0): { struct: ThriftStruct; end: number } {
  const r = new Reader(bytes, offset);
  const struct = r.struct(0);
  return { struct, end: r.p };
}

/** The struct's bytes. */
export function encodeStruct(struct: ThriftStruct): Uint8Array {
  const w = new Writer();
  w.struct(struct);
  return w.bytes();
}

class Reader {
  constructor(private readonly b: Uint8Array, public p: number) {}

  private fail(why: string): never {
    throw new ThriftDecodeError(why, this.p);
  }

  byte(): number {
    if (this.p >= this.b.length) this.fail('the bytes end inside a value');
    return this.b[this.p++]!;
  }

  /** An unsigned varint of up to 64 bits, refused when padded (it would not encode back the same). */
  varint(): bigint {
    let v = 0n;
    let shift = 0n;
    for (let i = 0; ; i++) {
      if (i === 10) this.fail('a varint longer than 10 bytes');
      const x = this.byte();
      v |= BigInt(x & 0x7f) << shift;
      if ((x & 0x80) === 0) {
        if (x === 0 && i > 0) this.fail('a padded varint');
        if (v >= 1n << 64n) this.fail('a varint past 64 bits');
        return v;
      }
      shift += 7n;
    }
  }

  /** A small unsigned varint (sizes, lengths) as a number. */
  size(): number {
    const v = this.varint();
    if (v > BigInt(this.b.length)) this.fail('a size larger than the bytes');
    return Number(v);
  }

  zigzag(bits: 16 | 32 | 64): bigint {
    const z = this.varint();
    const v = (z >> 1n) ^ -(z & 1n);
    const lim = 1n << BigInt(bits - 1);
    if (v < -lim || v >= lim) this.fail(`an integer outside i${bits}`);
    return v;
  }

  value(type: number, depth: number, inList: boolean): ThriftValue {
    switch (type) {
      case TType.TRUE:
      case TType.FALSE:
        if (inList) {
          const b = this.byte();
          if (b > 2) this.fail(`a boolean byte ${b}`);
          return b;
        }
        return type === TType.TRUE;
      case TType.I8: {
        const b = this.byte();
        return b > 127 ? b - 256 : b;
      }
      case TType.I16: return Number(this.zigzag(16));
      case TType.I32: return Number(this.zigzag(32));
      case TType.I64: return this.zigzag(64);
      case TType.DOUBLE: {
        if (this.p + 8 > this.b.length) this.fail('the bytes end inside a double');
        const v = this.b.slice(this.p, this.p + 8);
        this.p += 8;
        return v;
      }
      case TType.BINARY: {
        const n = this.size();
        if (this.p + n > this.b.length) this.fail('the bytes end inside a binary value');
        const v = this.b.slice(this.p, this.p + n);
        this.p += n;
        return v;
      }
      case TType.LIST:
      case TType.SET: return this.list(type, depth + 1);
      case TType.MAP: return this.map(depth + 1);
      case TType.STRUCT: return this.struct(depth + 1);
      default: return this.fail(`unknown Thrift type ${type}`);
    }
  }

  list(type: number, depth: number): ThriftList {
    if (depth > MAX_DEPTH) this.fail('nesting too deep');
    const h = this.byte();
    const elementType = h & 0x0f;
    let n = h >> 4;
    if (n === 15) {
      n = this.size();
      if (n < 15) this.fail('a long list header for a short list');
    }
    // Every element takes at least one byte: a size past the bytes left is damage, not a list.
    if (n > this.b.length - this.p) this.fail('a list longer than the bytes');
    const items: ThriftValue[] = new Array(n);
    for (let i = 0; i < n; i++) items[i] = this.value(elementType, depth, true);
    return { kind: 'list', type, elementType, items };
  }

  map(depth: number): ThriftMap {
    if (depth > MAX_DEPTH) this.fail('nesting too deep');
    const n = this.size();
    if (n === 0) return { kind: 'map', keyType: 0, valueType: 0, entries: [] };
    if (n * 2 > this.b.length - this.p) this.fail('a map longer than the bytes');
    const kv = this.byte();
    const keyType = kv >> 4;
    const valueType = kv & 0x0f;
    const entries: Array<[ThriftValue, ThriftValue]> = new Array(n);
    for (let i = 0; i < n; i++) entries[i] = [this.value(keyType, depth, true), this.value(valueType, depth, true)];
    return { kind: 'map', keyType, valueType, entries };
  }

  struct(depth: number): ThriftStruct {
    if (depth > MAX_DEPTH) this.fail('nesting too deep');
    const fields: ThriftField[] = [];
    let last = 0;
    for (;;) {
      const h = this.byte();
      const type = h & 0x0f;
      if (h === 0) return { kind: 'struct', fields };
      if (type === 0) this.fail('a stop byte with a field delta');
      const delta = h >> 4;
      let id: number;
      if (delta !== 0) id = last + delta;
      else {
        id = Number(this.zigzag(16));
        if (id > last && id - last <= 15) this.fail('a long field header where a short one fits');
      }
      fields.push({ id, type, value: this.value(type, depth, false) });
      last = id;
    }
  }
}

class Writer {
  private buf = new Uint8Array(256);
  private p = 0;

  bytes(): Uint8Array {
    return this.buf.slice(0, this.p);
  }

  private room(n: number): void {
    if (this.p + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.p + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.p));
    this.buf = next;
  }

  byte(x: number): void {
    this.room(1);
    this.buf[this.p++] = x & 0xff;
  }

  raw(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.p);
    this.p += b.length;
  }

  varint(v: bigint | number): void {
    if (typeof v === 'number' && v < 0x80) {
      this.byte(v);
      return;
    }
    let x = BigInt(v);
    while (x >= 0x80n) {
      this.byte(Number(x & 0x7fn) | 0x80);
      x >>= 7n;
    }
    this.byte(Number(x));
  }

  zigzag(v: bigint | number): void {
    const x = BigInt(v);
    this.varint(x >= 0n ? x << 1n : ((-x) << 1n) - 1n);
  }

  value(type: number, v: ThriftValue, inList: boolean): void {
    switch (type) {
      case TType.TRUE:
      case TType.FALSE:
        if (inList) this.byte(typeof v === 'number' ? v : v ? 1 : 2);
        return; // in a field the header carried it
      case TType.I8: this.byte(v as number); return;
      case TType.I16:
      case TType.I32:
      case TType.I64: this.zigzag(v as number | bigint); return;
      case TType.DOUBLE: this.raw(v as Uint8Array); return;
      case TType.BINARY: {
        const b = v as Uint8Array;
        this.varint(b.length);
        this.raw(b);
        return;
      }
      case TType.LIST:
      case TType.SET: {
        const l = v as ThriftList;
        const n = l.items.length;
        if (n < 15) this.byte((n << 4) | l.elementType);
        else {
          this.byte(0xf0 | l.elementType);
          this.varint(n);
        }
        for (const item of l.items) this.value(l.elementType, item, true);
        return;
      }
      case TType.MAP: {
        const m = v as ThriftMap;
        this.varint(m.entries.length);
        if (m.entries.length === 0) return;
        this.byte((m.keyType << 4) | m.valueType);
        for (const [k, x] of m.entries) {
          this.value(m.keyType, k, true);
          this.value(m.valueType, x, true);
        }
        return;
      }
      case TType.STRUCT: this.struct(v as ThriftStruct); return;
      default: throw new RangeError(`unknown Thrift type ${type}`);
    }
  }

  struct(s: ThriftStruct): void {
    let last = 0;
    for (const f of s.fields) {
      const type = f.type === TType.TRUE || f.type === TType.FALSE ? (f.value ? TType.TRUE : TType.FALSE) : f.type;
      const delta = f.id - last;
      if (delta > 0 && delta <= 15) this.byte((delta << 4) | type);
      else {
        this.byte(type);
        this.zigzag(f.id);
      }
      this.value(type, f.value, false);
      last = f.id;
    }
    this.byte(0);
  }
}

/** The first field with this id, or undefined. */
export function field(s: ThriftStruct, id: number): ThriftField | undefined {
  for (const f of s.fields) if (f.id === id) return f;
  return undefined;
}
