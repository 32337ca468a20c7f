/**
 * An eleventh sweep over domains no earlier sweep generated (fixtures/lib/domains/unseen11.ts):
 * marriage registrations (both spouses, GB18030), exam scores with school and class (pinyin
 * initials, minors), bus-card trips (NDJSON), prescriptions (English headers, the doctor too),
 * sanitation-truck GPS traces (no person: must publish) and census-like micro-data (k over six
 * columns). As a user runs them: profile → draft → catalogue metadata only → run every format;
 * then the independent checker (test/support/published-check.ts) looks for every planted name and
 * identifier in every file of the package and counts classes over the columns an attacker knows.
 */
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { draftSpec, profileFile } from '@tuomin/publish';
import { fillCatalogMetadata } from './support/catalog-metadata.js';
import { attemptRun, describeDraftedRelease, publishedCsv, scratchWithDuck, type Spec } from './support/sweep-flow.js';
import {
  busCardTrips, censusMicrodata, examScores, extract11Bytes, marriageRegistrations, prescriptions, sanitationGps, type Extract11,
} from '../fixtures/lib/domains/unseen11.js';

const ROWS = 1500;
const K = 5;
const SEED = 31;
const scratch = scratchWithDuck('tuomin-unseen11-');

const DOMAINS: Record<string, { x: Extract11; file: string }> = {
  '婚姻登记 marriage registrations (GB18030, CRLF, both spouses)': { x: marriageRegistrations(ROWS, SEED), file: 'marriages.csv' },
  '学生成绩 exam scores (UTF-8 BOM, pinyin initials, minors)': { x: examScores(ROWS, SEED), file: 'scores.csv' },
  '公交刷卡 bus-card trips (NDJSON, camelCase)': { x: busCardTrips(ROWS, SEED), file: 'bus-trips.ndjson' },
  '处方 prescriptions (English headers, patient and doctor)': { x: prescriptions(ROWS, SEED), file: 'prescriptions.csv' },
  '环卫车辆GPS sanitation-truck traces (tabs, no person)': { x: sanitationGps(ROWS, SEED), file: 'sanitation-gps.tsv' },
  '人口抽样 census micro-data (k over six columns)': { x: censusMicrodata(ROWS, SEED), file: 'census.csv' },
};

const [MARRIAGES, SCORES, BUS, RX, GPS, CENSUS] = Object.keys(DOMAINS) as [string, string, string, string, string, string];

// Known gaps of the draft at seed 31, 1,500 rows each (counted by the checker, never by the code
// under test). Each is a column the draft publishes raw beside the quasi-identifiers it does
// generalize; without that one column every published record is among 5 (measured):
//  - bus-card trips: the boarding stop and the card type (老年卡, 学生卡 tell an age group) are no
//    quasi-identifiers: 12 classes, 25 records below k over card type, stop and boarding time;
//  - prescriptions: the department (dept: 精神科, 感染科) is no quasi-identifier: 522 classes, 1,174
//    records below k over date, hospital, department, sex and age.
// Where a fix belongs: packages/core/src/detect/quasi-header.ts (headers: 登记机关, xx, dept,
// boardStop, cardType) or quasi-values.ts (a school, a department, a stop by its values).
// And one leak: the prescribing doctor's licence number (doctor_license_no, 15 digits, 40 doctors)
// is drafted as free text to redact (5.8 % of its values read as 15-digit IDs), so the other
// licences are kept: 38 of 40 published, 1,392 cells in each of the 5 data files, beside a doctor
// name the draft drops. A per-person code, not text: packages/publish/src/profile/suggest.ts
// (PERSON_KEY_HEADER, or the code-key branch for integer columns of few distinct values).
// Closed (H11): the exam scores' school (xx, values 滨州市第一中学 …) is attacker-known by its values
// (core quasi-values.ts, a school a person attends in half the cells): 747 classes, 1,392 records
// below k over sex, birth date, school and class (minors) before, 0 now. So is the marriages'
// registry office (登记机关, values …婚姻登记处, one per county: where the couple lives): 696
// classes, 1,352 records below k over the registration date, both birth dates and the office
// before, 0 now (by values only: 登记机关 heads an enterprise register's authority as often).
// Closed (session 11, H1): the stop, the card type (and the route) and the department are
// attacker-known by their headers (core quasi-header.ts): 25 and 1,174 records below k before, 0 now.
const K_GAP = new Set<string>([]);
// Closed (H12): the licence number is drafted as a person's codes and dropped (suggest.ts, person-key.ts).
const LEAK_GAP = new Set<string>([]);

describeDraftedRelease(DOMAINS, { scratch: () => scratch, bytes: extract11Bytes, rows: ROWS, k: K, kGap: K_GAP, leakGap: LEAK_GAP });

// ------------------------------------------------------------------ the cause of each gap, one by one

