/**
 * Positions, QQ numbers, WeChat IDs and pinyin names, end to end, on two domains no bundled spec
 * covers: a courier's delivery log (收件人 coordinates in 经度/纬度 columns and in a pair column,
 * the customer's QQ, the courier's WeChat, notes with `联系人 Wang Xiaoming`, `LI Na 已到场`,
 * `QQ：…`, `微信号 …`, `lat … lng …`, `东经…° 北纬…°`) and a ride-hailing complaint register (the
 * passenger's WeChat, the driver's QQ, a bare `lng,lat` pick-up point, x/y drop-off columns,
 * complaints with `passenger Wei Zhang`, `Driver: Chen Jing`, `VX: …`, `GPS …`).
 *
 * Taken as a user would (profile → draft → catalog metadata only → run, CSV and Parquet), and with
 * hand-written specs: one that keeps the coordinate and QQ columns (refused by the security review,
 * naming column and type, never a value, through the real CLI), one that redacts the notes, and
 * contact mailboxes. Published files are read back with DuckDB and searched for every planted value
 * (test/support/published-check.ts); the release is scanned as well. Each case published planted
 * values with exit 0 before the detectors knew these kinds.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { stringify } from 'yaml';
import { draftSpec, loadSpec, profileFile, publishRun, ReviewFailedError, scanFile, type PublishResult } from '@tuomin/publish';
import { main } from '../packages/cli/src/main.js';
import { fileTexts, packageLeaks } from './support/published-check.js';
import { fillCatalogMetadata } from './support/catalog-metadata.js';
import { mulberry32 } from '../fixtures/lib/rng.js';
import { scratchWithDuck } from './support/sweep-flow.js';

const ROWS = 1500;

/** A seeded generator (mulberry32): the same extract on every run. */
const rng = mulberry32;

interface Extract {
  header: string[];
  rows: string[][];
  /** Every value planted that must not be published: names as written, coordinates, accounts. */
  planted: Set<string>;
}

const SURNAMES = ['Zhang', 'Wang', 'Li', 'Liu', 'Chen', 'Yang', 'Zhao', 'Huang', 'Zhou', 'Wu', 'Xu', 'Sun'];
const GIVEN = ['Wei', 'Na', 'Xiaoming', 'Jing', 'Lei', 'Fang', 'Yong', 'Jie', 'Tao', 'Min', 'Xiuying', 'Guang', 'Hui', 'Qiang'];
const HAN_SURNAMES = '王李张刘陈杨赵黄周吴徐孙';
const HAN_GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰涛明';
const DISTRICTS = ['浦东新区', '徐汇区', '静安区', '黄浦区', '长宁区', '普陀区'];
const CITY = ['东城区', '西城区', '朝阳区', '海淀区', '丰台区'];

function common(r: () => number) {
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)]!;
  const digits = (n: number): string => Array.from({ length: n }, () => Math.floor(r() * 10)).join('');
  return {
    pick,
    digits,
    pinyin: (): string => `${pick(SURNAMES)} ${pick(GIVEN)}`,
    capsPinyin: (): string => `${pick(SURNAMES).toUpperCase()} ${pick(GIVEN)}`,
    han: (): string => `${pick([...HAN_SURNAMES])}${pick([...HAN_GIVEN])}${r() < 0.5 ? pick([...HAN_GIVEN]) : ''}`,
    mobile: (): string => `1${pick(['38', '39', '50', '86', '88'])}${digits(8)}`,
    qq: (): string => `${1 + Math.floor(r() * 9)}${digits(5 + Math.floor(r() * 4))}`,
    lat: (d: number): string => (30.9 + r() * 0.6).toFixed(d),
    lng: (d: number): string => (121.1 + r() * 0.7).toFixed(d),
    date: (): string => `2024-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`,
  };
}

