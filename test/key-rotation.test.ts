import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { datasetCsv, SPEC } from '../packages/publish/test/release-helpers.js';
import { runCli } from './support/sweep-flow.js';
import { Rng } from '../fixtures/lib/rng.js';

/**
 * A keyed rule whose key changed since the previous version (run/key-rotation.ts): its pseudonyms
 * no longer join with the previous version's. Undeclared (a wrong key file), `run` refuses it
 * (exit 4) naming the rule, the column and the two fixes, in English and Chinese; declared on the
 * key (`keys.<name>.rotated: { version, reason }`), it is published and recorded in the ledger,
 * datapackage.json's provenance and the README, by key ids only. A real store, real key files.
 */
const dir = mkdtempSync(join(tmpdir(), 'tuomin-key-rotation-'));
const ds = join(dir, 'out', 'crash-test');
const env = { TUOMIN_WORK_DIR: join(dir, 'work') };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rng = new Rng(2026);
const keys = [0, 1, 2].map(() => Array.from({ length: 32 }, () => '0123456789abcdef'[rng.int(16)]!).join(''));
const keyId = (hex: string): string => createHash('sha256').update(Buffer.from(hex, 'hex')).digest('hex').slice(0, 8);

/** The spec with its pseudonymize rule keyed by `keys.default`, read from `file`, with an optional rotation declaration. */
function writeSpec(file: string, rotated?: { version: string; reason: string }): void {
  const key = rotated ? `{ file: ${file}, rotated: { version: '${rotated.version}', reason: ${rotated.reason} } }` : `{ file: ${file} }`;
  writeFileSync(join(dir, 'spec.yaml'), SPEC.replace('openAttribute: unconditional', `openAttribute: unconditional\nkeys:\n  default: ${key}`));
}

function ledger(): Array<Record<string, any>> {
  return readFileSync(join(ds, 'ledger.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>);
}

/** Every file under the dataset folder (the ledger, every version's data, metadata and reports). */
function storeTexts(): string {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(readFileSync(p).toString('latin1'));
    }
  };
  walk(ds);
  return out.join('\n');
}

beforeAll(async () => {
  writeFileSync(join(dir, 'in.csv'), datasetCsv(400));
  keys.forEach((k, i) => { writeFileSync(join(dir, `k${i + 1}.hex`), `${k}\n`); chmodSync(join(dir, `k${i + 1}.hex`), 0o600); });
  writeSpec('k1.hex');
  const first = await runCli(['run', 'spec.yaml'], dir, env);
  expect(first.code, first.err).toBe(0);
}, 120_000);

