/**
 * The second identifier-spellings sweep (session 10): spellings test/identifier-formats.test.ts
 * does not cover, generated for this sweep (test/support/id-spellings.ts, 200 values each) and
 * placed alone under a neutral header, inside a Chinese text, inside an English text and after
 * their label: bank cards grouped 4-4-4-4-3, 6-13, by a double space, ' - ', U+3000 or a dot; the
 * exit permits 往来港澳 (C…) and 往来台湾 (L…) in every case and width; passports after
 * "Passport No."; 军官证 numbers bare after their label or in full-width digits; 社保卡号 / 医保卡号
 * under their other names; VINs in lower case; engine numbers after "Engine No."; IPv6 with a
 * port; URLs with an ID or a phone in the query, plain or percent-encoded; mobiles with +86 /
 * 0086 / (86) / 86- or digit by digit; landlines with an extension or in the international form
 * (+86 10 6234 5678); phones of Hong Kong, Macau, Taiwan and abroad (+852 9123 4567); phones in
 * Han digits; English door-level addresses with a
 * floor and a block but no street (Flat 3B, 12/F, Block 2). False positives on values that are
 * nobody's: a company's USCC (91…), amounts, order numbers, timestamps, hotlines with an
 * extension, ordinary URLs, loopback addresses, English text with floors and blocks.
 * Then an extract with such values through the real flow: none is published raw.
 * Figures: docs/detection.md, "Identifier spellings sweep (session 10)".
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Field, Schema, Utf8, vectorFromArray, type Data } from 'apache-arrow';
import { batchFromColumns, detectValue, redact } from '@tuomin/core';
import { ValueScanner, utf8At, utf8View } from '@tuomin/core/internal';
import { csvLine } from '../fixtures/lib/csv-out.js';
import { LOOK_ALIKES_2, PLACEMENTS_2, Rng, SPELLINGS_2, hanBirthDate } from './support/id-spellings.js';
import { PLACEMENTS, SPELLINGS, values } from './support/id-formats.js';
import { falsePositives, recall } from './support/id-formats-measure.js';
import { packageLeaks } from './support/published-check.js';
import { attemptRun, d, dataset, scratchWithDuck, type Spec } from './support/sweep-flow.js';

describe('recall on 200 generated values of each spelling, in every placement', () => {
  for (const s of SPELLINGS_2) {
    const key = `${s.format} / ${s.spelling}`;
    // A number with no shape of its own (an 8-digit officer's card, a 医保 number) is found after its label only.
    const placements = s.needsLabel ? PLACEMENTS_2.filter((p) => p.name === 'labelled') : PLACEMENTS_2;
    it(`${key}: ${placements.map((p) => p.name).join(', ')}`, () => {
      for (const p of placements) {
        const r = recall(s, p);
        expect(r.hits / r.n, `${key} in ${p.name}: missed ${r.n - r.hits} (values not printed)`).toBe(1);
      }
    });
  }
});

describe('false positives on 2,000 values of each kind that are nobody\'s', () => {
  for (const k of LOOK_ALIKES_2) {
    it(`${k.kind}: none read as personal`, () => {
      for (const p of PLACEMENTS_2.slice(0, 3)) {
        const r = falsePositives(k, p);
        expect(r.fp, `${k.kind} in ${p.name}`).toBe(0);
      }
    });
  }
});

describe('the fixes, one by one (each failed before)', () => {
  const found = (text: string, column = 'col_7'): string[] => {
    const cps = [...text];
    return detectValue(text, { column }).map((f) => `${f.type}:${cps.slice(f.start, f.end).join('')}`);
  };

  it('bank cards led by the issuer number (6-13), or grouped by a double space, \' - \', U+3000 or a dot', () => {
    expect(found('6217002468417673200')).toEqual(['bank_card:6217002468417673200']); // the same card unspaced, as a reference
    expect(found('621700 2468417673200')).toEqual(['bank_card:621700 2468417673200']);
    expect(found('6217  0024  6841  7673  200')).toEqual(['bank_card:6217  0024  6841  7673  200']);
    expect(found('卡号：6217 - 0024 - 6841 - 7673 - 200', '备注')).toEqual(['bank_card:6217 - 0024 - 6841 - 7673 - 200']);
    expect(found('6217\u30000024\u30006841\u30007673\u3000200')).toEqual(['bank_card:6217\u30000024\u30006841\u30007673\u3000200']);
    expect(found('6217.0024.6841.7673.200')).toEqual(['bank_card:6217.0024.6841.7673.200']);
    // Luhn wrong, mixed separators, or a date range: no card.
    expect(found('621700 2468417673209')).toEqual([]);
    expect(found('6217  0024 6841.7673 200')).toEqual([]);
    expect(found('2024  0101  2024  1231')).toEqual([]);
  });

  it('a mobile digit by digit (1 3 8 1 2 3 4 5 6 7 8), one separator throughout', () => {
    expect(found('1 3 8 1 2 4 6 8 4 1 7')).toEqual(['cn_mobile:1 3 8 1 2 4 6 8 4 1 7']);
    expect(found('联系电话：1-8-6-2-0-9-6-9-3-8-7', '备注')).toEqual(['cn_mobile:1-8-6-2-0-9-6-9-3-8-7']);
    // Ten digits, a segment no carrier has (1 2 …), mixed separators: none.
    expect(found('1 3 8 1 2 4 6 8 4 1')).toEqual([]);
    expect(found('1 2 3 4 5 6 7 8 9 0 1')).toEqual([]);
    expect(found('1 3 8 1-2 4 6 8 4 1 7')).toEqual([]);
  });

  it('a landline in the international form (+86 10 6234 5678, 0086-543-3162345, +86 (0)543 …); a mobile after +86 stays a mobile', () => {
    expect(found('+86 10 6234 5678')).toEqual(['cn_landline:+86 10 6234 5678']);
    expect(found('Office: +86-543-3162345 ext. 801', 'remarks')).toEqual(['cn_landline:+86-543-3162345']);
    expect(found('(+86) 21 6234-5678')).toEqual(['cn_landline:(+86) 21 6234-5678']);
    expect(found('0086 755 86123456')).toEqual(['cn_landline:0086 755 86123456']);
    expect(found('+86 (0)543 3162345')).toEqual(['cn_landline:+86 (0)543 3162345']);
    expect(found('+86 138 1234 5678')).toEqual(['cn_mobile:+86 138 1234 5678']);
    // No area code (15), a local number starting 1, a ninth digit: none.
    for (const v of ['+86 15 6234 5678', '+86 10 1234 5678', '+86 20 6234 56789']) expect(found(v), v).toEqual([]);
  });

  it('a phone of Hong Kong, Macau, Taiwan or abroad (+852 9123 4567, +886 912 345 678, +44 (0)20 …) is personal_number', () => {
    expect(found('+852 9123 4567')).toEqual(['personal_number:+852 9123 4567']);
    expect(found('+85291234567')).toEqual(['personal_number:+85291234567']);
    expect(found('Tel: +886-912-345-678 (mobile)', 'remarks')).toEqual(['personal_number:+886-912-345-678']);
    expect(found('+44 (0)20 7946 0958')).toEqual(['personal_number:+44 (0)20 7946 0958']);
    expect(found('+1.415.555.0123')).toEqual(['personal_number:+1.415.555.0123']);
    expect(found('(+852) 9123 4567')).toEqual(['personal_number:(+852) 9123 4567']);
    // A signed integer or a decimal has no separator of a phone; +86 stays China's.
    for (const v of ['+12345678901', '+3.14159265358', '+1,234.56', '+20%']) expect(found(v), v).toEqual([]);
    expect(found('+86 138 1234 5678')).toEqual(['cn_mobile:+86 138 1234 5678']);
  });

  it('a percent-encoded email, phone, ID or address in a URL (?email=zhangwei%40163.com, ?tel=%2B86…, ?addr=%E6%BB%A8…)', () => {
    expect(found('https://a.cn/q?email=zhangwei%40163.com&t=1')).toEqual(['email:zhangwei%40163.com']);
    expect(found('https://a.cn/q?tel=%2B8613812345678')).toEqual(['cn_mobile:%2B8613812345678']);
    expect(found(`https://a.cn/q?addr=${encodeURIComponent('滨州市黄河五路88号')}`)).toEqual([`address:${encodeURIComponent('滨州市黄河五路88号')}`]);
    // A search word, a percentage and a layered %25 are nobody's.
    for (const v of [`https://a.cn/s?q=${encodeURIComponent('你好')}`, '折扣50%，增长12.5%', '%252540']) expect(found(v), v).toEqual([]);
  });

  it('the electronic 往来台湾通行证 (L + 8 digits) in any case or width is a permit, as C… and H… are', () => {
    expect(found('L12468417')).toEqual(['hk_mo_tw_permit:L12468417']);
    expect(found('往来台湾通行证：l12468417', '备注')).toEqual(['hk_mo_tw_permit:l12468417']);
    expect(found('Ｌ１２４６８４１７')).toEqual(['hk_mo_tw_permit:Ｌ１２４６８４１７']);
    expect(found('L1246841')).toEqual([]); // 7 digits
  });

  it('军官证 numbers bare after their label, or 字第…号 in full-width digits; 医保 and 社保 numbers under their other labels', () => {
    expect(found('军官证号：2468417', '备注')).toEqual(['personal_number:2468417']);
    expect(found('军官证：军字第２４６８４１７６号', '备注')).toEqual(['personal_number:２４６８４１７６']);
    expect(found('台胞证号：１２４６８４１７', '备注')).toEqual(['hk_mo_tw_permit:１２４６８４１７']);
    expect(found('医保编号：34684176732', '备注')).toEqual(['personal_number:34684176732']);
    expect(found('医疗保险卡号：9693877549', '备注')).toEqual(['personal_number:9693877549']);
    expect(found('社保电脑号 1234567890', '备注')).toEqual(['personal_number:1234567890']);
    // Full-width dates and amounts are still nothing.
    expect(found('２０２４年１２月３１日，金额１２３４５６７元', '备注')).toEqual([]);
  });

  it('a VIN in lower case (its serial in digits); an order number with two letters before 15 digits is no VIN', () => {
    expect(found('lfv9gltg9dp673209')).toEqual(['vin:lfv9gltg9dp673209']);
    expect(found('LFV9GLTG9DP673209')).toEqual(['vin:LFV9GLTG9DP673209']);
    expect(found('lfv9gltg9dp67320a')).toEqual([]); // lower case, serial not all digits
    expect(found('DD202403179930789')).toEqual([]);
  });

  it('an engine number after "Engine No."', () => {
    expect(found('Engine No.: CSS-549147', 'remarks')).toEqual(['personal_number:CSS-549147']);
    expect(found('Engine No. G4FCS4M924641', 'remarks')).toEqual(['personal_number:G4FCS4M924641']);
    expect(found('Engine model G4FCS4M924641', 'remarks')).toEqual([]);
  });

  it('loopback and unspecified addresses (127.0.0.1, 0.0.0.0, ::1, ::) are nobody\'s; a link-local IPv6 is a device\'s', () => {
    for (const v of ['127.0.0.1', '0.0.0.0:8080', '::1', '::', '0:0:0:0:0:0:0:1', '[::1]:443']) expect(found(v), v).toEqual([]);
    expect(found('fe80::1ff:fe23:4567:890a')).toEqual(['ipv6:fe80::1ff:fe23:4567:890a']);
    expect(found('10.0.0.1:3389')).toEqual(['ipv4:10.0.0.1']);
  });

  it('English door-level addresses with a floor and a block or a flat, no street (Flat 3B, 12/F, Block 2)', () => {
    expect(found('Flat 3B, 16/F, Block 6, Harbour View')).toEqual(['address:Flat 3B, 16/F, Block 6']);
    expect(found('6/F, Block D, Sunshine Court')).toEqual(['address:6/F, Block D']);
    expect(found('Apt 12/F, Block B')).toEqual(['address:Apt 12/F, Block B']);
    expect(found('Unit 1203, Tower 2')).toEqual(['address:Unit 1203, Tower 2']);
    expect(found('Checked on site: Rm 1501, 23/F, Harbour View, record updated.', 'remarks')).toEqual(['address:Rm 1501, 23/F']);
    // One kind of part alone is no address.
    for (const v of ['12/F sale ends 03/04', 'Tower 3 defence', 'Block B of the test', 'Flat rate 12%', 'Level 3 of the game']) expect(found(v, 'remarks'), v).toEqual([]);
  });
});

describe('an English address at the end of a value, the next value right after it in the column\'s buffer', () => {
  /** Redact (tag) the values of one Arrow column: the scanner reads them in place, in one buffer. */
  async function redacted(values: string[]): Promise<string[]> {
    const schema = new Schema([new Field('备注', new Utf8(), true)]);
    const data = vectorFromArray(values, new Utf8()).data[0]! as Data;
    const bound = redact({ columns: ['备注'], replacement: 'tag' }).bind(schema);
    const out: string[] = [];
    for await (const b of bound.apply((async function* () { yield batchFromColumns(schema, [data], data.length); })())) {
      const v = utf8View(b.data.children[0]!);
      for (let i = 0; i < v.length; i++) out.push(utf8At(v, i)!);
    }
    return out;
  }

  it('every spelling of both sweeps is found the same alone and between neighbours in one buffer (before the fix, English addresses beside a digit or a dot differed)', () => {
    // The scanner reads a column's values in place: a detector's look-ahead must stop at the
    // value's end. Each value is scanned alone, then with a neighbour byte before it and a
    // neighbour value after it; the findings (types, spans) must be the same.
    const enc = new TextEncoder();
    const sc = new ValueScanner({});
    const sig = (n: number, off: number): string => {
      const h = sc.state.hits;
      const o: string[] = [];
      for (let k = 0; k < n; k++) o.push(`${h.type[k]}:${h.start[k]! - off}-${h.end[k]! - off}`);
      return o.sort().join(' ');
    };
    const NEIGHBOURS = ['A', '5', '.', '-', ' ', '号', 'x', '@', ':', 'Ｘ', '０', '转', '/', '('];
    let n = 0;
    const differ: string[] = [];
    for (const s of [...SPELLINGS, ...SPELLINGS_2]) {
      for (const p of [...PLACEMENTS, ...PLACEMENTS_2]) {
        for (const v of values(s.gen, 5, 3)) {
          const b = enc.encode(p.wrap(v, s.label));
          const alone = sig(sc.scan(b, 0, b.length), 0);
          for (const nb of NEIGHBOURS) {
            const pre = enc.encode(nb);
            const post = enc.encode(`${nb}B12`);
            const buf = new Uint8Array(pre.length + b.length + post.length);
            buf.set(pre, 0);
            buf.set(b, pre.length);
            buf.set(post, pre.length + b.length);
            n++;
            if (sig(sc.scan(buf, pre.length, pre.length + b.length), pre.length) !== alone && differ.length < 5) differ.push(`${s.format} / ${s.spelling} in ${p.name}, next to ${nb}`);
          }
        }
      }
    }
    expect(n).toBeGreaterThan(10_000);
    expect(differ).toEqual([]);
  });

  it('is redacted whatever the next value starts with (before: a letter or digit after it was read as its own)', async () => {
    // Before the fix the look-ahead past "Rd", "5B" or "Block C" read the next value's first byte.
    const out = await redacted(['Room 1203, 88 Zhongshan Road', '2024', 'Rm 1203, Bldg 5B', 'Apt', 'Apt 24/F, Block C', 'Apt', 'No. 88 Zhongshan Rd', '.5']);
    expect(out).toEqual(['〔地址〕', '2024', '〔地址〕', 'Apt', '〔地址〕', 'Apt', '〔地址〕', '.5']);
  });
});

