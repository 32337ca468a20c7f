import { describe, expect, it } from 'vitest';
import { chmod, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import {
  Binary, Decimal, Dictionary, Field, Int32, List, Schema, Struct, Utf8, makeData, makeVector, vectorFromArray, type Data,
  Table, tableToIPC,
} from 'apache-arrow';
import { main } from '@tuomin/cli';
import { clinicDataset } from './support/sweep-flow.js';
import { batchFromColumns, pseudonymize } from '@tuomin/core';
import { writeOutput } from '@tuomin/io';

// A resident ID with a numeric check digit (so it fits a DECIMAL(18,0)), and a mobile.
const ID = '110105198001010016';
const MOBILE = '13812345678';
const KEY = '3f1a9c0e7b2d4a6f8e5c1b0d9a7f3e21';
const ROWS = 60;

function capture(cwd: string, env: NodeJS.ProcessEnv = {}) {
  let out = '';
  let err = '';
  return {
    io: {
      stdout: new Writable({ write(c, _e, cb) { out += String(c); cb(); } }),
      stderr: new Writable({ write(c, _e, cb) { err += String(c); cb(); } }),
      cwd,
      env: { TUOMIN_KEY: KEY, ...env },
    },
    out: () => out,
    err: () => err,
  };
}

async function tuomin(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const c = capture(cwd, env);
  const code = await main([...args, '--json'], c.io);
  const text = c.out() + c.err();
  return { code, json: JSON.parse(c.out() || '{}') as Record<string, any>, text };
}

/** Every file a failed or successful run left in the output tree, as one string. */
async function everything(dir: string): Promise<string> {
  let all = '';
  for (const f of await readdir(dir, { recursive: true }).catch(() => [] as string[])) {
    all += await readFile(join(dir, String(f)), 'latin1').catch(() => '');
    all += await readFile(join(dir, String(f)), 'utf8').catch(() => '');
  }
  return all;
}

const META = clinicDataset('gate-test');

/** A clean extract: department and a small count, both repeated (no record stands out). */
function cleanCsv(extra?: { header: string; value: (i: number) => string }): string {
  const rows = [`科室,门诊量${extra ? `,${extra.header}` : ''}`];
  for (let i = 0; i < ROWS; i++) rows.push(`${['内科', '外科', '儿科'][i % 3]},${10 + (i % 2)}${extra ? `,${extra.value(i)}` : ''}`);
  return `${rows.join('\n')}\n`;
}

async function setup(opts: { csv?: string; source?: string; columns?: string; meta?: (m: string) => string; formats?: string; keys?: string } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'tuomin-gate-'));
  const source = opts.source ?? 'in.csv';
  if (!opts.source) await writeFile(join(dir, source), opts.csv ?? cleanCsv());
  const columns = opts.columns ?? '  科室: { name: dept, description: 科室 }\n  门诊量: { name: visits, type: integer, description: 门诊人次 }\n';
  const spec = `${(opts.meta ?? ((m) => m))(META)}${opts.keys ?? ''}source: { path: ${source}, acquiredAt: 2026-11-20 }\ncolumns:\n${columns}output: { folder: out, formats: ${opts.formats ?? '[csv, parquet, arrow]'} }\n`;
  await writeFile(join(dir, 'spec.yaml'), spec);
  return dir;
}

async function published(dir: string): Promise<string | null> {
  const versions = (await readdir(join(dir, 'out', 'gate-test')).catch(() => [] as string[])).filter((v) => /^\d/.test(v));
  return versions.length ? join(dir, 'out', 'gate-test', versions[0]!) : null;
}

function reasonCodes(json: Record<string, any>): string[] {
  return (json.error?.reviews ?? json.reviews ?? []).flatMap((r: { reasons: Array<{ code: string; severity: string }> }) => r.reasons.filter((x) => x.severity === 'error').map((x) => x.code));
}

