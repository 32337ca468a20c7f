import { describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { main } from '@tuomin/cli';

describe('tuomin bench <spec>', () => {
  it('compares the spec with variants: a dropped mask shows up as residual findings and less loss', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tuomin-rb-'));
    const variants = join(dir, 'variants.yaml');
    await writeFile(variants, 'variants:\n  no-phone-mask:\n    联系电话: null\n');
    let out = '';
    const stdout = new Writable({ write(c, _e, cb) { out += String(c); cb(); } });
    const stderr = new Writable({ write(_c, _e, cb) { cb(); } });
    const code = await main(['bench', 'fixtures/specs/penalties.yaml', '--sample', '200', '--variants', variants, '--json'], { stdout, stderr, cwd: process.cwd(), env: process.env });
    expect(code).toBe(0);
    const r = JSON.parse(out);
    expect(r.sampleRows).toBe(200);
    const [spec, noMask] = r.variants;
    expect(spec.variant).toBe('spec');
    expect(spec.rules.map((x: any) => x.column)).toContain('联系电话');
    expect(noMask.rules.map((x: any) => x.column)).not.toContain('联系电话');
    for (const rule of spec.rules) expect(rule.rowsPerSec).toBeGreaterThan(0);
    const phoneFindings = (v: any) => v.residual.columns.filter((c: any) => c.column === 'phone').reduce((a: number, c: any) => a + c.count, 0);
    expect(phoneFindings(spec)).toBe(0);
    expect(phoneFindings(noMask)).toBeGreaterThan(100);
    expect(spec.utility.find((u: any) => u.column === '联系电话').changed).toBeGreaterThan(0.9);
  });
});
