/**
 * A number is not always a measure no one knows. A physical attribute (an area, a height, a
 * car's mileage) is what anyone can observe or look up, and an exact amount near one value per
 * record is a key to whoever knows it: the published-risk review counts the first in k by its
 * header and judges the second, beside the attacker-known columns, as a linking key
 * (docs/privacy.md, "Physical attributes and measures that link"). On three registers no bundled
 * spec covers: rental leases (test/support/unseen-5a.ts), a physical-exam roster and a vehicle
 * register generated here; each refusal names the column, and each release made safe (rounded,
 * declared a quasi-identifier, or declared a measure with a reason) publishes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { RecordBatch, makeData, Field, Schema, Struct, Utf8, Float64, vectorFromArray } from 'apache-arrow';
import { TuominError } from '@tuomin/core';
import { quasiIdentifierHeader } from '@tuomin/core/internal';
import { ReviewFailedError, draftSpec, loadSpec, profileFile, publishRun, type PublishResult, type ReviewReason } from '@tuomin/publish';
import { fillCatalogMetadata } from './support/catalog-metadata.js';
import { classesOver, readPublishedCsv } from './support/published-check.js';
import { csvBytes, type Extract4 } from './support/unseen-4.js';
import { rentalRegistrations } from './support/unseen-5a.js';
import { worldFor } from '../fixtures/lib/domains/extract.js';
import { dateBetween, isoDate } from '../fixtures/lib/dates.js';
import { linkingFigures, linkingReasons } from '../packages/publish/src/review/published-linking.js';
import { REASONS } from '../packages/cli/src/messages/reasons.js';
import { scratchWithDuck } from './support/sweep-flow.js';

const K = 5;
const ROWS = 1200;
type Spec = Record<string, any>;

const scratch = scratchWithDuck('tuomin-measure-quasi-');
beforeAll(() => {
  writeFileSync(join(scratch.dir, 'rental.csv'), csvBytes(rental));
  writeFileSync(join(scratch.dir, 'exam.csv'), csvBytes(exam));
  writeFileSync(join(scratch.dir, 'vehicles.csv'), csvBytes(vehicles));
});

// ------------------------------------------------------------------ the extracts

const rental = rentalRegistrations(2000, 11);

/** A physical-exam roster (体检名单): height and weight to 0.1, blood pressure, a count of past conditions. */
function examRoster(rows: number, seed: number): Extract4 {
  const { world, rng } = worldFor(seed, 611);
  // 指标3: the waist to 0.1 cm under the code the exam system gives it (a header that names nothing).
  const header = ['体检编号', '姓名', '身份证号', '性别', '年龄', '所在社区', '体检日期', '身高(cm)', '体重(kg)', '收缩压', '既往病史数', '指标3'];
  const x: Extract4 = { header, rows: [], direct: new Set(), canonical: new Set(), attacker: ['性别', '年龄', '所在社区', '体检日期', '身高(cm)', '体重(kg)'] };
  const communities = ['黄河社区', '渤海社区', '长江社区', '梧桐社区', '新立河社区', '北海社区'];
  for (let i = 0; i < rows; i++) {
    const p = world.person([1950, 1, 1], [2004, 12, 31]);
    x.direct.add(p.name).add(p.id);
    const row = [
      `TJ2024${String(i + 1).padStart(6, '0')}`, p.name, p.id, rng.pick(['男', '女']), String(rng.range(20, 74)), rng.pick(communities),
      isoDate(dateBetween(rng, [2024, 3, 1], [2024, 6, 30])), (150 + rng.float() * 40).toFixed(1), (45 + rng.float() * 50).toFixed(1),
      String(rng.range(95, 169)), String(rng.pick([0, 0, 0, 1, 1, 2, 3])),
    ];
    x.rows.push([...row, (Number(row[8]) * 0.9 + 12).toFixed(1)]);
  }
  return x;
}

/**
 * A vehicle register (机动车登记): engine size, age and mileage of the car, a count of offences,
 * and the price paid to the fen in a spare field of the legacy export (备用字段1: a header that
 * names nothing, so only the values say it is a measure).
 */