/** An Arrow IPC source with the given extra column next to the clean ones. */
async function arrowSource(dir: string, field: Field, column: (n: number) => Data): Promise<void> {
  const schema = new Schema([new Field('科室', new Utf8(), true), new Field('门诊量', new Int32(), true), field]);
  const dept = vectorFromArray(Array.from({ length: ROWS }, (_, i) => ['内科', '外科', '儿科'][i % 3]!), new Utf8()).data[0]!;
  const visits = vectorFromArray(Array.from({ length: ROWS }, (_, i) => 10 + (i % 2)), new Int32()).data[0]!;
  const batch = batchFromColumns(schema, [dept, visits, column(ROWS)], ROWS);
  // An agency's extract as another tool wrote it: Arrow's own writer keeps the dictionary as
  // given (tuomin's writer rebuilds dictionaries from the rows, dropping entries no row uses).
  if (field.type instanceof Decimal) await writeOutput(join(dir, 'in.parquet'), schema, (async function* () { yield batch; })(), {});
  else await writeFile(join(dir, 'in.arrow'), tableToIPC(new Table([batch]), 'file'));
}

const extraColumn = (type: string) => `  科室: { name: dept, description: 科室 }\n  门诊量: { name: visits, type: integer, description: 门诊人次 }\n  x: { name: x, type: ${type}, description: 附加 }\n`;

function decimalColumn(value: bigint, precision: number): (n: number) => Data {
  return (n) => {
    const words = new Uint32Array(n * 4);
    for (let i = 0; i < n; i++) {
      let x = i === 7 ? value : BigInt(i);
      for (let w = 0; w < 4; w++) { words[i * 4 + w] = Number(x & 0xffffffffn); x >>= 32n; }
    }
    return makeData({ type: new Decimal(0, precision, 128), length: n, data: words });
  };
}

describe('the gate sees every type: run and scan exit 3', () => {
  it('a clean extract publishes (the baseline every case below changes one thing of)', async () => {
    const dir = await setup();
    const r = await tuomin(dir, ['run', 'spec.yaml']);
    expect(r.code, r.text).toBe(0);
    expect((await tuomin(dir, ['scan', r.json.packageDir])).code).toBe(0);
  });

  // Nested types cannot go to CSV (the writer refuses them): those cases publish parquet and arrow.
  const cases: Array<[string, Field, (n: number) => Data, string]> = [
    ['Parquet DECIMAL(18,0) holding ID numbers', new Field('x', new Decimal(0, 18, 128), true), decimalColumn(BigInt(ID), 18), 'number'],
    ['Parquet DECIMAL(11,0) holding mobiles', new Field('x', new Decimal(0, 11, 128), true), decimalColumn(BigInt(MOBILE), 11), 'number'],
    ['Binary holding an ID as UTF-8', new Field('x', new Binary(), true), (n) => {
      const vals = Array.from({ length: n }, (_, i) => new TextEncoder().encode(i === 7 ? `证件${ID}` : '无'));
      const offs = new Int32Array(n + 1);
      vals.forEach((v, i) => { offs[i + 1] = offs[i]! + v.length; });
      const data = new Uint8Array(offs[n]!);
      vals.forEach((v, i) => data.set(v, offs[i]!));
      return makeData({ type: new Binary(), length: n, valueOffsets: offs, data });
    }, 'string'],
    ['List<Utf8> with a mobile in one item', new Field('x', new List(new Field('item', new Utf8(), true)), true), (n) => {
      const child = vectorFromArray(Array.from({ length: n * 2 }, (_, k) => (k === 15 ? MOBILE : '无')), new Utf8()).data[0]!;
      return makeData({ type: new List(new Field('item', new Utf8(), true)), length: n, valueOffsets: Int32Array.from({ length: n + 1 }, (_, i) => i * 2), child } as never) as Data;
    }, 'string'],
    ['Struct with an ID in a child', new Field('x', new Struct([new Field('a', new Utf8(), true)]), true), (n) => {
      const a = vectorFromArray(Array.from({ length: n }, (_, i) => (i === 7 ? ID : '无')), new Utf8()).data[0]!;
      return makeData({ type: new Struct([new Field('a', new Utf8(), true)]), length: n, children: [a] });
    }, 'string'],
    ['a dictionary entry no row references', new Field('x', new Dictionary(new Utf8(), new Int32()), true), (n) => {
      const dict = makeVector(vectorFromArray(['无', `身份证${ID}`], new Utf8()).data[0]!);
      return makeData({ type: new Dictionary(new Utf8(), new Int32()), length: n, data: new Int32Array(n), dictionary: dict } as never) as Data;
    }, 'string'],
  ];
  for (const [name, field, column, type] of cases) {
    it(`${name}: scan of the source and tuomin run both exit 3`, async () => {
      const dir = await mkdtemp(join(tmpdir(), 'tuomin-gate-'));
      await arrowSource(dir, field, column);
      const src = field.type instanceof Decimal ? 'in.parquet' : 'in.arrow';
      const scan = await tuomin(dir, ['scan', src]);
      expect(scan.code, scan.text).toBe(3);
      expect(scan.json.findings.map((f: { column: string }) => f.column)).toContain('x');
      const nested = field.type instanceof List || field.type instanceof Struct;
      const d2 = await setup({ source: src, columns: extraColumn(type), ...(nested ? { formats: '[parquet, arrow]' } : {}) });
      await arrowSource(d2, field, column);
      const r = await tuomin(d2, ['run', 'spec.yaml']);
      expect(r.code, r.text).toBe(3);
      expect(await published(d2)).toBeNull();
      expect(r.text).not.toContain(ID);
      expect(r.text).not.toContain(MOBILE);
    });
  }
});

