#!/usr/bin/env node
// Published entry point: runs the compiled CLI (pnpm -r build). In the repository use `pnpm tuomin`.
import '../dist/bin.js';
