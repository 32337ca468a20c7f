/**
 * Measures that link records, where the header misleads, the noise is too small or the head of
 * the file is not the file (docs/privacy.md, "Physical attributes and measures that link"). On
 * extracts no bundled spec covers, generated here: property sales sorted by their kind (parking
 * spaces first), a clinic's measurements with their unit in the next column, a livestock register
 * whose weights sit under 金额 with the unit in each cell, and vehicle inspections with noise on
 * the mileage. Each leak published (exit 0) before the fix; each release made safe publishes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReviewReason } from '@tuomin/publish';
import { attemptRun, castTo, d, dataset, drop, runCliJson, type Outcome, type Spec } from './support/sweep-flow.js';
import { csvBytes, type Extract4 } from './support/unseen-4.js';
import { worldFor } from '../fixtures/lib/domains/extract.js';
import { dateBetween, isoDate } from '../fixtures/lib/dates.js';
import { REASONS } from '../packages/cli/src/messages/reasons.js';
import { RecordBatch, makeData, Field, Schema, Struct, Utf8, Float64, vectorFromArray } from 'apache-arrow';
import { LinkingClasses, noiseScaleNeeded } from '../packages/publish/src/review/published-linking.js';
import { physicalUnit, physicalUnitOf } from '../packages/publish/src/review/published-measure.js';

const K = 5;
let dir = '';

// ------------------------------------------------------------------ the extracts

const TOWNS = ['北镇街道', '滨北街道', '杜店街道', '市西街道', '梁才街道', '里则街道'];

/**
 * Property sales (房产交易) as the registry exports them, sorted by the kind of property: the
 * parking spaces first, in their few standard sizes, then the homes, each area to 0.01 m². The
 * area sits in 指标值, a header that names nothing; the price is in 成交金额.
 */
function propertySales(parking: number, homes: number, seed: number): Extract4 {
  const { world, rng } = worldFor(seed, 711);
  const header = ['合同编号', '买受人', '身份证号', '所在街道', '房屋类型', '网签日期', '成交金额', '指标值'];
  const x: Extract4 = { header, rows: [], direct: new Set(), canonical: new Set(), attacker: ['所在街道', '网签日期', '指标值'] };
  const sizes = ['12.50', '13.20', '15.00', '16.80'];
  for (let i = 0; i < parking + homes; i++) {
    const p = world.person([1950, 1, 1], [2000, 12, 31]);
    x.direct.add(p.name).add(p.id);
    const home = i >= parking;
    x.rows.push([
      `WQ2024${String(i + 1).padStart(7, '0')}`, p.name, p.id, rng.pick(TOWNS), home ? '住宅' : '车位',
      isoDate(dateBetween(rng, [2024, 1, 1], [2024, 12, 31])),
      String(home ? rng.range(40, 300) * 10_000 : rng.range(8, 20) * 10_000),
      home ? (45 + rng.float() * 135).toFixed(2) : rng.pick(sizes),
    ]);
  }
  return x;
}

/** A clinic's measurements (门诊测量记录): one item per visit, its value under 数值 and its unit beside it (单位). */
function clinicMeasurements(rows: number, seed: number): Extract4 {
  const { world, rng } = worldFor(seed, 712);
  const header = ['就诊号', '姓名', '身份证号', '性别', '年龄', '科室', '就诊日期', '测量项目', '数值', '单位'];
  const x: Extract4 = { header, rows: [], direct: new Set(), canonical: new Set(), attacker: ['性别', '年龄', '科室', '数值'] };
  for (let i = 0; i < rows; i++) {
    const p = world.person([1950, 1, 1], [2004, 12, 31]);
    x.direct.add(p.name).add(p.id);
    x.rows.push([
      `MZ${String(i + 1).padStart(8, '0')}`, p.name, p.id, rng.pick(['男', '女']), String(rng.range(18, 80)), rng.pick(['内科', '外科', '骨科', '体检科']),
      isoDate(dateBetween(rng, [2024, 1, 1], [2024, 12, 31])), '身高', (150 + rng.float() * 40).toFixed(1), 'cm',
    ]);
  }
  return x;
}

