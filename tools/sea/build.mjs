#!/usr/bin/env node
/**
 * pnpm build:sea — one executable file for networks without internet or Node (docs/install-offline.md).
 * 1. esbuild bundles the CLI from its sources into one CommonJS script (Node 20's single
 *    executable applications run CommonJS); xxhash-wasm and our kernels carry their WebAssembly
 *    inline, parquet-wasm's Node build and .wasm become assets (tools/sea/entry.ts installs them).
 * 2. node --experimental-sea-config writes the preparation blob; postject injects it into a copy
 *    of this Node binary. 3. SHA256SUMS beside the file.
 * Output: dist/sea/tuomin-<platform>-<arch> (the folder is ignored by git).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = join(root, 'dist', 'sea');
const work = join(out, 'work');
const name = `tuomin-${process.platform}-${process.arch}${process.platform === 'win32' ? '.exe' : ''}`;
const exe = join(out, name);
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

const requireFromIo = createRequire(join(root, 'packages', 'io', 'package.json'));
// parquet-wasm exports no ./package.json: its root is two folders above the Node build.
const parquetDir = dirname(dirname(requireFromIo.resolve('parquet-wasm')));
const assetFiles = {
  'package.json': join(parquetDir, 'package.json'),
  'node/package.json': join(parquetDir, 'node', 'package.json'),
  'node/parquet_wasm.js': join(parquetDir, 'node', 'parquet_wasm.js'),
  'node/parquet_wasm_bg.wasm': join(parquetDir, 'node', 'parquet_wasm_bg.wasm'),
};
const assetHashes = Object.fromEntries(Object.entries(assetFiles).map(([k, p]) => [k, sha256(readFileSync(p))]));

rmSync(out, { recursive: true, force: true });
mkdirSync(work, { recursive: true });

const t0 = performance.now();
await build({
  entryPoints: [join(root, 'tools', 'sea', 'entry.ts')],
  outfile: join(work, 'tuomin.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  conditions: ['@tuomin/source'],
  // Not keepNames: it wraps every closure in __name(), a defineProperty call each time the closure is
  // created, and the detectors create closures per cell (1.2 s of a 14.7 s pass at 500,000 rows). No code
  // reads a function's or class's name (TuominError sets its own).
  keepNames: false,
  legalComments: 'none',
  logLevel: 'warning',
  define: { 'import.meta.url': 'globalThis.__tuominSeaUrl', __TUOMIN_SEA_ASSETS__: JSON.stringify(assetHashes) },
  plugins: [{
    // parquet-wasm is loaded from the installed assets (entry.ts), by the same path the worker uses.
    name: 'parquet-wasm-from-assets',
    setup(b) {
      b.onResolve({ filter: /^parquet-wasm$/ }, () => ({ path: 'parquet-wasm', namespace: 'sea-asset' }));
      b.onLoad({ filter: /.*/, namespace: 'sea-asset' }, () => ({
        contents: "module.exports = require('node:module').createRequire(globalThis.__tuominSeaUrl)('parquet-wasm');",
        loader: 'js',
      }));
    },
  }],
});
const bundleMs = performance.now() - t0;

writeFileSync(join(work, 'sea-config.json'), JSON.stringify({
  main: join(work, 'tuomin.cjs'),
  output: join(work, 'sea-prep.blob'),
  disableExperimentalSEAWarning: true,
  useCodeCache: false,
  assets: assetFiles,
}, null, 2));
execFileSync(process.execPath, ['--experimental-sea-config', join(work, 'sea-config.json')], { stdio: 'inherit' });
copyFileSync(process.execPath, exe);
chmodSync(exe, 0o755);
const postject = join(dirname(createRequire(import.meta.url).resolve('postject/package.json')), 'dist', 'cli.js');
const injected = spawnSync(process.execPath, [postject, exe, 'NODE_SEA_BLOB', join(work, 'sea-prep.blob'), '--sentinel-fuse', 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2'], { encoding: 'utf8' });
// postject's ELF writer warns once per note section it does not name; the rest is shown.
const noise = /^warning: Can't find string offset for section name/;
process.stderr.write(injected.stderr.split('\n').filter((l) => l && !noise.test(l)).map((l) => `${l}\n`).join(''));
if (injected.status !== 0) throw new Error(`postject failed with exit code ${injected.status}`);
rmSync(work, { recursive: true, force: true });

const bytes = readFileSync(exe);
writeFileSync(join(out, 'SHA256SUMS'), `${sha256(bytes)}  ${name}\n`);
console.log(`${exe}: ${(bytes.length / 1e6).toFixed(1)} MB (Node ${process.version}; bundle ${bundleMs.toFixed(0)} ms)`);
console.log(`sha256 ${sha256(bytes)}  (also in ${join(out, 'SHA256SUMS')})`);
