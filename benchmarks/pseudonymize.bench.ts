/**
 * Pseudonymization of 2,000,000 18-byte resident ID numbers (TUOMIN_BENCH_ROWS to scale): batched
 * AES-CMAC and SM4-CMAC, HMAC-SHA256/SM3, xxh64 and FF1 format-preserving cn.id, each beside
 * DuckDB `sha256(id)` on one thread and the naive path (Vector.get + createHmac per value +
 * vectorFromArray). Outputs are checked before timing: CMAC against the single-value CMAC, HMAC
 * against the naive loop, DuckDB's sha256 against node:crypto on the same IDs.
 *
 * Two timings per case: wall time (tinybench mean) and process CPU time (the least of a few runs;
 * DuckDB's worker thread runs inside this process, so its CPU time is counted the same way). On a
 * machine shared with other jobs the CPU-time ratio is the steadier one.
 */
import { createHash, createHmac } from 'node:crypto';
import { loadavg } from 'node:os';
import { Utf8, vectorFromArray, type Data, type Vector } from 'apache-arrow';
import {
  cmac, cmacKey, deriveCipherKey, deriveHmacKey, fpeUtf8, ff1Cipher, fpeFormat, makeTagger, pseudonymizeUtf8, scopeLabel,
  utf8At, utf8View, type PseudonymizeMethod,
} from '../packages/core/src/internal.js';
import { duckdb } from './lib/duckdb.js';
import { assertSame, benchRows, report, row, timeIt, type ResultRow } from './lib/harness.js';

const N = benchRows(2_000_000);
const SAMPLE = 100;
const MASTER = new Uint8Array(Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex'));
const KEY = { id: 'bench', bytes: MASTER };
const LABEL = scopeLabel('dataset', 'bench');
const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const REGIONS = ['110105', '370102', '440524', '650102', '530111', '310115', '510104', '320106'];

/** Seeded valid IDs (region, date 1940..2009, sequence, check digit). */
function makeIds(n: number): string[] {
  let s = 20261127;
  const rnd = (m: number) => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return (s >>> 8) % m; };
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const y = 1940 + rnd(70), m = 1 + rnd(12), d = 1 + rnd(28);
    const f = `${REGIONS[rnd(REGIONS.length)]}${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${String(rnd(1000)).padStart(3, '0')}`;
    let sum = 0;
    for (let k = 0; k < 17; k++) sum += (f.charCodeAt(k) - 48) * W[k]!;
    out[i] = f + '10X98765432'[sum % 11];
  }
  return out;
}

const strings = (d: Data, n = SAMPLE): (string | null)[] => { const v = utf8View(d); return Array.from({ length: Math.min(n, v.length) }, (_, i) => utf8At(v, i)); };
const counts = () => ({ rowsSeen: 0, nulls: 0, changed: 0, invalid: 0 });

/** Least process CPU time (user + system, all threads) of `reps` runs after one warm-up. */
async function cpuMs(fn: () => unknown, reps = 3): Promise<number> {
  await fn();
  let best = Infinity;
  for (let r = 0; r < reps; r++) {
    const c0 = process.cpuUsage();
    await fn();
    const c = process.cpuUsage(c0);
    best = Math.min(best, (c.user + c.system) / 1000);
  }
  return best;
}

/** The column and the DuckDB table; the 2M JS strings are dropped afterwards (a large live JS heap
 * makes every GC slower and is not what a pipeline holds). */
async function setUp(): Promise<{ vec: Vector; ids: string[]; db: Awaited<ReturnType<typeof duckdb>> }> {
  const all = makeIds(N);
  const vec: Vector = vectorFromArray(all, new Utf8());
  const db = await duckdb(1);
  await db.run('CREATE TABLE t (i INTEGER, id VARCHAR)');
  const app = await db.createAppender('t');
  for (let i = 0; i < N; i++) { app.appendInteger(i); app.appendVarchar(all[i]!); app.endRow(); }
  app.closeSync();
  return { vec, ids: all.slice(0, 1000), db };
}