/** A livestock register (畜禽登记) of a legacy system: the animal's weight under 金额, its unit written in each cell (512.5公斤). */
function livestockRegister(rows: number, seed: number): Extract4 {
  const { world, rng } = worldFor(seed, 713);
  const header = ['耳标号', '养殖户', '身份证号', '所在乡镇', '畜种', '登记日期', '金额', '存栏数'];
  const x: Extract4 = { header, rows: [], direct: new Set(), canonical: new Set(), attacker: ['所在乡镇', '畜种', '金额'] };
  for (let i = 0; i < rows; i++) {
    const p = world.person([1950, 1, 1], [2000, 12, 31]);
    x.direct.add(p.name).add(p.id);
    x.rows.push([
      `37162${rng.digits(10)}`, p.name, p.id, rng.pick(TOWNS), rng.pick(['肉牛', '奶牛']), isoDate(dateBetween(rng, [2024, 1, 1], [2024, 12, 31])),
      `${(300 + rng.int(801) / 2).toFixed(1)}公斤`, String(rng.range(1, 60)),
    ]);
  }
  return x;
}

/** Vehicle inspections (机动车检验): the odometer to the km, and the kerb weight. */
function vehicleInspections(rows: number, seed: number): Extract4 {
  const { world, rng } = worldFor(seed, 714);
  const header = ['检验流水号', '号牌号码', '所有人', '身份证号', '所在区县', '车辆类型', '检验日期', '行驶里程(km)', '核定人数'];
  const x: Extract4 = { header, rows: [], direct: new Set(), canonical: new Set(), attacker: ['所在区县', '车辆类型', '行驶里程(km)'] };
  for (let i = 0; i < rows; i++) {
    const p = world.person([1950, 1, 1], [2004, 12, 31]);
    const plate = `鲁M${String.fromCharCode(65 + rng.int(20))}${rng.digits(4)}`;
    x.direct.add(p.name).add(p.id).add(plate);
    x.rows.push([
      `JY${String(i + 1).padStart(9, '0')}`, plate, p.name, p.id, world.binzhouCounty().county, rng.pick(['小型轿车', '小型越野客车', '轻型货车']),
      isoDate(dateBetween(rng, [2024, 1, 1], [2024, 12, 31])), String(rng.range(1_000, 300_000)), String(rng.pick([5, 5, 5, 7, 2])),
    ]);
  }
  return x;
}

const sales = propertySales(2400, 3600, 31);
const clinic = clinicMeasurements(1200, 32);
const livestock = livestockRegister(1200, 33);
const inspections = vehicleInspections(1200, 34);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tuomin-measure-quasi-2-'));
  writeFileSync(join(dir, 'sales.csv'), csvBytes(sales));
  writeFileSync(join(dir, 'clinic.csv'), csvBytes(clinic));
  writeFileSync(join(dir, 'livestock.csv'), csvBytes(livestock));
  writeFileSync(join(dir, 'inspections.csv'), csvBytes(inspections));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// ------------------------------------------------------------------ specs

function base(id: string, title: string, source: string, columns: Spec, privacy?: Spec): Spec {
  const s = dataset(id, title, source);
  s.output.formats = ['csv'];
  return { ...s, columns, ...(privacy ? { privacy } : {}) };
}

function salesSpec(area: Spec, price: Spec = drop): Spec {
  // Batches of 1,000 rows: the head the roles are decided on is then the first 2,000 rows, as in
  // any extract past the reader's default batch (65,536 rows).
  const s = base('sales', '房产交易统计', 'sales.csv', {
    合同编号: drop, 买受人: drop, 身份证号: drop,
    所在街道: d('所在街道', { name: 'town' }),
    房屋类型: d('房屋类型', { name: 'kind' }),
    网签日期: d('网签日期', { name: 'signed', rule: castTo('date') }),
    成交金额: price,
    指标值: area,
  }, { k: K, quasiIdentifiers: ['所在街道', '网签日期'], hierarchies: { 所在街道: { builtin: 'prefix', keep: [64] }, 网签日期: { builtin: 'date' } }, suppressionLimit: 0.05 });
  s.source.batchSize = 1000;
  return s;
}

function clinicSpec(columns: Spec, quasi: Record<string, number[]> = {}): Spec {
  const hierarchies: Spec = { 性别: { builtin: 'prefix', keep: [8] }, 年龄: { builtin: 'interval', widths: [5, 10, 20] }, 科室: { builtin: 'prefix', keep: [16] } };
  for (const [c, widths] of Object.entries(quasi)) hierarchies[c] = { builtin: 'interval', widths };
  return base('clinic', '门诊测量统计', 'clinic.csv', {
    就诊号: drop, 姓名: drop, 身份证号: drop,
    性别: d('性别', { name: 'sex' }),
    年龄: d('年龄', { name: 'age' }),
    科室: d('科室', { name: 'dept' }),
    就诊日期: drop, 测量项目: drop, 数值: drop, 单位: drop,
    ...columns,
  }, { k: K, quasiIdentifiers: Object.keys(hierarchies), hierarchies, suppressionLimit: 0.05 });
}

