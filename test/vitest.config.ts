import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources in tests (the `@tuomin/source` export
// condition), so tests never run a stale dist; processes a test spawns get the same condition.
const conditions = ['@tuomin/source'];

// Lives in test/ so the repository's top level stays as the product owner named it.
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    env: { NODE_OPTIONS: [process.env.NODE_OPTIONS, '--conditions=@tuomin/source'].filter(Boolean).join(' ') },
  },
});
