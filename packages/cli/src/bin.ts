#!/usr/bin/env node
import { RELAUNCHED, applyV8Tuning, relaunchFailure, relaunchWithMallocTuning, wantsMallocTuning } from './malloc-tuning.js';

// main.js (the whole CLI and its packages) is imported only by the process that runs the
// command: a relaunching parent stays a thin waiter (see malloc-tuning.ts).
const argv = process.argv.slice(2);
const io = { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env };
// `tuomin run … | head -1`: the reader closes the pipe early. Writes to it are dropped quietly
// (as a program killed by SIGPIPE would stop printing); the command still runs to its end, so a
// release is never cut short by a closed terminal pipe. Any other stream error is still thrown.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
  });
}
if (wantsMallocTuning(argv, process.env)) {
  relaunchWithMallocTuning().then(
    (code) => { process.exitCode = code; },
    (err: unknown) => { process.stderr.write(relaunchFailure(err, argv, process.env)); process.exitCode = 70; },
  );
} else {
  applyV8Tuning(argv);
  // No top-level await: the single-file build (tools/sea) bundles this file as CommonJS.
  void import('./main.js').then(({ main, reportError, onInterrupt, onUncaught }) => {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => process.exit(onInterrupt(signal, io, argv)));
    // Node's default would print a raw stack and exit 1, which scripts read as "bad input".
    process.on('uncaughtException', (err) => process.exit(onUncaught(err, io, argv)));
    if (process.env[RELAUNCHED] === '1') {
      // Relaunched by a parent (malloc-tuning.ts): when it dies, even by SIGKILL, the channel
      // closes and this process stops as if interrupted, instead of publishing on its own.
      delete process.env[RELAUNCHED];
      // A parent killed while this process was still loading closed the channel before anyone
      // listened: 'disconnect' was emitted to no one and process.channel is gone. Such a child
      // used to run the whole command alone and publish (3 of 3 kills right after the relaunch).
      if (!process.connected || !process.channel) process.exit(onInterrupt('parent-gone', io, argv));
      process.channel.unref();
      process.once('disconnect', () => process.exit(onInterrupt('parent-gone', io, argv)));
    }
    main(argv, io).then(
      (code) => { process.exitCode = code; },
      (err) => { process.exitCode = reportError(err, io, false, undefined, argv); },
    );
  });
}
