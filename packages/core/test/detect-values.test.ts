import { describe, expect, it } from 'vitest';
import { DETECTOR_TYPES, LEGAL_PERSON_TYPES, PERSONAL_TYPES, detectValue } from '../src/index.js';

/** [type, matched text] pairs of a value, for readable assertions. */
function found(text: string, opts: Parameters<typeof detectValue>[1] = {}): [string, string][] {
  const cps = [...text];
  return detectValue(text, opts).map((f) => [f.type, cps.slice(f.start, f.end).join('')]);
}

describe('reference test vectors (cn-identifiers.md) and their failing twins', () => {
  it('cn_id: MOD 11-2, birth date, province', () => {
    expect(found('11010519491231002X')).toEqual([['cn_id', '11010519491231002X']]);
    expect(found('11010519491231002x')).toEqual([['cn_id', '11010519491231002x']]);
    expect(found('440524188001010014')).toEqual([['cn_id', '440524188001010014']]);
    expect(found('110105194912310021')).toEqual([]); // wrong check digit (expected X)
    expect(found('110105194902300027')).toEqual([]); // 30 February
    expect(found('000105194912310021')).toEqual([]); // unknown province 00
  });
  it('cn_id15: province and 19YYMMDD', () => {
    expect(found('130503670401001')).toEqual([['cn_id15', '130503670401001']]);
    expect(found('130503671301001')).toEqual([]); // month 13
    expect(found('000503670401001')).toEqual([]);
  });
  it('cn_uscc: mod-31 check char, org code raises confidence', () => {
    expect(found('91350100M000100Y43')).toEqual([['cn_uscc', '91350100M000100Y43']]);
    expect(found('91110108551385082Q')).toEqual([['cn_uscc', '91110108551385082Q']]);
    expect(found('911100001000000000')).toEqual([]); // expected check R
    expect(found('91110108551385082R')).toEqual([]);
    const [f] = detectValue('91350100M000100Y43');
    expect(f!.confidence).toBeGreaterThan(0.95);
  });
  it('bank_card: Luhn raises confidence, context rescues a Luhn failure', () => {
    expect(found('4111111111111111')).toEqual([['bank_card', '4111111111111111']]);
    expect(found('4111111111111112')).toEqual([]); // Luhn fails, no context: below 0.5
    expect(found('银行卡号：4111111111111112')).toEqual([['bank_card', '4111111111111112']]);
    expect(detectValue('4111111111111112', { minConfidence: 0 })[0]!.confidence).toBeLessThan(0.5);
    expect(found('卡号 6222 0212 3456 7890 128')).toEqual([['bank_card', '6222 0212 3456 7890 128']]);
  });
  it('HK and Taiwan IDs with their check chars', () => {
    expect(found('A123456(3)')).toEqual([['hk_id', 'A123456(3)']]);
    expect(found('A123456(4)')).toEqual([]);
    expect(found('AB987654(3)')).toEqual([['hk_id', 'AB987654(3)']]);
    expect(found('AB987654(2)')).toEqual([]);
    expect(found('A123456789')).toEqual([['tw_id', 'A123456789']]);
    expect(found('A123456788')).toEqual([]);
    expect(found('F131104093')).toEqual([['tw_id', 'F131104093']]);
  });
  it('mobile: segments, +86/0086, groups; 10/11/12 prefixes are not phones', () => {
    expect(found('13812345678')).toEqual([['cn_mobile', '13812345678']]);
    expect(found('+8613812345678')).toEqual([['cn_mobile', '+8613812345678']]);
    expect(found('008613812345678')).toEqual([['cn_mobile', '008613812345678']]);
    expect(found('138-1234-5678')).toEqual([['cn_mobile', '138-1234-5678']]);
    expect(found('10012345678')).toEqual([]);
    expect(found('11012345678')).toEqual([]);
    expect(found('12012345678')).toEqual([]);
    expect(found('14012345678')).toEqual([]); // 140 is not a segment
    expect(found('14012345678', { mobileSegments: ['140'] })).toEqual([['cn_mobile', '14012345678']]);
  });
  it('landlines', () => {
    expect(found('电话010-62345678')).toEqual([['cn_landline', '010-62345678']]);
    expect(found('(0755)87654321')).toEqual([['cn_landline', '(0755)87654321']]);
    expect(found('07558765432')).toEqual([['cn_landline', '07558765432']]);
    expect(found('0001234567')).toEqual([]);
  });
  it('email, passport, permits, plates, IPs', () => {
    expect(found('邮箱：li.si+x@mail.example.cn。')).toEqual([['email', 'li.si+x@mail.example.cn']]);
    expect(found('user@localhost')).toEqual([]);
    expect(found('13812345678@qq.com')).toEqual([['email', '13812345678@qq.com']]);
    expect(found('护照号E12345678')).toEqual([['cn_passport', 'E12345678']]);
    expect(found('回乡证H1234567800')).toEqual([['hk_mo_tw_permit', 'H1234567800']]);
    expect(found('CA1234567')).toEqual([['hk_mo_tw_permit', 'CA1234567']]);
    expect(found('车辆粤B12345违停')).toEqual([['cn_plate', '粤B12345']]);
    expect(found('京AD12345')).toEqual([['cn_plate', '京AD12345']]);
    expect(found('沪A12345D')).toEqual([['cn_plate', '沪A12345D']]);
    expect(found('粤B1234挂')).toEqual([['cn_plate', '粤B1234挂']]);
    expect(found('粤BI2345')).toEqual([]); // I is not used on plates
    // An embassy's and a consulate's cars (a hotel's JSON column published them with exit 0).
    expect(found('{"car_plate":"使918143"}')).toEqual([['cn_plate', '使918143']]);
    expect(found('车牌使014·578')).toEqual([['cn_plate', '使014·578']]);
    expect(found('沪A2896领')).toEqual([['cn_plate', '沪A2896领']]);
    expect(found('行使1234567次')).toEqual([]); // seven digits: no plate
    expect(found('使用123456元')).toEqual([]);
    expect(found('粤B123456')).toEqual([]); // 8 chars but not a new-energy shape
    expect(found('来自192.168.0.1的请求')).toEqual([['ipv4', '192.168.0.1']]);
    expect(found('版本1.2.300.4')).toEqual([]);
    expect(found('2001:db8:0:0:0:0:2:1')).toEqual([['ipv6', '2001:db8:0:0:0:0:2:1']]);
    expect(found('fe80::1')).toEqual([['ipv6', 'fe80::1']]);
    expect(found('12:30:45')).toEqual([]);
    // A MAC is no IPv6 address; it is a device's identifier (ip.ts tryMac), reported as personal_number.
    expect(found('00:1A:2B:3C:4D:5E')).toEqual([['personal_number', '00:1A:2B:3C:4D:5E']]);
  });
});

