/**
 * Fifth sweep, second half: a social-insurance payment roster (GB18030, CRLF, no BOM, full-width
 * parentheses in the header: 缴费基数（元）) and school examination scores as NDJSON (考生号 a JSON
 * number, scores numbers, rank within school). As a new user: profile → draft → catalogue
 * metadata only → run with one worker and with two. And hand-written specs one plausible mistake
 * away from a good one, which must publish nothing identifying or be refused with a reason naming
 * the column. The independent checker is test/support/published-check.ts.
 */
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument, stringify } from 'yaml';
import { detectValue } from '@tuomin/core';
import { ReviewFailedError, draftSpec, loadSpec, profileFile, publishRun, type PublishResult } from '@tuomin/publish';
import { canonicalForm, cellLeaks, classesOver, packageLeaks, publishedNames, type Published } from './support/published-check.js';
import { fillCatalogMetadata } from './support/catalog-metadata.js';
import {
  FORMATS, attemptRun, belowK, castTo, d, dataFiles, dataset, drop, expectNoPlanted, privacy as privacyOf, readBack as readBackOf, scratchWithDuck, type Outcome, type Spec,
} from './support/sweep-flow.js';
import type { Extract4 } from './support/unseen-4.js';
import { examScores, gb18030CrlfCsv, insurancePayments, ndjsonText } from './support/unseen-5b.js';

const ROWS = 2000;
const K = 5;

const scratch = scratchWithDuck('tuomin-unseen5b-');

const insurance = insurancePayments(ROWS, 11);
const exams = examScores(ROWS, 11);
const examExtract: Extract4 = { header: Object.keys(exams.records[0]!), rows: [], direct: exams.direct, canonical: exams.canonical, attacker: exams.attacker };

interface Domain { x: Extract4; write(): string }
const DOMAINS: Record<string, Domain> = {
  'social-insurance payments (GB18030 CSV, CRLF, full-width header)': {
    x: insurance,
    write: () => { writeFileSync(join(scratch.dir, 'insurance.csv'), gb18030CrlfCsv(insurance)); return 'insurance.csv'; },
  },
  'examination scores (NDJSON)': {
    x: examExtract,
    write: () => { writeFileSync(join(scratch.dir, 'exams.ndjson'), ndjsonText(exams.records)); return 'exams.ndjson'; },
  },
};

/** Columns of a draft the review refuses (with a reason naming them), by domain: a user drops them and runs again. */
const REFUSED_DRAFT_COLUMNS: Record<string, string[]> = { 'social-insurance payments (GB18030 CSV, CRLF, full-width header)': ['备注'] };

const readBack = (r: PublishResult, specText: string, x: Extract4): Promise<{ p: Published; attacker: string[] }> => readBackOf(scratch.duck, r, specText, x);

describe.each(Object.keys(DOMAINS))('unseen domain %s: profile → draft → catalogue metadata only → run', (name) => {
  const { x, write } = DOMAINS[name]!;
  const slug = name.replace(/[^a-zA-Z]+/g, '-').replace(/^-|-$/g, '');
  let one: PublishResult | undefined;
  let specText = '';

  it('publishes every format, with one worker and with two (the same data bytes)', async () => {
    const source = join(scratch.dir, write());
    const specPath = join(scratch.dir, `${slug}.yaml`);
    const doc = parseDocument(fillCatalogMetadata(draftSpec(await profileFile(source), specPath, '2026-12-01')));
    doc.setIn(['output', 'formats'], FORMATS);
    specText = doc.toString();
    writeFileSync(specPath, specText);
    try {
      one = await publishRun(await loadSpec(specPath), { outputFolder: join(scratch.dir, `${slug}-w1`), env: {}, workers: 1 });
    } catch (err) {
      // Refused (exit 3): the reason must name the column and the fix; the user follows its
      // "drop it" and runs again. The free-text remark of the roster is refused so (its redacted
      // text, 原单位 and all, still singles records out).
      if (!(err instanceof ReviewFailedError)) throw err;
      const paths = err.reviews.flatMap((rv) => rv.reasons.filter((rs) => rs.severity === 'error').map((rs) => rs.path ?? ''));
      const columns = [...new Set(paths.filter((q) => q.startsWith('columns.')).map((q) => q.slice('columns.'.length)))];
      expect(columns, err.message).toEqual(REFUSED_DRAFT_COLUMNS[name] ?? []);
      for (const c of columns) doc.setIn(['columns', c], doc.createNode({ drop: true }));
      specText = doc.toString();
      writeFileSync(specPath, specText);
      one = await publishRun(await loadSpec(specPath), { outputFolder: join(scratch.dir, `${slug}-w1`), env: {}, workers: 1 });
    }
    expect(one.rows).toBeGreaterThan(ROWS * 0.9);
    const two = await publishRun(await loadSpec(specPath), { outputFolder: join(scratch.dir, `${slug}-w2`), env: {}, workers: 2, partitionBytes: 96 * 1024 });
    expect(dataFiles(two)).toEqual(dataFiles(one));
  });

  it('no planted identifier in any file of the package, in any spelling', async () => {
    expect(one, 'the run above failed').toBeDefined();
    await expectNoPlanted(scratch.duck, one!, specText, x);
  });

  it(`every published record is in a class of at least ${K} over the columns an attacker knows`, async () => {
    expect(one, 'the run above failed').toBeDefined();
    const { p, attacker } = await readBack(one!, specText, x);
    expect(belowK(p, attacker, K)).toEqual({ classesBelowK: 0, recordsBelowK: 0 });
  });
});

