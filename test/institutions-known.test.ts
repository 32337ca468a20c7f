/**
 * An institution a person attends or belongs to (a kindergarten, a volunteer team, a clinic of
 * registration) is what a neighbour knows (docs/privacy.md, "Institutions"): a spec that leaves it
 * out of the quasi-identifiers is refused when the records are persons', by the header or by the
 * values under a neutral header, and a register of the institutions themselves (an inspection of
 * kindergartens, a clinic's monthly doses: no person) publishes as before. Seeded generators of
 * this file's own (English camelCase headers, a neutral 分组, full-width digits in a class).
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadSpec, publishRun } from '@tuomin/publish';
import { parse } from 'yaml';
import { readFileSync, writeFileSync } from 'node:fs';
import { attemptRun, csvText, d, dataset, draftedSpec, drop, privacy, refusalOf, scratchWithDuck, type Spec } from './support/sweep-flow.js';
import { mulberry32 } from '../fixtures/lib/rng.js';

const scratch = scratchWithDuck('tuomin-institutions-');

/** A small seeded generator (mulberry32): the same rows every run. */
const rng = mulberry32;
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

const DISTRICTS = ['德城区', '陵城区', '禹城市', '乐陵市', '临邑县', '齐河县', '平原县', '夏津县'];
const KINDERGARTENS = DISTRICTS.flatMap((c) => ['实验幼儿园', '第一幼儿园', '机关幼儿园', '阳光幼儿园', '育才幼儿园'].map((k) => `${c}${k}`));
const TEAMS = DISTRICTS.flatMap((c) => [`${c}青年志愿服务队`, `${c}巾帼志愿服务队`, `${c}义工协会`, `${c}应急救援队`]);
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const GIVEN = ['子涵', '一诺', '浩宇', '欣怡', '梓萱', '宇轩', '雨桐', '俊熙', '诗琪', '明哲'];
const ROWS = 600;

/** A kindergarten's health check-ups, as a school-health system exports them (English camelCase). */
function checkups(seed: number): { header: string[]; rows: string[][] } {
  const r = rng(seed);
  const header = ['childName', 'gender', 'birthYear', 'kindergarten', 'visionLeft'];
  const rows = Array.from({ length: ROWS }, () => [
    `${pick(r, SURNAMES)}${pick(r, GIVEN)}`, pick(r, ['男', '女']), String(pick(r, [2020, 2021, 2022])), pick(r, KINDERGARTENS), pick(r, ['4.8', '4.9', '5.0', '5.1']),
  ]);
  return { header, rows };
}

/** Volunteer hours where the team is under a neutral header (分组): only its values say what it is. */
function volunteerGroups(seed: number): { header: string[]; rows: string[][] } {
  const r = rng(seed);
  const header = ['姓名', '性别', '出生年份', '分组', '服务时长'];
  const rows = Array.from({ length: ROWS }, () => [
    `${pick(r, SURNAMES)}${pick(r, GIVEN)}`, pick(r, ['男', '女']), String(1960 + Math.floor(r() * 4) * 10), pick(r, TEAMS), String(pick(r, [1, 2, 3, 4])),
  ]);
  return { header, rows };
}

/** An inspection register of kindergartens as entities: no person in it. */
function inspections(seed: number): { header: string[]; rows: string[][] } {
  const r = rng(seed);
  const header = ['幼儿园名称', '所在区县', '检查日期', '检查结果', '整改项数'];
  const rows = KINDERGARTENS.flatMap((k, i) => Array.from({ length: 4 }, (_, q) => [
    k, DISTRICTS[Math.floor(i / 5)]!, `2025-${String(3 * q + 1).padStart(2, '0')}-${String(1 + Math.floor(r() * 27)).padStart(2, '0')}`, pick(r, ['合格', '基本合格', '限期整改']), String(Math.floor(r() * 4)),
  ]));
  return { header, rows };
}

/** A vaccination clinic's monthly doses (接种单位, by clinic): counts, no person. */
function clinicDoses(seed: number): { header: string[]; rows: string[][] } {
  const r = rng(seed);
  const clinics = DISTRICTS.map((c) => `${c}疾病预防控制中心预防接种门诊`).concat(DISTRICTS.map((c) => `${c}城区街道社区卫生服务中心`));
  const header = ['接种单位', '月份', '疫苗名称', '接种剂次'];
  const rows = clinics.flatMap((c) => ['2025-07', '2025-08', '2025-09'].flatMap((m) => ['乙肝疫苗', '麻腮风疫苗'].map((v) => [c, m, v, String(50 + Math.floor(r() * 400))])));
  return { header, rows };
}