describe('spans inside Chinese sentences and digit-run boundaries', () => {
  it('finds several identifiers with code-point spans', () => {
    const text = '当事人张三（身份证号11010519491231002X，电话13812345678）因超速被处罚。';
    const fs = detectValue(text);
    expect(fs.map((f) => f.type)).toEqual(['person_name', 'cn_id', 'cn_mobile']);
    const id = fs[1]!;
    expect([...text].slice(id.start, id.end).join('')).toBe('11010519491231002X');
    expect(id.start).toBe(10);
  });
  it('an 18-digit ID inside a longer digit run is not an ID; glued to letters it is (issue #13)', () => {
    expect(found('1101051949123100201')).toEqual([]);
    expect(found('911010519491231002X')).toEqual([]);
    expect(found('ab11010519491231002X')).toEqual([['cn_id', '11010519491231002X']]);
    expect(found('订单号11010519491231002X0')).toEqual([]);
    expect(found('订单1381234567800')).toEqual([]);
  });
  it('18-digit order numbers with a wrong check digit are not IDs nor cards', () => {
    expect(found('订单号：110105194912310021')).toEqual([]);
    expect(found('620102198001010012')).toEqual([]);
  });
  it('grouped IDs and full-width digits', () => {
    expect(found('身份证号110105 19491231 002X，')).toEqual([['cn_id', '110105 19491231 002X']]);
    expect(found('110105-19491231-002X')).toEqual([['cn_id', '110105-19491231-002X']]);
    expect(found('110105 19491231 0021')).toEqual([]);
    expect(found('电话１３８１２３４５６７８。')).toEqual([['cn_mobile', '１３８１２３４５６７８']]);
    expect(found('１１０１０５１９４９１２３１００２Ｘ')).toEqual([['cn_id', '１１０１０５１９４９１２３１００２Ｘ']]);
    expect(found('１２０１２３４５６７８')).toEqual([]);
    expect(found('１'.repeat(70) + '１３８１２３４５６７８')).toEqual([]);
  });
  it('names after context words, compound surnames, whole cells in name columns', () => {
    expect(found('法定代表人：欧阳明华，')).toEqual([['person_name', '欧阳明华']]);
    expect(found('联系人王小明电话')).toEqual([['person_name', '王小明']]);
    expect(found('当事人张某某')).toEqual([]);
    expect(found('张伟', { column: '姓名' })).toEqual([['person_name', '张伟']]);
    expect(found('张伟')).toEqual([]);
    expect(found('阿依古丽·买买提', { column: '当事人姓名' })).toEqual([['person_name', '阿依古丽·买买提']]);
    expect(found('市场监督管理局', { column: '姓名' })).toEqual([]);
  });
  it('a VIN (车架号) with its ISO 3779 check character, inside text too (a traffic remark published it after redaction)', () => {
    expect(found('车架号LVSHCAMBXS2978T65，已核实')).toEqual([['vin', 'LVSHCAMBXS2978T65']]);
    expect(found('VIN: LC0CE4CB3M2WR33H8')).toEqual([['vin', 'LC0CE4CB3M2WR33H8']]);
    expect(found('LC0CE4CB5M2WR33H8')).toEqual([]); // the check character is wrong
    expect(found('LOVSHCAMBXS2978T6')).toEqual([]); // O is never used
    expect(found('12345678901234567')).toEqual([]); // digits only: no VIN
    // In one case only: a clerk's lower case is a VIN, capitals beside small letters are not (this
    // tool's pseudonyms, T + 16 small letters and digits, passed the check 1 time in 1,000).
    expect(found('lvshcamb2s2978165')).toEqual([['vin', 'lvshcamb2s2978165']]);
    expect(found('Lvshcamb2s2978165')).toEqual([]);
  });
  it('a name as the value of a JSON key that names a person, in a JSON object kept as text (a hotel published companions redacted)', () => {
    const cell = '{"companions":[{"name":"胡子默","id_no":"371622201107148176"},{"guest_name": "欧阳明华"}],"channel":"携程"}';
    expect(found(cell).filter(([t]) => t === 'person_name')).toEqual([['person_name', '胡子默'], ['person_name', '欧阳明华']]);
    expect(found('{"姓名":"王小明","性别":"男"}')).toEqual([['person_name', '王小明']]);
    // A key that names no person, or a value that is no name, is left alone.
    expect(found('{"channel":"王府井","hotel_name":"滨州银座佳驿酒店"}')).toEqual([]);
    expect(found('{"name":"滨州市市场监督管理局"}')).toEqual([]);
  });
  it('names, plates and addresses escaped as \\uXXXX in JSON text (json.dumps writes them so) are found over their escapes', () => {
    const esc = (s: string): string => s.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    expect(found(esc('{"companions":[{"name":"胡子默","id_no":"371622201107148176"}],"car_plate":"鲁ML4F28"}'))).toEqual([
      ['person_name', esc('胡子默')], ['cn_id', '371622201107148176'], ['cn_plate', esc('鲁ML4F28')],
    ]);
    expect(found(esc('联系人王小明，住址山东省滨州市滨城区黄河五路288号锦绣城3号楼2单元501室')).map(([t]) => t)).toEqual(['person_name', 'address']);
    // A name outside the BMP as a surrogate pair; an escaped backslash is no escape.
    expect(found(`{"name":"\\u738b\\ud842\\udfb7"}`)).toEqual([['person_name', '\\u738b\\ud842\\udfb7']]);
    expect(found('{"name":"\\\\u738b\\\\u660e"}')).toEqual([]);
    expect(found('{"channel":"\\u643a\\u7a0b"}')).toEqual([]);
    // An escaped context word before plain digits: the digits are the mobile.
    expect(found(esc('{"remark":"协议单位联系人电话14793285747"}'))).toEqual([['cn_mobile', '14793285747']]);
  });
  it('addresses with administrative units, roads and numbers', () => {
    expect(found('住址：北京市海淀区中关村大街27号3号楼501室。')).toEqual([['address', '北京市海淀区中关村大街27号3号楼501室']]);
    expect(found('家住广东省深圳市南山区科技园路88号')).toEqual([['address', '广东省深圳市南山区科技园路88号']]);
    expect(found('京工商处字〔2023〕第123号')).toEqual([]);
    expect(found('北京市海淀区')).toEqual([]);
  });
  it('malformed input: empty, lone surrogates, invalid UTF-8 never throw', () => {
    expect(detectValue('')).toEqual([]);
    expect(detectValue('\ud800 13812345678')).toHaveLength(1);
    expect(detectValue('@@@.. ::: 1.2.3. +86')).toEqual([]);
  });
  it('types filter and minConfidence', () => {
    const t = '13812345678 11010519491231002X';
    expect(detectValue(t, { types: ['cn_id'] }).map((f) => f.type)).toEqual(['cn_id']);
    expect(detectValue(t, { minConfidence: 0.99 }).map((f) => f.type)).toEqual(['cn_id']);
  });
});

describe('type sets', () => {
  it('USCC is legal-person information, IDs and phones are personal', () => {
    expect(PERSONAL_TYPES.has('cn_id')).toBe(true);
    expect(PERSONAL_TYPES.has('cn_uscc')).toBe(false);
    expect(LEGAL_PERSON_TYPES.has('cn_uscc')).toBe(true);
    for (const t of DETECTOR_TYPES) expect(PERSONAL_TYPES.has(t) || LEGAL_PERSON_TYPES.has(t)).toBe(true);
  });
});