// ------------------------------------------------------------------ hand-written specs, one mistake each

const attempt = (spec: Spec, workers: number): Promise<Outcome> => attemptRun(spec, { dir: scratch.dir, workers, partitionBytes: 96 * 1024 });
const privacy = (plain: string[], dates: string[] = [], counts: Record<string, number[]> = {}, sensitive: string[] = []): Spec => privacyOf(plain, dates, counts, sensitive, K);
const INS = 'social-insurance payments (GB18030 CSV, CRLF, full-width header)';
const EXAM = 'examination scores (NDJSON)';
const SCORE_COLUMNS = { 语文: d('语文', { name: 'chinese' }), 数学: d('数学', { name: 'maths' }), 英语: d('英语', { name: 'english' }), 物理: d('物理', { name: 'physics' }), 化学: d('化学', { name: 'chemistry' }), 生物: d('生物', { name: 'biology' }) };

/** [case, domain, spec, the source column the mistake is in] */
const HAND: Array<[string, string, () => Spec, string]> = [
  ['exam scores: the rank within school kept beside school and class (a re-identification path)', EXAM, () => ({
    ...dataset('exams', '考试成绩统计', 'exams.ndjson'),
    columns: {
      考生号: drop, 准考证号: drop, 姓名: drop, 班主任: drop, 家长电话: drop,
      性别: d('性别', { name: 'sex' }),
      出生日期: d('出生日期（按 k-匿名泛化）', { name: 'birth', rule: castTo('date') }),
      学校: d('学校', { name: 'school' }),
      班级: d('班级', { name: 'class' }),
      ...SCORE_COLUMNS,
      总分: d('总分', { name: 'total' }),
      校内排名: d('校内排名', { name: 'rank' }),
    },
    privacy: privacy(['性别', '学校', '班级'], ['出生日期']),
  }), '校内排名'],
  ['exam scores: the total as the sensitive attribute, with no l-diversity', EXAM, () => ({
    ...dataset('exams', '考试成绩统计', 'exams.ndjson'),
    columns: {
      考生号: drop, 准考证号: drop, 姓名: drop, 班主任: drop, 家长电话: drop, 校内排名: drop,
      性别: d('性别', { name: 'sex' }),
      出生日期: d('出生日期（按 k-匿名泛化）', { name: 'birth', rule: castTo('date') }),
      学校: d('学校', { name: 'school' }),
      班级: d('班级', { name: 'class' }),
      ...SCORE_COLUMNS,
      总分: d('总分', { name: 'total', sensitivity: 'L4' }),
    },
    privacy: { ...privacy(['性别', '学校', '班级'], ['出生日期']) },
  }), '总分'],
  ['exam scores: the head teacher (班主任) kept as a class figure', EXAM, () => ({
    ...dataset('exams', '考试成绩统计', 'exams.ndjson'),
    columns: {
      考生号: drop, 准考证号: drop, 姓名: drop, 家长电话: drop, 校内排名: drop,
      性别: d('性别', { name: 'sex' }),
      出生日期: d('出生日期（按 k-匿名泛化）', { name: 'birth', rule: castTo('date') }),
      学校: d('学校', { name: 'school' }),
      班级: d('班级', { name: 'class' }),
      班主任: d('班主任', { name: 'head_teacher' }),
      ...SCORE_COLUMNS,
      总分: d('总分', { name: 'total' }),
    },
    privacy: privacy(['性别', '学校', '班级'], ['出生日期']),
  }), '班主任'],
  ['social insurance: the 备注 column (cards, IDs, split bank cards, names of agents) redacted instead of dropped', INS, () => ({
    ...dataset('insurance', '社保缴费统计', 'insurance.csv'),
    columns: {
      个人编号: drop, 姓名: drop, 公民身份号码: drop, 统一社会信用代码: drop, 户籍地址: drop, 银行卡号: drop, 社会保障卡号: drop,
      '单位缴费（元）': drop, '个人缴费（元）': drop,
      性别: d('性别', { name: 'sex' }),
      单位名称: d('单位名称', { name: 'employer' }),
      险种类型: d('险种', { name: 'risk' }),
      缴费年月: d('缴费年月', { name: 'month' }),
      '缴费基数（元）': d('缴费基数（元，按 k-匿名泛化）', { name: 'base', rule: castTo('float64') }),
      参保日期: d('参保日期（按 k-匿名泛化）', { name: 'joined', rule: castTo('date') }),
      备注: d('备注（已遮盖）', { name: 'remark', rule: { type: 'redact' } }),
    },
    privacy: privacy(['性别', '单位名称'], ['参保日期'], { '缴费基数（元）': [1000, 5000, 10000] }),
  }), '备注'],
];

