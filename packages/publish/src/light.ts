/**
 * `@tuomin/publish/light`: what the commands that move no data need (the release store, the open
 * list, the update reminders) and the process hooks every command runs (the work-folder sweep, the
 * clean-up on Ctrl-C). Why a separate entry: `tuomin release`, `catalog` and `due` then start
 * without Arrow, Parquet, faker or WebAssembly (#16; test/startup-modules.test.ts). Every module
 * reachable from here imports only node:*, `@tuomin/core/errors`, `@tuomin/io/atomic` and each
 * other; a spec is parsed (zod, yaml and the rule schemas of `@tuomin/core/light`, no kernels)
 * only when the open list meets a spec file or `release` is given one (loadSpecLazily).
 */
export * from './release/ledger.js';
export * from './release/store.js';
export { changeStatus, listVersions, verifyReleases, type VersionRecord } from './release/status-change.js';
export type { SourceCheck } from './release/source-match.js';
export type { SourceDigest } from './package/source-digest.js';
export { readChain, GENESIS } from './release/chain.js';
export * from './catalog/open-list.js';
export { removeLiveStagingSync, removeStaleStaging, sweepWork, workRoot, rejectsHome } from './run/staging.js';
export { releaseLiveLocksSync } from './release/lock.js';
export { commitInProgress } from './release/commit.js';
export { loadSpecLazily } from './spec/lazy.js';
