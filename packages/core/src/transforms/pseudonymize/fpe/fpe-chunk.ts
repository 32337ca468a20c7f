import { Type, type Data } from 'apache-arrow';
import { TuominError } from '../../../errors.js';
import { GrowableBytes } from '../../../kernels/buffers.js';
import { newBitmap, rebaseBitmap } from '../../../kernels/bitmap.js';
import { makeUtf8Data, utf8View } from '../../../kernels/utf8.js';
import { ff1CycleWalkTiled } from '../../../crypto/ff1.js';
import type { EcbCipher } from '../../../crypto/ecb.js';
import type { FpeFormat } from './format.js';
import type { FpeOnInvalid } from './options.js';

export interface FpeCounts {
  rowsSeen: number;
  nulls: number;
  changed: number;
  invalid: number;
}

export interface FpeJob {
  format: FpeFormat;
  cipher: EcbCipher;
  decrypt: boolean;
  onInvalid: FpeOnInvalid;
  /** For error messages: column name, rule name and the row number of the chunk's first row. */
  column: string;
  rule: string;
  rowBase: number;
}

const NULL = -2;

/**
 * Format-preserving pseudonyms for one Utf8/LargeUtf8 chunk: parse every value, run FF1 once per
 * format class over all values of that class (batched rounds, cycle-walking), render.
 */
export function fpeUtf8(data: Data, job: FpeJob, counts: FpeCounts): Data {
  return fpeUtf8Status(data, job, counts).data;
}

/** As `fpeUtf8`, also giving each value's class (-1 invalid, -2 null), for dictionary row counts. */
export function fpeUtf8Status(data: Data, job: FpeJob, counts: FpeCounts): { data: Data; cls: Int8Array } {
  const v = utf8View(data);
  const n = v.length;
  const { format, onInvalid } = job;
  const t = format.tweakLength;
  const src = v.values;
  const so = v.offsets;
  const validity = v.nulls > 0 && v.validity ? rebaseBitmap(v.validity, v.bitOffset, n) : null;
  const cls = new Int8Array(n);
  const xs = new Float64Array(n);
  const tweaks = new Uint8Array(n * t);
  const perClass = new Int32Array(format.classes.length);
  let invalid = 0;
  for (let i = 0; i < n; i++) {
    if (validity !== null && ((validity[i >> 3]! >> (i & 7)) & 1) === 0) { cls[i] = NULL; continue; }
    const c = format.parse(src, so[i]!, so[i + 1]!, tweaks, i * t, xs, i);
    cls[i] = c;
    if (c < 0) {
      invalid++;
      if (onInvalid === 'error') {
        throw new TuominError('BAD_VALUE', `value does not fit format ${format.name}`, { column: job.column, row: job.rowBase + i + 1, rule: job.rule },
          'fix the source value, or set onInvalid: null or mask-all on the rule', { id: 'fpe.notFormat', params: { format: format.name } });
      }
    } else perClass[c]!++;
  }
  for (let c = 0; c < format.classes.length; c++) {
    const m = perClass[c]!;
    if (m === 0) continue;
    const k = format.classes[c]!;
    // Gather this class's values (most formats have one class: no copy needed).
    if (m === n) {
      ff1CycleWalkTiled(job.cipher, { radix: k.radix, n: k.n, t }, k.limit, xs, n, tweaks, job.decrypt);
      continue;
    }
    const idx = new Int32Array(m);
    const sx = new Float64Array(m);
    const st = new Uint8Array(m * t);
    let j = 0;
    for (let i = 0; i < n; i++) {
      if (cls[i] !== c) continue;
      idx[j] = i;
      sx[j] = xs[i]!;
      if (t > 0) st.set(tweaks.subarray(i * t, i * t + t), j * t);
      j++;
    }
    ff1CycleWalkTiled(job.cipher, { radix: k.radix, n: k.n, t }, k.limit, sx, m, st, job.decrypt);
    for (let q = 0; q < m; q++) xs[idx[q]!] = sx[q]!;
  }
  return { data: render(data, v.length, src, so, cls, xs, validity, job, counts, invalid, v.nulls), cls };
}

function render(
  data: Data, n: number, src: Uint8Array, so: Int32Array, cls: Int8Array, xs: Float64Array,
  validity: Uint8Array | null, job: FpeJob, counts: FpeCounts, invalid: number, nulls: number,
): Data {
  const out = new GrowableBytes(Math.max(16, so[n]! - so[0]!));
  const offsets = new Int32Array(n + 1);
  let outValidity = validity;
  let nullCount = nulls;
  let changed = 0;
  for (let i = 0; i < n; i++) {
    const c = cls[i]!;
    const s = so[i]!;
    const e = so[i + 1]!;
    if (c >= 0) {
      out.reserve(e - s);
      job.format.render(src, s, e, c, xs[i]!, out.buf, out.length);
      out.length += e - s;
      changed++;
    } else if (c !== NULL) {
      if (job.onInvalid === 'mask-all') {
        // One '*' per Unicode character: count the bytes that start a UTF-8 sequence.
        for (let b = s; b < e; b++) if ((src[b]! & 0xc0) !== 0x80) out.push(42);
      } else {
        if (outValidity === null) outValidity = newBitmap(n, true);
        outValidity[i >> 3]! &= ~(1 << (i & 7));
        nullCount++;
      }
      changed++;
    }
    offsets[i + 1] = out.length;
  }
  counts.rowsSeen += n;
  counts.nulls += nulls;
  counts.changed += changed;
  counts.invalid += invalid;
  return makeUtf8Data(n, offsets, out.finish(), outValidity, nullCount, data.typeId === Type.LargeUtf8);
}