function write(x: { header: string[]; rows: string[][] }, file: string): void {
  writeFileSync(join(scratch.dir, file), csvText(x.header, x.rows));
}

const spec = (id: string, title: string, file: string, columns: Spec, more: Spec = {}): Spec => ({ ...dataset(id, title, file), output: { folder: 'out', formats: ['csv'] }, columns, ...more });

describe('an institution a person attends or belongs to counts in k', () => {
  it('a check-up list that leaves the kindergarten out of the quasi-identifiers is refused, naming it (by its header)', async () => {
    write(checkups(31), 'checkups.csv');
    const o = await attemptRun(spec('kg-checkups', '幼儿体检', 'checkups.csv', {
      childName: drop, gender: d('性别'), birthYear: d('出生年份'), kindergarten: d('幼儿园'), visionLeft: d('左眼视力'),
    }, { privacy: privacy(['gender', 'birthYear']) }), { dir: scratch.dir });
    expect(o.exit, o.message).toBe(3);
    expect(o.message).toContain('kindergarten');
    // Counts and column names only: no kindergarten's name in the refusal.
    for (const k of KINDERGARTENS) expect(o.message).not.toContain(k);
  });

  it('volunteer hours with the team under a neutral header (分组) are refused, naming it (by its values)', async () => {
    write(volunteerGroups(37), 'volunteers.csv');
    const o = await attemptRun(spec('vol-groups', '志愿服务时长', 'volunteers.csv', {
      姓名: drop, 性别: d('性别'), 出生年份: d('出生年份'), 分组: d('分组'), 服务时长: d('服务时长'),
    }, { privacy: privacy(['性别', '出生年份']) }), { dir: scratch.dir });
    expect(o.exit, o.message).toBe(3);
    expect(o.message).toContain('分组');
    for (const t of TEAMS) expect(o.message).not.toContain(t);
  });
});

describe('a register of institutions as entities (no person) publishes as before', () => {
  it('an inspection of kindergartens, every column kept, publishes every row', async () => {
    const x = inspections(41);
    write(x, 'inspections.csv');
    const o = await attemptRun(spec('kg-inspections', '幼儿园检查结果', 'inspections.csv', Object.fromEntries(x.header.map((h) => [h, d(h)]))), { dir: scratch.dir });
    expect(o.reasons, o.message).toEqual([]);
    expect(o.result?.rows).toBe(x.rows.length);
  });

  // No column of these registers reads as a person's (no name, identifier, demographic; 检查结果 is a
  // health word by its header only): the draft imposes no k and keeps every value
  // (publish profile/register-of-things.ts). With persons the search would generalize the kindergarten.
  async function draftAndRun(x: { header: string[]; rows: string[][] }, file: string): Promise<void> {
    write(x, file);
    const specPath = join(scratch.dir, `${file}.yaml`);
    await draftedSpec(join(scratch.dir, file), specPath);
    let refusal;
    let rows = 0;
    try {
      rows = (await publishRun(await loadSpec(specPath), { outputFolder: join(scratch.dir, `${file}-out`), env: {}, workers: 1 })).rows;
    } catch (err) {
      refusal = refusalOf(err);
    }
    expect(refusal?.reasons ?? [], `${file}: ${refusal?.message}`).toEqual([]);
    expect(rows, file).toBeGreaterThanOrEqual(Math.floor(0.95 * x.rows.length));
    expect((parse(readFileSync(specPath, 'utf8')) as Spec).columns[x.header[0]!].drop, file).toBeUndefined();
  }

  it('the draft of the inspection register publishes (no refusal), the kindergarten kept', async () => {
    await draftAndRun(inspections(43), 'inspections-draft.csv');
  });

  // Was a known gap: the draft handed 接种单位 to the search but kept the month (月份: 2025-07, text
  // no cast reads as a date) out of it, while the review counts a month by its values as an event's
  // date: 96 of 96 records in classes of 2 over (接种单位, 月份), refused. Now the draft reads the
  // month with the review's own test (core date-text.ts), and a register with no person in it gets
  // no k at all (profile/register-of-things.ts): every dose count published as it is.
  it('the draft of a clinic\'s monthly doses publishes (no refusal), the clinic kept', async () => {
    await draftAndRun(clinicDoses(47), 'doses.csv');
  });
});
