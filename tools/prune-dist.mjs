#!/usr/bin/env node
/**
 * Step of `pnpm build` between `tsc -b` and the bundler: removes from each package's dist/ the
 * outputs (.js, .d.ts and their maps) whose source file no longer exists in src/.
 * Why: tsc -b never deletes the outputs of a source that was removed or renamed, and `files` ships
 * dist/ whole. A tarball packed from a working checkout carried 12 such files in session 10
 * (io's xlsx/crc32.d.ts, cli's csv-input.js and a zz-typecheck-probe.js, among others): declarations
 * of modules that no longer exist and maps naming sources the tarball does not have.
 * dist/bundle is left alone: tools/bundle.mjs writes it afresh on every build.
 */
import { existsSync, readdirSync, rmdirSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUTPUT = /^(.*)\.(js|js\.map|d\.ts|d\.ts\.map)$/;

/** Removes stale outputs under `dir` (a folder of dist/); returns their paths. Empty folders go too. */
function prune(dist, src, dir) {
  const removed = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) {
      if (dir === dist && e.name === 'bundle') continue;
      removed.push(...prune(dist, src, path));
      if (readdirSync(path).length === 0) rmdirSync(path);
      continue;
    }
    const m = OUTPUT.exec(e.name);
    if (!m) continue;
    const source = join(src, relative(dist, dir), `${m[1]}.ts`);
    if (!existsSync(source)) {
      rmSync(path);
      removed.push(relative(root, path));
    }
  }
  return removed;
}

for (const name of ['core', 'io', 'publish', 'cli']) {
  const pkg = join(root, 'packages', name);
  const dist = join(pkg, 'dist');
  if (!existsSync(dist)) continue;
  const removed = prune(dist, join(pkg, 'src'), dist);
  if (removed.length > 0) console.log(`prune-dist: removed ${removed.length} output(s) of deleted sources: ${removed.join(', ')}`);
}