describe('dates of birth in Han digits beside a name (一九八五年三月十二日)', () => {
  // Decision (docs/detection.md): a date of birth is a quasi-identifier, in Han digits as in ASCII
  // ones (1985年3月12日): the value scanner does not redact it; the column's header (出生日期)
  // makes it a birth-date column for the privacy review. What must hold: the name beside it is
  // found, and the Han-digit phone pass never reads the date as a phone.
  it('the name after its label or a role word is found; the date is never read as a number', () => {
    const r = new Rng(5);
    const frames = [
      (n: string, dob: string): string => `姓名：${n}，出生日期：${dob}`,
      (n: string, dob: string): string => `患者${n}，${dob}生，住滨州市`,
      (n: string, dob: string): string => `申请人${n}于${dob}出生`,
    ];
    let names = 0;
    let overDate = 0;
    const N = 300;
    for (let k = 0; k < N; k++) {
      const n = r.pick(['张', '王', '李', '欧阳', '陈']) + r.pick(['伟', '秀英', '晓燕', '建国', '桂兰']);
      const dob = hanBirthDate(r);
      const t = frames[k % frames.length]!(n, dob);
      const fs = detectValue(t, { column: '备注' });
      const cps = [...t];
      if (fs.some((f) => f.type === 'person_name' && cps.slice(f.start, f.end).join('') === n)) names++;
      const at = [...t.slice(0, t.indexOf(dob))].length;
      if (fs.some((f) => f.start < at + [...dob].length && f.end > at)) overDate++;
    }
    expect(names).toBe(N);
    expect(overDate).toBe(0);
  });
});

