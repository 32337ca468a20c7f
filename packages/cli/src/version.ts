// The version lives in package.json alone. A JSON import: esbuild inlines it into the bundles and
// the single executable, where no package.json sits beside the code; Node reads it from the
// package (the self-reference `@tuomin/cli/package.json` resolves from src/ and dist/ alike).
import pkg from '@tuomin/cli/package.json' with { type: 'json' };

export const VERSION: string = pkg.version;
