import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { main } from '@tuomin/cli';

// output.csvEscapeFormulas in a spec reaches the CSV writer of a run (docs/formats.md).
const FORMULA = '=HYPERLINK("http://example.invalid","点我")';

async function runWith(escape: boolean | undefined): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tuomin-formulas-'));
  const sample = (await readFile(resolve('fixtures/samples/penalties.csv'), 'utf8')).split('\n');
  // 处罚内容 (penalty, published as is) of the first row becomes a formula.
  sample[1] = sample[1]!.replace(',警告,', `,"${FORMULA.replace(/"/g, '""')}",`);
  await writeFile(join(dir, 'in.csv'), sample.join('\n'));
  let spec = (await readFile(resolve('fixtures/specs/penalties.yaml'), 'utf8'))
    .replace('path: ../samples/penalties.csv', `path: ${join(dir, 'in.csv')}`)
    .replace('folder: ../out', 'folder: out');
  if (escape !== undefined) spec = spec.replace('  formats: [csv, parquet]', `  formats: [csv, parquet]\n  csvEscapeFormulas: ${escape}`);
  await writeFile(join(dir, 'spec.yaml'), spec);
  let err = '';
  const sink = (f: (s: string) => void) => new Writable({ write(c, _e, cb) { f(String(c)); cb(); } });
  const code = await main(['run', join(dir, 'spec.yaml'), '--json'], {
    stdout: sink(() => {}), stderr: sink((s) => { err += s; }), cwd: dir, env: { ...process.env, TUOMIN_KEY: '000102030405060708090a0b0c0d0e0f' },
  });
  expect(code, err).toBe(0);
  const root = join(dir, 'out', 'binzhou-admin-penalties');
  const version = (await readdir(root)).find((f) => /^\d/.test(f))!;
  return readFile(join(root, version, 'data', 'binzhou-admin-penalties.csv'), 'utf8');
}

describe('output.csvEscapeFormulas', () => {
  it('true: the published CSV shows the formula as text (leading apostrophe)', async () => {
    const csv = await runWith(true);
    expect(csv).toContain(`"'${FORMULA.replace(/"/g, '""')}"`);
  });
  it('absent: the value is published exactly as it is (the default)', async () => {
    const csv = await runWith(undefined);
    expect(csv).toContain(`"${FORMULA.replace(/"/g, '""')}"`);
    expect(csv).not.toContain(`'${FORMULA.slice(0, 5)}`);
  });
});
