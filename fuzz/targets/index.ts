import type { FuzzTarget } from '../engine/target.js';
import { csvGb18030, csvUtf8 } from './csv.js';
import { ndjson } from './ndjson.js';
import { ipc, parquet } from './binary.js';
import { hierarchy, spec } from './spec.js';

/** Every target, by name (the folder name of its regressions). */
export const TARGETS: Record<string, FuzzTarget> = Object.fromEntries(
  [csvUtf8, csvGb18030, ndjson, ipc, parquet, spec, hierarchy].map((t) => [t.name, t]),
);
