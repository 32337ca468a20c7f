import { describe, expect, it } from 'vitest';
import { Utf8, vectorFromArray } from 'apache-arrow';
import { buildMaskKernel, maskData, maskRuleOptions, newCounts, utf8View, type MaskRuleOptions } from '../src/internal.js';

const fatal = new TextDecoder('utf-8', { fatal: true });

/** Mask a list of values with rule options; decode the output strictly (a split UTF-8 sequence throws). */
function run(o: MaskRuleOptions, values: (string | null)[], onInvalid: 'mask-all' | 'keep' | 'null' = 'mask-all') {
  const parsed = maskRuleOptions.parse(o);
  const counts = newCounts();
  const m = new TextEncoder().encode(parsed.maskChar ?? '*');
  const out = maskData(vectorFromArray(values, new Utf8()).data[0]!, {
    kernel: buildMaskKernel(parsed), onInvalid, mask: m, maskByte: m.length === 1 ? m[0]! : -1, counts,
    raise: () => { throw new Error('unexpected'); },
  });
  const v = utf8View(out);
  const strings = values.map((_, i) => {
    const valid = v.validity === null || ((v.validity[(v.bitOffset + i) >> 3]! >> ((v.bitOffset + i) & 7)) & 1) === 1;
    return valid ? fatal.decode(v.values.subarray(v.offsets[i]!, v.offsets[i + 1]!)) : null;
  });
  return { strings, counts };
}

describe('cn.id', () => {
  it('keeps 6 + 4 by default, validates 18 chars of digits and X', () => {
    const r = run({ preset: 'cn.id' }, ['11010519491231002X', '440524188001010014', '11010519491231002x', '1101051949123100', '11010519491231002XX', '1101051949123100A2', '张三', null, '']);
    expect(r.strings).toEqual(['110105********002X', '440524********0014', '110105********002x', '****************', '*******************', '******************', '**', null, '']);
    expect(r.counts).toEqual({ rowsSeen: 9, nulls: 1, valuesChanged: 7, invalid: 4 });
  });
  it('keepFirst/keepLast configurable, multi-byte mask char', () => {
    expect(run({ preset: 'cn.id', keepFirst: 1, keepLast: 2, maskChar: '＊' }, ['11010519491231002X']).strings).toEqual(['1' + '＊'.repeat(15) + '2X']);
    expect(run({ preset: 'cn.id', fixedWidth: 3 }, ['11010519491231002X']).strings).toEqual(['110105***002X']);
  });
  it('rejects keeps that would reveal the whole value', () => {
    expect(maskRuleOptions.safeParse({ preset: 'cn.id', keepFirst: 10, keepLast: 8 }).success).toBe(false);
  });
});

describe('cn.mobile', () => {
  it('masks plain, prefixed and separated forms', () => {
    const r = run({ preset: 'cn.mobile' }, ['13812345678', '+8613812345678', '+86 138-1234-5678', '008613812345678', '86 13812345678', '138 1234 5678', '12812345678', '1381234567', '138123456789', '１３８１２３４５６７８']);
    expect(r.strings).toEqual(['138****5678', '+86138****5678', '+86 138-****-5678', '0086138****5678', '86 138****5678', '138 **** 5678', '***********', '**********', '************', '***********']);
    expect(r.counts.invalid).toBe(4);
    expect(r.counts.valuesChanged).toBe(10);
  });
  it('keep mode leaves invalid values and counts them without counting a change', () => {
    const r = run({ preset: 'cn.mobile' }, ['13812345678', 'n/a'], 'keep');
    expect(r.strings).toEqual(['138****5678', 'n/a']);
    expect(r.counts).toEqual({ rowsSeen: 2, nulls: 0, valuesChanged: 1, invalid: 1 });
  });
});

describe('cn.name', () => {
  it('follows 张* / 张*丰 / 张*** / compound surnames / dotted names', () => {
    const r = run({ preset: 'cn.name' }, ['张三', '张三丰', '王小二明', '欧阳锋', '欧阳娜娜', '司马', '诸葛孔明', '阿卜杜拉·买买提', '迪丽热巴・迪力木拉提', '𠀀明']);
    expect(r.strings).toEqual(['张*', '张*丰', '王***', '欧阳*', '欧阳**', '司*', '诸葛**', '阿***·***', '迪***・*****', '𠀀*']);
    expect(r.counts.invalid).toBe(0);
  });
  it('malformed names are invalid', () => {
    const r = run({ preset: 'cn.name' }, ['张', 'John Smith', '·张三', '张三·', '张··三', '张3', '张'.repeat(40)]);
    expect(r.strings).toEqual(['*', '**********', '***', '***', '****', '**', '*'.repeat(40)]);
    expect(r.counts.invalid).toBe(7);
  });
});

describe('cn.bankcard', () => {
  it('keeps first 4 and last 4 digits and the separators', () => {
    const r = run({ preset: 'cn.bankcard' }, ['6222021234567890', '6222 0212 3456 7890', '6222-0212-3456-7890-123', '62220212', '6222  0212 3456', '6222 0212 345X']);
    expect(r.strings).toEqual(['6222********7890', '6222 **** **** 7890', '6222-****-****-***0-123', '********', '***************', '**************']);
    expect(r.counts.invalid).toBe(3);
  });
});

describe('email', () => {
  it('keeps the first character of the local part', () => {
    const r = run({ preset: 'email' }, ['dave@gmail.com.cn', 'a@x.cn', '张伟@例子.中国', 'no-at-sign', 'a@b', '@x.cn', 'a b@x.cn', 'a@b@c.cn']);
    expect(r.strings).toEqual(['d***@gmail.com.cn', '*@x.cn', '张*@例子.中国', '**********', '***', '*****', '********', '********']);
    expect(r.counts.invalid).toBe(5);
  });
  it('fixedWidth hides the local part length', () => {
    expect(run({ preset: 'email', fixedWidth: 3 }, ['dave.long.name@x.cn']).strings).toEqual(['d***@x.cn']);
  });
});

