/** Findings of one value as parallel typed arrays (byte spans within the scanned buffer). */
export class HitList {
  type = new Int32Array(16);
  start = new Int32Array(16);
  end = new Int32Array(16);
  conf = new Float64Array(16);
  length = 0;

  push(type: number, start: number, end: number, conf: number): void {
    if (this.length === this.type.length) this.grow();
    const n = this.length++;
    this.type[n] = type;
    this.start[n] = start;
    this.end[n] = end;
    this.conf[n] = conf;
  }

  /** Drop hits starting at or after `byteStart` (an email swallowing the digits of its local part). */
  dropFrom(byteStart: number): void {
    let w = 0;
    for (let r = 0; r < this.length; r++) {
      if (this.start[r]! < byteStart) {
        this.type[w] = this.type[r]!;
        this.start[w] = this.start[r]!;
        this.end[w] = this.end[r]!;
        this.conf[w] = this.conf[r]!;
        w++;
      }
    }
    this.length = w;
  }

  private grow(): void {
    const n = this.type.length * 2;
    const t = new Int32Array(n); t.set(this.type); this.type = t;
    const s = new Int32Array(n); s.set(this.start); this.start = s;
    const e = new Int32Array(n); e.set(this.end); this.end = e;
    const c = new Float64Array(n); c.set(this.conf); this.conf = c;
  }
}