/** The draft of one extract as plain data (the source written first). */
async function draftOf(key: string): Promise<Spec> {
  const { x, file } = DOMAINS[key]!;
  writeFileSync(join(scratch.dir, file), extract11Bytes(x));
  return parse(draftSpec(await profileFile(join(scratch.dir, file)), join(scratch.dir, 'probe.yaml'), '2026-12-01')) as Spec;
}
const qisOf = (spec: Spec): string[] => (spec.privacy?.quasiIdentifiers ?? []) as string[];

describe('what the draft misses, by column (each was an it.fails until its fix landed)', () => {
  const MISSED: Array<[string, string, string]> = [
    [BUS, 'boardStop', 'the boarding stop (a card rides from its home stop)'],
    [BUS, 'cardType', 'the card type (老年卡, 学生卡: an age group)'],
    [RX, 'dept', 'the hospital department (精神科, 感染科)'],
  ];
  it.each(MISSED)('%s: %s is a quasi-identifier (%s)', async (key, column) => {
    expect(qisOf(await draftOf(key))).toContain(column);
  });

  it('marriages: 登记机关 (the registry office, one per county) is a quasi-identifier by its values (…婚姻登记处)', async () => {
    expect(qisOf(await draftOf(MARRIAGES))).toContain('登记机关');
  });

  it('exam scores: xx (the school, 学校 in pinyin initials) is a quasi-identifier by its values (滨州市第一中学 …)', async () => {
    expect(qisOf(await draftOf(SCORES))).toContain('xx');
  });

  it('prescriptions: the doctor\'s licence number is dropped like the doctor\'s name (was drafted as text to redact: 38 of 40 published)', async () => {
    expect((await draftOf(RX)).columns.doctor_license_no.drop).toBe(true);
  });

  // Utility, not privacy: drug_name reads as a person-name header (…_name), 8 % of its cells are
  // taken for names, and the draft drops the one column the extract is about. Where a fix belongs:
  // packages/core/src/detect/header-modes.ts (isNameHeader: a drug's, a vaccine's name is a thing's).
  it('prescriptions: the drug name (13 drugs, none a person) is kept', async () => {
    expect((await draftOf(RX)).columns.drug_name.drop).toBeUndefined();
  });

  // Utility, not privacy: 5 % of the ages are typed in full-width digits (２３). The column was read
  // as text of ~144 distinct values, got value-then-* instead of age bands, and the search
  // published every age as *. Closed: full-width digits are digits to the profiler, inference and
  // cast alike (core kernels/full-width.ts; test/fullwidth-numbers.test.ts).
  it('census: the age (5 % in full-width digits) gets age bands', async () => {
    expect((await draftOf(CENSUS)).privacy.hierarchies['年龄'].builtin).toBe('interval');
  });

  it('census: every column a neighbour knows is a quasi-identifier of the draft (k over six columns)', async () => {
    const qis = qisOf(await draftOf(CENSUS));
    for (const c of DOMAINS[CENSUS]!.x.attacker) expect(qis).toContain(c);
  });
});

// ------------------------------------------------------------------ a vehicle's trace is no person's

describe('环卫车辆GPS: the coordinates of a sanitation truck', () => {
  // The draft's note says only "keep the column with allow: [geo_coordinate]"; that alone is
  // refused (L4 with no rule, an allowed personal type with no public reason: 4 reasons, each
  // naming the column and what to add). docs/detection.md gives the whole way, followed here.
  it('the draft drops them (fail closed: a trace may be a person\'s); kept as docs/detection.md says (allow, public reason, L1) they publish, no refusal', async () => {
    const spec = await draftOf(GPS);
    for (const [c, description] of [['jd', '经度'], ['wd', '纬度']] as const) {
      expect(spec.columns[c].drop, c).toBe(true);
      spec.columns[c].description = description;
      delete spec.columns[c].drop;
      spec.columns[c].allow = ['geo_coordinate'];
      spec.columns[c].sensitivity = 'L1';
      spec.columns[c].public = { reason: '环卫作业车辆属市政公用设施，其作业轨迹不涉及个人，按《政府信息公开条例》第二十条主动公开' };
    }
    const filled = parse(fillCatalogMetadata(JSON.stringify(spec))) as Spec;
    filled.source.path = DOMAINS[GPS]!.file;
    filled.output = { folder: 'out', formats: ['csv'] };
    const o = await attemptRun(filled, { dir: scratch.dir });
    expect(o.reasons, o.message).toEqual([]);
    expect(o.result!.rows).toBe(ROWS);
    const p = await publishedCsv(scratch.duck, o.result!);
    const jd = p.columns.indexOf('jd');
    expect(jd, p.columns.join(', ')).toBeGreaterThanOrEqual(0);
    expect(new Set(p.rows.map((r) => r[jd])).size).toBeGreaterThan(ROWS * 0.9);
  });
});
