/**
 * `@tuomin/io/internal`: the process hooks the tuomin packages share (temporary files of
 * unfinished writes, liveness of the process that owns a lock or a work folder). Not a stable API.
 */
export { processAlive, processStartTime, removeLiveTempFilesSync, sweepDeadTempFiles, tempPathFor } from './atomic.js';
export * from './partition/index.js';
export { crc32 } from './crc32.js';
export { holdPart, partPreamble, writePartAt, writePlacedParts, type HeldPart, type PartFormat } from './format/parts.js';
export { ownIpcStreamBatches, ownIpcStreamBytes, readOwnIpcStream, writeOwnIpcStream } from './ipc/own-stream.js';
export { pinOf, type Pin } from './pin-source.js';
export { encodeRowGroup, stitchParquet, type EncodedGroup } from './parquet/groups.js';
export { IpcBuffer } from './parquet/wasm.js';
export { PARQUET_ROW_GROUP_ROWS } from './parquet/write.js';
export { SealedBuckets, type SpillIndex } from './sealed-buckets.js';
