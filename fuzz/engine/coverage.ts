import { Session } from 'node:inspector/promises';

/**
 * Block coverage of our own code from V8 (precise coverage, the data behind `c8` and Node's
 * --experimental-test-coverage): after each input, the blocks it executed that no earlier input
 * reached. Only scripts under packages/ count, so a new path through apache-arrow or the yaml
 * parser alone does not make an input interesting, only one through our readers.
 */
export class BlockCoverage {
  private readonly session = new Session();
  private readonly seen = new Set<string>();
  private started = false;

  async start(): Promise<void> {
    if (this.started) return;
    this.session.connect();
    await this.session.post('Profiler.enable');
    await this.session.post('Profiler.startPreciseCoverage', { callCount: true, detailed: true });
    this.started = true;
  }

  /** Blocks executed since the last call that were never seen before (taking resets the counters). */
  async newBlocks(): Promise<number> {
    const { result } = await this.session.post('Profiler.takePreciseCoverage');
    let fresh = 0;
    for (const script of result) {
      if (!script.url.includes('/packages/') || script.url.includes('/node_modules/')) continue;
      for (const fn of script.functions) {
        for (const r of fn.ranges) {
          if (r.count === 0) continue;
          const key = `${script.url}:${r.startOffset}:${r.endOffset}`;
          if (!this.seen.has(key)) {
            this.seen.add(key);
            fresh++;
          }
        }
      }
    }
    return fresh;
  }

  get total(): number {
    return this.seen.size;
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    await this.session.post('Profiler.stopPreciseCoverage');
    await this.session.post('Profiler.disable');
    this.session.disconnect();
    this.started = false;
  }
}