describe('cn.plate, cn.landline, ipv4', () => {
  it('plates', () => {
    const r = run({ preset: 'cn.plate' }, ['苏D40000', '陕A1234AD', '京A1234学', '苏d40000', 'XD40000', '苏D400']);
    expect(r.strings).toEqual(['苏D4***0', '陕A1****D', '京A1***学', '*******', '*******', '*****']);
    expect(r.counts.invalid).toBe(3);
  });
  it('landlines keep the area code and the last 2 digits', () => {
    const r = run({ preset: 'cn.landline' }, ['0543-1234579', '05431234579', '(010)12345678', '021 87654321', '13812345678', '0543-12']);
    expect(r.strings).toEqual(['0543-*****79', '0543*****79', '(010)******78', '021 ******21', '***********', '*******']);
    expect(r.counts.invalid).toBe(2);
  });
  it('ipv4 keeps the first octet', () => {
    const r = run({ preset: 'ipv4' }, ['192.168.1.1', '10.0.0.255', '256.1.1.1', '1.2.3', '1.2.3.4.5', '1..2.3']);
    expect(r.strings).toEqual(['192.*.*.*', '10.*.*.*', '*********', '*****', '*********', '******']);
    expect(r.counts.invalid).toBe(4);
  });
});

describe('cn.address', () => {
  it('keeps down to the county level', () => {
    const r = run({ preset: 'cn.address' }, [
      '山东省滨州市滨城区黄河五路123号', '北京市海淀区中关村大街1号', '新疆维吾尔自治区伊犁哈萨克自治州伊宁市解放路2号',
      '内蒙古自治区锡林郭勒盟锡林浩特市某路', '广西壮族自治区南宁市青秀区民族大道', '甘肃省临夏回族自治州积石山保安族东乡族撒拉族自治县吹麻滩镇',
      '山东省滨州市邹平市黛溪街道', '山东省滨州市滨城区', '上海浦东新区张江路',
    ]);
    expect(r.strings).toEqual([
      '山东省滨州市滨城区****', '北京市海淀区****', '新疆维吾尔自治区伊犁哈萨克自治州伊宁市****',
      '内蒙古自治区锡林郭勒盟锡林浩特市****', '广西壮族自治区南宁市青秀区****', '甘肃省临夏回族自治州积石山保安族东乡族撒拉族自治县****',
      '山东省滨州市邹平市****', '山东省滨州市滨城区', '上海浦东新区****',
    ]);
    expect(r.counts).toEqual({ rowsSeen: 9, nulls: 0, valuesChanged: 8, invalid: 0 });
  });
  it('does not take 小区 or 市场 for a district; unparseable addresses are invalid', () => {
    const r = run({ preset: 'cn.address', fixedWidth: 2 }, ['滨州市阳光小区5号楼', '滨州市农贸市场东门', '黄河五路123号', 'somewhere']);
    expect(r.strings).toEqual(['滨州市**', '滨州市**', '********', '*********']);
    expect(r.counts.invalid).toBe(2);
  });
});

describe('generic masks', () => {
  it('keep ends in code points, never splitting UTF-8', () => {
    const r = run({ keepFirst: 2, keepLast: 1 }, ['中华人民共和国', 'abcdef', 'ab', '😀😀😀😀', 'a中😀b']);
    expect(r.strings).toEqual(['中华****国', 'ab***f', '**', '😀😀*😀', 'a中*b']);
    expect(r.counts.invalid).toBe(1);
  });
  it('no options masks everything', () => {
    expect(run({}, ['abc', '中文']).strings).toEqual(['***', '**']);
  });
  it('range, negative indices', () => {
    expect(run({ range: { from: 1, to: -1 } }, ['中华人民', 'abc', 'ab']).strings).toEqual(['中**民', 'a*c', '**']);
    expect(run({ range: { from: -2 } }, ['2024年5月']).strings).toEqual(['2024年**']);
  });
  it('delimiter before and after', () => {
    expect(run({ delimiter: '@' }, ['dave@x.cn', 'nodelim']).strings).toEqual(['****@x.cn', '*******']);
    expect(run({ delimiter: '：', side: 'after', keepLast: 1 }, ['姓名：张三丰']).strings).toEqual(['姓名：**丰']);
  });
  it('keepSeparators with custom separators', () => {
    expect(run({ keepFirst: 3, keepLast: 2, keepSeparators: true, separators: '/' }, ['2024/05/06']).strings).toEqual(['202*/**/06']);
    expect(run({ keepFirst: 1, keepLast: 1, keepSeparators: true }, ['张 三-丰']).strings).toEqual(['张 *-丰']);
  });
  it('fixed width', () => {
    expect(run({ keepFirst: 1, keepLast: 1, fixedWidth: 3 }, ['abcdefgh', '中华人民共和国']).strings).toEqual(['a***h', '中***国']);
  });
  it('options schema rejects bad combinations', () => {
    for (const bad of [
      { preset: 'cn.name', keepFirst: 1 }, { preset: 'cn.id', range: { from: 1 } }, { maskChar: '**' }, { maskChar: '' },
      { range: { from: 1 }, keepFirst: 1 }, { side: 'after' }, { separators: '/' }, { preset: 'cn.mobile', fixedWidth: 2 },
      { preset: 'nope' }, { keepFirst: -1 }, { unknown: 1 },
    ]) expect(maskRuleOptions.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });
});
