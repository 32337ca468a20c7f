/**
 * pnpm bench [suite...]: runs benchmarks/<suite>.bench.ts files (all by default), each of which
 * prints a table and writes benchmarks/results/<suite>.json.
 */
import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

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
