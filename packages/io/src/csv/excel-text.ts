/**
 * Excel keeps a cell as text in a CSV it saves by writing it as a formula: ="0123",
 * ="371602201503041234". The cell means the text inside; read as it is, an ID was no ID to a
 * mask preset (a school roll's guardian IDs: 79 % turned into masks, refused with no word of why)
 * and a date no date to a cast. A value that is exactly = " text " with no other quote in the
 * text is read as the text. Anything else starting with = (=1+2, ="a""b") is left as it is.
 */
export function unwrapExcelText(offsets: Int32Array, rows: number, bytes: Uint8Array): number {
  const end = offsets[rows]!;
  let any = false;
  for (let r = 0; r < rows && !any; r++) any = isWrapped(bytes, offsets[r]!, offsets[r + 1]!);
  if (!any) return end;
  // Compact in place: each value moves left by the wrappers removed before it.
  let w = offsets[0]!;
  let a = offsets[0]!;
  for (let r = 0; r < rows; r++) {
    const b = offsets[r + 1]!;
    offsets[r] = w;
    const [s, e] = isWrapped(bytes, a, b) ? [a + 2, b - 1] : [a, b];
    if (w !== s) bytes.copyWithin(w, s, e);
    w += e - s;
    a = b;
  }
  offsets[rows] = w;
  return w;
}

function isWrapped(bytes: Uint8Array, a: number, b: number): boolean {
  if (b - a < 3 || bytes[a] !== 61 || bytes[a + 1] !== 34 || bytes[b - 1] !== 34) return false;
  for (let k = a + 2; k < b - 1; k++) if (bytes[k] === 34) return false;
  return true;
}
