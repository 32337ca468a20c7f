import type { LoadedSpec } from './load.js';

/**
 * `loadSpec`, its module (zod, yaml, the rule schemas) loaded on the first call. For the light
 * entry (`@tuomin/publish/light`): `tuomin release` takes a dataset folder or a spec, and only the
 * spec form needs the loader (#16). The loader itself loads no Arrow, Parquet, faker or
 * WebAssembly: it reads the rule schemas from `@tuomin/core/light`, not the kernels.
 */
export async function loadSpecLazily(file: string): Promise<LoadedSpec> {
  const { loadSpec } = await import('./load.js');
  return loadSpec(file);
}
