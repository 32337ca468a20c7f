/**
 * Output byte buffers carved from shared 8 MiB slabs. Why: a masked 65,536-row ID column is a
 * fresh 1.2 MB buffer per batch; one ArrayBuffer per batch means one malloc, one external-memory
 * report to V8 and one sweep per batch. Carving views out of a slab makes that one per ~6
 * batches. A slab stays alive while any view into it does (Arrow IPC readers hand out views
 * into shared message buffers in the same way). Buffers over a quarter slab get their own.
 */
const SLAB = 8 << 20;
let slab: ArrayBuffer | null = null;
let used = 0;

export function slabBytes(length: number): Uint8Array {
  if (length > SLAB >> 2) return new Uint8Array(length);
  if (slab === null || used + length > SLAB) {
    slab = new ArrayBuffer(SLAB);
    used = 0;
  }
  const view = new Uint8Array(slab, used, length);
  used += (length + 7) & ~7; // 8-byte aligned starts, as Arrow's own buffers
  return view;
}
