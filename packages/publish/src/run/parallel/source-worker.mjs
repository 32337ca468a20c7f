// The job worker when tuomin runs from its TypeScript sources (tests, `pnpm tuomin:src`): tsx is
// registered in this worker thread, then the TypeScript worker is loaded. The built package never
// uses this file (pool.ts resolves the compiled worker).
import { register } from 'tsx/esm/api';

register();
const worker = await import('./job-worker.ts');
export default worker.default;