describe('hand-written specs, one plausible mistake each: published with nothing identifying, or refused with a reason', () => {
  it.each(HAND)('%s', async (_case, domain, spec, column) => {
    const { x, write } = DOMAINS[domain]!;
    write();
    for (const workers of [1, 2]) {
      const o = await attempt(spec(), workers);
      for (const v of [...x.canonical].slice(0, 300)) expect(o.message.includes(v), 'a value in the message').toBe(false);
      if (o.exit !== 0) {
        expect(o.exit, o.message).toBe(3);
        expect(o.reasons.some((r) => r.includes(`columns.${column}`)), o.message).toBe(true);
        continue;
      }
      const r = o.result!;
      expect(await packageLeaks(scratch.duck, r.packageDir, x.canonical)).toEqual({});
      const specText = stringify(spec());
      const { p } = await readBack(r, specText, x);
      expect(cellLeaks(p, x.direct)).toEqual({});
      const names = publishedNames(specText, x.header);
      const c = classesOver(p, x.attacker.map((a) => names.get(a) ?? a), K);
      expect({ classesBelowK: c.classesBelowK, recordsBelowK: c.recordsBelowK }).toEqual({ classesBelowK: 0, recordsBelowK: 0 });
    }
  });
});

it('every identifier planted in the roster\'s 备注 is found where redact looks (split bank cards, old 社保卡 numbers, 个人编号, agents)', () => {
  const remark = insurance.header.indexOf('备注');
  let left = 0;
  for (const row of insurance.rows) {
    const cell = row[remark]!;
    let kept = '';
    let at = 0;
    for (const f of [...detectValue(cell)].sort((a, b) => a.start - b.start)) {
      if (f.start < at) continue;
      kept += `${cell.slice(at, f.start)}\u0001`;
      at = f.end;
    }
    kept = canonicalForm(kept + cell.slice(at));
    for (const v of insurance.canonical) if (kept.includes(canonicalForm(v))) left++;
  }
  expect(left).toBe(0);
});

it('the generated sources keep the shapes they are meant to test', () => {
  const bytes = gb18030CrlfCsv(insurance);
  expect(bytes.includes(Buffer.from('缴费基数（元）', 'utf8'))).toBe(false);
  expect(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
  expect(bytes.includes(Buffer.from('\r\n'))).toBe(true);
  expect(insurance.rows.every((r) => /^\d+\.\d{2}$/.test(r[9]!))).toBe(true);
  expect(exams.records.every((r) => typeof r.考生号 === 'number' && String(r.考生号).length === 14)).toBe(true);
});
