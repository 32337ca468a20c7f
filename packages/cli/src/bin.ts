#!/usr/bin/env node
import { main, reportError } from './main.js';

const io = { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env };
main(process.argv.slice(2), io).then(
  (code) => { process.exitCode = code; },
  (err) => { process.exitCode = reportError(err, io, false); },
);
