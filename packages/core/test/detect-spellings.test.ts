/**
 * Issue #13: spellings of identifiers the detectors used to miss. Each spelling is checked the
 * three ways the detectors are used: detectValue (the span found), redact (the whole spelled
 * span masked, separators included) and scanBatches (reported), alone and inside Chinese text.
 */
import { describe, expect, it } from 'vitest';
import { Field, Schema, Utf8, vectorFromArray, type RecordBatch } from 'apache-arrow';
import { batchFromColumns, detectValue, redact, scanBatches, utf8At, utf8View } from '../src/internal.js';

/** [type, matched text] pairs of a value. */
function found(text: string, column = ''): [string, string][] {
  const cps = [...text];
  return detectValue(text, { column }).map((f) => [f.type, cps.slice(f.start, f.end).join('')]);
}

const schema = new Schema([new Field('备注', new Utf8(), true)]);
function batchOf(values: string[]): RecordBatch {
  return batchFromColumns(schema, [vectorFromArray(values, new Utf8()).data[0]!], values.length);
}
async function* one(b: RecordBatch) {
  yield b;
}

async function redactAll(values: string[]): Promise<string[]> {
  const bound = redact({ columns: ['备注'] }).bind(schema);
  const out: string[] = [];
  for await (const b of bound.apply(one(batchOf(values)))) {
    const v = utf8View(b.data.children[0]!);
    for (let i = 0; i < v.length; i++) out.push(utf8At(v, i)!);
  }
  return out;
}

/** Types scanBatches reports per row (1-based) of a one-column batch. */
async function scanned(values: string[]): Promise<Map<number, string[]>> {
  const r = await scanBatches(schema, one(batchOf(values)), { allRows: true });
  const byRow = new Map<number, string[]>();
  for (const f of r.findings) for (const row of f.rows) byRow.set(row, [...(byRow.get(row) ?? []), f.type]);
  return byRow;
}

const ID = '37010219871210507X';
/** [type, spelling]: every spelling of issue #13, each a valid identifier. */
const SPELLINGS: [string, string][] = [
  ['cn_id', '3701 0219 8712 1050 7X'],
  ['cn_id', '3701-0219-8712-1050-7X'],
  ['cn_id', '3701.0219.8712.1050.7X'],
  ['cn_id', '370102 1987 1210 507X'],
  ['cn_id', '370102-1987-1210-507X'],
  ['cn_id', '370102.1987.1210.507X'],
  ['cn_id', '370102 19871210 507X'],
  ['cn_id', '370102-19871210-507X'],
  ['cn_id', '370102.19871210.507X'],
  ['cn_id', '370102\u300019871210\u3000507X'],
  ['cn_id', '370102\u00a019871210\u00a0507X'],
  ['cn_id', '370102\u200b19871210\u200b507X'],
  ['cn_id', '3701021987\u200c1210507X'],
  ['cn_id', '3701021987\u200d1210507X'],
  ['cn_id', '3701021987\ufeff1210507X'],
  ['cn_id', '３７０１０２19871210５０７Ｘ'],
  ['cn_id', '37010219871210507Ｘ'],
  ['cn_id', '37010219871210507×'],
  ['cn_id', '37010219871210507Х'],
  ['cn_id', '37010219871210507х'],
  ['cn_id', '3701021987\n1210507X'],
  ['cn_id', '3701021987\r\n1210507X'],
  ['cn_id15', '370102 871210 507'],
  ['cn_id15', '370102-871210-507'],
  ['cn_id15', '370102.871210.507'],
  ['cn_id15', '370102\u3000871210\u3000507'],
  ['cn_id15', '370102 871210507'],
  ['cn_id15', '370102871210\n507'],
  ['cn_id15', '３７０１０２871210507'],
  ['cn_mobile', '1381 234 5678'],
  ['cn_mobile', '138.1234.5678'],
  ['cn_mobile', '138-1234-5678'],
  ['cn_mobile', '138 1234 5678'],
  ['cn_mobile', '+86 1381 234 5678'],
  ['cn_mobile', '+86-138-1234-5678'],
  ['cn_mobile', '0086 138.1234.5678'],
  ['cn_mobile', '138\n12345678'],
  ['cn_mobile', '1381234\r\n5678'],
  ['cn_mobile', '138\u200b1234\u200b5678'],
  ['cn_mobile', '１３８12345678'],
  ['email', '张三@163.com'],
  ['email', 'zhangsan＠163.com'],
  ['email', 'zhangsan@163．com'],
  ['email', '张三＠qq．com'],
  ['cn_plate', '鲁m12345'],
  ['cn_plate', '京a12345'],
  ['cn_plate', '粤b1234学'],
  ['cn_plate', '沪ad12345'],
  ['cn_plate', '鲁A·12345'],
  ['cn_plate', '鲁m·12345'],
  ['cn_plate', '京A 12345'],
  ['cn_plate', '粤B-D12345'],
];

