#!/usr/bin/env node
// Published entry point: runs the compiled CLI (`pnpm build` writes ../dist). In the repository,
// `pnpm exec tuomin` runs this file; `pnpm tuomin:src` runs the TypeScript sources instead.
import '../dist/bin.js';
