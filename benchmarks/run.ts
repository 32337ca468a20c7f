/**
 * pnpm bench [suite...]: runs benchmarks/<suite>.bench.ts files (all by default), each of which
 * prints a table and writes benchmarks/results/<suite>.json.
 */
import { spawnSync } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MALLOC_TUNING } from '@tuomin/cli';

// The suites run with the glibc thresholds the tuomin CLI sets for its data commands (see
// packages/cli/src/malloc-tuning.ts), so figures match what `tuomin run` does; DuckDB runs in the
// same process and gets the same allocator. TUOMIN_MALLOC_TUNING=0 measures glibc's defaults.
const tuned = Object.keys(MALLOC_TUNING).some((k) => process.env[k] !== undefined);
if (!tuned && process.env.TUOMIN_MALLOC_TUNING !== '0' && process.platform === 'linux') {
  const r = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit', env: { ...process.env, ...MALLOC_TUNING } });
  process.exit(r.status ?? 1);
}
console.log(`allocator: ${tuned ? Object.keys(MALLOC_TUNING).map((k) => `${k}=${process.env[k] ?? ''}`).join(' ') : "glibc defaults"}`);

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = (await readdir(here)).filter((f) => f.endsWith('.bench.ts')).sort();
const selected = wanted.length ? files.filter((f) => wanted.some((w) => f.startsWith(w))) : files;
if (selected.length === 0) {
  console.error(`no benchmark suite matches ${wanted.join(' ')}; have: ${files.join(', ')}`);
  process.exit(2);
}
for (const f of selected) {
  const mod = (await import(pathToFileURL(join(here, f)).href)) as { default: () => Promise<void> };
  console.log(`\n# ${f}`);
  await mod.default();
}
