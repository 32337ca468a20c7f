#!/usr/bin/env node
/**
 * Second step of `pnpm build`, after tsc -b: each library package's entry points bundled by esbuild
 * into dist/bundle/ (ES modules, one chunk per shared part, so every module has one instance even
 * across entry points: a TuominError from @tuomin/core/internal is the one of @tuomin/core).
 * Why: a consumer's `import('@tuomin/core')` loaded 189 files of ours before any work; one file
 * per entry point halves the import time (measured in #16, benchmarks/startup.bench.ts).
 * Dependencies stay external (a consumer's apache-arrow must be the one we use); the type
 * declarations stay tsc's (dist/*.d.ts); source maps lead back to src/.
 */
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The package's entry points, read from its exports map (their dist/*.js targets). */
function entries(pkg) {
  return Object.entries(pkg.exports)
    .filter(([, target]) => typeof target === 'object')
    .map(([, target]) => target.types.replace(/\.d\.ts$/, '.js'));
}

for (const name of ['core', 'io', 'publish']) {
  const dir = join(root, 'packages', name);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const external = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})].flatMap((d) => [d, `${d}/*`]);
  rmSync(join(dir, 'dist', 'bundle'), { recursive: true, force: true });
  await build({
    absWorkingDir: dir,
    entryPoints: entries(pkg).map((e) => join(dir, e)),
    outbase: join(dir, 'dist'),
    outdir: join(dir, 'dist', 'bundle'),
    entryNames: '[dir]/[name]',
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external,
    sourcemap: true,
    keepNames: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
}
