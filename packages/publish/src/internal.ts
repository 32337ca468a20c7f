/**
 * `@tuomin/publish/internal`: the process hooks the tuomin CLI installs (sweep at start, clean-up
 * on a signal). Not a stable API: embedders run publishRun, which cleans up after itself.
 */
export { removeLiveStagingSync, removeStaleStaging, sweepWork, workRoot, rejectsHome } from './run/staging.js';
export { releaseLiveLocksSync } from './release/lock.js';
export { commitInProgress } from './release/commit.js';
