import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../packages/cli/src/main.js';

const dir = '/work/shared/reference/adult';
const work = mkdtempSync(join(tmpdir(), 'tuomin-adult-cli-'));
// The first 3,000 records keep the test fast; the full search is in adult-conformance.test.ts.
const lines = readFileSync(join(dir, 'adult.csv'), 'utf8').split(/\r?\n/).filter((l) => l.length > 0).slice(0, 3001);
const input = join(work, 'adult-3000.csv');
writeFileSync(input, `${lines.join('\n')}\n`);
const hierarchy = (c: string) => `${c}=${join(dir, `adult_hierarchy_${c}.csv`)}`;

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const sink = (f: (s: string) => void) => new Writable({ write(chunk, _e, cb) { f(String(chunk)); cb(); } });
  const code = await main(args, { stdout: sink((s) => { out += s; }), stderr: sink((s) => { err += s; }), cwd: work, env: {} });
  return { code, out, err };
}

/** Class sizes by a plain JS group-by, the independent check. */
function groupBy(cols: string[]): number[] {
  const header = lines[0]!.split(';');
  const idx = cols.map((c) => header.indexOf(c));
  const m = new Map<string, number>();
  for (const l of lines.slice(1)) {
    const r = l.split(';');
    const key = idx.map((i) => r[i]).join('\u0000');
    m.set(key, (m.get(key) ?? 0) + 1);
  }
  return [...m.values()];
}

describe('tuomin risk / anonymize on Adult', () => {
  it('risk --json matches a plain group-by', async () => {
    const qi = ['sex', 'age', 'race', 'education'];
    const r = await cli(['risk', input, '--qi', qi.join(','), '--k', '5', '--sensitive', 'salary-class', '--l', '2', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    const sizes = groupBy(qi);
    expect(j.rows).toBe(3000);
    expect(j.classes).toBe(sizes.length);
    expect(j.minClassSize).toBe(Math.min(...sizes));
    expect(j.recordsBelowK).toBe(sizes.filter((s) => s < 5).reduce((a, b) => a + b, 0));
    expect(j.prosecutor.max).toBe(1 / Math.min(...sizes));
    expect(j.prosecutor.avg).toBeCloseTo(sizes.length / 3000, 12);
    expect(j.journalist).toMatchObject({ max: j.prosecutor.max, avg: j.prosecutor.avg });
    expect(j.marketer).toBeCloseTo(sizes.length / 3000, 12);
    expect(j.lDiversity[0]).toMatchObject({ column: 'salary-class', l: 2, mode: 'distinct' });
    expect(r.out).not.toMatch(/<=50K|>50K/);
    const fail = await cli(['risk', input, '--qi', qi.join(','), '--k', '5', '--fail']);
    expect(fail.code).toBe(3);
  });

  it('risk with --max-classes spills class statistics to partition files and gives the same figures', async () => {
    const qi = ['sex', 'age', 'race', 'education', 'occupation'];
    const args = ['risk', input, '--qi', qi.join(','), '--k', '5', '--sensitive', 'salary-class,workclass', '--l', '2', '--json'];
    const whole = JSON.parse((await cli(args)).out);
    const spillDir = join(work, 'spill');
    mkdirSync(spillDir);
    const spilled = JSON.parse((await cli([...args, '--max-classes', '100', '--spill-dir', spillDir])).out);
    expect(whole.spilledPartitions).toBe(0);
    expect(spilled.spilledPartitions).toBe(16);
    expect(whole.classes).toBe(groupBy(qi).length);
    const { spilledPartitions: _a, ms: _b, ...w } = whole;
    const { spilledPartitions: _c, ms: _d, ...s } = spilled;
    for (const key of ['prosecutor', 'journalist']) {
      expect(s[key].avg).toBeCloseTo(w[key].avg, 12);
      s[key].avg = w[key].avg;
    }
    expect(s.marketer).toBeCloseTo(w.marketer, 12);
    s.marketer = w.marketer;
    expect(s).toEqual(w);
    // The partition files are gone afterwards.
    expect(readdirSync(spillDir)).toEqual([]);
    const t = await cli([...args, '--max-classes', '100', '--t', '0.5']);
    expect(t.code).toBe(1);
    expect(t.err).toMatch(/t-closeness needs every class in memory/);
  });

  it('anonymize --json finds levels, writes the output, and every released class has ≥ k records', async () => {
    const qi = ['sex', 'age', 'race', 'marital-status', 'education'];
    const out = join(work, 'anon.csv');
    const r = await cli(['anonymize', input, '--qi', qi.join(','), ...qi.flatMap((c) => ['--hierarchy', hierarchy(c)]), '--k', '5', '--suppression-limit', '0.04', '--metric', 'entropy', '--out', out, '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(Object.keys(j.levels)).toEqual(qi);
    expect(j.suppressed).toBeLessThanOrEqual(120);
    expect(j.nodesEvaluated).toBeGreaterThan(0);
    expect(typeof j.ms).toBe('number');
    expect(j.rowsWritten).toBe(3000 - j.suppressed);
    const written = readFileSync(out, 'utf8').split(/\r?\n/).filter((l) => l.length > 0);
    expect(written.length).toBe(1 + 3000 - j.suppressed);
    const m = new Map<string, number>();
    for (const l of written.slice(1)) { const key = l.split(',').slice(0, 5).join('|'); m.set(key, (m.get(key) ?? 0) + 1); }
    expect(Math.min(...m.values())).toBeGreaterThanOrEqual(5);
  });

  it('exit 3 when the target cannot be met, 2 on usage errors, 1 on bad input', async () => {
    const three = await cli(['anonymize', input, '--qi', 'sex,age', '--hierarchy', hierarchy('age'), '--k', '2000', '--json']);
    expect(three.code).toBe(3);
    expect(JSON.parse(three.out).error.code).toBe('PRIVACY');
    expect((await cli(['anonymize', input, '--qi', 'sex', '--hierarchy', hierarchy('age')])).code).toBe(2);
    expect((await cli(['risk', input])).code).toBe(2);
    expect((await cli(['risk', input, '--qi', 'sex', '--k', 'x'])).code).toBe(2);
    expect((await cli(['risk', join(work, 'missing.csv'), '--qi', 'sex'])).code).toBe(1);
    expect((await cli(['risk', input, '--qi', 'no-such-column'])).code).toBe(1);
    const badH = join(work, 'bad.csv');
    writeFileSync(badH, 'Male;*\n');
    expect((await cli(['anonymize', input, '--qi', 'sex', '--hierarchy', `sex=${badH}`, '--k', '2'])).code).toBe(1);
  });
});
