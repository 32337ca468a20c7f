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
import { readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
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

/**
 * `import { Data } from 'apache-arrow'` in core becomes `import { Data } from 'apache-arrow/data'`:
 * the entry loads all 150 of Arrow's modules (IPC, builders, streams), core's imports need 114,
 * about 20 ms of CPU less for `import('@tuomin/core')` (measured in #16). They are the very module
 * instances the entry re-exports, so a consumer's batches are still `instanceof` ours. What
 * depends on the entry's side effects (the Node and DOM stream adapters it installs on builders,
 * readers and writers) keeps coming from the entry, as does a name the map below does not know.
 * Only core: io and publish use IPC and streams, which need the entry anyway.
 */
function arrowByModule(dir) {
  const arrowDir = dirname(createRequire(join(dir, 'package.json')).resolve('apache-arrow'));
  const where = new Map();
  for (const m of readFileSync(join(arrowDir, 'Arrow.mjs'), 'utf8').matchAll(/export \{([^}]*)\} from '\.\/([^']+)\.mjs';/g)) {
    for (const item of m[1].split(',').map((x) => x.trim()).filter(Boolean)) {
      const [from, as = from] = item.split(/\s+as\s+/);
      where.set(as, { from, module: m[2] });
    }
  }
  // The names core imports, from tsc's output (type-only imports are gone there).
  const used = new Set();
  const scan = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) { if (e.name !== 'bundle') scan(p); continue; }
      if (!e.name.endsWith('.js')) continue;
      for (const m of readFileSync(p, 'utf8').matchAll(/import \{([^}]*)\} from 'apache-arrow';/g)) {
        for (const item of m[1].split(',')) { const n = item.trim().split(/\s+as\s+/)[0]; if (n) used.add(n); }
      }
    }
  };
  scan(join(dir, 'dist'));
  const needsEntry = (w) => !w || /^(io|ipc)\//.test(w.module) || w.module === 'builder';
  return [...used].sort().map((n) => {
    const w = where.get(n);
    return needsEntry(w) ? `export { ${n} } from 'apache-arrow';` : `export { ${w.from === n ? n : `${w.from} as ${n}`} } from 'apache-arrow/${w.module}';`;
  }).join('\n');
}

function arrowByModulePlugin(dir) {
  return {
    name: 'arrow-by-module',
    setup(b) {
      const contents = arrowByModule(dir);
      b.onResolve({ filter: /^apache-arrow$/ }, (a) => (a.namespace === 'arrow-by-module' ? { path: 'apache-arrow', external: true } : { path: 'apache-arrow', namespace: 'arrow-by-module' }));
      b.onLoad({ filter: /.*/, namespace: 'arrow-by-module' }, () => ({ contents, loader: 'js', resolveDir: dir }));
    },
  };
}

/**
 * zod is bundled, not external: `import('zod')` costs about 60 ms, 36 ms of them for its 40-odd
 * message locales, which `export * as locales` loads although only English is configured (measured
 * in #16: 56–67 ms for the package, 20 ms for the bundled copy without the locale index). Copies
 * in several bundles are safe by zod's design: since 4.1 its `instanceof` checks go by traits and
 * its registry and configuration live on globalThis, so core's schemas inside publish's spec
 * schema, their descriptions and `z.toJSONSchema` work across copies (the packaging test runs the
 * built CLI over them). zod stays a dependency: the type declarations name its types, and its
 * licence travels with it.
 */
const zodWithoutLocales = {
  name: 'zod-without-locales',
  setup(b) {
    b.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};

for (const name of ['core', 'io', 'publish']) {
  const dir = join(root, 'packages', name);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const external = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})]
    .filter((d) => d !== 'zod')
    .flatMap((d) => [d, `${d}/*`]);
  // Built beside the previous bundle and swapped in whole: a build that fails (a half-edited source)
  // leaves the last good bundle for whoever runs the built CLI meanwhile, and still fails `pnpm build`.
  const next = join(dir, 'dist', 'bundle.next');
  rmSync(next, { recursive: true, force: true });
  await build({
    absWorkingDir: dir,
    entryPoints: entries(pkg).map((e) => join(dir, e)),
    outbase: join(dir, 'dist'),
    outdir: next,
    entryNames: '[dir]/[name]',
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external,
    sourcemap: true,
    // Not keepNames: it wraps every closure in __name(), a defineProperty call each time the closure is
    // created, and the detectors create closures per cell (1.2 s of a 14.7 s pass at 500,000 rows). No code
    // reads a function's or class's name (TuominError sets its own).
    keepNames: false,
    legalComments: 'none',
    logLevel: 'warning',
    plugins: name === 'core' ? [arrowByModulePlugin(dir), zodWithoutLocales] : [zodWithoutLocales],
  });
  rmSync(join(dir, 'dist', 'bundle'), { recursive: true, force: true });
  renameSync(next, join(dir, 'dist', 'bundle'));
}
