import { M_CHANGED, M_INVALID, M_KEEP, type MaskKernel } from '../kernel-types.js';
import { appendBytes, codePointAt, countCodePoints, seqLength, writeMask } from '../utf8-chars.js';

const cp = (s: string): number => s.codePointAt(0)!;
const SHENG = cp('省'), SHI = cp('市'), QU = cp('区'), XIAN = cp('县'), QI = cp('旗'), MENG = cp('盟');
const ZHOU = cp('州'), ZI = cp('自'), ZHI = cp('治'), DI = cp('地'), XING = cp('行'), ZHENG = cp('政'), CHANG = cp('场');
/** Two-char municipality names (直辖市): the province level is also the city level. */
const MUNICIPALITIES = new Set(['北京', '天津', '上海', '重庆'].map((s) => cp(s[0]!) * 0x110000 + cp(s[1]!)));
/** A 区 preceded by one of these is a compound, park or campus (小区, 社区, 园区, 校区), not a district. */
const NOT_DISTRICT = new Set(Array.from('小社园校景街片营矿厂', cp));

/** Only the head of an address is parsed; the admin levels fit well inside it. */
const HEAD = 48;
const PROVINCE_WINDOW = 9;
const CITY_WINDOW = 12;
const COUNTY_WINDOW = 16;

/**
 * Number of leading characters that name the province, city and county (the last level found),
 * or -1 when no city- or county-level name is found. Suffixes: province 省 / 自治区 / 特别行政区 or a
 * municipality; city 市 / 自治州 / 地区 / 盟; county 区 / 县 / 旗 / 市 (not 小区, 社区, 市场 …).
 */
export function countyPrefixLength(c: Int32Array, n: number): number {
  let pos = 0;
  let municipality = false;
  if (n >= 2 && MUNICIPALITIES.has(c[0]! * 0x110000 + c[1]!)) {
    municipality = true;
    pos = c[2] === SHI ? 3 : 2;
  } else {
    for (let i = 1; i < Math.min(n, PROVINCE_WINDOW); i++) {
      if (c[i] === SHENG) { pos = i + 1; break; }
      if (c[i] === QU && c[i - 1] === ZHI && c[i - 2] === ZI) { pos = i + 1; break; }
      if (c[i] === QU && c[i - 1] === ZHENG && c[i - 2] === XING) { pos = i + 1; break; }
    }
  }
  let found = -1; // a municipality alone is not enough: its county must follow
  if (!municipality) {
    for (let i = pos + 1; i < Math.min(n, pos + CITY_WINDOW); i++) {
      const x = c[i]!;
      if (x === SHI && c[i + 1] !== CHANG) { pos = i + 1; found = pos; break; }
      if (x === MENG || (x === ZHOU && c[i - 1] === ZHI && c[i - 2] === ZI) || (x === QU && c[i - 1] === DI)) {
        pos = i + 1;
        found = pos;
        break;
      }
    }
  }
  for (let i = pos + 1; i < Math.min(n, pos + COUNTY_WINDOW); i++) {
    const x = c[i]!;
    if ((x === QU && !NOT_DISTRICT.has(c[i - 1]!)) || x === XIAN || x === QI || (x === SHI && c[i + 1] !== CHANG)) {
      return i + 1;
    }
  }
  return found;
}

/**
 * cn.address: keep down to the county level, mask the rest: 山东省滨州市滨城区****.
 * `fixedWidth` (default 4 for this preset) mask chars replace the detail, so its length is hidden too;
 * -1 writes one mask char per hidden character.
 */
export function cnAddressMask(mask: Uint8Array, fixedWidth: number): MaskKernel {
  const cps = new Int32Array(HEAD + 1);
  const starts = new Int32Array(HEAD + 1);
  return {
    write(src, s, e, out) {
      if (s === e) return M_KEEP;
      let n = 0;
      let i = s;
      while (i < e && n < HEAD) {
        cps[n] = codePointAt(src, i);
        starts[n++] = i;
        i += seqLength(src[i]!);
      }
      cps[n] = 0;
      starts[n] = i;
      const keep = countyPrefixLength(cps, n);
      if (keep < 0) return M_INVALID;
      const cut = starts[keep]!;
      if (cut >= e) {
        appendBytes(out, src, s, e);
        return M_KEEP;
      }
      appendBytes(out, src, s, cut);
      writeMask(out, mask, fixedWidth < 0 ? countCodePoints(src, cut, e) : fixedWidth);
      return M_CHANGED;
    },
    inPlace: null,
  };
}