// ------------------------------------------------------------------ the real flow

const scratch = scratchWithDuck('tuomin-idspellings-');
const ROWS = 300;
const planted = new Set<string>();

/** The part of a value that must be gone (its key, when the spelling has one), and the value. */
function plant(s: (typeof SPELLINGS_2)[number], v: string): void {
  const m = s.key?.exec(v);
  const part = m ? m[1]! : v;
  if ([...part].length >= 7) planted.add(part);
}

function extract(): string {
  const r = new Rng(20261207, 10);
  const lines = [csvLine(['序号', '类别', '字段1', '字段2', '备注'])];
  const bare = SPELLINGS_2.filter((s) => !s.needsLabel);
  const labelled = SPELLINGS_2.filter((s) => s.needsLabel);
  for (let i = 0; i < ROWS; i++) {
    const a = bare[i % bare.length]!;
    const b = bare[(i * 7 + 3) % bare.length]!;
    const c = labelled[i % labelled.length]!;
    const va = a.gen(r);
    const vb = b.gen(r);
    const vc = c.gen(r);
    plant(a, va);
    plant(b, vb);
    plant(c, vc);
    lines.push(csvLine([String(i + 1), r.pick(['甲', '乙', '丙']), va, `Checked on site: ${vb}, record updated.`, `办理人提交材料，${c.label}${vc}，待复核。`]));
  }
  return lines.join('\n') + '\n';
}

