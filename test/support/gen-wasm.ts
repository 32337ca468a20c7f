/** pnpm gen-wasm: reassemble packages/core/src/kernels/wasm/*.wat into their TS byte modules. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WASM_SOURCES, assemble, wasmDir, wasmModuleSource } from './wasm.js';

for (const s of WASM_SOURCES) {
  const bytes = await assemble(s.wat);
  await writeFile(join(wasmDir, s.module), wasmModuleSource(s.wat, s.constant, bytes));
  console.log(`wrote ${s.module} (${bytes.length} bytes)`);
}
