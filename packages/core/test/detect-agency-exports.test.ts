/**
 * What the sweep over unseen agency extracts found the detectors and the profile missing
 * (test/unseen-domains-3.test.ts): timestamps in the spellings exports mix, names in passport
 * pinyin, headers aligned with spaces, and the places a person is supervised from or travels to.
 */
import { describe, expect, it } from 'vitest';
import { Field, RecordBatch, Schema, Utf8, vectorFromArray, type Data } from 'apache-arrow';
import { batchFromColumns, detectValue, isNameHeader, nameColumnScore, nameSurname, profileBatches, quasiIdentifierHeader, redact, utf8At, utf8View } from '../src/internal.js';

function utf8(values: (string | null)[]): Data {
  return vectorFromArray(values, new Utf8()).data[0]!;
}
async function* gen(batches: RecordBatch[]) {
  yield* batches;
}

describe('profile: timestamps as exports mix them', () => {
  it('a column of times in five date spellings, compact and 年月日 among them, is a datetime column', async () => {
    const spellings = (i: number): string => {
      const t = `${String(i % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:07`;
      return [`2024-08-0${1 + (i % 9)} ${t}`, `2024/8/${1 + (i % 9)} ${t}`, `2024080${1 + (i % 9)} ${t}`, `2024年8月${1 + (i % 9)}日 ${t}`, `2024.08.0${1 + (i % 9)} ${t}`][i % 5]!;
    };
    const values = Array.from({ length: 200 }, (_, i) => spellings(i));
    const schema = new Schema([new Field('出入境时间', new Utf8(), true)]);
    const p = await profileBatches(schema, gen([batchFromColumns(schema, [utf8(values)], values.length)]));
    expect(p.columns[0]!.inferredType).toBe('datetime');
  });

  it('NULL, \\N, 无 and — in a tenth of the cells say nothing of the kind: still a date column', async () => {
    const values = Array.from({ length: 200 }, (_, i) => (i % 10 === 0 ? ['NULL', '\\N', '无', '—'][(i / 10) % 4]! : `2023-0${1 + (i % 9)}-1${i % 10}`));
    const schema = new Schema([new Field('矫正起始日期', new Utf8(), true)]);
    const p = await profileBatches(schema, gen([batchFromColumns(schema, [utf8(values)], values.length)]));
    expect(p.columns[0]!.inferredType).toBe('date');
  });

  it('年月日 alone stays a date, and 8 digits and a time that is no date stay text', async () => {
    const schema = new Schema([new Field('a', new Utf8(), true), new Field('b', new Utf8(), true)]);
    const a = Array.from({ length: 50 }, (_, i) => `2024年3月${1 + (i % 28)}日`);
    const b = Array.from({ length: 50 }, (_, i) => `1234567${i % 10} 12:30`);
    const p = await profileBatches(schema, gen([batchFromColumns(schema, [utf8(a), utf8(b)], 50)]));
    expect(p.columns.map((c) => c.inferredType)).toEqual(['date', 'text']);
  });
});

describe('names in passport pinyin', () => {
  const PINYIN = ['ZHANG WEI', 'WANG FANG', 'OUYANG JIANGUO', 'LI NA', 'Chen Xiaoming', 'LIU, Yang', 'Wei Zhang', 'ZHAO LEI', 'SUN HAO', 'HUANG TAO', 'ZHOU JIE', 'WU MIN'];

  it('a column of them scores as names, surname first or last', () => {
    expect(nameSurname('OUYANG JIANGUO')).toBe('ouyang');
    expect(nameSurname('Wei Zhang')).toBe('wei');
    expect(nameColumnScore(PINYIN).confidence).toBeGreaterThan(0.9);
  });

  it('a name in both scripts (张伟 ZHANG WEI, 王瑶/WANG YANG, 贾胤祥（JIA YINGKAI）) is a name; a place or a word in both is not', () => {
    expect(['张伟 ZHANG WEI', '王瑶/WANG YANG', '贾胤祥（JIA YINGKAI）', '欧阳建国 OUYANG JIANGUO'].map(nameSurname)).toEqual(['张', '王', '贾', '欧阳']);
    expect(['滨州市 BINZHOU CITY', '中国 CHINA', '普通护照 PASSPORT'].map(nameSurname)).toEqual(['', '', '']);
  });

  it('flight numbers, English words and codes do not', () => {
    const other = ['SC4417', 'MU5101', 'CA1234', 'NEW YORK', 'BUSINESS CLASS', 'ECONOMY', 'John Smith', 'Mary Brown', 'SN-1234', 'TAXI', 'ON FOOT'];
    expect(other.map(nameSurname).filter((s) => s !== '')).toEqual([]);
    // HONG KONG reads as a name (孔宏); one such value among destinations is no column of names.
    expect(nameColumnScore([...other, 'HONG KONG', 'MACAU', 'SEOUL', 'TOKYO']).confidence).toBeLessThan(0.1);
  });
});

describe('quasi-identifier headers', () => {
  it('a header aligned with spaces (性 别, 出生 日期) names what it names without them', () => {
    expect(quasiIdentifierHeader('性 别')?.attribute).toBe('sex');
    expect(quasiIdentifierHeader(' 出生\u3000日期 ')?.attribute).toBe('birth-date');
  });

  it('a name header aligned with spaces, or naming a legal or authorised representative, is a name header (scan reads whole-cell names under it)', () => {
    for (const h of ['姓  名', ' 姓 名 ', '法人代表', '授权代表']) expect(isNameHeader(h), h).toBe(true);
    expect(isNameHeader('性 别')).toBe(false);
  });

  it('where a person is supervised from or travels to is a place', () => {
    for (const h of ['司法所', '管辖派出所', '出入境口岸', '目的地', '前往国家（地区）']) expect(quasiIdentifierHeader(h)?.attribute, h).toBe('place');
    for (const h of ['交通工具（航班/车牌）', '航班号', '乘坐车次']) expect(quasiIdentifierHeader(h)?.attribute, h).toBe('travel');
    for (const h of ['Work Unit', 'work_unit', 'Employer Name', 'employing_unit']) expect(quasiIdentifierHeader(h)?.attribute, h).toBe('employer');
  });
});