describe('spelled identifiers through the detector', () => {
  for (const [type, s] of SPELLINGS) {
    it(`${type}: ${JSON.stringify(s)} alone and in Chinese text`, () => {
      expect(found(s)).toEqual([[type, s]]);
      expect(found(`当事人身份信息：${s}，已核实。`).filter(([t]) => t !== 'person_name')).toEqual([[type, s]]);
      expect(found(`备注${s}`)).toEqual([[type, s]]);
    });
  }
  it('an ID glued to Latin letters is found, its check digit still verified', () => {
    expect(found(`abc${ID}def`)).toEqual([['cn_id', ID]]);
    expect(found(`ID${ID.slice(0, 17)}xyz`)).toEqual([['cn_id', `${ID.slice(0, 17)}x`]]);
    expect(found('abc370102198712105071def')).toEqual([]); // wrong check digit
    expect(found('sku370102198712105079999')).toEqual([]); // 22 digits, no 18-digit run
  });
  it('an ID spelled with separators and a wrong check digit is an ID only after an ID label', () => {
    expect(found('3701 0219 8712 1050 71')).toEqual([]);
    expect(found('身份证号3701 0219 8712 1050 71')).toEqual([['cn_id', '3701 0219 8712 1050 71']]);
    expect(found('身份证号码：370102198712105071')).toEqual([['cn_id', '370102198712105071']]);
    // The label must be the number's own: not one that names another identifier further back.
    expect(found('香港身份证A123456(3)，现场检查发现，370102198712105071，').map(([t]) => t)).toEqual(['hk_id']);
  });
  it('an ID-shaped 18-digit number in groups of four is no card without a bank word', () => {
    expect(found('编号3701 0219 8712 1050 28')).toEqual([]); // passes Luhn, fails the ID check digit
    expect(found('银行卡号3701 0219 8712 1050 28')).toEqual([['bank_card', '3701 0219 8712 1050 28']]);
  });
});

describe('names without a label, and after kin and contact words', () => {
  const cases: [string, string][] = [
    ['患者张三丰于2023年3月入院', '张三丰'],
    ['由王小明驾驶鲁A12345', '王小明'],
    ['经李四签字确认', '李四'],
    ['家属杨敏', '杨敏'],
    ['其子朱玉涵代为签字', '朱玉涵'],
    ['母亲廖英陪同入院', '廖英'],
    ['父亲王建国在外务工', '王建国'],
    ['其女刘思远签署知情同意书', '刘思远'],
    ['其夫陈刚，其妻林芳', '陈刚'],
    ['配偶赵丽，电话13812345678', '赵丽'],
    ['监护人：孙伟', '孙伟'],
    ['紧急联系人欧阳娜娜', '欧阳娜娜'],
    ['亲属于晋鹏陪同', '于晋鹏'],
    ['张某之子李明', '李明'],
    ['家属阿依古丽·卡德尔在院陪护', '阿依古丽·卡德尔'],
  ];
  for (const [text, name] of cases) {
    it(`${text} → ${name}`, () => {
      expect(found(text).filter(([t]) => t === 'person_name')[0]).toEqual(['person_name', name]);
    });
  }
  it('ordinary words after the same context words are not names', () => {
    for (const t of [
      '患者于今日入院', '患者高热3天', '患者安静入睡', '患者成功手术', '家属同意手术', '其父母健在', '其子女均在外地', '配偶关系',
      '母亲节', '由家属陪同', '由公司负责', '由管理员签字', '由居委会出具', '由申请人签字', '由司机驾驶', '由于天气原因',
      '经查明', '经营场所', '患者明确诊断', '患者于家中摔倒', '由双方签字', '患者全身乏力', '患者平素体健',
    ]) expect(found(t).filter(([ty]) => ty === 'person_name'), t).toEqual([]);
  });
});

describe('no false positives on ordinary numbers', () => {
  it('dates, times, amounts, order and batch numbers stay clean', () => {
    for (const t of [
      '2024-09-19', '2024.09.19 10:30', '2024 09 19', '罚款 1381 2345 元', '金额 12,345.67 元', '1 2 3 4 5 6 7 8 9 10 11',
      '订单号 2023 1012 3456 7890 12', '批次 20240318 0001', '流水号 110105-1949-1231-0021', '编号 120 1234 5678',
      '138 1234 567', '138 1234 56789', '1381 2345 678', '12 138 1234 56', '138-1234 5678', '版本 1.38.1234.5678',
      '３７０１０２19871210５０７１', 'ISBN 978-7-1138-1234-5', 'IP 192.168.1.1',
    ]) expect(found(t).filter(([ty]) => ty === 'cn_id' || ty === 'cn_mobile'), t).toEqual([]);
  });
});

