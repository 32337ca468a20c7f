import { t } from './messages/index.js';

/**
 * A one-line progress display on stderr, only when stderr is a terminal: rows, rows/s, MB/s and
 * an ETA when the total is known. Silent in pipes and CI, so logs stay clean.
 */
export class Progress {
  private readonly start = performance.now();
  private last = 0;
  private readonly enabled: boolean;
  constructor(private readonly stream: NodeJS.WritableStream & { isTTY?: boolean }, private readonly label: string, private readonly totalBytes?: number) {
    // TERM=dumb (Emacs shells, some job runners) shows \r and the erase sequence as raw bytes.
    this.enabled = !!stream.isTTY && !process.env.CI && process.env.TERM !== 'dumb';
  }
  update(rows: number, bytes?: number): void {
    if (!this.enabled) return;
    const now = performance.now();
    if (now - this.last < 200) return;
    this.last = now;
    const s = (now - this.start) / 1000;
    const parts = [t('progress.rows', { label: this.label, rows: rows.toLocaleString('en-US') }), t('progress.rate', { rate: Math.round(rows / s).toLocaleString('en-US') })];
    if (bytes !== undefined) {
      parts.push(t('progress.mbs', { mbs: (bytes / 1e6 / s).toFixed(1) }));
      if (this.totalBytes && bytes > 0) parts.push(t('progress.eta', { s: Math.max(0, Math.round((s * (this.totalBytes - bytes)) / bytes)) }));
    }
    this.stream.write(`\r${parts.join('')}\x1b[K`);
  }
  done(): void {
    if (this.enabled) this.stream.write('\r\x1b[K');
  }
}
