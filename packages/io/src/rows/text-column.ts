import { GrowableBytes, GrowableInt32, makeUtf8Data, newBitmap } from '@tuomin/core/internal';
import type { Data } from 'apache-arrow';

const encoder = new TextEncoder();

/**
 * Collects one text column of a batch: values appended as UTF-8 straight into a growable buffer
 * (TextEncoder.encodeInto, no intermediate Uint8Array per value).
 */
export class TextColumn {
  private bytes = new GrowableBytes(1 << 14);
  private offsets = new GrowableInt32(1024);
  private validity: Uint8Array | null = null;
  private nulls = 0;
  length = 0;

  constructor() {
    this.offsets.push(0);
  }

  pushNull(): void {
    this.ensureValidity();
    this.validity![this.length >> 3]! &= ~(1 << (this.length & 7));
    this.nulls++;
    this.length++;
    this.offsets.push(this.bytes.length);
  }

  /** Created at the first null (all valid so far); grown so bit `length` exists. */
  private ensureValidity(): void {
    const v = this.validity;
    if (v === null) this.validity = newBitmap(Math.max(1024, this.length * 2), true);
    else if (this.length >> 3 >= v.length) {
      const grown = newBitmap(v.length * 16, true);
      grown.set(v);
      this.validity = grown;
    }
  }

  pushString(s: string): void {
    const n = s.length;
    this.bytes.reserve(n * 3);
    const b = this.bytes.buf;
    let o = this.bytes.length;
    let i = 0;
    // ASCII fast path; hand the rest to encodeInto.
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) break;
      b[o++] = c;
    }
    if (i < n) o += encoder.encodeInto(i === 0 ? s : s.slice(i), b.subarray(o)).written;
    this.bytes.length = o;
    this.afterValue();
  }

  private afterValue(): void {
    if (this.validity !== null) this.ensureValidity();
    this.length++;
    this.offsets.push(this.bytes.length);
  }

  /** The column so far as Utf8 Data; the builder starts empty again. */
  finish(): Data {
    const d = makeUtf8Data(this.length, this.offsets.finish(), this.bytes.finish(), this.validity, this.nulls);
    this.bytes = new GrowableBytes(Math.max(1 << 14, this.bytes.length));
    this.offsets = new GrowableInt32(this.length + 1);
    this.offsets.push(0);
    this.validity = null;
    this.nulls = 0;
    this.length = 0;
    return d;
  }
}

/** Text of one cell: strings as they are, numbers and booleans as JSON writes them, objects as JSON. */
export function cellText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'string': return v;
    case 'number': return Number.isFinite(v) ? String(v) : null;
    case 'bigint':
    case 'boolean': return String(v);
    default:
      if (v instanceof Date) return v.toISOString();
      if (v instanceof Uint8Array) return new TextDecoder().decode(v);
      return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));
  }
}
