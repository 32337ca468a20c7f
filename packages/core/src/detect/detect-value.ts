import { ValueScanner, codePointIndex } from './scanner.js';
import { DETECTOR_TYPES, type Finding } from './types.js';
import type { DetectOptionsInput } from './options.js';
import { headerModes } from './header-modes.js';

const encoder = new TextEncoder();

/**
 * Findings in one string, for tests and cold paths (spans are code-point indices).
 * `column` names the column (a header like 姓名 turns on whole-cell name detection).
 */
export function detectValue(text: string, options: DetectOptionsInput & { column?: string } = {}): Finding[] {
  const { column = '', ...opts } = options;
  const scanner = scannerFor(opts);
  const modes = headerModes(column);
  scanner.nameColumn = modes.name;
  scanner.state.coordMode = modes.coord;
  scanner.state.imMode = modes.im;
  scanner.state.engineMode = modes.engine;
  scanner.state.idMode = modes.id;
  const bytes = encoder.encode(text);
  const n = scanner.scan(bytes, 0, bytes.length);
  const h = scanner.state.hits;
  const out: Finding[] = [];
  for (let k = 0; k < n; k++) {
    out.push({
      type: DETECTOR_TYPES[h.type[k]!]!,
      confidence: h.conf[k]!,
      column,
      row: 0,
      start: codePointIndex(bytes, 0, h.start[k]!),
      end: codePointIndex(bytes, 0, h.end[k]!),
    });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Scanners by options, so repeated cold-path calls do not re-validate options (a few entries). */
const scanners = new Map<string, ValueScanner>();
function scannerFor(opts: DetectOptionsInput): ValueScanner {
  const key = JSON.stringify(opts);
  let s = scanners.get(key);
  if (!s) {
    if (scanners.size >= 16) scanners.clear();
    s = new ValueScanner(opts);
    scanners.set(key, s);
  }
  return s;
}

export { isNameHeader } from './header-modes.js';