describe('the gate sees the text outside the cells', () => {
  // A run publishes only the metadata tuomin writes (test/metadata-gate.test.ts): scan still reports it.
  it('key-value metadata a source file carries (schema or field): scan exits 3, the run publishes without it', async () => {
    const dir = await setup({ source: 'in.arrow', formats: '[csv, parquet]' });
    const schema = new Schema([new Field('科室', new Utf8(), true), new Field('门诊量', new Int32(), true, new Map([['note', `录入人手机${MOBILE}`]]))], new Map([['origin', `导出人身份证${ID}`]]));
    const dept = vectorFromArray(Array.from({ length: ROWS }, (_, i) => ['内科', '外科', '儿科'][i % 3]!), new Utf8()).data[0]!;
    const visits = vectorFromArray(Array.from({ length: ROWS }, (_, i) => 10 + (i % 2)), new Int32()).data[0]!;
    await writeOutput(join(dir, 'in.arrow'), schema, (async function* () { yield batchFromColumns(schema, [dept, visits], ROWS); })(), {});
    const scan = await tuomin(dir, ['scan', 'in.arrow']);
    expect(scan.code, scan.text).toBe(3);
    expect(scan.json.findings.map((f: { column: string; place: string }) => `${f.column} ${f.place}`)).toEqual(['(schema metadata) metadata', '门诊量 metadata']);
    const r = await tuomin(dir, ['run', 'spec.yaml']);
    expect(r.code, r.text).toBe(0);
    const pkg = (await published(dir))!;
    for (const f of await readdir(pkg, { recursive: true })) {
      const bytes = await readFile(join(pkg, String(f))).catch(() => Buffer.alloc(0));
      expect(bytes.includes(ID) || bytes.includes(MOBILE), String(f)).toBe(false);
    }
    expect(r.text).not.toContain(ID);
    expect(r.text).not.toContain(MOBILE);
  });

  it('an ID used as a column header: exit 3 through run and scan, the ID printed nowhere', async () => {
    const csv = cleanCsv({ header: ID, value: () => '无' });
    const dir = await setup({ csv, columns: `  科室: { name: dept, description: 科室 }\n  门诊量: { name: visits, type: integer, description: 门诊人次 }\n  "${ID}": { description: 备注 }\n` });
    const r = await tuomin(dir, ['run', 'spec.yaml']);
    expect(r.code, r.text).toBe(3);
    expect(reasonCodes(r.json)).toContain('privacy/pii-in-header');
    expect(r.text).not.toContain(ID);
    expect(await published(dir)).toBeNull();
    const scan = await tuomin(dir, ['scan', 'in.csv']);
    expect(scan.code).toBe(3);
    expect(scan.json.findings).toContainEqual(expect.objectContaining({ column: 'column #3', type: 'cn_id', place: 'header' }));
    expect(scan.text).not.toContain(ID);
  });

  it('an ID in dataset.description and a mobile in a column description: exit 3 naming both places', async () => {
    const dir = await setup({
      meta: (m) => m.replace('各科室门诊量汇总。', `各科室门诊量汇总，联系人身份证${ID}。`),
      columns: `  科室: { name: dept, description: 科室（咨询${MOBILE}） }\n  门诊量: { name: visits, type: integer, description: 门诊人次 }\n`,
    });
    const r = await tuomin(dir, ['run', 'spec.yaml']);
    expect(r.code, r.text).toBe(3);
    const paths = r.json.error.reviews[0].reasons.filter((x: { code: string }) => x.code === 'privacy/pii-in-metadata').map((x: { path: string; type: string }) => `${x.path} ${x.type}`);
    expect(paths).toEqual(expect.arrayContaining(['dataset.description cn_id', 'columns.科室.description cn_mobile']));
    expect(r.text).not.toContain(ID);
    expect(r.text).not.toContain(MOBILE);
    expect(await published(dir)).toBeNull();
  });

  it('a keyword, a condition, a title: every spec text the package publishes is scanned', async () => {
    for (const edit of [
      (m: string) => m.replace('keywords: [门诊, 统计]', `keywords: [门诊, "${MOBILE}"]`),
      (m: string) => m.replace('title: 滨州市门诊量统计', `title: 滨州市门诊量统计${ID}`),
      (m: string) => m.replace('openAttribute: unconditional', `openAttribute: conditional\nrecipient: 滨州市某中心\nconditions:\n  - { kind: feedback, text: 向${MOBILE}反馈 }`),
    ]) {
      const dir = await setup({ meta: edit });
      const r = await tuomin(dir, ['run', 'spec.yaml']);
      expect(r.code, r.text).toBe(3);
      expect(reasonCodes(r.json)).toContain('privacy/pii-in-metadata');
      expect(r.text).not.toContain(ID);
      expect(r.text).not.toContain(MOBILE);
    }
  });

  it('a dropped column named by an ID and a suppress-rows in: list: published, but neither value is in any file', async () => {
    const csv = cleanCsv({ header: ID, value: () => '无' }).replace(/\n外科,10,无\n/, `\n外科,10,无\n`);
    const dir = await setup({
      csv,
      columns: `  科室:\n    name: dept\n    description: 科室\n    rule: { type: suppress-rows, where: { column: 科室, in: ['${ID}', '${MOBILE}', 急诊] } }\n  门诊量: { name: visits, type: integer, description: 门诊人次 }\n  "${ID}": { drop: true }\n`,
    });
    const r = await tuomin(dir, ['run', 'spec.yaml']);
    expect(r.code, r.text).toBe(0);
    const pkg = r.json.packageDir as string;
    const all = await everything(pkg);
    expect(all).not.toContain(ID);
    expect(all).not.toContain(MOBILE);
    const report = JSON.parse(await readFile(join(pkg, 'reports', 'desensitization.json'), 'utf8'));
    expect(report.droppedColumns).toEqual(['dropped column #1']);
    expect(report.columns[0].rules[0].options.where).toEqual({ column: '科室', in: '3 values' });
    expect(r.text).not.toContain(ID);
  });

  it('a source header that is an ID, renamed and given a title, publishes without the ID anywhere', async () => {
    const csv = cleanCsv({ header: ID, value: () => '无' });
    const dir = await setup({ csv, columns: `  科室: { name: dept, description: 科室 }\n  门诊量: { name: visits, type: integer, description: 门诊人次 }\n  "${ID}": { name: note, title: 备注, description: 备注 }\n` });
    const r = await tuomin(dir, ['run', 'spec.yaml']);
    expect(r.code, r.text).toBe(0);
    expect(await everything(r.json.packageDir)).not.toContain(ID);
    const report = JSON.parse(await readFile(join(r.json.packageDir, 'reports', 'desensitization.json'), 'utf8'));
    expect(report.columns[2].source).toBe('source of output column #3');
  });

  it('tuomin scan of a package folder or its datapackage.json reads the metadata files too', async () => {
    const dir = await setup();
    const r = await tuomin(dir, ['run', 'spec.yaml']);
    expect(r.code, r.text).toBe(0);
    const pkg = r.json.packageDir as string;
    const clean = await tuomin(dir, ['scan', pkg]);
    expect(clean.code, clean.text).toBe(0);
    // Tamper with the published metadata afterwards: the scan of the package finds it.
    const dp = JSON.parse(await readFile(join(pkg, 'datapackage.json'), 'utf8'));
    dp.description = `咨询电话${MOBILE}`;
    await chmod(join(pkg, 'datapackage.json'), 0o644);
    await writeFile(join(pkg, 'datapackage.json'), JSON.stringify(dp));
    await chmod(join(pkg, 'README.md'), 0o644);
    await writeFile(join(pkg, 'README.md'), `# 说明\n\n负责人身份证${ID}\n`);
    for (const target of [pkg, join(pkg, 'datapackage.json')]) {
      const s = await tuomin(dir, ['scan', target]);
      expect(s.code, s.text).toBe(3);
      expect(s.json.findings).toEqual(expect.arrayContaining([
        expect.objectContaining({ column: 'datapackage.json: description', type: 'cn_mobile', place: 'metadata', file: 'datapackage.json' }),
        expect.objectContaining({ column: 'README.md: line 3', type: 'cn_id', place: 'metadata' }),
      ]));
      expect(s.text).not.toContain(MOBILE);
      expect(s.text).not.toContain(ID);
    }
  });
});