function livestockSpec(columns: Spec): Spec {
  return base('livestock', '畜禽登记统计', 'livestock.csv', {
    耳标号: drop, 养殖户: drop, 身份证号: drop,
    所在乡镇: d('所在乡镇', { name: 'town' }),
    畜种: d('畜种', { name: 'kind' }),
    登记日期: drop, 金额: drop, 存栏数: drop,
    ...columns,
  });
}

function inspectionSpec(columns: Spec): Spec {
  return base('inspections', '机动车检验统计', 'inspections.csv', {
    检验流水号: drop, 号牌号码: drop, 所有人: drop, 身份证号: drop,
    所在区县: d('所在区县', { name: 'district' }),
    车辆类型: d('车辆类型', { name: 'vehicle_type' }),
    检验日期: drop, '行驶里程(km)': drop, 核定人数: drop,
    ...columns,
  });
}

const run = (spec: Spec, workers = 1): Promise<Outcome> => attemptRun(spec, { dir, workers, partitionBytes: 48 * 1024 });
const errorOn = (o: Outcome, column: string): boolean => o.reasons.some((r) => r.endsWith(`columns.${column}`));
const linking = (o: Outcome): ReviewReason[] => (o.result?.reviews ?? []).flatMap((r) => r.reasons).filter((r) => r.code === 'privacy/linking-measure' || r.code === 'privacy/noise-scale');

// ------------------------------------------------------------------ 1. the header says amount, the unit says size

describe('a physical attribute under a header that names an amount or nothing, known by its unit', () => {
  it('the units: in a description, in the cells, a unit column; a price per m² and a currency are no size', () => {
    // NFKC: ㎡ and m² are m2, ＫＧ is kg.
    expect(physicalUnitOf('登记数值（单位：㎡）')).toBe('m2');
    expect(physicalUnitOf('按产权证登记，平方米')).toBe('平方米');
    expect(physicalUnitOf('Measured value (cm)')).toBe('cm');
    expect(physicalUnitOf('称重，公斤')).toBe('公斤');
    expect(physicalUnitOf('ＫＧ')).toBe('kg');
    // A description that names money is about money, whatever it mentions.
    expect(physicalUnit('月租金（元），按建筑面积（㎡）计', [], [])).toBeNull();
    expect(physicalUnit('登记数值，3单元（㎡）', [], [])).toMatchObject({ unit: 'm2', where: 'description' });
    for (const s of ['成交单价（元/㎡）', '每平方米价格', '金额（元）', '万元', '收缩压（mmHg）', '次', '罚款金额', '5km 范围内的网点数']) expect(physicalUnitOf(s), s).toBeNull();
  });

  it('sales: the area under 成交金额 described 登记数值（单位：㎡） is counted in k and refused; the prices under it, described in yuan, publish', async () => {
    const spec = salesSpec(drop, d('登记数值（单位：㎡）', { name: 'amount' }));
    // The 成交金额 column of this spec holds the prices: put the areas in it.
    const areas = csvBytes({ ...sales, rows: sales.rows.map((r) => [...r.slice(0, 6), r[7]!, r[6]!]) });
    writeFileSync(join(dir, 'sales-swapped.csv'), areas);
    spec.source.path = 'sales-swapped.csv';
    const o = await run(spec);
    expect(o.exit, o.message).toBe(3);
    expect(errorOn(o, '成交金额'), o.reasons.join('\n')).toBe(true);
    expect(o.message).toMatch(/by its unit/);
    // The same column described as what it is in money publishes.
    const money = await run({ ...salesSpec(drop, d('成交金额（元），按建筑面积（㎡）计价', { name: 'amount' })), source: { ...spec.source, path: 'sales.csv' } });
    expect(money.exit, money.message).toBe(0);
  }, 180_000);

  it('clinic: heights to 0.1 under 数值 with cm in the 单位 column beside them are refused; declared a quasi-identifier with an interval hierarchy they publish', async () => {
    const exact = await run(clinicSpec({ 数值: d('测量值', { name: 'value' }), 单位: d('单位', { name: 'unit' }) }));
    expect(exact.exit, exact.message).toBe(3);
    expect(exact.message).toMatch(/"value"/);
    expect(exact.message).toMatch(/by the unit column/);
    const declared = await run(clinicSpec({ 数值: d('测量值（按 k-匿名泛化）', { name: 'value' }), 单位: d('单位', { name: 'unit' }) }, { 数值: [10, 20, 40] }));
    expect(declared.exit, declared.message).toBe(0);
  }, 180_000);

  it('clinic (negative): a count under 数值 with 次 in its unit column publishes', async () => {
    const counts = { ...clinic, rows: clinic.rows.map((r, i) => [...r.slice(0, 8), String(i % 4), '次']) };
    writeFileSync(join(dir, 'clinic-counts.csv'), csvBytes(counts));
    const spec = clinicSpec({ 数值: d('测量值', { name: 'value' }), 单位: d('单位', { name: 'unit' }) });
    spec.source.path = 'clinic-counts.csv';
    const o = await run(spec);
    expect(o.exit, o.message).toBe(0);
  }, 120_000);

  it('livestock: weights written 512.5公斤 under 金额 are refused through the CLI, naming the column and no value', async () => {
    const spec = livestockSpec({ 金额: d('金额', { name: 'amount' }) });
    writeFileSync(join(dir, 'livestock.yaml'), JSON.stringify(spec));
    const r = await runCliJson(dir, ['run', 'livestock.yaml', '--out', join(dir, 'livestock-out')]);
    expect(r.code, r.text).toBe(3);
    expect(r.text).toMatch(/金额/);
    expect(r.text).toMatch(/公斤/);
    for (const row of livestock.rows.slice(0, 300)) expect(r.text.includes(row[6]!)).toBe(false);
  }, 120_000);
});

