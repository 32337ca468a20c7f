/**
 * Identifier formats and spellings sweep: is detection safe on values it has never seen? Every
 * personal identifier format of the reference and the ones an agency's extracts carry besides
 * (foreign permanent residence IDs, officers' cards, Taiwan permits, IMEI, MAC, Alipay user IDs,
 * obfuscated emails, DMS positions …) is generated in several spellings (test/support/id-formats.ts,
 * 200 values each) and placed alone under a neutral header (col_7), under a misleading one
 * (订单编号), inside a text without a label and after its label. Look-alikes that are nobody's
 * (order numbers, product codes, amounts, dates, public hotlines 12345/95588, near-misses; 2,000
 * each) measure false positives. Then an extract with such columns under neutral headers goes
 * through the real flow (publishRun, as `tuomin run`): none of them is published raw.
 * Figures: docs/detection.md, "Identifier formats sweep".
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectValue } from '@tuomin/core';
import { Rng } from '../fixtures/lib/rng.js';
import { csvLine } from '../fixtures/lib/csv-out.js';
import { LOOK_ALIKES, PLACEMENTS, SPELLINGS, type Spelling } from './support/id-formats.js';
import { falsePositives, recall } from './support/id-formats-measure.js';
import { packageLeaks } from './support/published-check.js';
import { attemptRun, d, dataset, scratchWithDuck, type Spec } from './support/sweep-flow.js';

const spelling = (format: string, name: string): Spelling => {
  const s = SPELLINGS.find((x) => x.format === format && x.spelling === name);
  if (!s) throw new Error(`no spelling ${format} / ${name}`);
  return s;
};
const rate = (r: { hits: number; n: number }): number => r.hits / r.n;

/**
 * Spellings a detector owned elsewhere misses: the case stays here as `it.fails` (it passes once
 * the gap is closed, and then this list must lose it).
 */
const OWNED_ELSEWHERE = new Set<string>([
]);

describe('recall on 200 generated values of each format and spelling, in every placement', () => {
  for (const s of SPELLINGS) {
    const key = `${s.format} / ${s.spelling}`;
    // A value with no shape of its own (a QQ number, a bare 8-digit Taiwan permit, an agency's
    // insurance number) is found after its label; under a neutral header it is left to the
    // column-level detectors (code-column.ts, record-number.ts: per-person codes).
    const placements = s.needsLabel ? PLACEMENTS.filter((p) => p.name === 'text, labelled') : PLACEMENTS;
    const test = OWNED_ELSEWHERE.has(key) ? it.fails : it;
    test(`${key}: ${placements.map((p) => p.name).join(', ')}`, () => {
      for (const p of placements) {
        const r = recall(s, p);
        // A MAC of six all-digit pairs (0.4 % of random ones) is left alone, as a time 12-30-45-… is.
        expect(rate(r), `${key} in ${p.name}: missed e.g. ${r.missed.length} (values not printed)`).toBeGreaterThanOrEqual(s.format === 'MAC' ? 0.99 : 1);
      }
    });
  }
});

describe('false positives on 2,000 look-alikes of each kind that are nobody\'s', () => {
  /**
   * Bounds per kind, as measured (docs/detection.md). Not zero where a detector reads a shape a
   * few look-alikes share by chance, by design: a letter and 7 digits passing the Hong Kong ID
   * check (1 in 11), 17 characters passing the VIN check, an 18-digit number ending 000 read as
   * an ID Excel rounded, a bare cell of one decimal with 6 places read as a GPS export, 15 digits
   * with an IMEI's prefix passing Luhn.
   */
  const bound: Record<string, number> = {
    'order numbers': 0.005,
    'product codes': 0.015,
    'near-miss IDs (wrong check)': 0.01,
    'near-miss cards (Luhn fails, other prefix)': 0.005,
    'decimals (measurements, rates)': 0.12,
    '15- and 16-digit numbers (serials, waybills)': 0.05,
  };
  for (const k of LOOK_ALIKES) {
    it(`${k.kind}: at most ${((bound[k.kind] ?? 0) * 100).toFixed(1)} % read as personal`, () => {
      for (const p of PLACEMENTS.slice(0, 3)) {
        const r = falsePositives(k, p);
        expect(r.fp / r.n, `${k.kind} in ${p.name}`).toBeLessThanOrEqual(bound[k.kind] ?? 0);
      }
    });
  }

  it('public hotlines and service numbers (12345, 95588, 400-820-8820) are never personal, alone or in a text', () => {
    for (const v of ['12345', '95588', '95599', '12315', '400-820-8820', '4006-123-456', '800-810-8888']) {
      expect(detectValue(v, { column: 'col_7' }), v).toEqual([]);
      expect(detectValue(`请拨打${v}热线咨询`, { column: '备注' }), v).toEqual([]);
    }
  });
});