function vehicleRegister(rows: number, seed: number): Extract4 {
  const { world, rng } = worldFor(seed, 612);
  const header = ['号牌号码', '所有人', '身份证号', '所在区县', '车辆类型', '初次登记日期', '排量(L)', '车龄', '行驶里程(km)', '备用字段1', '违章次数'];
  const x: Extract4 = { header, rows: [], direct: new Set(), canonical: new Set(), attacker: ['所在区县', '车辆类型'] };
  for (let i = 0; i < rows; i++) {
    const p = world.person([1950, 1, 1], [2004, 12, 31]);
    const plate = `鲁M${String.fromCharCode(65 + rng.int(20))}${rng.digits(4)}`;
    x.direct.add(p.name).add(p.id).add(plate);
    const first = dateBetween(rng, [2010, 1, 1], [2024, 12, 31]);
    x.rows.push([
      plate, p.name, p.id, world.binzhouCounty().county, rng.pick(['小型轿车', '小型越野客车', '轻型货车', '中型客车']), isoDate(first),
      rng.pick(['1.0', '1.2', '1.4', '1.5', '1.6', '1.8', '2.0', '2.4', '3.0']), String(2025 - first.year), String(rng.range(1_000, 300_000)),
      (rng.range(3_000_000, 40_000_000) / 100).toFixed(2), String(rng.pick([0, 0, 0, 1, 1, 2, 3, 6])),
    ]);
  }
  return x;
}

const exam = examRoster(ROWS, 21);
const vehicles = vehicleRegister(ROWS, 22);

// ------------------------------------------------------------------ specs and runs

const d = (description: string, more: Record<string, unknown> = {}): Record<string, unknown> => ({ description, ...more });
const drop = { drop: true };
const castTo = (to: string): Spec => ({ type: 'cast', to });
const roundTo = (base: number): Spec[] => [castTo('float64'), { type: 'round', base }];

function dataset(id: string, title: string, source: string): Spec {
  return {
    dataset: {
      id, title, description: `${title}（个人身份信息已去除）。`,
      publisher: { name: '滨州市卫生健康委员会', uscc: '11371600MB28503171' },
      contact: { phone: '0543-3160000', email: 'open@binzhou.gov.cn' },
      domain: '其他', updateFrequency: 'annual',
    },
    openAttribute: 'unconditional',
    source: { path: source, acquiredAt: '2026-11-20' },
    output: { folder: 'out', formats: ['csv'] },
  };
}

interface Outcome { exit: number; reasons: ReviewReason[]; message: string; result?: PublishResult }

let serial = 0;
async function attempt(spec: Spec, workers = 1): Promise<Outcome> {
  const file = join(scratch.dir, `spec-${++serial}.yaml`);
  writeFileSync(file, stringify(spec));
  try {
    const result = await publishRun(await loadSpec(file), { outputFolder: join(scratch.dir, `out-${serial}`), env: {}, workers, ...(workers > 1 ? { partitionBytes: 32 * 1024 } : {}) });
    return { exit: 0, reasons: result.reviews.flatMap((r) => r.reasons), message: '', result };
  } catch (err) {
    if (err instanceof ReviewFailedError) return { exit: 3, reasons: err.reviews.flatMap((r) => r.reasons), message: err.message };
    if (err instanceof TuominError) return { exit: 1, reasons: [], message: err.message };
    throw err;
  }
}
const errorsAt = (o: Outcome): string[] => o.reasons.filter((r) => r.severity === 'error').map((r) => `${r.code} ${r.path ?? ''}`);

async function published(o: Outcome): Promise<Awaited<ReturnType<typeof readPublishedCsv>>> {
  const f = o.result!.files.find((file) => file.format === 'csv')!;
  return readPublishedCsv(scratch.duck, join(o.result!.packageDir, f.path));
}

