#!/usr/bin/env node
import { main, reportError } from './main.js';
import { relaunchWithMallocTuning, wantsMallocTuning } from './malloc-tuning.js';

const argv = process.argv.slice(2);
const io = { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env };
const run = wantsMallocTuning(argv, process.env) ? relaunchWithMallocTuning() : main(argv, io);
run.then(
  (code) => { process.exitCode = code; },
  (err) => { process.exitCode = reportError(err, io, false); },
);