describe('the fixes, one by one (each failed before)', () => {
  const types = (text: string, column = 'col_7'): string[] => detectValue(text, { column }).map((f) => f.type);

  it('a foreign permanent residence ID of 2023 (9, province, nationality, birth date, MOD 11-2) and of 2004 (3 letters + 12) is cn_id', () => {
    expect(types('931410197708234175')).toEqual(['cn_id']);
    expect(types('永久居留身份证号码：931410 19770823 4175')).toEqual(['cn_id']);
    expect(types('USA658604076938')).toEqual(['cn_id']);
    // Its wrong-check twin and a code with the wrong place for a date are not.
    expect(types('931410197708234176')).toEqual([]);
    expect(types('ABC202403051234')).toEqual([]);
  });

  it('passports and permits in lower case or full width', () => {
    expect(types('e24684176')).toEqual(['cn_passport']);
    expect(types('h2468417600')).toEqual(['hk_mo_tw_permit']);
    expect(types('Ｈ２４６８４１７６')).toEqual(['hk_mo_tw_permit']);
    expect(types('黑Ｍ·６８４１７Ｆ')).toEqual(['cn_plate']);
  });

  it('certificate serials 字第…号 (军官证) and a Taiwan permit after its label', () => {
    const f = detectValue('军官证：政字第 32096938 号', { column: '备注' });
    expect(f.map((x) => [x.type, x.start, x.end])).toEqual([['personal_number', 8, 16]]);
    expect(types('台胞证号：12468417', '备注')).toEqual(['hk_mo_tw_permit']);
    // 8 digits after another word are no permit; a document number in 〔2024〕12号 is not a serial.
    expect(types('发票号码：12468417', '备注')).toEqual([]);
    expect(types('滨政发〔2024〕12号', '备注')).toEqual([]);
  });

  it('devices and accounts: IMEI (Luhn), MAC, an Alipay user ID', () => {
    expect(types('862468417673205')).toEqual(['personal_number']);
    expect(types('86-246841-767320-5')).toEqual(['personal_number']);
    expect(types('862468417673206')).toEqual([]); // Luhn fails
    expect(types('MAC：24:79:C7:1B:BB:53', '备注')).toEqual(['personal_number']);
    expect(types('2479.c71b.bb53')).toEqual(['personal_number']);
    expect(types('12:30:45')).toEqual([]);
    expect(types('2088124684176732')).toEqual(['personal_number']);
  });

  it('positions: a hemisphere letter first, decimals ending in one 0, a JSON key; ICD-10 codes are no position', () => {
    expect(types('N23°16′29.6″ E122°29′7.7″')).toEqual(['geo_coordinate']);
    expect(types('40.897160,107.74270')).toEqual(['geo_coordinate']);
    expect(types('{"lat":31.230416,"lng":121.473701}')).toEqual(['geo_coordinate', 'geo_coordinate']);
    expect(types('诊断E11.900，N18.500', '备注')).toEqual([]);
    expect(types('85.5000,90.2500')).toEqual([]); // scores padded to a width
  });

  it('emails spelled to keep crawlers off: (at), [at], #, spaced @, 。 for the dot; not C#, anchors or topics', () => {
    for (const v of ['zhangwei(at)163.com', 'zhangwei [at] qq.com', 'zhangwei#163.com', 'zhangwei @ 163.com', 'zhangwei@163。com']) expect(types(v), v).toEqual(['email']);
    for (const v of ['C#12.net', 'page#section.html', '#便民服务#', '单价 @ 12.50元']) expect(types(v), v).toEqual([]);
  });

  it('个体工商户 USCC (92…) is found as cn_uscc: a legal-person type a spec may allow with a reason (decision: docs/detection.md)', () => {
    expect(types('92320583M24684179C')).toEqual(['cn_uscc']);
  });
});

