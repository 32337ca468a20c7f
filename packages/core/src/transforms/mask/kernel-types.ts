import type { GrowableBytes } from '../../kernels/buffers.js';
import type { RecordPattern } from '../../kernels/fixed-records.js';

/** Statuses a mask kernel returns. INVALID means "did not fit; nothing written": the caller applies onInvalid. */
export const M_KEEP = 0;
export const M_CHANGED = 1;
export const M_INVALID = 2;
/** In-place kernels only: this value cannot be masked at the same byte length; use the writing kernel. */
export const M_BAIL = 3;

/**
 * Appends the masked form of src[s, e) to `out` and returns M_CHANGED, or M_KEEP having copied the
 * value unchanged, or M_INVALID having written nothing.
 */
export type MaskWriter = (src: Uint8Array, s: number, e: number, out: GrowableBytes) => number;

/**
 * Masks buf[s, e) in place with a one-byte (ASCII) mask character, keeping the byte length.
 * Returns M_KEEP, M_CHANGED, M_INVALID (untouched) or M_BAIL.
 */
export type MaskInPlace = (buf: Uint8Array, s: number, e: number, maskByte: number) => number;

/**
 * Masks the non-null values from..to-1 of a chunk in place, one tight loop for the common case
 * (every value well formed and changed). Stops at the first value it does not simply mask
 * (malformed, empty, needing the writer) and returns its index, untouched; returns `to` when done.
 * The caller handles that value with `inPlace` and resumes after it.
 */
export type MaskInPlaceRun = (buf: Uint8Array, offsets: Int32Array, from: number, to: number, maskByte: number) => number;

/** A configured mask: the general writer and, where the output has the input's length, an in-place fast path. */
export interface MaskKernel {
  write: MaskWriter;
  inPlace: MaskInPlace | null;
  /** Optional chunk loop over non-null values; used when a chunk has no nulls. */
  inPlaceRun?: MaskInPlaceRun | undefined;
  /**
   * Fixed-width values this kernel masks by position (cn.id, cn.mobile): chunks without nulls go
   * through the SIMD kernel (kernels/fixed-records.ts), which hands other values to `inPlace`.
   */
  pattern?: RecordPattern | undefined;
  /** The in-place path bails on any non-ASCII value: check the whole chunk once before copying it. */
  asciiOnly?: boolean;
}