/** 快递派送记录: a courier company's delivery log. */
function courierLog(rows: number, seed: number): Extract {
  const r = rng(seed);
  const g = common(r);
  const planted = new Set<string>();
  const plant = (v: string): string => { planted.add(v); return v; };
  // 备用字段: a spare column a clerk filled with the drop-off longitude now and then, under a name that tells nothing.
  const header = ['运单号', '派送日期', '区县', '收件人', '收件电话', '经度', '纬度', '签收坐标', '客户QQ', '快递员微信', '重量', '运费', '备注', '备用字段'];
  const out: string[][] = [];
  for (let i = 0; i < rows; i++) {
    const note = r();
    const remark = note < 0.06 ? `联系人 ${plant(g.pinyin())} 电话不通`
      : note < 0.12 ? `${plant(g.capsPinyin())} 已到场签收`
        : note < 0.18 ? `QQ：${plant(g.qq())} 联系改派`
          : note < 0.24 ? `微信号 ${plant(`kd_${g.pick(SURNAMES).toLowerCase()}${g.digits(3)}`)}，约下午送`
            : note < 0.30 ? `lat ${plant(g.lat(6))} lng ${plant(g.lng(6))} 门口`
              : note < 0.36 ? `东经${plant(`${g.lng(2)}°`)} 北纬${plant(`${g.lat(2)}°`)} 小区东门`
                : note < 0.40 ? `contact ${plant(g.pinyin())} at the office`
                  : g.pick(['正常签收', '放快递柜', '门卫代收', '本人签收']);
    out.push([
      `SF${String(1_000_000_000_000 + i * 7919 + Math.floor(r() * 7000))}`,
      g.date(),
      g.pick(DISTRICTS),
      g.han(),
      g.mobile(),
      plant(g.lng(6)),
      plant(g.lat(6)),
      plant(`${g.lat(6)},${g.lng(6)}`),
      plant(g.qq()),
      plant(`kd${g.digits(2)}_${g.pick(SURNAMES).toLowerCase()}${g.digits(2)}`),
      (0.2 + r() * 20).toFixed(2),
      (8 + Math.floor(r() * 30)).toFixed(2),
      remark,
      r() < 0.4 ? plant(g.lng(6)) : '',
    ]);
  }
  return { header, rows: out, planted };
}

/** 网约车投诉登记: a ride-hailing platform's complaint register. */
function rideComplaints(rows: number, seed: number): Extract {
  const r = rng(seed);
  const g = common(r);
  const planted = new Set<string>();
  const plant = (v: string): string => { planted.add(v); return v; };
  const header = ['投诉编号', '投诉日期', '城区', '乘客微信', '司机QQ号', '上车点', 'x', 'y', '订单金额', '投诉内容'];
  const out: string[][] = [];
  for (let i = 0; i < rows; i++) {
    const k = r();
    const text = k < 0.07 ? `passenger ${plant(g.pinyin())} complained about the route`
      : k < 0.14 ? `Driver: ${plant(g.pinyin())}, 绕路多收费`
        : k < 0.21 ? `VX: ${plant(`${g.pick(SURNAMES).toLowerCase()}_${g.pick(GIVEN).toLowerCase()}${g.digits(4)}`)} 私下联系`
          : k < 0.28 ? `加V信 ${plant(`rider${g.digits(5)}`)} 私下交易`
            : k < 0.35 ? `GPS ${plant(`${g.lat(4)}, ${g.lng(4)}`)} 下车`
              : g.pick(['乘客称司机态度差', '车内有异味', '未按导航行驶', '司机接单后取消']);
    out.push([
      `TS2024${String(100000 + i)}`,
      g.date(),
      g.pick(CITY),
      plant(`wxid_${g.digits(4)}${g.pick(['a', 'k', 'm', 'z'])}${g.digits(5)}`),
      plant(g.qq()),
      plant(`${g.lng(4)},${g.lat(4)}`),
      plant(g.lng(6)),
      plant(g.lat(6)),
      (12 + r() * 80).toFixed(2),
      text,
    ]);
  }
  return { header, rows: out, planted };
}

function csv(x: Extract): string {
  const q = (v: string): string => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return `${[x.header, ...x.rows].map((row) => row.map(q).join(',')).join('\n')}\n`;
}

const scratch = scratchWithDuck('tuomin-loc-im-');

/** Planted values found in any file of the package, by file: exact (standing alone) for every value, and in any spelling for the long ones (a count, never a value). */
async function plantedIn(packageDir: string, planted: ReadonlySet<string>): Promise<Record<string, number>> {
  const leaks: Record<string, number> = { ...(await packageLeaks(scratch.duck, packageDir, planted)) };
  const walk = async (d: string): Promise<void> => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) { await walk(p); continue; }
      let n = 0;
      for (const text of await fileTexts(scratch.duck, p)) for (const v of planted) if (standsAlone(text, v)) n++;
      if (n) leaks[`${p.slice(packageDir.length + 1)} (exact)`] = n;
    }
  };
  await walk(packageDir);
  return leaks;
}

/**
 * `v` occurs in `text` not glued to a letter or digit: a 6-digit QQ number is found in a remark, not
 * by chance inside a SHA-256 in SHA256SUMS (seen once in 2,000 planted values).
 */
function standsAlone(text: string, v: string): boolean {
  for (let i = text.indexOf(v); i >= 0; i = text.indexOf(v, i + 1)) {
    if (!/[A-Za-z0-9]/.test(text[i - 1] ?? '') && !/[A-Za-z0-9]/.test(text[i + v.length] ?? '')) return true;
  }
  return false;
}

