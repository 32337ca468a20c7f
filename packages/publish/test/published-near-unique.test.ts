import { describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { main } from '@tuomin/cli';

/**
 * A hand-written spec that publishes the last six characters of an engine number (six distinct
 * letters and digits per vehicle, no detector's shape) as they are: exit 3 naming the column,
 * whatever the header; a near-unique amount with cents beside it does not block.
 */
const ROWS = 600;

function extract(): string {
  let seed = 20261206;
  const next = (): number => { seed = (seed * 1103515245 + 12345) >>> 0; return seed; };
  const chars = '0123456789ABCDEFGHJKLMNPRSTUVWXYZ';
  const lines = ['性别,发动机号后六位,车辆类型,购置价格'];
  for (let i = 0; i < ROWS; i++) {
    const pool = [...chars];
    const tail = Array.from({ length: 6 }, () => pool.splice(next() % pool.length, 1)[0]!).join('');
    lines.push([i % 2 ? '男' : '女', tail, ['小型轿车', '小型越野', '轻型货车'][i % 3], (50000 + (next() % 2_000_000) / 7).toFixed(2)].join(','));
  }
  return `${lines.join('\n')}\n`;
}

const SPEC = `dataset:
  id: vehicles
  title: 机动车登记信息
  description: 机动车登记记录（脱敏）
  publisher: { name: 某市公安局交通警察支队, uscc: 11371600MB28503171 }
  contact: { phone: 0543-3160000, email: open@example.gov.cn }
  domain: 交通
  keywords: [机动车]
  updateFrequency: annual
openAttribute: unconditional
source: { path: in.csv, acquiredAt: 2026-11-20 }
output: { folder: out, formats: [csv] }
columns:
  性别: { description: 性别 }
  发动机号后六位: { description: 发动机号后六位 }
  车辆类型: { description: 车辆类型 }
  购置价格: { description: 购置价格 }
privacy: { quasiIdentifiers: [性别, 车辆类型], k: 5 }
`;

async function run(spec: string): Promise<{ code: number; json: Record<string, any>; err: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'tuomin-nearunique-'));
  await writeFile(join(dir, 'in.csv'), extract());
  await writeFile(join(dir, 'spec.yaml'), spec);
  let out = '';
  let err = '';
  const io = {
    stdout: new Writable({ write(c, _e, cb) { out += String(c); cb(); } }),
    stderr: new Writable({ write(c, _e, cb) { err += String(c); cb(); } }),
    cwd: dir,
    env: { ...process.env },
  };
  const code = await main(['run', join(dir, 'spec.yaml'), '--json'], io);
  return { code, json: JSON.parse(out || '{}') as Record<string, any>, err };
}

describe('near-unique columns of any shape', () => {
  it("an engine number's last six characters published as they are: exit 3 naming the column; the amount does not block", async () => {
    const r = await run(SPEC);
    expect(r.code, r.err).toBe(3);
    const reviews = (r.json.reviews ?? r.json.error?.reviews ?? []) as Array<{ review: string; reasons: Array<Record<string, any>> }>;
    const reasons = reviews.find((x) => x.review === 'security')!.reasons.filter((x) => x.severity === 'error');
    // The residual scan reads the column as engine numbers by its header too (personal_number).
    expect(reasons.map((x) => [x.code, x.column]).sort()).toEqual([['privacy/near-unique-column', '发动机号后六位'], ['privacy/pii-pattern', '发动机号后六位']]);
    expect(reasons.find((x) => x.code === 'privacy/near-unique-column')!.message).toContain('try: drop it, pseudonymize it with a key');
  });
  it('passes once the column is dropped', async () => {
    const r = await run(SPEC.replace('发动机号后六位: { description: 发动机号后六位 }', '发动机号后六位: { drop: true }'));
    expect(r.code, r.err).toBe(0);
  });
});