function spec(columns: Record<string, unknown>): Spec {
  return { ...dataset('id-spellings-sweep', '滨州市事项登记统计', 'items.csv'), columns: { 序号: { drop: true }, 类别: d('类别', { name: 'kind' }), ...columns } };
}

beforeAll(() => {
  writeFileSync(join(scratch.dir, 'items.csv'), extract());
});

describe('an extract with such values under neutral headers, through the real flow', () => {
  it('kept as they are: refused, naming the columns, never a value', async () => {
    const o = await attemptRun(spec({ 字段1: d('字段1', { name: 'f1' }), 字段2: d('字段2', { name: 'f2' }), 备注: d('备注', { name: 'note' }) }), { dir: scratch.dir });
    expect(o.exit, o.message).toBe(3);
    for (const c of ['字段1', '字段2', '备注']) expect(o.reasons.some((x) => x.includes(`columns.${c}`)), `${c}: ${o.message}`).toBe(true);
    for (const v of planted) expect(o.message.includes(v), 'a value in the message').toBe(false);
  });

  it('every column redacted: published, and no planted identifier in any file of the package', async () => {
    const red = (c: string, name: string): Record<string, unknown> => d(`${c}（已遮盖）`, { name, rule: { type: 'redact', replacement: 'tag' } });
    const o = await attemptRun(spec({ 字段1: red('字段1', 'f1'), 字段2: red('字段2', 'f2'), 备注: red('备注', 'note') }), { dir: scratch.dir });
    expect(o.exit, o.message).toBe(0);
    expect(await packageLeaks(scratch.duck, o.result!.packageDir, planted)).toEqual({});
  });
});
