/**
 * Trade secrets (商业秘密, OPENING-RULES art. 23): a firm's own revenue, profit or tax paid published
 * beside its name or credit code. unseen-domains-13's annual reports opened them unconditionally
 * with exit 0; they are refused now (privacy/trade-secret), a warning in a conditional release,
 * and not judged when no column names a firm (an industry's totals) or the column is declared
 * public. Codes that only look like figures (纳税人识别号) and public-by-law figures (欠税余额 in a
 * tax-arrears notice) are no trade secret.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '../fixtures/lib/rng.js';
import { runCliJson } from './support/sweep-flow.js';
import { namesFirm, namesFirmFigure } from '../packages/publish/src/review/trade-secret.js';

const INDUSTRIES = ['制造业', '批发和零售业', '住宿和餐饮业', '建筑业'];

function reports(n: number, seed: number): string {
  const rng = new Rng(seed, 3);
  const lines = ['企业名称,所属行业,从业人数,营业总收入（万元）,纳税总额（万元）'];
  for (let i = 0; i < n; i++) {
    const revenue = Math.round(rng.float() ** 3 * 500000) / 10;
    lines.push([`滨州市${['鑫', '华', '恒', '瑞', '泰'][rng.int(5)]}${['达', '盛', '源', '丰'][rng.int(4)]}${i}商贸有限公司`, INDUSTRIES[rng.int(4)], rng.range(3, 800), revenue.toFixed(1), (revenue * 0.05).toFixed(2)].join(','));
  }
  return lines.join('\n') + '\n';
}

function spec(id: string, open: 'unconditional' | 'conditional', columns: string): string {
  return `dataset:
  id: ${id}
  title: 企业年报摘要
  description: 企业年度报告中的经营情况。
  publisher: { name: 滨州市市场监督管理局, uscc: 11371600MB28503171 }
  contact: { phone: 0543-3160000, email: open@binzhou.gov.cn }
  domain: 市场监管
  keywords: [年报]
  updateFrequency: annual
openAttribute: ${open}
${open === 'conditional' ? 'conditions:\n  - kind: usage-scenario\n    text: 仅用于产业研究\n' : ''}source:
  path: reports.csv
  acquiredAt: 2026-11-20
output:
  folder: out
columns:
${columns}`;
}

const FIRM = "  企业名称: { description: 企业名称, public: { reason: 《企业信息公示暂行条例》第八条：企业名称为公示信息 } }\n";
const REST = '  所属行业: { description: 所属行业 }\n  从业人数: { description: 从业人数 }\n';
const FIGURES = '  营业总收入（万元）: { description: 营业总收入（万元） }\n  纳税总额（万元）: { description: 纳税总额（万元） }\n';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tuomin-trade-secret-'));
  writeFileSync(join(dir, 'reports.csv'), reports(600, 5));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(id: string, text: string): Promise<{ code: number; reasons: Array<Record<string, unknown>>; text: string }> {
  writeFileSync(join(dir, `${id}.yaml`), text);
  const r = await runCliJson(dir, ['run', join(dir, `${id}.yaml`)]);
  const reviews = (r.json.error?.reviews ?? r.json.reviews ?? []) as Array<{ reasons: Array<Record<string, unknown>> }>;
  const reasons = reviews.flatMap((v) => v.reasons);
  return { code: r.code, reasons, text: r.text };
}

describe('a firm\'s figures beside its name', () => {
  it('open unconditionally: refused (exit 3), one reason per figure naming the firm column; nothing published', async () => {
    const r = await run('open', spec('open', 'unconditional', FIRM + REST + FIGURES));
    expect(r.code).toBe(3);
    expect(r.text).toContain('privacy/trade-secret');
    const secret = r.reasons.filter((x) => x.code === 'privacy/trade-secret');
    expect(secret.map((x) => x.path).sort()).toEqual(['columns.纳税总额（万元）', 'columns.营业总收入（万元）']);
    expect(String(secret[0]!.message)).toContain('"企业名称"');
    expect(() => readdirSync(join(dir, 'out', 'open'))).toThrow();
  });

  it('in a conditional release: published with a warning per figure', async () => {
    const r = await run('cond', spec('cond', 'conditional', FIRM + REST + FIGURES));
    expect(r.code, r.text.slice(0, 600)).toBe(0);
    expect(r.text).toContain('privacy/trade-secret');
  });

  it('without the firm\'s name (an industry\'s figures): published, no trade-secret reason', async () => {
    const r = await run('nofirm', spec('nofirm', 'unconditional', '  企业名称: { drop: true }\n' + REST + FIGURES));
    expect(r.text).not.toContain('privacy/trade-secret');
  });

  it('a figure declared public (the firm chose to publish it) is not judged', async () => {
    const pub = FIGURES.replace(/\{ description: (营业总收入（万元）|纳税总额（万元）) \}/g, '{ description: $1, public: { reason: 企业在年报中选择公示该项 } }');
    const r = await run('declared', spec('declared', 'unconditional', FIRM + REST + pub));
    expect(r.text).not.toContain('privacy/trade-secret');
  });
});

describe('what is a firm\'s figure, what names a firm', () => {
  it.each(['营业总收入（万元）', 'revenue_10k_yuan', 'tax_paid_10k_yuan', '净利润', '资产总额', 'total_assets', '纳税总额', 'profit'])('%s is a figure', (h) => {
    expect(namesFirmFigure([h])).toBe(true);
  });
  it.each(['纳税人识别号', '欠税余额', '罚款金额', '注册资本', 'tax_type', 'taxpayer_no', '从业人数', '月工资', 'salary'])('%s is not', (h) => {
    expect(namesFirmFigure([h])).toBe(false);
  });
  it('a firm by its header, an allowed credit code, or names ending as firms do', () => {
    expect(namesFirm(['company_name'], [], [])).toBe(true);
    expect(namesFirm(['x'], ['cn_uscc'], [])).toBe(true);
    expect(namesFirm(['名称'], [], ['滨州市鑫达商贸有限公司', '惠民县老王饭店', '阳信县宏达五金店'])).toBe(true);
    expect(namesFirm(['所属行业'], [], ['制造业', '建筑业'])).toBe(false);
  });
});