function rentalSpec(area: Spec, quasi: boolean): Spec {
  const hierarchies: Spec = { 房屋坐落: { builtin: 'prefix', keep: [64] }, 房屋用途: { builtin: 'prefix', keep: [64] }, 租赁起始日期: { builtin: 'date' }, 租赁终止日期: { builtin: 'date' } };
  if (quasi) hierarchies.建筑面积 = { builtin: 'interval', widths: [20, 40, 80] };
  return {
    ...dataset('rental', '房屋租赁登记统计', 'rental.csv'),
    columns: {
      登记编号: drop, 出租人: drop, 出租人身份证号: drop, 出租人电话: drop, 承租人: drop, 承租人身份证号: drop, 承租人电话: drop, 不动产权证号: drop, 备注: drop,
      房屋坐落: d('所在县区', { name: 'district', rule: { type: 'mask', preset: 'cn.address' } }),
      房屋用途: d('房屋用途', { name: 'use' }),
      建筑面积: { name: 'area', type: 'number', ...area },
      月租金: d('月租金', { name: 'rent' }),
      租赁起始日期: d('租赁起始日期', { name: 'start', rule: castTo('date') }),
      租赁终止日期: d('租赁终止日期', { name: 'end', rule: castTo('date') }),
    },
    privacy: { k: K, quasiIdentifiers: Object.keys(hierarchies), hierarchies, suppressionLimit: 0.05 },
  };
}

function examSpec(columns: Spec, quasi: Record<string, number[]> = {}): Spec {
  const hierarchies: Spec = { 性别: { builtin: 'prefix', keep: [8] }, 年龄: { builtin: 'interval', widths: [5, 10, 20] }, 所在社区: { builtin: 'prefix', keep: [16] }, 体检日期: { builtin: 'date' } };
  for (const [c, widths] of Object.entries(quasi)) hierarchies[c] = { builtin: 'interval', widths };
  return {
    ...dataset('exam', '居民健康体检统计', 'exam.csv'),
    columns: {
      体检编号: drop, 姓名: drop, 身份证号: drop,
      性别: d('性别', { name: 'sex' }),
      年龄: d('年龄', { name: 'age' }),
      所在社区: d('所在社区', { name: 'community' }),
      体检日期: d('体检日期', { name: 'exam_date', rule: castTo('date') }),
      '身高(cm)': drop, '体重(kg)': drop, 收缩压: drop, 既往病史数: drop, 指标3: drop,
      ...columns,
    },
    privacy: { k: K, quasiIdentifiers: Object.keys(hierarchies), hierarchies, suppressionLimit: 0.05 },
  };
}

function vehicleSpec(columns: Spec): Spec {
  return {
    ...dataset('vehicles', '机动车登记统计', 'vehicles.csv'),
    columns: {
      号牌号码: drop, 所有人: drop, 身份证号: drop,
      所在区县: d('所在区县', { name: 'district' }),
      车辆类型: d('车辆类型', { name: 'vehicle_type' }),
      初次登记日期: drop, '排量(L)': drop, 车龄: drop, '行驶里程(km)': drop, '备用字段1': drop, 违章次数: drop,
      ...columns,
    },
  };
}

// ------------------------------------------------------------------ by the header