// ------------------------------------------------------------------ the real flow

const scratch = scratchWithDuck('tuomin-idformats-');
const ROWS = 400;
/** Every generated identifier planted in the extract (7+ characters: what packageLeaks looks for). */
const planted = new Set<string>();

const PLANT = [
  spelling('港澳居民来往内地通行证', 'lower h/m'), spelling('港澳居民来往内地通行证', 'full-width'),
  spelling('外国人永久居留身份证', '2004: 3 letters+12'), spelling('外国人永久居留身份证', '2023: 18 digits 9…'),
  spelling('护照', 'lower e/g'), spelling('IMEI', '15 digits'), spelling('IMEI', 'AA-BBBBBB-CCCCCC-D'),
  spelling('MAC', 'AA:BB:…'), spelling('支付宝', 'user id 2088…'), spelling('新能源车牌', 'full-width letters'),
  spelling('电子邮箱', '(at) [at] #'), spelling('GPS坐标', 'DMS N/E before'),
];

function extract(): string {
  const r = new Rng(20261207);
  const lines = [csvLine(['序号', '类别', '字段1', '字段2', '字段3', '备注'])];
  for (let i = 0; i < ROWS; i++) {
    const v = PLANT.map((s) => s.gen(r));
    const serial = `${r.digits(8)}`;
    const tw = `${r.digits(8)}`;
    for (const x of [...v, serial, tw]) planted.add(x);
    const note = `经核实，军官证：政字第${serial}号，台胞证号：${tw}，设备${v[7]}，邮箱${v[10]}。`;
    lines.push(csvLine([String(i + 1), r.pick(['甲', '乙', '丙']), v[i % 5]!, v[5 + (i % 4)]!, v[9 + (i % 3)]!, note]));
  }
  return lines.join('\n') + '\n';
}

function spec(columns: Record<string, unknown>): Spec {
  // 序号 is a row number: published, it would single every record out (the published-risk review).
  return { ...dataset('id-formats-sweep', '滨州市事项登记统计', 'items.csv'), columns: { 序号: { drop: true }, 类别: d('类别', { name: 'kind' }), ...columns } };
}

beforeAll(() => {
  writeFileSync(join(scratch.dir, 'items.csv'), extract());
});

describe('an extract with such columns under neutral headers, through the real flow', () => {
  it('kept as they are (no rule, neutral descriptions): refused, exit 3, naming the columns, never a value', async () => {
    const o = await attemptRun(spec({ 字段1: d('字段1', { name: 'f1' }), 字段2: d('字段2', { name: 'f2' }), 字段3: d('字段3', { name: 'f3' }), 备注: d('备注', { name: 'note' }) }), { dir: scratch.dir });
    expect(o.exit, o.message).toBe(3);
    for (const c of ['字段1', '字段2', '字段3', '备注']) expect(o.reasons.some((x) => x.includes(`columns.${c}`)), `${c}: ${o.message}`).toBe(true);
    for (const v of planted) expect(o.message.includes(v), 'a value in the message').toBe(false);
  });

  it('every column redacted: published, and no planted identifier in any file of the package, in any spelling', async () => {
    const red = (c: string, name: string): Record<string, unknown> => d(`${c}（已遮盖）`, { name, rule: { type: 'redact', replacement: 'tag' } });
    const o = await attemptRun(spec({ 字段1: red('字段1', 'f1'), 字段2: red('字段2', 'f2'), 字段3: red('字段3', 'f3'), 备注: red('备注', 'note') }), { dir: scratch.dir });
    expect(o.exit, o.message).toBe(0);
    // Before the MAC fix, an all-digit MAC in the remarks (设备01:15:60:66:00:51) was published in every file.
    expect(await packageLeaks(scratch.duck, o.result!.packageDir, planted)).toEqual({});
  });
});
