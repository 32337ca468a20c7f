import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
// The modules themselves, not the package index: the targets need nothing else from publish.
import { parseSpecText } from '../../packages/publish/src/spec/load.js';
import { loadHierarchy } from '../../packages/publish/src/privacy/load-hierarchy.js';
import type { FuzzTarget } from '../engine/target.js';

const specs = join(import.meta.dirname, '../../fixtures/specs');

export const spec: FuzzTarget = {
  name: 'spec',
  tokens: ['&a ', '*a', '<<: *a', '[', ']', '{', '}', '__proto__', 'constructor', ': ', '\n  ', '- ', '!!binary', '!!js/function', 'type: suppress-rows', 'type: mask'],
  maxLength: 16384,
  seeds: async () => readdirSync(specs).filter((f) => f.endsWith('.yaml')).map((f) => new Uint8Array(readFileSync(join(specs, f)))),
  async run(input) {
    parseSpecText(new TextDecoder().decode(input), 'fuzz.yaml');
  },
};

export const hierarchy: FuzzTarget = {
  name: 'hierarchy',
  tokens: [';', '*', '\n', '\uFEFF', '"', '男', '1-10'],
  maxLength: 4096,
  seeds: async () => ['男;*\n女;*\n', '18;15-19;10-19;*\n19;15-19;10-19;*\n25;25-29;20-29;*\n', '\uFEFFa;b\n'].map((s) => new TextEncoder().encode(s)),
  async run(input, scratch) {
    const file = join(scratch, 'h.csv');
    writeFileSync(file, input);
    const h = await loadHierarchy(file);
    void h;
  },
};