describe('a physical attribute named by its header is what an attacker knows', () => {
  it('the headers: areas, heights, weights, floors, a car\'s age and engine size, in Chinese, English and full width', () => {
    for (const h of ['建筑面积', '宗地面积', '使用面积', '建筑面积（㎡）', '身高(cm)', '体重', '出生体重', '所在楼层', '房龄', '建成年份', '车龄', '排量(L)', '行驶里程(km)',
      'floor_area', 'Area (m2)', 'ＡＲＥＡ（ｍ２）', 'Height (cm)', 'weight_kg', 'vehicle_age', 'mileage']) {
      expect(quasiIdentifierHeader(h)?.attribute, h).toBe('physical');
    }
    // Not physical: a rent, a fine, a count of offences, a weighted score; a birth year is a birth date.
    for (const h of ['月租金', '罚款金额', '违章次数', 'weighted_score', '层次']) expect(quasiIdentifierHeader(h)?.attribute ?? null, h).toBeNull();
    expect(quasiIdentifierHeader('出生年份')?.attribute).toBe('birth-date');
  });

  it('rental: the floor area to 0.01 m² outside the quasi-identifiers is refused, naming the column and the fix; with one and two workers', async () => {
    const spec = rentalSpec({ description: '建筑面积', rule: castTo('float64') }, false);
    for (const workers of [1, 2]) {
      const o = await attempt(spec, workers);
      expect(o.exit, o.message).toBe(3);
      expect(errorsAt(o)).toContain('privacy/near-unique-column columns.建筑面积');
      const r = o.reasons.find((x) => x.path === 'columns.建筑面积')!;
      expect(r.message).toMatch(/size, floor or age of a property \(by its header/);
      expect(r.message).toMatch(/privacy\.quasiIdentifiers with an interval hierarchy/);
      // The Chinese wording of the refusal exists and carries its figures.
      expect(REASONS[r.code]!.title).toMatch(/[\u4e00-\u9fff]/);
    }
  }, 180_000);

  it('rental: declared a quasi-identifier with an interval hierarchy, every lease is in a class of k over district, dates and area', async () => {
    const o = await attempt(rentalSpec({ description: '建筑面积（按 k-匿名泛化）', type: 'string' }, true));
    expect(o.exit, o.message).toBe(0);
    const c = classesOver(await published(o), ['district', 'start', 'end', 'area'], K);
    expect(c.recordsBelowK).toBe(0);
  }, 120_000);

  it('rental: rounded to 10 m² by a rule it is still what an attacker knows: refused outside the quasi-identifiers, published in classes of k when declared one', async () => {
    // The attacker rounds the area they know: beside the district, the use and the lease dates
    // (generalized by the search), 10 m² steps still leave most leases in classes below k.
    const outside = await attempt(rentalSpec({ description: '建筑面积（取整到 10 平方米）', rule: roundTo(10) }, false));
    expect(outside.exit, outside.message).toBe(3);
    expect(errorsAt(outside)).toContain('privacy/published-risk privacy.quasiIdentifiers');
    expect(outside.reasons.find((r) => r.code === 'privacy/published-risk' && r.path === 'privacy.quasiIdentifiers')!.message).toMatch(/over the columns an attacker can know \(district, use, area, start, end\)/);
    const declared = await attempt(rentalSpec({ description: '建筑面积（取整到 10 平方米，按 k-匿名泛化）', type: 'string', rule: roundTo(10) }, true));
    expect(declared.exit, declared.message).toBe(0);
    const c = classesOver(await published(declared), ['district', 'use', 'start', 'end', 'area'], K);
    expect(c.recordsBelowK).toBe(0);
  }, 180_000);

  it('rental: a `measure:` declaration does not make an area unknowable', async () => {
    const o = await attempt(rentalSpec({ description: '建筑面积', rule: castTo('float64'), measure: { reason: '建筑面积只有租赁双方知道' } }, false));
    expect(o.exit, o.message).toBe(3);
    expect(errorsAt(o).some((e) => e.endsWith('columns.建筑面积')), o.message).toBe(true);
  }, 120_000);

  it('exam roster: height and weight to 0.1 beside sex, age, community and date are refused, each named', async () => {
    const o = await attempt(examSpec({ '身高(cm)': d('身高', { name: 'height', type: 'number', rule: castTo('float64') }), '体重(kg)': d('体重', { name: 'weight', type: 'number', rule: castTo('float64') }) }));
    expect(o.exit, o.message).toBe(3);
    const errors = errorsAt(o);
    expect(errors.some((e) => e.endsWith('columns.身高(cm)')), errors.join('\n')).toBe(true);
    expect(errors.some((e) => e.endsWith('columns.体重(kg)')), errors.join('\n')).toBe(true);
    expect(o.reasons.find((r) => r.path === 'columns.身高(cm)')!.message).toMatch(/body measurement/);
    // No value of the roster in the refusal.
    for (const row of exam.rows.slice(0, 200)) for (const v of [row[1]!, row[2]!]) expect(o.message.includes(v)).toBe(false);
  }, 120_000);

  it('exam roster: declared quasi-identifiers with interval hierarchies, every person is in a class of k over what an attacker knows', async () => {
    const o = await attempt(examSpec({
      '身高(cm)': d('身高（按 k-匿名泛化）', { name: 'height' }),
      '体重(kg)': d('体重（按 k-匿名泛化）', { name: 'weight' }),
    }, { '身高(cm)': [10, 20, 40], '体重(kg)': [10, 20, 40] }));
    expect(o.exit, o.message).toBe(0);
    const c = classesOver(await published(o), ['sex', 'age', 'community', 'exam_date', 'height', 'weight'], K);
    expect(c.recordsBelowK).toBe(0);
  }, 120_000);

  it('exam roster: a waist to 0.1 cm under a code (指标3) is known by its description (腰围（厘米）) and refused', async () => {
    const o = await attempt(examSpec({ 指标3: d('腰围（厘米）', { name: 'x3' }) }));
    expect(o.exit, o.message).toBe(3);
    const r = o.reasons.find((x) => x.path === 'columns.指标3' && x.severity === 'error');
    expect(r?.message, o.message).toMatch(/body measurement \(height, weight …\) \(by its description/);
  }, 120_000);

  it('exam roster, drafted: height and weight become quasi-identifiers with nested intervals, and the draft publishes with every person in a class of k', async () => {
    const specPath = join(scratch.dir, 'exam-draft.yaml');
    const text = fillCatalogMetadata(draftSpec(await profileFile(join(scratch.dir, 'exam.csv')), specPath, '2026-12-01'));
    const draft = parse(text) as Spec;
    // From the magnitude: 150.0–190.0 cm steps of 10, 20, 100; 45.0–95.0 kg steps of 1, 2, 10.
    for (const [c, widths] of [['身高(cm)', [10, 20, 100]], ['体重(kg)', [1, 2, 10]]] as const) {
      expect(draft.privacy.quasiIdentifiers, c).toContain(c);
      expect(draft.privacy.hierarchies[c], c).toEqual({ builtin: 'interval', widths });
    }
    writeFileSync(specPath, text);
    const r = await publishRun(await loadSpec(specPath), { outputFolder: join(scratch.dir, 'exam-draft-out'), env: {} });
    const o: Outcome = { exit: 0, reasons: [], message: '', result: r };
    const names = new Map(Object.entries(draft.columns as Record<string, { name?: string; drop?: boolean }>).map(([k, v]) => [k, v.name ?? k]));
    const c = classesOver(await published(o), exam.attacker.map((a) => names.get(a) ?? a), K);
    expect(c.recordsBelowK).toBe(0);
  }, 180_000);

  it('exam roster (negative): blood pressure and a count of past conditions, published as they are, are no key', async () => {
    const o = await attempt(examSpec({ 收缩压: d('收缩压', { name: 'sbp' }), 既往病史数: d('既往病史数', { name: 'conditions', type: 'integer', rule: castTo('int32') }) }));
    expect(o.exit, o.message).toBe(0);
    expect(o.reasons.filter((r) => r.code === 'privacy/linking-measure')).toEqual([]);
  }, 120_000);

  it('vehicles: the exact mileage is refused by its header, naming the column', async () => {
    const o = await attempt(vehicleSpec({ '行驶里程(km)': d('行驶里程', { name: 'mileage' }) }));
    expect(o.exit, o.message).toBe(3);
    expect(errorsAt(o).some((e) => e.endsWith('columns.行驶里程(km)')), o.message).toBe(true);
  }, 120_000);
});

// ------------------------------------------------------------------ by the values

describe('an exact measure near one value per record is judged as a key beside what an attacker knows', () => {
  it('vehicles: the price paid to the fen under a header that names nothing, beside district and type, is refused (privacy/linking-measure), naming the column and both fixes', async () => {
    const o = await attempt(vehicleSpec({ '备用字段1': d('成交价格') }));
    expect(o.exit, o.message).toBe(3);
    expect(errorsAt(o)).toContain('privacy/linking-measure columns.备用字段1');
    const r = o.reasons.find((x) => x.code === 'privacy/linking-measure')!;
    expect(r.message).toMatch(/beside the columns an attacker can know \(district, vehicle_type\)/);
    expect(r.message).toMatch(/measure: \{ reason/);
    expect(r.message).toMatch(/round/);
  }, 120_000);

  it('vehicles: declared a measure with a reason, the price publishes; the reason is in the figures', async () => {
    const reason = '备用字段1 是成交价格，只有买卖双方和登记机关知道，无从公开查得';
    const o = await attempt(vehicleSpec({ '备用字段1': d('成交价格', { measure: { reason } }) }));
    expect(o.exit, o.message).toBe(0);
    expect(o.reasons.filter((r) => r.code === 'privacy/linking-measure')).toEqual([]);
    const report = JSON.parse(readFileSync(join(o.result!.packageDir, 'reports/desensitization.json'), 'utf8'));
    expect(report.privacy.published.declaredMeasures).toEqual([{ column: '备用字段1', reason }]);
  }, 120_000);

  it('vehicles: the same prices under a header that names an amount (成交价格) are a price paid, known to no one outside the sale: published', async () => {
    const o = await attempt(vehicleSpec({ '备用字段1': d('成交价格', { name: 'sale_price', title: '成交价格' }) }));
    expect(o.exit, o.message).toBe(0);
    expect(o.reasons.filter((r) => r.code === 'privacy/linking-measure')).toEqual([]);
  }, 120_000);

  it('vehicles: rounded to 10,000 yuan by a rule, the price publishes', async () => {
    const o = await attempt(vehicleSpec({ '备用字段1': d('成交价格（取整到万元）', { type: 'number', rule: roundTo(10_000) }) }));
    expect(o.exit, o.message).toBe(0);
  }, 120_000);

  it('vehicles (negative): a count of offences published as it is passes', async () => {
    const o = await attempt(vehicleSpec({ 违章次数: d('违章次数', { name: 'offences' }) }));
    expect(o.exit, o.message).toBe(0);
    expect(o.reasons.filter((r) => r.code === 'privacy/linking-measure')).toEqual([]);
  }, 120_000);
});

describe('the linking figures on a sample (published-linking.ts)', () => {
  const batch = (cols: Record<string, Array<string | null>>): RecordBatch => {
    const fields = Object.keys(cols).map((n) => new Field(n, new Utf8(), true));
    const children = Object.values(cols).map((v) => vectorFromArray(v, new Utf8()).data[0]!);
    return new RecordBatch(new Schema(fields), makeData({ type: new Struct(fields), length: Object.values(cols)[0]!.length, children }));
  };
  const n = 100;
  const district = Array.from({ length: n }, (_, i) => `县${i % 2}`);

  it('most records alone beside the known columns: an error; a near-unique measure that leaves fewer alone: a warning; few distinct values: nothing', () => {
    const exact = Array.from({ length: n }, (_, i) => (1000 + i * 7.31).toFixed(2));
    // Every value twice, in the same district (rows i and i + 2): 50 % distinct, no record alone.
    const paired = Array.from({ length: n }, (_, i) => (1000 + (Math.floor(i / 4) * 2 + (i % 2)) * 7.31).toFixed(2));
    const counts = Array.from({ length: n }, (_, i) => String(i % 4));
    const b = batch({ district, exact, paired, counts });
    const col = (c: string): { column: string; source: string; why: string; fix: string; linking: ReturnType<typeof linkingFigures> } =>
      ({ column: c, source: c, why: 'a measure', fix: 'round it', linking: linkingFigures([b], c, [{ column: 'district' }]) });
    expect(col('exact').linking).toMatchObject({ rows: n, distinct: n, alone: n, beside: ['district'] });
    expect(col('paired').linking).toMatchObject({ rows: n, distinct: n / 2, alone: 0 });
    const reasons = linkingReasons([col('exact'), col('paired'), col('counts')], 'error');
    expect(reasons.map((r) => [r.column, r.severity])).toEqual([['exact', 'error'], ['paired', 'warning']]);
    // The severity the review passes (a register, records about things) applies to the error only.
    expect(linkingReasons([col('exact')], 'warning').map((r) => r.severity)).toEqual(['warning']);
  });

  it('a prefix of a known column counts as its prefix; empty and null measures are not records to single out', () => {
    const ids = Array.from({ length: n }, (_, i) => `3716${String(i).padStart(4, '0')}`);
    const m = Array.from({ length: n }, (_, i) => (i < 40 ? null : i < 50 ? '' : String(i % 25)));
    const f = linkingFigures([batch({ ids, m })], 'm', [{ column: 'ids', prefix: 4 }]);
    expect(f).toMatchObject({ rows: 50, distinct: 25, alone: 0 });
  });

  it('a float column is read as its numbers', () => {
    const fields = [new Field('x', new Float64(), true)];
    const data = makeData({ type: new Struct(fields), length: 3, children: [vectorFromArray([1.5, 1.5, 2], new Float64()).data[0]!] });
    expect(linkingFigures([new RecordBatch(new Schema(fields), data)], 'x', [])).toMatchObject({ rows: 3, distinct: 2, alone: 1, beside: [] });
  });
});
