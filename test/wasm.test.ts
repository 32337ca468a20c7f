import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WASM_SOURCES, assemble, wasmDir, wasmModuleSource } from './support/wasm.js';

describe('WebAssembly kernels', () => {
  for (const s of WASM_SOURCES) {
    it(`${s.module} holds the bytes of ${s.wat} (run pnpm gen-wasm after editing the .wat)`, async () => {
      const bytes = await assemble(s.wat);
      expect(await readFile(join(wasmDir, s.module), 'utf8')).toBe(wasmModuleSource(s.wat, s.constant, bytes));
      expect(WebAssembly.validate(bytes)).toBe(true);
    });
  }
});
