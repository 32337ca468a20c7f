import type { Field } from 'apache-arrow';
import { CHANGED, type Utf8Kernel } from '../../kernels/utf8.js';
import { idChecksumOk, idSexDigit, idShape } from '../../kernels/id-number.js';
import { writeInvalid } from './on-invalid.js';
import type { ColumnPlan } from './column-transform.js';
import { utf8Plan } from './utf8-plan.js';
import { withFixedWidthFastPath } from './fast-path.js';
import type { FixedWriter } from './fixed-width-strings.js';

export type RegionLevel = 'province' | 'city' | 'county';
export const levelDigits = (l: RegionLevel): number => (l === 'province' ? 2 : l === 'city' ? 4 : 6);

/** ID → its first 2/4/6 digits padded with zeros to 6 (370000, 371600, 371602). */
export function idRegionKernel(level: RegionLevel, badCode: number, verify: boolean): Utf8Kernel {
  const keep = levelDigits(level);
  return (src, s, e, out) => {
    const shape = idShape(src, s, e);
    if (shape === 0 || (verify && shape === 18 && !idChecksumOk(src, s))) return writeInvalid(badCode, src, s, e, out);
    out.reserve(6);
    const b = out.buf;
    let o = out.length;
    for (let i = 0; i < keep; i++) b[o++] = src[s + i]!;
    for (let i = keep; i < 6; i++) b[o++] = 48;
    out.length = o;
    return CHANGED;
  };
}

/** ID → gender label from the sex digit (odd = male). */
export function idGenderKernel(labels: [string, string], badCode: number, verify: boolean): Utf8Kernel {
  const enc = new TextEncoder();
  const male = enc.encode(labels[0]);
  const female = enc.encode(labels[1]);
  return (src, s, e, out) => {
    const shape = idShape(src, s, e);
    if (shape === 0 || (verify && shape === 18 && !idChecksumOk(src, s))) return writeInvalid(badCode, src, s, e, out);
    const l = idSexDigit(src, s, shape) & 1 ? male : female;
    out.append(l, 0, l.length);
    return CHANGED;
  };
}

/** ID → region code written straight into a fixed-width buffer (the fast path for onInvalid null / error). */
export function idRegionWriter(level: RegionLevel, verify: boolean): FixedWriter {
  const keep = levelDigits(level);
  return (src, s, e, dst, o) => {
    const shape = idShape(src, s, e);
    if (shape === 0 || (verify && shape === 18 && !idChecksumOk(src, s))) return false;
    for (let i = 0; i < keep; i++) dst[o + i] = src[s + i]!;
    for (let i = keep; i < 6; i++) dst[o + i] = 48;
    return true;
  };
}

export function idRegionPlan(rule: string, field: Field, level: RegionLevel, badCode: number, verify: boolean): ColumnPlan {
  const general = utf8Plan(rule, field, idRegionKernel(level, badCode, verify), badCode, 'an ID number');
  return withFixedWidthFastPath(general, field, idRegionWriter(level, verify), badCode, rule, 'an ID number');
}

export function idGenderPlan(rule: string, field: Field, labels: [string, string], badCode: number, verify: boolean): ColumnPlan {
  return utf8Plan(rule, field, idGenderKernel(labels, badCode, verify), badCode, 'an ID number');
}
