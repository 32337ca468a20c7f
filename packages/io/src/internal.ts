/**
 * `@tuomin/io/internal`: the process hooks the tuomin packages share (temporary files of
 * unfinished writes, liveness of the process that owns a lock or a work folder). Not a stable API.
 */
export { processAlive, processStartTime, removeLiveTempFilesSync, sweepDeadTempFiles, tempPathFor } from './atomic.js';
export * from './partition/index.js';
