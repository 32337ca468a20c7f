import { describe, expect, it } from 'vitest';
import { MALLOC_TUNING, V8_TUNING, applyV8Tuning, relaunchEnv, wantsMallocTuning } from '../src/malloc-tuning.js';

describe('glibc malloc tuning for data commands', () => {
  const glibc = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } }).header?.glibcVersionRuntime !== undefined;
  it('relaunches data commands on glibc Linux only, never help, never other verbs', () => {
    expect(wantsMallocTuning(['run', 'x.yaml'], {}, 'linux')).toBe(glibc);
    expect(wantsMallocTuning(['risk', 'x.csv', '--qi', 'a'], {}, 'linux')).toBe(glibc);
    expect(wantsMallocTuning(['run', '--help'], {}, 'linux')).toBe(false);
    expect(wantsMallocTuning(['release', 'list', 'x.yaml'], {}, 'linux')).toBe(false);
    expect(wantsMallocTuning([], {}, 'linux')).toBe(false);
    expect(wantsMallocTuning(['run', 'x.yaml'], {}, 'darwin')).toBe(false);
  });
  it('leaves a user who set the variables, or opted out, alone', () => {
    expect(wantsMallocTuning(['run', 'x.yaml'], { MALLOC_MMAP_THRESHOLD_: '65536' }, 'linux')).toBe(false);
    expect(wantsMallocTuning(['run', 'x.yaml'], { TUOMIN_MALLOC_TUNING: '0' }, 'linux')).toBe(false);
    expect(Object.keys(MALLOC_TUNING).sort()).toEqual(['MALLOC_MMAP_THRESHOLD_', 'MALLOC_TRIM_THRESHOLD_']);
  });
  it('the relaunched child runs with one malloc arena (each thread\'s arena kept its own freed buffers: 1,124–1,130 MB against 1,002–1,013 at 2 workers), unless the user chose a number', () => {
    expect(relaunchEnv({ PATH: '/bin' })).toEqual({ PATH: '/bin', ...MALLOC_TUNING, MALLOC_ARENA_MAX: '1', TUOMIN_RELAUNCHED: '1' });
    expect(relaunchEnv({ MALLOC_ARENA_MAX: '4' }).MALLOC_ARENA_MAX).toBe('4');
  });
  it('a data command sets the V8 heap flag in its own process, unless node was given that flag; other commands leave V8 alone', () => {
    expect(V8_TUNING).toEqual(['--heap-growing-percent=400']);
    expect(applyV8Tuning(['release', 'list'], [])).toEqual([]);
    expect(applyV8Tuning(['run', 'x.yaml'], ['--heap-growing-percent=150'])).toEqual([]);
    expect(applyV8Tuning(['run', 'x.yaml'], ['--enable-source-maps'])).toEqual(['--heap-growing-percent=400']);
  });
});
