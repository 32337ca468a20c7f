import { ScanState, isAlnum } from './scan-state.js';
import { T_IPV4, T_IPV6, T_PERSONAL_NUMBER } from './types.js';

/** Dotted quad starting at `s` (a digit token of 1-3 digits followed by '.'); -1 when not one. */
export function tryIpv4(st: ScanState, src: Uint8Array, ce: number, s: number): number {
  let p = s;
  for (let part = 0; part < 4; part++) {
    let v = 0;
    const q0 = p;
    while (p < ce && p - q0 < 4 && src[p]! >= 48 && src[p]! <= 57) { v = v * 10 + src[p]! - 48; p++; }
    const n = p - q0;
    if (n === 0 || n > 3 || v > 255) return -1;
    if (part < 3) {
      if (p >= ce || src[p] !== 46) return -1;
      p++;
    }
  }
  if (p < ce && (isAlnum(src[p]!) || (src[p] === 46 && p + 1 < ce && isAlnum(src[p + 1]!)))) return -1;
  // 127.x.x.x (loopback) and 0.0.0.0 (any address) are every machine's: a server's bind address, nobody's device.
  const loopback = src[s] === 49 && src[s + 1] === 50 && src[s + 2] === 55 && src[s + 3] === 46;
  if (!loopback && !(p - s === 7 && src[s] === 48 && src[s + 2] === 48 && src[s + 4] === 48 && src[s + 6] === 48)) st.emit(T_IPV4, s, p, 0.8);
  return p;
}

function isHex(b: number): boolean {
  return (b >= 48 && b <= 57) || ((b | 0x20) >= 97 && (b | 0x20) <= 102);
}

/** IPv6 (full or with one '::') starting at `s`; -1 when not one. Embedded IPv4 tails are not handled. */
export function tryIpv6(st: ScanState, src: Uint8Array, cs: number, ce: number, s: number): number {
  if (s > cs && (isAlnum(src[s - 1]!) || src[s - 1] === 58)) return -1;
  let p = s;
  let groups = 0;
  let colons = 0;
  let doubles = 0;
  let run = 0;
  while (p < ce) {
    const b = src[p]!;
    if (b === 58) {
      if (run > 0) groups++;
      colons++;
      if (p + 1 < ce && src[p + 1] === 58) {
        if (++doubles > 1) return -1;
        p++;
        colons++;
      }
      run = 0;
    } else if (isHex(b)) {
      if (++run > 4) return -1;
    } else break;
    p++;
  }
  if (run > 0) groups++;
  else if (src[p - 1] === 58 && !(p >= s + 2 && src[p - 2] === 58)) return -1;
  if (p < ce && isAlnum(src[p]!)) return -1;
  if (colons < 2 || groups === 0) return -1;
  if (doubles === 0 ? groups !== 8 : groups > 7) return -1;
  // ::1 (loopback) and :: (any address), also written in full: every machine's, nobody's device.
  if (!unspecifiedOrLoopback(src, s, p)) st.emit(T_IPV6, s, p, 0.85);
  return p;
}

/** `src[s, e)` (a valid IPv6) has only zero groups, save a last group of 1. */
function unspecifiedOrLoopback(src: Uint8Array, s: number, e: number): boolean {
  let last = e;
  while (last > s && src[last - 1] !== 58) last--;
  for (let k = s; k < last; k++) if (src[k] !== 48 && src[k] !== 58) return false;
  let v = 0;
  for (let k = last; k < e; k++) { if (!(src[k]! >= 48 && src[k]! <= 57)) return false; v = v * 10 + src[k]! - 48; if (v > 1) return false; }
  return true;
}

/**
 * A MAC address at `s`: six pairs of hex digits joined by `:` or `-` (the same throughout), or three
 * groups of four joined by `.` (a switch's spelling, 2479.c71b.bb53). A phone's or a laptop's MAC
 * is in Wi-Fi and network logs beside the time and place: a device identifier, which GB/T 35273
 * lists among personal information; it is reported as personal_number (no type of its own).
 * Joined by `-` or `.`, at least one hex letter is required (six pairs of digits 12-30-45-… may be
 * anything); six pairs joined by `:` are nothing but a MAC (a time has three). -1 when not one.
 */
export function tryMac(st: ScanState, src: Uint8Array, cs: number, ce: number, s: number): number {
  if (s > cs && (isAlnum(src[s - 1]!) || src[s - 1] === 58 || src[s - 1] === 45 || src[s - 1] === 46)) return -1;
  const sep = src[s + 2] === 58 || src[s + 2] === 45 ? src[s + 2]! : src[s + 4] === 46 ? 46 : 0;
  if (sep === 0) return -1;
  const width = sep === 46 ? 4 : 2;
  const groups = sep === 46 ? 3 : 6;
  let p = s;
  let letters = 0;
  for (let g = 0; g < groups; g++) {
    if (g > 0) { if (src[p] !== sep) return -1; p++; }
    for (let k = 0; k < width; k++, p++) {
      const b = p < ce ? src[p]! : 0;
      if (!isHex(b)) return -1;
      if (b > 57) letters++;
    }
  }
  if ((letters === 0 && sep !== 58) || (p < ce && (isAlnum(src[p]!) || ((src[p] === sep || src[p] === 46) && p + 1 < ce && isAlnum(src[p + 1]!))))) return -1;
  st.emit(T_PERSONAL_NUMBER, s, p, 0.8);
  return p;
}