describe('key rotation across versions', () => {
  it('another key file, undeclared: run refuses (exit 4) naming rule, column, both fixes, in English and Chinese; nothing is published', async () => {
    writeSpec('k2.hex');
    const en = await runCli(['run', 'spec.yaml', '--lang', 'en'], dir, env);
    expect(en.code, en.err).toBe(4);
    const said = en.out + en.err;
    expect(said).toContain('release/key-changed');
    expect(said).toContain(`pseudonymize of 编号 (key "default") uses another key than 1.0.0 (key id ${keyId(keys[0]!)} before, ${keyId(keys[1]!)} now)`);
    expect(said).toContain('declare it: keys: { default: { …, rotated: { version: 1.1.0, reason: <why> } } }');
    expect(said).toContain(`point keys.default at the key of 1.0.0 (key id ${keyId(keys[0]!)})`);
    const zh = await runCli(['run', 'spec.yaml', '--lang', 'zh'], dir, env);
    expect(zh.code).toBe(4);
    expect(zh.out + zh.err).toContain(`列“编号”的 pseudonymize（密钥 “default”）使用的密钥与 1.0.0 不同（之前密钥编号 ${keyId(keys[0]!)}，现在 ${keyId(keys[1]!)}）`);
    expect(zh.out + zh.err).toContain('rotated: { version: 1.1.0, reason: 原因 }');
    for (const k of keys) expect(said + zh.out + zh.err).not.toContain(k);
    expect(existsSync(join(ds, '1.1.0'))).toBe(false);
    expect(ledger().filter((e) => e.event === 'publish').map((e) => e.version)).toEqual(['1.0.0']);
    // The dry run says so before: it reads the ledger as it stands and compares with 1.0.0.
    const dry = await runCli(['run', 'spec.yaml', '--dry-run', '--json'], dir, env);
    const preview = JSON.parse(dry.out) as { wouldPublish: boolean; reviews: Array<{ reasons: Array<{ code: string; severity: string }> }> };
    expect(preview.wouldPublish).toBe(false);
    expect(preview.reviews.flatMap((r) => r.reasons).filter((x) => x.code === 'release/key-changed').map((x) => x.severity)).toEqual(['error']);
    expect(dry.out + dry.err).not.toContain(keys[1]!);
  }, 120_000);

  it('declared for this version: published, and recorded in the ledger, the provenance, the README and the review by key ids only', async () => {
    writeSpec('k2.hex', { version: '1.1.0', reason: '旧密钥随备份介质遗失，按第二十三条轮换' });
    const r = await runCli(['run', 'spec.yaml'], dir, env);
    expect(r.code, r.err).toBe(0);
    const want = { key: 'default', transform: 'pseudonymize', columns: ['编号'], from: keyId(keys[0]!), to: keyId(keys[1]!), reason: '旧密钥随备份介质遗失，按第二十三条轮换' };
    const pub = ledger().filter((e) => e.version === '1.1.0');
    expect(pub.map((e) => e.event)).toEqual(['publish-intent', 'publish']);
    for (const e of pub) expect(e.keyRotations).toEqual([want]);
    const dp = JSON.parse(readFileSync(join(ds, '1.1.0', 'datapackage.json'), 'utf8'));
    expect(dp['gov:provenance'].keyRotations).toEqual([{ transform: 'pseudonymize', columns: ['编号'], previousVersion: '1.0.0', previousKeyId: want.from, keyId: want.to, reason: want.reason }]);
    const readme = readFileSync(join(ds, '1.1.0', 'README.md'), 'utf8');
    expect(readme).toContain('## 变更 (changes since 1.0.0)');
    expect(readme).toContain(`- 密钥轮换 (key rotated): pseudonymize of 编号, key id ${want.from} → ${want.to}.`);
    const review = JSON.parse(readFileSync(join(ds, '1.1.0', 'reports', 'review.json'), 'utf8'));
    expect(review.normative.reasons.map((x: { code: string }) => x.code)).toContain('release/key-rotated');
    // The pseudonyms did change: no case number of 1.1.0 is one of 1.0.0's.
    const ids = (v: string) => new Set(readFileSync(join(ds, v, 'data', 'crash-test.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0]));
    const before = ids('1.0.0');
    expect([...ids('1.1.0')].filter((x) => before.has(x))).toEqual([]);
    for (const k of keys) expect(storeTexts()).not.toContain(k);
    // release list: the change is noted, as declared, with its reason (in Chinese too).
    const list = await runCli(['release', 'list', ds, '--lang', 'en'], dir, env);
    expect(list.code, list.err).toBe(0);
    expect(list.err).toContain(`version 1.1.0 applies pseudonymize to 编号 with another key than 1.0.0 (key id ${want.from} before, ${want.to} now): its values do not join with those of 1.0.0; a declared rotation: ${want.reason}`);
    const zh = await runCli(['release', 'list', ds, '--lang', 'zh'], dir, env);
    expect(zh.err).toContain(`它的值无法与 1.0.0 的值关联；这是已声明的密钥轮换，原因：${want.reason}`);
  }, 120_000);

  it('the next version with the same key publishes without a rotation; a later accidental change is refused although a declaration for an earlier version remains', async () => {
    const same = await runCli(['run', 'spec.yaml'], dir, env);
    expect(same.code, same.err).toBe(0);
    expect(ledger().filter((e) => e.version === '1.2.0' && e.event === 'publish')[0]!.keyRotations).toBeUndefined();
    expect(readFileSync(join(ds, '1.2.0', 'README.md'), 'utf8')).not.toContain('## 变更');
    writeSpec('k3.hex', { version: '1.1.0', reason: '旧密钥随备份介质遗失，按第二十三条轮换' });
    const wrong = await runCli(['run', 'spec.yaml', '--lang', 'en'], dir, env);
    expect(wrong.code).toBe(4);
    expect(wrong.out + wrong.err).toContain(`uses another key than 1.2.0 (key id ${keyId(keys[1]!)} before, ${keyId(keys[2]!)} now) (keys.default.rotated names version 1.1.0, not 1.3.0)`);
    expect(existsSync(join(ds, '1.3.0'))).toBe(false);
  }, 180_000);

  it('a declaration without a version or a reason is a spec error, not a silent pass', async () => {
    writeFileSync(join(dir, 'bad.yaml'), readFileSync(join(dir, 'spec.yaml'), 'utf8').replace(/rotated: \{[^}]*\}/, "rotated: { reason: '轮换' }"));
    const r = await runCli(['run', 'bad.yaml', '--lang', 'en'], dir, env);
    expect(r.code).not.toBe(0);
    expect(r.out + r.err).toMatch(/keys\.default\.rotated\.version/);
    expect(r.out + r.err).toMatch(/keys\.default\.rotated\.reason/);
  }, 60_000);
});
