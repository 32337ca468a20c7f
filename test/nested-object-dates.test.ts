/**
 * An NDJSON extract's nested object is read as the JSON text of its cell. Under a redact rule it
 * was judged as free text, which no one looks a person up by: a taxi trip's pickup
 * {"lat":…,"lng":…,"time":"2025-06-16T07:24:34"} had its coordinates masked and its time to the
 * second published, singling out 3,998 of 4,000 trips (the draft proposed the redaction; exit 0).
 * A nested object with an event's date or time among its values is now attacker-known: a spec
 * that redacts it is refused naming the column, and the draft leaves it out. Found by the lead
 * drafting a taxi-trip extract. A nested object without dates stays free text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mulberry32 } from '../fixtures/lib/rng.js';
import { draftAndRunCli, runCliJson } from './support/sweep-flow.js';
import { fillCatalogMetadata } from './support/catalog-metadata.js';
import { filesUnder } from './support/published-check.js';

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂华';

function trips(seed: number, n: number): { ndjson: string; times: string[] } {
  const rnd = mulberry32(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  const pad = (v: number): string => String(v).padStart(2, '0');
  const pick = (s: string): string => s[Math.floor(rnd() * s.length)]!;
  const times: string[] = [];
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const time = `2025-06-${pad(int(1, 30))}T${pad(int(0, 23))}:${pad(int(0, 59))}:${pad(int(0, 59))}`;
    times.push(time);
    const lat = +(37.38 + rnd() * 0.2).toFixed(6);
    const lng = +(117.97 + rnd() * 0.2).toFixed(6);
    lines.push(JSON.stringify({
      tripNo: `T${20250000000 + i}`,
      driver: { name: pick(SURNAMES) + pick(GIVEN) + pick(GIVEN), phone: `13${int(100000000, 999999999)}` },
      pickup: { lat, lng, time },
      vehicle: { brand: ['比亚迪', '吉利', '大众'][int(0, 2)], seats: int(4, 7) },
      fare: +(8 + rnd() * 70).toFixed(1),
      payment: ['微信', '支付宝', '现金'][int(0, 2)],
    }));
  }
  return { ndjson: lines.join('\n') + '\n', times };
}

/** A hand-written spec of the trips: the trip number and the driver dropped, fare and payment kept, `columns` between. */
function tripsSpec(id: string, source: string, columns: string): string {
  return fillCatalogMetadata(`dataset:
  id: ${id}
openAttribute: conditional
conditions:
  - kind: usage-scenario
    text: x
source:
  path: ${source}
  acquiredAt: 2026-12-01
output:
  folder: out
columns:
  tripNo: { drop: true }
  driver: { drop: true }
${columns}
  fare: { description: 车费（元） }
  payment: { description: 支付方式 }
`);
}

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'tuomin-nested-dates-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a nested object with an event time, under a redact rule', () => {
  it('a hand-written spec that redacts it is refused, naming the column; nothing published', async () => {
    writeFileSync(join(dir, 'trips.ndjson'), trips(21, 1500).ndjson);
    const spec = tripsSpec('trips-hand', 'trips.ndjson', '  pickup: { description: 上车点与时间, rule: { type: redact } }\n  vehicle: { description: 车辆 }');
    writeFileSync(join(dir, 'hand.yaml'), spec);
    const r = await runCliJson(dir, ['run', join(dir, 'hand.yaml')]);
    expect(r.code).toBe(3);
    const reasons = JSON.stringify(r.json);
    expect(reasons).toMatch(/column \\"pickup\\" \(a nested object \(JSON\) with a date or time of an event/);
    expect(() => readdirSync(join(dir, 'out', 'trips-hand'))).toThrow();
    expect(r.text).not.toMatch(/2025-06-\d\dT/);
  });

  it('the draft leaves it out and publishes (exit 0) no trip time in any file', async () => {
    const x = trips(22, 1500);
    writeFileSync(join(dir, 'trips2.ndjson'), x.ndjson);
    const r = await draftAndRunCli(dir, 'trips2', join(dir, 'trips2.ndjson'));
    expect(r.code, r.err).toBe(0);
    expect(r.spec.columns.pickup?.drop).toBe(true);
    const timeSet = new Set(x.times);
    const leaked = filesUnder(r.json.packageDir as string).filter((f) => [...readFileSync(f).toString('utf8').matchAll(/2025-06-\d\dT\d\d:\d\d:\d\d/g)].some((m) => timeSet.has(m[0])));
    expect(leaked.map((f) => f.slice(dir.length))).toEqual([]);
  });

  it('a nested object without dates is still judged as free text (vehicle kept as it is: no refusal for it)', async () => {
    writeFileSync(join(dir, 'trips3.ndjson'), trips(23, 1500).ndjson);
    const spec = tripsSpec('trips-vehicle', 'trips3.ndjson', '  pickup: { drop: true }\n  vehicle: { description: 车辆, rule: { type: redact } }');
    writeFileSync(join(dir, 'vehicle.yaml'), spec);
    const r = await runCliJson(dir, ['run', join(dir, 'vehicle.yaml')]);
    expect(r.code, JSON.stringify(r.json).slice(0, 800)).toBe(0);
  });
});