// ------------------------------------------------------------------ 2. the noise's scale

describe('a noise rule protects only at a scale comparable to the values\' spacing', () => {
  // Rounded after the noise to what the source carried (the km, the hundredth of a m²): noise
  // alone publishes 15 decimals, which read as coordinates.
  const noise = (scale: number, distribution = 'laplace', base = 1): Spec => [castTo('float64'), { type: 'noise', distribution, scale }, { type: 'round', base }];

  it('inspections: the mileage with noise of 0.01 km is as linking as the exact one: refused with the scale it needs; with that scale it publishes', async () => {
    for (const workers of [1, 2]) {
      const o = await run(inspectionSpec({ '行驶里程(km)': d('行驶里程', { name: 'mileage', type: 'number', rule: noise(0.01) }) }), workers);
      expect(o.exit, o.message).toBe(3);
      expect(o.reasons).toContain('privacy/noise-scale columns.行驶里程(km)');
      expect(o.message).toMatch(/scale of at least about 20000/);
      expect(REASONS['privacy/noise-scale']!.title).toMatch(/[\u4e00-\u9fff]/);
    }
    // 2 × 299,000 km × 21 classes (7 districts × 3 types) ÷ 1,200 records = 10,465: 20,000.
    expect(noiseScaleNeeded([1_000, 300_000], 1200, 21)).toBe(20_000);
    const wide = await run(inspectionSpec({ '行驶里程(km)': d('行驶里程（加噪）', { name: 'mileage', type: 'number', rule: noise(20_000) }) }));
    expect(wide.exit, wide.message).toBe(0);
    expect(linking(wide)).toEqual([]);
  }, 240_000);

  it('inspections, through the CLI in Chinese: the refusal says the scale and the one to use, and no mileage', async () => {
    writeFileSync(join(dir, 'inspections-zh.yaml'), JSON.stringify(inspectionSpec({ '行驶里程(km)': d('行驶里程', { name: 'mileage', type: 'number', rule: noise(0.01) }) })));
    const r = await runCliJson(dir, ['run', 'inspections-zh.yaml', '--out', join(dir, 'inspections-zh-out'), '--lang', 'zh']);
    expect(r.code, r.text).toBe(3);
    expect(r.text).toMatch(/加了噪声，但按噪声尺度（1）取整后/);
    expect(r.text).toMatch(/至少约 20000/);
    // Six-digit mileages only: the figures of the reason (1200, 20000) are no mileage of a record.
    for (const row of inspections.rows.slice(0, 300)) if (row[7]!.length === 6) expect(r.text.includes(row[7]!)).toBe(false);
  }, 120_000);

  it('sales: areas with uniform noise of ±0.01 m² under a neutral header are refused', async () => {
    const o = await run(salesSpec(d('成交指标', { name: 'x', type: 'number', rule: noise(0.01, 'uniform', 0.01) })));
    expect(o.exit, o.message).toBe(3);
    expect(o.reasons).toContain('privacy/noise-scale columns.指标值');
  }, 180_000);
});

