import type { MaskKernel } from './kernel-types.js';
import type { MaskRuleOptions } from './options.js';
import { keepEnds, maskRange } from './keep-ends.js';
import { keepEndsSeparated } from './separators.js';
import { maskAroundDelimiter } from './delimiter.js';
import { encodeUtf8 } from './utf8-chars.js';
import { cnIdMask } from './presets/cn-id.js';
import { cnMobileMask } from './presets/cn-mobile.js';
import { cnNameMask } from './presets/cn-name.js';
import { cnBankcardMask } from './presets/cn-bankcard.js';
import { emailMask } from './presets/email.js';
import { cnPlateMask } from './presets/cn-plate.js';
import { cnAddressMask } from './presets/cn-address.js';
import { cnLandlineMask } from './presets/cn-landline.js';
import { ipv4Mask } from './presets/ipv4.js';

/** Choose the kernel once from validated options. Each call returns fresh kernel state (scratch buffers). */
export function buildMaskKernel(o: MaskRuleOptions): MaskKernel {
  const mask = encodeUtf8(o.maskChar ?? '*');
  const fixed = o.fixedWidth ?? -1;
  switch (o.preset) {
    case 'cn.id': return cnIdMask(o.keepFirst ?? 6, o.keepLast ?? 4, mask, fixed);
    case 'cn.mobile': return cnMobileMask(o.keepFirst ?? 3, o.keepLast ?? 4, mask);
    case 'cn.name': return cnNameMask(mask);
    case 'cn.bankcard': return cnBankcardMask(o.keepFirst ?? 4, o.keepLast ?? 4, mask);
    case 'email': return emailMask(o.keepFirst ?? 1, o.keepLast ?? 0, mask, fixed);
    case 'cn.plate': return cnPlateMask(mask);
    case 'cn.address': return cnAddressMask(mask, o.fixedWidth ?? 4);
    case 'cn.landline': return cnLandlineMask(o.keepLast ?? 2, mask);
    case 'ipv4': return ipv4Mask(mask);
    case undefined: break;
  }
  if (o.delimiter !== undefined) {
    return maskAroundDelimiter(encodeUtf8(o.delimiter), o.side ?? 'before', o.keepFirst ?? 0, o.keepLast ?? 0, mask, fixed);
  }
  if (o.range !== undefined) return maskRange(o.range.from, o.range.to, mask, fixed);
  if (o.keepSeparators) return keepEndsSeparated(o.keepFirst ?? 0, o.keepLast ?? 0, o.separators ?? ' -', mask);
  return keepEnds(o.keepFirst ?? 0, o.keepLast ?? 0, mask, fixed);
}

/** The mask character's bytes, and whether the in-place (same length) path can use it. */
export function maskByteOf(o: MaskRuleOptions): number {
  const m = encodeUtf8(o.maskChar ?? '*');
  return m.length === 1 ? m[0]! : -1;
}