export default async function (): Promise<void> {
  const { vec, ids, db } = await setUp();
  const data = vec.data[0]!;
  const bytes = (data.values as Uint8Array).length;
  const text = { encoding: 'hex' as const, chars: 0, prefix: new Uint8Array(0) };

  // Peers first: DuckDB sha256 on one thread, and the naive per-value HMAC loop.
  const duckSample = (await db.runAndReadAll(`SELECT sha256(id) FROM t ORDER BY i LIMIT ${SAMPLE}`)).getRows().map((r) => r[0]);
  assertSame('duckdb sha256 vs node:crypto', duckSample, ids.slice(0, SAMPLE).map((s) => createHash('sha256').update(s).digest('hex')));
  const duckRun = () => db.run('CREATE OR REPLACE TEMP TABLE r AS SELECT sha256(id) AS r FROM t');
  const duckMs = await timeIt('duckdb sha256', duckRun, 3);
  const duckCpu = await cpuMs(duckRun);

  const hmacKey = deriveHmacKey('sha256', MASTER, LABEL);
  const naive = (): Vector => {
    const out = new Array<string>(vec.length);
    for (let i = 0; i < vec.length; i++) out[i] = createHmac('sha256', hmacKey).update(vec.get(i) as string).digest('hex');
    return vectorFromArray(out, new Utf8());
  };
  const naiveSample = Array.from({ length: SAMPLE }, (_, i) => createHmac('sha256', hmacKey).update(ids[i]!).digest('hex'));
  const naiveMs = await timeIt('naive createHmac loop', naive, 1);
  const naiveCpu = await cpuMs(naive, 1);

  const rows: ResultRow[] = [];
  const add = (name: string, ms: number, cpu: number, note?: string) => {
    rows.push(row({ case: name, rows: N, bytes, ms, peer: 'duckdb sha256(id), 1 thread', peerMs: duckMs, ...(note ? { note } : {}) }));
    rows.push(row({ case: name, rows: N, bytes, ms, peer: 'naive Vector.get + createHmac + vectorFromArray', peerMs: naiveMs }));
    rows.push(row({ case: `${name} [cpu time]`, rows: N, bytes, ms: cpu, peer: 'duckdb sha256(id), 1 thread [cpu time]', peerMs: duckCpu }));
    rows.push(row({ case: `${name} [cpu time]`, rows: N, bytes, ms: cpu, peer: 'naive loop [cpu time]', peerMs: naiveCpu }));
  };

  const methods: PseudonymizeMethod[] = ['aes-cmac', 'sm4-cmac', 'hmac-sha256', 'hmac-sm3', 'xxh64'];
  for (const method of methods) {
    const tagger = makeTagger(method, KEY, 'dataset', 'bench');
    await tagger.ready();
    const t = { ...text, chars: tagger.tagBytes * 2 };
    const run = () => pseudonymizeUtf8(data, tagger, t, counts());
    const mine = strings(run());
    if (method === 'aes-cmac' || method === 'sm4-cmac') {
      const algo = method === 'aes-cmac' ? 'aes' : 'sm4';
      const k = cmacKey(algo, deriveCipherKey(algo, MASTER, LABEL));
      assertSame(`${method} vs single-value CMAC`, mine, ids.slice(0, SAMPLE).map((s) => Buffer.from(cmac(k, Buffer.from(s))).toString('hex')));
    }
    if (method === 'hmac-sha256') assertSame('hmac-sha256 vs naive', mine, naiveSample);
    const slow = method.startsWith('hmac');
    const ms = await timeIt(`ours ${method}`, run, slow ? 1 : 5);
    add(`pseudonymize ${method} (hex)`, ms, await cpuMs(run, slow ? 1 : 3), method === 'xxh64' ? 'not pseudonymization' : undefined);
  }

  const fmt = fpeFormat('cn.id');
  const cipher = ff1Cipher(deriveCipherKey('aes', deriveCipherKey('aes', MASTER, LABEL), 'tuomin/v1/fpe/cn.id'));
  const job = (decrypt: boolean) => ({ format: fmt, cipher, decrypt, onInvalid: 'error' as const, column: 'id', rule: 'fpe', rowBase: 0 });
  const fpeRun = () => fpeUtf8(data, job(false), counts());
  const enc = fpeRun();
  assertSame('fpe cn.id decrypt(encrypt(x))', strings(fpeUtf8(enc, job(true), counts()), 1000), ids);
  add('fpe cn.id (FF1-AES, county kept)', await timeIt('ours fpe cn.id', fpeRun, 3), await cpuMs(fpeRun, 2));

  await report('pseudonymize', rows);
  console.log(`load average during the run: ${loadavg().map((x) => x.toFixed(1)).join(' ')} on 2 cores shared with other jobs`);
}
