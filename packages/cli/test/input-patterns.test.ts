/**
 * A `*` left in an input name (cmd.exe and PowerShell never expand it; a POSIX shell leaves a
 * pattern that matched nothing): the verbs expand it as `source.path` patterns are, so
 * `tuomin convert "m/2024-*.csv" out.csv` reads the months in name order on every platform.
 * Called in-process with the names as a shell that does not expand would pass them.
 */
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/main.js';
import { capture } from './capture.js';

let dir: string;
const header = '登记号,区县,金额\n';
const month = (m: number, rows: number): string => header + Array.from({ length: rows }, (_, i) => `R${m}-${i},徐汇区,${(m * 100 + i) / 10}`).join('\n') + '\n';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tuomin-input-patterns-'));
  await mkdir(join(dir, 'm'));
  // Written out of order: the pattern reads them by name.
  await writeFile(join(dir, 'm', '2024-10.csv'), month(10, 3));
  await writeFile(join(dir, 'm', '2024-02.csv'), month(2, 2));
  await writeFile(join(dir, 'm', '2024-01.csv'), month(1, 4));
  await writeFile(join(dir, 'm', 'notes.txt'), 'not a month');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a * in an input name', () => {
  it('convert: the same output as the files listed in name order', async () => {
    const a = capture(dir);
    expect(await main(['convert', 'm/2024-*.csv', 'from-pattern.csv'], a)).toBe(0);
    const b = capture(dir);
    expect(await main(['convert', 'm/2024-01.csv', 'm/2024-02.csv', 'm/2024-10.csv', 'listed.csv'], b)).toBe(0);
    const got = await readFile(join(dir, 'from-pattern.csv'), 'utf8');
    expect(got).toBe(await readFile(join(dir, 'listed.csv'), 'utf8'));
    expect(got.split('\n').filter((l) => l.startsWith('R')).map((l) => l.split(',')[0])).toEqual(['R1-0', 'R1-1', 'R1-2', 'R1-3', 'R2-0', 'R2-1', 'R10-0', 'R10-1', 'R10-2']);
  });

  it('profile --json: every matched file is read (9 rows)', async () => {
    const io = capture(dir);
    expect(await main(['profile', 'm/2024-*.csv', '--json'], io)).toBe(0);
    expect(JSON.parse(io.out()).rows).toBe(9);
  });

  it('a pattern that matches nothing: an error naming the pattern and its folder, exit 1, nothing written', async () => {
    const io = capture(dir);
    const code = await main(['convert', 'm/2023-*.csv', 'none.csv'], io);
    expect(code).toBe(1);
    expect(io.err()).toContain('m/2023-*.csv');
    expect(io.err()).toContain(join(dir, 'm'));
  });

  it('a file whose name holds a * is read as that file, not as a pattern', async () => {
    await writeFile(join(dir, 'odd*name.csv'), month(3, 1));
    const io = capture(dir);
    expect(await main(['profile', 'odd*name.csv', '--json'], io)).toBe(0);
    expect(JSON.parse(io.out()).rows).toBe(1);
  });
});