const NEW_KINDS = new Set(['geo_coordinate', 'qq_number', 'wechat_id', 'person_name']);

describe.each([
  ['courier delivery log', courierLog],
  ['ride-hailing complaint register', rideComplaints],
] as const)('%s: profile → draft → catalog metadata only → run (CSV and Parquet)', (name, generate) => {
  const x = generate(ROWS, 41);
  const slug = name.replace(/[^a-z]+/g, '-');
  let run: PublishResult | undefined;

  it('publishes', async () => {
    const source = join(scratch.dir, `${slug}.csv`);
    writeFileSync(source, csv(x));
    const specPath = join(scratch.dir, `${slug}.yaml`);
    const draft = fillCatalogMetadata(draftSpec(await profileFile(source), specPath, '2026-12-01')).replace(/formats:\n(\s+)- csv\n/, 'formats:\n$1- csv\n$1- parquet\n');
    writeFileSync(specPath, draft);
    run = await publishRun(await loadSpec(specPath), { outputFolder: join(scratch.dir, `${slug}-out`), env: {}, workers: 1 });
    expect(run.rows).toBe(ROWS);
    expect(run.files.map((f) => f.format).filter(Boolean).sort()).toEqual(['csv', 'parquet']);
  });

  it('no planted coordinate, account or pinyin name in any file of the package', async () => {
    expect(run, 'the run above failed').toBeDefined();
    expect(await plantedIn(run!.packageDir, x.planted)).toEqual({});
  });

  it.each(['csv', 'parquet'] as const)('the residual scan of the published %s finds none of these kinds', async (format) => {
    expect(run, 'the run above failed').toBeDefined();
    const release = await scanFile(join(run!.packageDir, run!.files.find((f) => f.format === format)!.path));
    expect(release.findings.filter((f) => NEW_KINDS.has(f.type)).map((f) => `${f.column} ${f.type}`)).toEqual([]);
  });

  it('the scan of the source names each kind in its columns', async () => {
    const raw = await scanFile(join(scratch.dir, `${slug}.csv`));
    const kinds = new Set(raw.findings.map((f) => f.type));
    for (const k of NEW_KINDS) expect(kinds.has(k as never), k).toBe(true);
  });
});