// ------------------------------------------------------------------ 3. the whole column, not its head

describe('an exact measure is judged over the whole column, not the first 2,000 rows', () => {
  it('sales sorted by kind (2,400 parking spaces in four sizes, then 3,600 homes to 0.01 m²): refused, with one and two workers', async () => {
    for (const workers of [1, 2]) {
      const o = await run(salesSpec(d('成交指标', { name: 'x' })), workers);
      expect(o.exit, o.message).toBe(3);
      expect(o.reasons).toContain('privacy/linking-measure columns.指标值');
      // The figures are the whole column's, not the head's (4 distinct values over 2,000 records).
      const distinct = new Set(sales.rows.map((r) => r[7])).size;
      expect(o.message).toContain(`${distinct} distinct values over 6000 records`);
    }
  }, 300_000);

  it('sales (negative): rounded to 10 m² by a rule, or declared a measure, it publishes', async () => {
    const rounded = await run(salesSpec(d('成交指标（取整到 10）', { name: 'x', type: 'number', rule: [castTo('float64'), { type: 'round', base: 10 }] })));
    expect(rounded.exit, rounded.message).toBe(0);
    const declared = await run(salesSpec(d('成交指标', { name: 'x', measure: { reason: '指标值为内部测算值，外人无从知道' } })));
    expect(declared.exit, declared.message).toBe(0);
  }, 180_000);
});

// ------------------------------------------------------------------ the sink

describe('the linking classes are the whole column\'s, for any partitioning and spilled or not', () => {
  const batch = (rows: number, from: number): RecordBatch => {
    const fields = [new Field('town', new Utf8(), true), new Field('area', new Float64(), true)];
    const town = vectorFromArray(Array.from({ length: rows }, (_, i) => `街道${(from + i) % 3}`), new Utf8()).data[0]!;
    // Parking sizes first, then distinct areas; every tenth one empty.
    const area = vectorFromArray(Array.from({ length: rows }, (_, i) => ((from + i) % 10 === 9 ? null : from + i < 300 ? 12.5 + ((from + i) % 4) : 45 + (from + i) * 0.37)), new Float64()).data[0]!;
    return new RecordBatch(new Schema(fields), makeData({ type: new Struct(fields), length: rows, children: [town, area] }));
  };
  const batches = [0, 200, 400, 600, 800].map((from) => batch(200, from));
  const columns = [
    { column: 'area', role: 'measure', linking: { rows: 0, distinct: 0, alone: 0, beside: [] } },
  ];
  const noised = [{ column: 'area', role: 'measure', noiseGrid: 5 }];

  for (const [what, cols] of [['exact', columns], ['at a noise grid of 5', noised]] as const) {
    it(`${what}: one sink over every batch, and three partitions that spill, encoded, decoded and merged in order, give the same figures`, () => {
      const whole = LinkingClasses.start(cols, ['town'])!;
      for (const b of batches) whole.add(b);
      const expected = whole.figures().get('area')!;
      const spill = { maxInMemory: 8, buckets: 4 };
      const parts = [batches.slice(0, 1), batches.slice(1, 3), batches.slice(3)].map((bs) => {
        const s = LinkingClasses.start(cols, ['town'], spill)!;
        for (const b of bs) s.add(b);
        return LinkingClasses.decode(s.encode(), spill);
      });
      for (const p of parts.slice(1)) parts[0]!.merge(p);
      expect(parts[0]!.figures().get('area')).toEqual(expected);
      expect(expected.rows).toBe(900);
      if (what === 'exact') {
        // 4 parking sizes, then 700 areas of which 630 have a value: the whole column, not the head.
        expect(expected.distinct).toBe(4 + 630);
        expect(expected.alone).toBeGreaterThanOrEqual(630);
      } else {
        expect(expected).toMatchObject({ grid: 5, min: 12.5 });
        expect(expected.distinct).toBeLessThan(100);
      }
    });
  }
});