describe('keys are never echoed, checked as bytes, warned about once, and not constant', () => {
  const keyed = '  科室: { name: dept, description: 科室, rule: { type: pseudonymize, method: hmac-sha256, key: default } }\n  门诊量: { name: visits, type: integer, description: 门诊人次 }\n';

  it('a key pasted into the spec (as a key name, an env name or a file name) is refused and never shown', async () => {
    const pastes = [
      { columns: keyed.replace('key: default', `key: ${KEY}`) },
      { columns: keyed, keys: `keys:\n  default: { env: "${KEY}" }\n` },
      { columns: keyed, keys: `keys:\n  default: { file: "${KEY}" }\n` },
    ];
    for (const p of pastes) {
      const dir = await setup(p);
      const r = await tuomin(dir, ['run', 'spec.yaml'], { TUOMIN_KEY: '' });
      expect(r.code, r.text).toBe(1);
      expect(r.text).toMatch(/looks like a key/);
      expect(r.text).not.toContain(KEY);
      expect(r.text).not.toContain(KEY.slice(0, 8));
    }
  });

  it('a key pasted under keys: is refused even when no rule uses it', async () => {
    const dir = await setup({ keys: `keys:\n  default: { env: "${KEY}" }\n` });
    const r = await tuomin(dir, ['run', 'spec.yaml']);
    expect(r.code, r.text).toBe(1);
    expect(r.text).toMatch(/looks like a key/);
    expect(r.text).not.toContain(KEY.slice(0, 8));
  });

  it('an all-zero or one-byte key is refused', async () => {
    for (const bad of ['00'.repeat(16), 'ff'.repeat(32)]) {
      const dir = await setup({ columns: keyed, keys: 'keys:\n  default: { env: TUOMIN_KEY }\n' });
      const r = await tuomin(dir, ['run', 'spec.yaml'], { TUOMIN_KEY: bad });
      expect(r.code, r.text).toBe(1);
      expect(r.json.error.code).toBe('BAD_KEY');
      expect(r.text).toMatch(/copies of one byte/);
    }
  });

  it('a key file others can read: one warning, in the review and in --json, no process warning', async () => {
    const dir = await setup({ columns: keyed, keys: 'keys:\n  default: { file: k.hex }\n' });
    await writeFile(join(dir, 'k.hex'), KEY);
    await chmod(join(dir, 'k.hex'), 0o644);
    const emitted: string[] = [];
    const onWarning = (w: Error) => emitted.push(w.message);
    process.on('warning', onWarning);
    try {
      const r = await tuomin(dir, ['run', 'spec.yaml'], { TUOMIN_KEY: '' });
      expect(r.code, r.text).toBe(0);
      const warnings = r.json.reviews.flatMap((x: { reasons: Array<{ code: string; severity: string }> }) => x.reasons.filter((w) => w.code === 'key/readable-by-others'));
      expect(warnings).toHaveLength(1);
      expect(warnings[0].message).toMatch(/k\.hex is readable by other users \(mode 644\); chmod 600 it/);
      const text = capture(dir, { TUOMIN_KEY: '' });
      expect(await main(['run', 'spec.yaml'], text.io)).toBe(0);
      expect(text.out().match(/readable by other users/g)).toHaveLength(1);
      await new Promise((res) => setImmediate(res));
      expect(emitted).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('the library given a hex string for key bytes says what to pass, and never shows the key', () => {
    const run = () => pseudonymize({ columns: ['a'], method: 'hmac-sha256', key: { id: 'k', bytes: KEY as unknown as Uint8Array }, scope: { dataset: 'd' } });
    expect(run).toThrow(/keyed rules take the key as bytes/);
    try { run(); } catch (e) {
      expect(String((e as Error).message)).toMatch(/Uint8Array\.from\(Buffer\.from\(hex, 'hex'\)\)/);
      expect(String((e as Error).message)).not.toContain(KEY);
    }
  });
});
