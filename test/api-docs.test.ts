import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * #16: every ```js block of docs/api.md is a complete ES module; each runs here as written, from
 * the repository root (its examples assert their own results with node:assert). The modules are
 * written inside the repository so the @tuomin packages resolve as they do for a consumer.
 */
const ROOT = resolve('.');
const doc = readFileSync(join(ROOT, 'docs/api.md'), 'utf8');
const blocks = [...doc.matchAll(/^## (.+)$|^```js\n([\s\S]*?)^```$/gm)].reduce<{ title: string; code: string }[]>((acc, m, i, all) => {
  if (m[2] !== undefined) {
    const title = [...all.slice(0, i)].reverse().find((h) => h[1])?.[1] ?? 'intro';
    acc.push({ title, code: m[2] });
  }
  return acc;
}, []);
const dir = mkdtempSync(join(ROOT, '.api-examples-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('docs/api.md examples run as written', () => {
  it('has an example for each use named in #16', () => {
    const titles = blocks.map((b) => b.title).join(' | ');
    for (const use of ['ingestion service', 'Node streams', 'Web streams', 'Keys', 'loadSpec and publishRun']) expect(titles).toContain(use);
  });

  it.each(blocks.map((b, i) => [b.title, i] as const))('%s', (_title, i) => {
    const file = join(dir, `example-${i}.mjs`);
    writeFileSync(file, blocks[i]!.code);
    const r = spawnSync(process.execPath, ['--conditions=@tuomin/source', '--import', 'tsx', file], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TUOMIN_MALLOC_TUNING: '0' } });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(0);
  });
});
