/**
 * The entry of the single executable (tools/sea/build.mjs bundles it as CommonJS with the CLI).
 * Node's single executable applications load only built-in modules from inside the file; the
 * one module that must exist on disk is parquet-wasm's Node build, which the Parquet reader's
 * worker thread loads by path (io/src/parquet/worker-client.ts). It is embedded as assets and
 * written once per version to a private folder under the temporary directory, checked by hash
 * on every start (a file someone else placed there is never run).
 */
import { createHash } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { getAsset, isSea } from 'node:sea';

/** Assets as build.mjs names them: path under node_modules/parquet-wasm → sha256. */
declare const __TUOMIN_SEA_ASSETS__: Record<string, string>;

function fail(why: string): never {
  process.stderr.write(`tuomin: cannot start: ${why}\n  hint: set TMPDIR to a folder only you can write, or run the npm package instead\n`);
  process.exit(70);
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A folder of ours: not a symlink, owned by this user, writable by no one else. */
function checkOwnFolder(dir: string): void {
  const st = lstatSync(dir);
  const uid = process.getuid?.();
  if (!st.isDirectory() || (uid !== undefined && st.uid !== uid) || (st.mode & 0o022) !== 0) fail(`${dir} is not a private folder of this user`);
}

function installAssets(): string {
  const assets = __TUOMIN_SEA_ASSETS__;
  const version = sha256(Buffer.from(JSON.stringify(assets))).slice(0, 16);
  const base = join(tmpdir(), `tuomin-sea-${process.getuid?.() ?? 'user'}-${version}`);
  const pkgDir = join(base, 'node_modules', 'parquet-wasm');
  const intact = (): boolean => Object.entries(assets).every(([name, hash]) => {
    try { return sha256(readFileSync(join(pkgDir, name))) === hash; } catch { return false; }
  });
  try {
    checkOwnFolder(base);
    if (intact()) return base;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  // First start of this version (or a damaged copy): write a fresh folder, then rename it in place.
  const fresh = `${base}.${process.pid}.tmp`;
  rmSync(fresh, { recursive: true, force: true });
  mkdirSync(join(fresh, 'node_modules', 'parquet-wasm', 'node'), { recursive: true, mode: 0o700 });
  chmodSync(fresh, 0o700);
  for (const [name, hash] of Object.entries(assets)) {
    const bytes = new Uint8Array(getAsset(name));
    if (sha256(bytes) !== hash) fail(`the embedded ${name} does not match its checksum; the file is damaged`);
    writeFileSync(join(fresh, 'node_modules', 'parquet-wasm', name), bytes, { mode: 0o600 });
  }
  // Another tuomin may have installed the same files meanwhile: keep those, they may be in use.
  if (!intact()) rmSync(base, { recursive: true, force: true });
  try {
    renameSync(fresh, base);
  } catch {
    rmSync(fresh, { recursive: true, force: true }); // another tuomin started at the same moment
  }
  checkOwnFolder(base);
  if (!intact()) fail(`${base} does not hold the files this tuomin embeds`);
  return base;
}

if (isSea()) {
  const base = installAssets();
  // Read by the bundled modules: `import.meta.url` (defined as this) and the parquet-wasm shim.
  (globalThis as { __tuominSeaUrl?: string }).__tuominSeaUrl = pathToFileURL(join(base, 'tuomin.js')).href;
  // The malloc relaunch (cli/src/malloc-tuning.ts) runs this same file again with argv[1..];
  // the executable puts its own path in argv[1] once more: drop the copy.
  if (process.env.TUOMIN_RELAUNCHED === '1' && process.argv[2] === process.execPath) process.argv.splice(2, 1);
}
void import('../../packages/cli/src/bin.js');