describe('hand-written specs over the courier log', () => {
  const x = courierLog(ROWS, 43);
  const spec = (columns: Record<string, unknown>, contactEmail = 'open@kd.example.gov.cn'): Record<string, unknown> => ({
    dataset: {
      id: 'courier-log',
      title: '快递派送统计',
      description: '快递派送记录（个人信息已去除）。',
      publisher: { name: '上海市邮政管理局', uscc: '11310000MB2F31234J' },
      contact: { phone: '021-63210000', email: contactEmail },
      domain: '交通',
      keywords: ['快递'],
      updateFrequency: 'monthly',
    },
    openAttribute: 'unconditional',
    source: { path: 'courier.csv', acquiredAt: '2026-11-20' },
    columns: {
      运单号: { drop: true }, 派送日期: { drop: true }, 区县: { description: '区县' }, 收件人: { drop: true }, 收件电话: { drop: true },
      经度: { drop: true }, 纬度: { drop: true }, 签收坐标: { drop: true }, 客户QQ: { drop: true }, 快递员微信: { drop: true },
      重量: { description: '重量（千克）', measure: { reason: '包裹重量：只有寄件人和快递员知道' } }, 运费: { description: '运费（元）' }, 备注: { drop: true }, 备用字段: { drop: true },
      ...columns,
    },
    output: { folder: 'out', formats: ['csv', 'parquet'] },
  });
  // 重量 to 0.01 kg is near one value per parcel: judged as a linking key unless declared a
  // measure no one can look up (a parcel's weight is no one's attribute, unlike 体重: docs/privacy.md).
  let serial = 0;
  const write = (s: Record<string, unknown>): string => {
    const file = join(scratch.dir, `courier-spec-${++serial}.yaml`);
    writeFileSync(file, stringify({ ...s, output: { folder: `out-${serial}`, formats: ['csv', 'parquet'] } }));
    return file;
  };

  beforeAll(() => writeFileSync(join(scratch.dir, 'courier.csv'), csv(x)));

  it('keeping 经度, 纬度, 客户QQ and 备用字段 as they are: the real CLI refuses (exit 3), naming each column and type, never a value, and publishes nothing', async () => {
    const file = write(spec({ 经度: { description: '经度' }, 纬度: { description: '纬度' }, 客户QQ: { description: '客户QQ' }, 备用字段: { description: '备用' } }));
    let out = '';
    let err = '';
    const sink = (f: (s: string) => void): Writable => new Writable({ write(chunk, _e, cb) { f(String(chunk)); cb(); } });
    const code = await main(['run', file, '--json'], { stdout: sink((s) => { out += s; }), stderr: sink((s) => { err += s; }), cwd: scratch.dir, env: {} });
    expect(code, err).toBe(3);
    const error = JSON.parse(out).error as { code: string; message: string };
    expect(error.code).toBe('SECURITY_REVIEW');
    // One reason per column: the rule (the detector type), the count and the column, no value.
    for (const [column, type] of [['经度', 'geo_coordinate'], ['纬度', 'geo_coordinate'], ['客户QQ', 'qq_number']]) {
      expect(error.message).toContain(`[privacy/pii-pattern] ${ROWS} values of type ${type} remain in column "${column}"`);
    }
    const spare = x.rows.filter((row) => row[13] !== '').length;
    expect(error.message).toContain(`[privacy/pii-pattern] ${spare} values of type geo_coordinate remain in column "备用字段"`);
    for (const v of x.planted) {
      expect(out.includes(v)).toBe(false);
      expect(err.includes(v)).toBe(false);
    }
    const datasetDir = join(scratch.dir, `out-${serial}`, 'courier-log');
    expect(existsSync(datasetDir) ? readdirSync(datasetDir).filter((f) => /^\d+\.\d+\.\d+$/.test(f)) : []).toEqual([]);
  });

  it('经度 renamed to a name that tells nothing and cast to a number: still refused, the scan reads the title the run keeps', async () => {
    try {
      await publishRun(await loadSpec(write(spec({ 经度: { name: 'col_a', rule: { type: 'cast', to: 'float64' } } }))), { env: {}, workers: 1, outputFolder: join(scratch.dir, `pub-${serial}`) });
      expect.unreachable('published a column of positions');
    } catch (e) {
      if (!(e instanceof ReviewFailedError)) throw e;
      const found = e.reviews.flatMap((rv) => rv.reasons).filter((rs) => rs.code === 'privacy/pii-pattern').map((rs) => `${rs.column} ${rs.type} ${rs.count}`);
      expect(found).toEqual([`col_a geo_coordinate ${ROWS}`]);
    }
  });

  it('the notes redacted: published, and no planted name, position or account left in them', async () => {
    const r = await publishRun(await loadSpec(write(spec({ 备注: { description: '派送备注', rule: { type: 'redact' } } }))), { env: {}, workers: 1, outputFolder: join(scratch.dir, `pub-${serial}`) });
    expect(await plantedIn(r.packageDir, x.planted)).toEqual({});
  });

  it('coordinates of public places declared with allow: [geo_coordinate] are published as they are', async () => {
    const place = (what: string): Record<string, unknown> => ({ description: what, allow: ['geo_coordinate'], public: { reason: '快递驿站位置，依法公开' } });
    const r = await publishRun(await loadSpec(write(spec({ 经度: place('驿站经度'), 纬度: place('驿站纬度') }))), { env: {}, workers: 1, outputFolder: join(scratch.dir, `pub-${serial}`) });
    expect(r.rows).toBe(ROWS);
  });

  it('the parcel weight without its declaration: refused as a linking measure only, not as a person\'s physical attribute counted in k', async () => {
    try {
      await publishRun(await loadSpec(write(spec({ 重量: { description: '重量（千克）' } }))), { env: {}, workers: 1, outputFolder: join(scratch.dir, `pub-${serial}`) });
      expect.unreachable('published a near-unique weight beside the district');
    } catch (e) {
      if (!(e instanceof ReviewFailedError)) throw e;
      const errors = e.reviews.flatMap((rv) => rv.reasons).filter((rs) => rs.severity === 'error');
      expect(errors.map((rs) => `${rs.code} ${rs.path}`)).toEqual(['privacy/linking-measure columns.重量']);
    }
  });

  it.each([
    ['123456789@qq.com', 3],
    ['zhangwei88@163.com', 3],
    ['li.na@gmail.com', 3],
    ['kdgl_office@163.com', 0],
    ['zhangwei@kd.example.gov.cn', 0],
  ] as const)('dataset.contact.email %s: exit %i', async (email, exit) => {
    try {
      await publishRun(await loadSpec(write(spec({}, email))), { env: {}, workers: 1, outputFolder: join(scratch.dir, `pub-${serial}`) });
      expect(exit).toBe(0);
    } catch (e) {
      if (!(e instanceof ReviewFailedError)) throw e;
      const errors = e.reviews.flatMap((rv) => rv.reasons).filter((rs) => rs.severity === 'error');
      expect(errors.map((rs) => `${rs.code} ${rs.path}`)).toEqual(['privacy/pii-in-metadata dataset.contact.email']);
      expect(e.message.includes(email)).toBe(false);
      expect(exit).toBe(3);
    }
  });
});