describe('15-digit first-generation IDs with separators', () => {
  it('need the 6-6-3 or 6-9 grouping, a province and a birth date YYMMDD, and must end the run', () => {
    for (const t of [
      '370102 871310 507', // month 13
      '370102 870230 507', // 30 February
      '990102 871210 507', // no province 99
      '2023 1012 3456 789', // 4-4-4-3: an order number
      '370102-871210 507', // mixed separators
      '370102 871210 507 1', // 16 digits
      '370102 871210 507x', // glued to a letter
      '批次 370102 871210 5', // 13 digits
    ]) expect(found(t).filter(([ty]) => ty === 'cn_id15' || ty === 'cn_id'), t).toEqual([]);
  });
});

describe('spelled identifiers through redact and scanBatches', () => {
  const texts = SPELLINGS.map(([, s]) => `当事人身份信息：${s}，已核实。`);
  it('redact masks each whole spelled span, separators included', async () => {
    const out = await redactAll(texts);
    SPELLINGS.forEach(([, s], i) => {
      expect(out[i]).toBe(`当事人身份信息：${'*'.repeat([...s].length)}，已核实。`);
    });
  });
  it('redact masks the kin-context names', async () => {
    const [a, b, c] = await redactAll(['家属杨敏', '其子朱玉涵代为签字', '母亲廖英陪同入院']);
    expect([a, b, c]).toEqual(['家属**', '其子***代为签字', '母亲**陪同入院']);
  });
  it('scanBatches reports every spelling in its row', async () => {
    const rows = await scanned(texts);
    SPELLINGS.forEach(([type], i) => expect(rows.get(i + 1), texts[i]).toContain(type));
  });
  it('scanBatches reports nothing on the negative cases', async () => {
    const r = await scanBatches(schema, one(batchOf(['2024-09-19', '罚款 1381 2345 元', '订单号 2023 1012 3456 7890 12', '患者于今日入院'])));
    expect(r.findings).toEqual([]);
  });
});

describe('mobiles glued to Latin letters', () => {
  /** xorshift32, seeded: the same serials on every run. */
  function rng(seed: number): () => number {
    let x = seed >>> 0 || 1;
    return () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x / 0x100000000; };
  }
  const r = rng(13);
  const letters = (n: number): string => Array.from({ length: n }, () => String.fromCharCode(65 + Math.floor(r() * 26))).join('');
  /** 11 digits of a mobile's shape (1, a segment digit, nine more): a serial number that happens to look like one. */
  const mobileShaped = (): string => `1${'3578'[Math.floor(r() * 4)]}${String(Math.floor(r() * 1e9)).padStart(9, '0')}`;

  it('are found after tel, mob, phone, cell or no, and before ext or x', () => {
    for (const [t, m] of [['tel13812345678x', '13812345678'], ['TEL13812345678', '13812345678'], ['mob13812345678', '13812345678'], ['phone13812345678', '13812345678'],
      ['联系方式：tel13812345678，', '13812345678'], ['No13812345678', '13812345678'], ['13812345678ext', '13812345678']]) {
      expect(found(t!), t).toEqual([['cn_mobile', m]]);
    }
  });
  it('a mobile-shaped number inside a product serial is no mobile (measured on generated serials)', () => {
    const PREFIXES = ['SN', 'SKU', 'PN', 'MODEL', 'LOT', 'BATCH', 'REF', 'INV', 'ORD', 'PO', 'A', 'XK', 'HW', 'ZTE'];
    let serials = 0;
    let flagged = 0;
    for (let i = 0; i < 4000; i++) {
      const head = i % 2 ? PREFIXES[Math.floor(r() * PREFIXES.length)]! : letters(1 + Math.floor(r() * 4));
      const t = `${head}${mobileShaped()}${r() < 0.5 ? letters(Math.floor(r() * 3)) : ''}`;
      serials++;
      if (found(t).some(([ty]) => ty === 'cn_mobile')) flagged++;
    }
    console.log(`glued mobiles: ${flagged} of ${serials} generated product serials flagged`);
    // Only a random prefix that spells NO (1 in 676 two-letter prefixes) or TEL, MOB … can be flagged.
    expect(flagged / serials).toBeLessThan(0.002);
  });
});
