import { describe, expect, it } from 'vitest';
import { TextScanner, safeOptions } from '../src/index.js';

const ID = '110105198001010016';
const MOBILE = '13812345678';

describe('rule options in reports: settings kept, values counted', () => {
  it('in, equals, notIn, matches and maps become counts; presets, numbers and key names stay or go', () => {
    const o = safeOptions({
      preset: 'cn.id', keepFirst: 6, onInvalid: 'keep', key: { env: 'TUOMIN_KEY' },
      when: { column: '当事人类型', equals: '自然人' },
      where: { any: [{ column: 'x', in: [ID, MOBILE, 'z'] }, { not: { column: 'y', matches: `^${MOBILE}$` } }, { column: 'n', gte: 18 }] },
      map: { [ID]: 'a', b: 'c' },
      labels: ['甲', '乙'],
    });
    expect(o).toEqual({
      preset: 'cn.id', keepFirst: 6, onInvalid: 'keep',
      when: { column: '当事人类型', equals: '1 value' },
      where: { any: [{ column: 'x', in: '3 values' }, { not: { column: 'y', matches: '1 value' } }, { column: 'n', gte: 18 }] },
      map: '2 values',
      labels: '2 values',
    });
    expect(JSON.stringify(o)).not.toContain(ID);
    expect(JSON.stringify(o)).not.toContain(MOBILE);
  });
  it('an option the list does not know is counted, not echoed (fail closed)', () => {
    expect(safeOptions({ someNewOption: ID, flags: [MOBILE] })).toEqual({ someNewOption: '1 value', flags: '1 value' });
  });
});

describe('TextScanner: where an identifier sits outside the cells, never what it is', () => {
  it('names JSON paths, keys and Markdown lines; the declared contact is exempt', () => {
    const ts = new TextScanner(['0543-3160000', 'open@binzhou.gov.cn']);
    ts.json({ description: `电话${MOBILE}`, contact: { phone: '0543-3160000', email: 'open@binzhou.gov.cn' }, fields: [{ title: '姓名' }, { [ID]: 1 }] }, 'datapackage.json');
    ts.lines(`# 标题\n\n身份证${ID}\n`, 'README.md');
    expect(ts.findings.map((f) => `${f.file} ${f.path} ${f.type}`)).toEqual([
      'datapackage.json description cn_mobile',
      'datapackage.json fields[1].… (key) cn_id',
      'README.md line 3 cn_id',
    ]);
    expect(JSON.stringify(ts.findings)).not.toContain(ID);
  });
  it('the contact is exempt only as declared: a personal email beside it is found', () => {
    const ts = new TextScanner(['open@binzhou.gov.cn']);
    ts.text('open@binzhou.gov.cn 或 zhangsan@163.com', 'platform.json', '部门邮箱');
    expect(ts.findings.map((f) => f.type)).toEqual(['email']);
  });
});
