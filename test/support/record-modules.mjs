// `node --import ./test/support/record-modules.mjs …`: appends the URL of every module the
// process resolves to the file named by TUOMIN_RECORD_MODULES (test/startup-modules.test.ts).
import { register } from 'node:module';

register(new URL('./record-modules-hooks.mjs', import.meta.url));
