/**
 * A ninth sweep, over the hardest unseen data: free text as clerks write it
 * (fixtures/lib/domains/unseen-9.ts): a 12345 hotline work-order log and a petition/complaint reply
 * log with English and pinyin mixed in. Published through the real flow twice: with a hand-written
 * spec a careful user writes (identifier columns dropped, the text columns redacted) and with the
 * draft. Then every planted identifier is looked for in every published cell and the leaks are
 * counted per kind (counts, never values).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { parseDocument } from 'yaml';
import { draftSpec, loadSpec, profileFile, publishRun } from '@tuomin/publish';
import { canonicalForm, type Published } from './support/published-check.js';
import { fillCatalogMetadata } from './support/catalog-metadata.js';
import { FORMATS, attemptRun, d, dataset, drop, readBack, refusalOf, type Spec } from './support/sweep-flow.js';
import { extractBytes, hotlineLog, petitionReplies, SHOPS, type Extract9, type Kind } from '../fixtures/lib/domains/unseen-9.js';

const ROWS = 1500;

let dir = '';
let duck: DuckDBConnection;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tuomin-unseen9-'));
  duck = await (await DuckDBInstance.create(':memory:')).connect();
});
afterAll(() => {
  duck?.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

// A door-level address: a building, unit or room number left in a cell (as published-check.ts reads it).
const DOOR = /\d+\s*(?:号楼|栋|幢|单元|室)|\d{1,3}-\d{1,2}-\d{3,4}(?!\d)/;
// Kinds looked for in any spelling (spaces, dashes, middle dots, case).
const COMPANY = new RegExp(`滨州市[^，。；,;\\s]{2,4}?(?:${SHOPS.join('|')})`, 'g');
const COMPANY_OF = (name: string): string[] => SHOPS.map((s) => `滨州市${name}${s}`);
const CANONICAL = new Set<Kind>(['phone', 'id', 'plate', 'wechat', 'email']);

/** Planted identifiers found in published cells, by kind: a planted value counts once per cell it is in. */
function leaksByKind(p: Published, x: Extract9): Record<string, number> {
  const cells = p.rows.flat().filter((c): c is string => c !== null);
  const whole = cells.join('\n');
  // Names are looked for outside company names (counted apart, as 'name in a company').
  const raw = whole.replace(COMPANY, '');
  const canon = cells.map(canonicalForm).join('\n');
  const out: Record<string, number> = {};
  const bump = (k: string): void => { out[k] = (out[k] ?? 0) + 1; };
  const seen = new Set<string>();
  for (const { kind, value } of x.planted) {
    if (kind === 'door-level address') continue;
    const key = `${kind}\u0000${value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (kind === 'name in a company') { if (COMPANY_OF(value).some((co) => whole.includes(co))) bump(kind); continue; }
    if (CANONICAL.has(kind) ? canon.includes(canonicalForm(value)) : raw.includes(value)) bump(kind);
  }
  for (const c of cells) if (DOOR.test(c)) bump('door-level address');
  return out;
}

const HOTLINE = hotlineLog(ROWS, 19);
const PETITIONS = petitionReplies(ROWS, 19);

const hotlineSpec: Spec = {
  ...dataset('hotline-12345', '滨州市12345热线工单', 'hotline.csv', '滨州市12345政务服务便民热线'),
  columns: {
    来电人: drop, 来电号码: drop,
    工单编号: d('工单编号', { public: { reason: '工单编号按工单流水编排，不指向个人，12345 平台已公开查询' } }), 受理时间: d('受理月份', { name: 'month', rule: { type: 'generalize', method: 'date', unit: 'month' } }),
    诉求类型: d('诉求类型', { name: 'topic' }),
    诉求内容: d('诉求内容（个人信息已遮盖）', { name: 'request', rule: { type: 'redact' } }),
    承办单位: d('承办单位', { name: 'unit' }),
    处理结果: d('处理结果（个人信息已遮盖）', { name: 'outcome', rule: { type: 'redact' } }),
    办结时间: drop, 满意度: d('满意度', { name: 'satisfaction' }),
  },
};
const petitionSpec: Spec = {
  ...dataset('petition-replies', '滨州市信访投诉答复', 'petitions.csv', '滨州市信访局'),
  columns: {
    信访人: drop, 证件号码: drop, 联系方式: drop,
    编号: d('编号', { public: { reason: '信访事项流水号，不指向个人，办理结果按编号公开查询' } }), 登记日期: d('登记月份', { name: 'month', rule: { type: 'generalize', method: 'date', unit: 'month' } }),
    渠道: d('渠道', { name: 'channel' }),
    事项摘要: d('事项摘要（个人信息已遮盖）', { name: 'gist', rule: { type: 'redact' } }),
    答复意见: d('答复意见（个人信息已遮盖）', { name: 'reply', rule: { type: 'redact' } }),
    答复单位: d('答复单位', { name: 'unit' }), 状态: d('状态', { name: 'status' }),
  },
};

const CASES = [
  { label: '12345 热线工单', x: HOTLINE, file: 'hotline.csv', spec: hotlineSpec },
  { label: '信访投诉答复 (GB18030, English and pinyin)', x: PETITIONS, file: 'petitions.csv', spec: petitionSpec },
] as const;

// Each extract is published once per spec; the tests below read the counts.
const runs = new Map<string, Promise<Record<string, number>>>();
const once = (key: string, f: () => Promise<Record<string, number>>): Promise<Record<string, number>> => {
  if (!runs.has(key)) runs.set(key, f());
  return runs.get(key)!;
};

function handWritten(c: (typeof CASES)[number]): Promise<Record<string, number>> {
  return once(`hand ${c.file}`, async () => {
    writeFileSync(join(dir, c.file), extractBytes(c.x));
    const o = await attemptRun(c.spec, { dir });
    expect(o.exit, o.message).toBe(0);
    const { p } = await readBack(duck, o.result!, '', { header: [], attacker: [] });
    expect(p.rows.length).toBe(ROWS);
    return leaksByKind(p, c.x);
  });
}

const draftColumns = new Map<string, string[]>();
function drafted(c: { x: Extract9; file: string }): Promise<Record<string, number>> {
  return once(`draft ${c.file}`, async () => {
    writeFileSync(join(dir, c.file), extractBytes(c.x));
    const specPath = join(dir, `${c.file}.yaml`);
    const doc = parseDocument(fillCatalogMetadata(draftSpec(await profileFile(join(dir, c.file)), specPath, '2026-12-01')));
    doc.setIn(['output', 'formats'], FORMATS);
    const specText = doc.toString();
    writeFileSync(specPath, specText);
    let result;
    try {
      result = await publishRun(await loadSpec(specPath), { outputFolder: join(dir, `${c.file}-draft-out`), env: {}, workers: 1 });
    } catch (err) {
      const r = refusalOf(err);
      expect(r.reasons, r.message).toEqual([]);
    }
    const { p } = await readBack(duck, result!, specText, { header: [], attacker: [] });
    draftColumns.set(c.file, p.columns);
    return leaksByKind(p, c.x);
  });
}

const only = (leaks: Record<string, number>, kinds: readonly string[]): Record<string, number> =>
  Object.fromEntries(Object.entries(leaks).filter(([k]) => kinds.includes(k)));

// Identifiers with a shape (a check digit, a length, a prefix, an @): the redact rule finds them in
// any spelling the fixture writes (138 1234 5678, 138-1234-5678, 鲁M·A1234, wxid_…, IDs mid-sentence).
const SHAPED = ['phone', 'id', 'plate', 'wechat', 'email', 'door-level address'];

describe.each(CASES)('free text, unseen: $label', (c) => {
  it('plants every kind it claims (the fixture is no empty sweep)', () => {
    const kinds = new Set(c.x.planted.map((v) => v.kind));
    for (const k of ['name', 'honorific', 'relative', 'phone', 'phone in words', 'id', 'plate', 'wechat', 'door-level address', 'name in a company'] as const) expect(kinds.has(k), k).toBe(true);
  });

  it('the draft publishes no planted identifier in any cell (it drops the free text it cannot vouch for)', async () => {
    expect(await drafted(c)).toEqual({});
    // It drops every free-text column (L3: names no context word announces are likely there).
    expect(draftColumns.get(c.file)!.filter((col) => c.x.text.includes(col))).toEqual([]);
  });

  it('the hand-written spec (text columns redacted) publishes no identifier with a shape: phones split or grouped, IDs, plates, WeChat IDs, emails, rooms', async () => {
    expect(only(await handWritten(c), SHAPED)).toEqual({});
  });
});

// ------------------------------------------------------------------ known gaps (name detection in text: cjk-bytes.ts, tables.ts, romanized-name.ts, pinyin-text.ts, name-beside-pinyin.ts)
//
// Distinct planted values found in the published cells after the hand-written spec's redact rule
// (seed 19, 1,500 rows each; hotline / petitions). H23 (forms of address, names opening a cell), then
// session 10 H1 (firm names, a name beside its pinyin, Dear + pinyin, surnames that are words, lists of
// rare names, 老高), before H23 → after H23 → now:
//   name      564 → 16 / 732 → 429  → 1 / 1  left: a two-character name with a rare given character before
//                               反映 (黄果反映: 谢谢来电 reads the same), a surname that is a word with rare given
//                               characters after a weak context (信访人高绍齐（…）);
//   relative   51 →  2 /  31 →  16  → 0 / 0  (袁语堂、赵雪松两户: lists of rare names; Sun Jingyi 的母亲…);
//   honorific 225 →  4 / 195 →   1  → 0 / 0  (老高，老于表示, 小于于2025-…: a surname that is a word before a clear end);
//   phone in words    0 / 0     (was 115 / 147: 一三八一二三四五六七八 or 幺三八…; now folded by han-digits.ts);
//   pinyin name       – / 335        → – / 0  (Dear Huang Gangxia,: Dear, Hi, Hello introduce a name);
//   name in a company 225 / 283      → 1 / 1  (滨州市张伟商贸有限公司: the owner's name before trade words and a
//                               firm's form); left: a two-character owner's name with a rare given character
//                               (滨州市吴果商贸有限公司: 秦汉科技, 马来科技 read the same).
// Session 11 (H4): name 1 / 1 → 0 / 0 (a surname that is a word with rare given characters after a weak
// context, 信访人高绍齐（…）: cjk-bytes.ts rareGivenAfterKin after any context word; 黄果反映 opening a
// clause: rarePairName). Left: the owner's two-character name with a rare given character in a firm.
const FIXED_IN_TEXT = ['relative', 'honorific', 'pinyin name'];
describe.each(CASES)('known gaps in free text: $label', (c) => {
  const kinds = ['name in a company'];
  it('name: none published after a redact rule (was a known gap before session 11)', async () => {
    expect(only(await handWritten(c), ['name'])).toEqual({});
  });
  it('phones typed in Han digits (一三八…, 幺三八…): none published after a redact rule (han-digits.ts)', async () => {
    expect(only(await handWritten(c), ['phone in words'])).toEqual({});
  });
  it.each(FIXED_IN_TEXT.filter((k) => c.x === PETITIONS || k !== 'pinyin name'))('%s: none published after a redact rule (was a known gap before session 10)', async (kind) => {
    expect(only(await handWritten(c), [kind])).toEqual({});
  });
  it.fails.each(kinds)('known gap — %s: none published after a redact rule', async (kind) => {
    expect(only(await handWritten(c), [kind])).toEqual({});
  });
});

// Known gap (packages/publish/src/profile/suggest.ts, another helper's file): the draft drops a
// free-text column when the detectors see a name in ≥ PEOPLE_TEXT_SHARE of its written cells, so the
// names they cannot see lower the share that would drop it. A reply log addressing its people as
// `Dear Huang Gangxia`, 王女士 and 张军同志 shows 4.9 % person_name at seed 23, 3,000 rows (drop at
// seed 19), is drafted `redact`, and publishes, at seed 29, 1,500 rows: 221 names, 361 pinyin names,
// 166 honorifics, 6 relatives and 159 owners' names in business names (distinct values; no phone,
// ID, plate, WeChat ID, email or room).
const PETITIONS_29 = { label: 'petitions, seed 29', x: petitionReplies(ROWS, 29), file: 'petitions-29.csv', spec: petitionSpec } as const;
// H23: with forms of address and 同志 read as names the column's share passes the threshold; the draft drops it.
it('the draft drops (not redacts) a reply column whose names are mostly honorifics, pinyin and 同志 (was: 221 names, 361 pinyin names, 166 honorifics published)', async () => {
  expect(await drafted(PETITIONS_29)).toEqual({});
});
