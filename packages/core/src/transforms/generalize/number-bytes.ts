/**
 * Parse a decimal number from ASCII bytes: optional spaces, sign, digits, optional fraction
 * (1234, -5, 3.75, .5). Returns NaN for anything else (thousands separators, exponents, units).
 */
export function parseNumberBytes(src: Uint8Array, start: number, end: number): number {
  let i = start;
  while (i < end && src[i] === 32) i++;
  while (end > i && src[end - 1] === 32) end--;
  if (i >= end) return NaN;
  let neg = false;
  const c = src[i]!;
  if (c === 45) { neg = true; i++; } else if (c === 43) i++;
  let v = 0;
  let digits = 0;
  while (i < end) {
    const d = src[i]! - 48;
    if (d < 0 || d > 9) break;
    v = v * 10 + d;
    digits++;
    i++;
  }
  if (i < end && src[i] === 46) {
    i++;
    let scale = 1;
    let frac = 0;
    while (i < end) {
      const d = src[i]! - 48;
      if (d < 0 || d > 9) break;
      frac = frac * 10 + d;
      scale *= 10;
      digits++;
      i++;
    }
    v += frac / scale;
  }
  if (i !== end || digits === 0) return NaN;
  return neg ? -v : v;
}