const found = (text: string): string[][] => detectValue(text).map((h) => [h.type, [...text].slice(h.start, h.end).join('')]);

describe('identifiers in a tender register and a corrections roster', () => {
  it('a landline with its area code in full-width brackets, as an IME types it', () => {
    expect(found('（0543）4660484')).toEqual([['cn_landline', '（0543）4660484']]);
    expect(found('家中座机（0543）3161234，')).toEqual([['cn_landline', '（0543）3161234']]);
  });

  it('a mobile dialled with a leading 0, and a local number without its area code after a phone label', () => {
    expect(found('013812345678')).toEqual([['cn_mobile', '013812345678']]);
    expect(found('电话：3161234')).toEqual([['cn_landline', '3161234']]);
    expect(found('家中座机 31612345，已打通')).toEqual([['cn_landline', '31612345']]);
    for (const t of ['3161234', '编号1234567', '电话20240131', '电话：1234567']) expect(found(t), t).toEqual([]);
  });

  it('names after 法人, 授权代表 and 项目经理; the words they start are no names', () => {
    expect(found('法人王芳未到场')).toEqual([['person_name', '王芳']]);
    expect(found('法人欧阳建国未到场，')).toEqual([['person_name', '欧阳建国']]);
    expect(found('授权代表姜文未到场')).toEqual([['person_name', '姜文']]);
    expect(found('项目经理张伟')).toEqual([['person_name', '张伟']]);
    for (const t of ['法人单位', '法人单位名称', '法人资格', '法人营业执照', '非法人组织', '法人签字', '授权代表委托书', '项目经理证书', '法人及授权代表均到场']) expect(found(t), t).toEqual([]);
  });
});

describe('IDs as Excel leaves them', () => {
  it('an ID stored as a number keeps 15 significant digits and is still found, anywhere in a cell', () => {
    expect(found('371623196409080000')).toEqual([['cn_id', '371623196409080000']]);
    expect(found('备用371623196409080000已核实')).toEqual([['cn_id', '371623196409080000']]);
  });

  it('other 18-digit numbers ending 000 are not: no province, no date, or not 18 digits', () => {
    for (const t of ['100000000000000000', '202412310000000000', '371623196413080000', '3716231964090800000']) expect(found(t), t).toEqual([]);
  });
});

describe('names with characters outside GBK (刘䶮 in Extension A, 王𠮷 in Extension B: four bytes)', () => {
  it('are found after a context word, whole, and redacted whole', () => {
    expect(found('联系人王𠮷13812345678已核实')).toEqual([['person_name', '王𠮷'], ['cn_mobile', '13812345678']]);
    expect(found('其母刘䶮陪同报到')).toEqual([['person_name', '刘䶮']]);
    expect(found('由王𠮷驾驶')).toEqual([['person_name', '王𠮷']]);
    // A weak context word still needs the name to end: 王𠮷𠮷 then another 𠮷 is no boundary.
    expect(found('患者王𠮷𠮷𠮷入院')).toEqual([]);
  });

  it('redact masks all of the name, four-byte character included', async () => {
    const schema = new Schema([new Field('备注', new Utf8(), true)]);
    const bound = redact({ columns: ['备注'] }).bind(schema);
    const out: string[] = [];
    for await (const b of bound.apply(gen([batchFromColumns(schema, [utf8(['联系人王𠮷已核实', '其母刘䶮陪同报到'])], 2)]))) {
      const v = utf8View(b.data.children[0]!);
      for (let i = 0; i < v.length; i++) out.push(utf8At(v, i)!);
    }
    expect(out.some((s) => /𠮷|䶮/u.test(s))).toBe(false);
    expect(out.every((s) => s.includes('*'))).toBe(true);
  });

  it('count as name-shaped values of a column', () => {
    expect(['王𠮷', '刘䶮', '欧阳𠮷'].map(nameSurname)).toEqual(['王', '刘', '欧阳']);
  });
});

describe('two-character names padded to the width of three (张　伟, 王  芳), as old systems print them', () => {
  it('are found after a context word and whole under a name header, padding included', () => {
    expect(found('联系人张　伟13812345678')).toEqual([['person_name', '张　伟'], ['cn_mobile', '13812345678']]);
    expect(found('其母王  芳陪同')).toEqual([['person_name', '王  芳']]);
    expect(found('联系人李 娜已核实')).toEqual([['person_name', '李 娜']]);
    expect(found('户主：刘 洋 电话3161234')).toEqual([['person_name', '刘 洋'], ['cn_landline', '3161234']]);
    expect(detectValue('陈　静', { column: '姓  名' }).map((h) => h.type)).toEqual(['person_name']);
  });

  it('are no name when what follows the space is a word (患者王 今日入院, 家属张 已签字)', () => {
    for (const t of ['患者王 今日入院', '家属张 已签字', '联系人王 局', '联系人李 某']) expect(found(t), t).toEqual([]);
  });

  it('count as name-shaped values of a column', () => {
    expect(nameColumnScore(['张　伟', '王  芳', '李 娜', '刘　洋', '陈  静', '杨 帆', '赵　磊', '孙　丽', '周　杰', '吴　敏']).confidence).toBeGreaterThan(0.9);
    expect(['高 中', '张 三 丰'].map(nameSurname)).toEqual(['', '']);
  });
});
