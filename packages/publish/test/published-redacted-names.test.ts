import { describe, expect, it } from 'vitest';
import { tableFromArrays } from 'apache-arrow';
import { parseSpecText } from '../src/index.js';
import { publishedColumns } from '../src/review/published-columns.js';

/**
 * A redact rule on a column that is not free text leaves it as it was: a column of names in
 * passport pinyin (no context word, nothing for the detectors) or of timestamps written
 * 20240802 06:39:42, or a column whose header names what an attacker knows (交通工具: the flight).
 * Found by test/unseen-domains-3.test.ts (a border-crossing extract whose draft redacted them and
 * published them with exit 0). Such columns are judged by their header and values.
 */
const SPEC = parseSpecText(`dataset: { id: redacted }
source: { path: in.csv, acquiredAt: 2026-11-20 }
output: { folder: out }
openAttribute: unconditional
columns:
  英文姓名: { rule: { type: redact } }
  出入境时间: { rule: { type: redact } }
  备注: { rule: { type: redact } }
  交通工具: { rule: { type: redact } }
`, 'redacted.yaml');

const SURNAMES = ['ZHANG', 'WANG', 'LI', 'LIU', 'CHEN', 'YANG', 'HUANG', 'ZHAO', 'OUYANG', 'SUN'];
const GIVEN = ['WEI', 'FANG', 'JIANGUO', 'NA', 'XIAOMING', 'TAO', 'LEI', 'HAO', 'JING', 'YING', 'MIN'];
const N = 400;
const i = Array.from({ length: N }, (_, k) => k);

describe('published columns: a redact rule on names and timestamps', () => {
  it('pinyin names and compact timestamps under redact are attacker-known, free text stays free text', () => {
    const t = tableFromArrays({
      英文姓名: i.map((k) => `${SURNAMES[k % SURNAMES.length]} ${GIVEN[(k * 7) % GIVEN.length]}`),
      出入境时间: i.map((k) => (k % 5 === 0 ? `2024-08-0${1 + (k % 9)} 0${k % 10}:1${k % 10}:00` : `2024080${1 + (k % 9)} ${10 + (k % 14)}:${10 + (k % 50)}:0${k % 10}`)),
      备注: i.map((k) => `旅客${k % 2 ? '随团出行' : '自由行'}，已查验证件，第${k}次`),
      交通工具: i.map((k) => (k % 16 === 0 ? '鲁A*****' : ['SC4017', 'MU5101', 'CA1234'][k % 3]!)),
    });
    const roles = Object.fromEntries(publishedColumns(SPEC, t.schema, t.batches).map((c) => [c.column, c.role]));
    // 交通工具 names what an attacker knows of a crossing: the flight that redaction leaves.
    expect(roles).toEqual({ 英文姓名: 'known', 出入境时间: 'known', 备注: 'free-text', 交通工具: 'known' });
  });
});

describe('published columns: a redacted text under a header an attacker knows', () => {
  it('is told to be dropped or generalized as text, not binned like a number (a 低保 roll\'s 家庭成员 redacted: the review proposed bins)', () => {
    const spec = parseSpecText(`dataset: { id: households }
source: { path: in.csv, acquiredAt: 2026-11-20 }
output: { folder: out }
openAttribute: unconditional
columns:
  家庭成员: { rule: { type: redact } }
  保障人数: { }
`, 'households.yaml');
    const t = tableFromArrays({
      家庭成员: i.map((k) => ['户主 ***；配偶 ***', '户主 ***', '户主 ***；配偶 ***；子女 ***'][k % 3]!),
      保障人数: i.map((k) => String(1 + (k % 3))),
    });
    const [members, size] = publishedColumns(spec, t.schema, t.batches);
    expect(members).toMatchObject({ role: 'known', why: 'household size (by its header)' });
    expect(members!.fix).toMatch(/^drop it \(redaction masks/);
    expect(members!.fix).not.toMatch(/bins/);
    // A number column under the same kind of header keeps the attribute's fix.
    expect(size!.fix).toMatch(/bins: \{ width: 2 \}/);
  });
});
