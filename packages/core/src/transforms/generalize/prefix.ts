import type { Field } from 'apache-arrow';
import { CHANGED, KEEP, type Utf8Kernel } from '../../kernels/utf8.js';
import type { ColumnPlan } from './column-transform.js';
import { utf8Plan } from './utf8-plan.js';

/** Keep the first `n` Unicode characters (code points; a UTF-8 sequence is never split). */
export function prefixKernel(n: number): Utf8Kernel {
  return (src, s, e, out) => {
    let i = s;
    let chars = 0;
    // A code point starts at every byte that is not a continuation byte (10xxxxxx).
    while (i < e) {
      if ((src[i]! & 0xc0) !== 0x80) {
        if (chars === n) break;
        chars++;
      }
      i++;
    }
    out.append(src, s, i);
    return i === e ? KEEP : CHANGED;
  };
}

export function prefixPlan(rule: string, field: Field, n: number): ColumnPlan {
  return utf8Plan(rule, field, prefixKernel(n), 0, 'text');
}
