import { join } from 'node:path';
import type { MessagePort } from 'node:worker_threads';
import type { RecordBatch, Schema } from 'apache-arrow';
import { ownIpcStreamBatches, ownIpcStreamBytes, writePartAt, type HeldPart, type PartFormat } from '@tuomin/io/internal';
import type { ParquetWriteOptions } from '@tuomin/io';
import type { ContextMessage, JobMessage } from './job.js';
import { writeEncodedGroups, type EncodedGroups } from './encoded-groups.js';

/**
 * Where a partition job's output goes in the published files (docs/performance.md, "Placed
 * parts"), for `tuomin run` and `tuomin convert` alike. A job transforms its partition holding its released rows in memory: the text formats
 * as their bytes, Parquet as typed batches. It then tells the coordinator how many rows and bytes
 * it has and is told, once every earlier partition has done the same, where they start: its
 * released-row offset and each text file's byte offset. It writes its text into the published
 * files at those offsets itself, and encodes the Parquet row groups that end in its partition
 * (groups are cut every `rowGroupSize` released rows, as the one pass cuts them, so the bytes do
 * not depend on the partitioning). The rows after its last group boundary are its "tail": they
 * go, as an Arrow IPC stream in memory, to the next partition's job, which encodes the group they
 * begin. Nothing is written to disk and read back, and the coordinator copies nothing.
 *
 * In a queue of machines the same protocol holds with the tails kept in the store: a job's
 * answer names the earlier tails, and its text goes to ranges of a shared file (or to parts).
 */

/** What a job hands over to be placed: its counts. */
export interface PlaceRequest {
  released: number;
  textBytes: Partial<Record<PartFormat, number>>;
}

/** Where a job's output starts, and the rows of the group it continues (from earlier partitions). */
export interface PlaceAnswer {
  releasedOffset: number;
  textOffsets: Partial<Record<PartFormat, number>>;
  /** Arrow IPC streams of the released rows since the last group boundary, in order. */
  pending: ArrayBuffer[];
  pendingRows: number;
}

/** The job's part of the published files, as the job wrote or encoded it. */
export interface PlacedOutput {
  /** Text formats: the bytes written at the job's offsets. */
  text: Partial<Record<PartFormat, number>>;
  /** The Parquet row groups that end in this partition, one after the other in the job's file. */
  parquet?: EncodedGroups;
}

/**
 * What a job is told to place: each text format's file (its preamble already written by the
 * coordinator), the Parquet row groups' options, and whether its partition is the source's last
 * (its groups take every row left).
 */
export interface PlaceOrder {
  text: Partial<Record<PartFormat, string>>;
  parquet?: { options: ParquetWriteOptions; rowGroupSize: number };
  last: boolean;
}

/** A job's released rows cast to the published types, kept for the Parquet row groups. */
export interface HeldRows {
  schema: Schema;
  batches: RecordBatch[];
  rows: number;
}

/**
 * A job's side, once its partition is transformed and its output held: ask where it starts, hand
 * the rows after its last Parquet group boundary to the next partition at once (it waits for
 * them), then write the text at its offsets and encode the groups that end here into `dir`.
 */
export async function placeOutput(port: MessagePort, order: PlaceOrder, dir: string, rows: number,
  text: Partial<Record<PartFormat, HeldPart>>, typed: HeldRows | undefined): Promise<PlacedOutput> {
  const held = Object.entries(text) as Array<[PartFormat, HeldPart]>;
  const answer = await askPlace(port, { released: rows, textBytes: Object.fromEntries(held.map(([f, h]) => [f, h.bytes])) });
  let parquet: EncodedGroups | undefined;
  if (order.parquet) {
    if (!typed) throw new TypeError('a job that places Parquet groups keeps its typed rows');
    const cut = placedGroups(typed.schema, answer, typed.batches, typed.rows, order.parquet.rowGroupSize, order.last);
    const taken = sendTail(port, cut.tail, cut.tailRows);
    typed.batches.length = 0;
    parquet = await writeEncodedGroups(join(dir, 'groups.bin'), cut.groups, order.parquet.options);
    await taken;
  }
  const written: PlacedOutput['text'] = {};
  for (const [f, h] of held) {
    const path = order.text[f];
    const offset = answer.textOffsets[f];
    if (path === undefined || offset === undefined) throw new TypeError(`no place for the ${f} part`);
    await writePartAt(path, offset, h);
    h.chunks.length = 0;
    written[f] = h.bytes;
  }
  return { text: written, ...(parquet ? { parquet } : {}) };
}

/** A job's side: ask where its output goes, once its partition is transformed. */
export function askPlace(port: MessagePort, request: PlaceRequest): Promise<PlaceAnswer> {
  return new Promise((resolve, reject) => {
    port.once('message', (m: ContextMessage) => {
      if ('abort' in m) reject(new Error(m.abort));
      else if ('placed' in m) resolve(m.placed);
      else reject(new TypeError('a placement answer was expected'));
    });
    port.postMessage({ place: request } satisfies JobMessage);
  });
}

/**
 * A job's side: hand its tail to the next partition's job (through the coordinator), by transfer.
 * Resolves once the coordinator has it: the job must not end before (its result and its port's
 * closing would race the message, and a lost tail would leave the next job waiting for ever).
 */
export function sendTail(port: MessagePort, tail: ArrayBuffer[], rows: number): Promise<void> {
  const taken = new Promise<void>((resolve, reject) => {
    port.once('message', (m: ContextMessage) => {
      if ('tailTaken' in m) resolve();
      else reject(new Error('abort' in m ? m.abort : 'the coordinator did not take the tail'));
    });
  });
  port.postMessage({ tail, rows } satisfies JobMessage, tail);
  return taken;
}

/**
 * A job's side: its Parquet row groups given its place. `own` are its released rows (typed);
 * the groups hold rows [pending start, last boundary) cut every `rowGroupSize` (to the end when
 * `last`: the last group is the shorter one), and the rows after the boundary are the tail.
 */
export function placedGroups(schema: Schema, answer: PlaceAnswer, own: RecordBatch[], ownRows: number, rowGroupSize: number, last: boolean): { groups: RecordBatch[][]; tail: ArrayBuffer[]; tailRows: number } {
  const start = answer.releasedOffset - answer.pendingRows;
  if (start % rowGroupSize !== 0 || answer.pendingRows >= rowGroupSize) throw new RangeError(`pending rows ${answer.pendingRows} at ${answer.releasedOffset} do not start a row group`);
  const end = answer.releasedOffset + ownRows;
  const boundary = last ? end : Math.floor(end / rowGroupSize) * rowGroupSize;
  if (boundary <= start) {
    // No group ends here: the pending streams go on as they are, with this partition's rows after them.
    const tail = ownRows > 0 ? [...answer.pending, ownIpcStreamBytes(schema, own)] : answer.pending;
    return { groups: [], tail, tailRows: answer.pendingRows + ownRows };
  }
  const rows = [...answer.pending.flatMap((b) => ownIpcStreamBatches(b)), ...own];
  const groups = cutRows(rows, rowGroupSize);
  // Every group is whole but the one past the boundary (the tail), unless this is the last partition.
  const tailRows = end - boundary;
  const tailBatches = tailRows > 0 ? groups.pop()! : [];
  return { groups, tail: tailRows > 0 ? [ownIpcStreamBytes(schema, tailBatches)] : [], tailRows };
}

/** The batches cut into lists of exactly `rows` rows (the last one shorter), as views: no copy. */
export function cutRows(batches: Iterable<RecordBatch>, rows: number): RecordBatch[][] {
  const out: RecordBatch[][] = [];
  let group: RecordBatch[] = [];
  let n = 0;
  for (let b of batches) {
    while (b.numRows > 0) {
      const take = Math.min(rows - n, b.numRows);
      group.push(take === b.numRows ? b : b.slice(0, take));
      n += take;
      b = take === b.numRows ? b.slice(0, 0) : b.slice(take);
      if (n === rows) {
        out.push(group);
        group = [];
        n = 0;
      }
    }
  }
  if (n > 0) out.push(group);
  return out;
}

/**
 * The coordinator's side: answers the jobs in partition order. Partition i is answered once it
 * has asked and, when Parquet is written, partition i - 1 has sent its tail (which becomes i's
 * pending rows). A job never waits on a later one, so the pool (first in, first out) cannot
 * deadlock: the job it waits for started before it.
 */
export class Placement {
  private readonly requests: Array<{ request: PlaceRequest; port: MessagePort } | undefined> = [];
  private readonly tails: Array<{ tail: ArrayBuffer[]; rows: number } | undefined> = [];
  private next = 0;
  private released = 0;
  private readonly text: Partial<Record<PartFormat, number>>;

  /** `textStart`: each text file's preamble length (its first part starts after it). */
  constructor(
    private readonly partitions: number,
    textStart: Partial<Record<PartFormat, number>>,
    readonly parquet: { options: ParquetWriteOptions; rowGroupSize: number } | null,
  ) {
    this.text = { ...textStart };
  }

  /** A job's message on its port (the coordinator's end): its place asked, or its tail. */
  take(index: number, m: JobMessage, port: MessagePort): void {
    if ('place' in m) this.request(index, m.place, port);
    else if ('tail' in m) this.tail(index, m.tail, m.rows, port);
    else throw new TypeError(`partition ${index} sent a message placement does not take`);
  }

  request(index: number, request: PlaceRequest, port: MessagePort): void {
    this.requests[index] = { request, port };
    this.answer();
  }

  tail(index: number, tail: ArrayBuffer[], rows: number, port: MessagePort): void {
    this.tails[index] = { tail, rows };
    port.postMessage({ tailTaken: true } satisfies ContextMessage);
    this.answer();
  }

  /** Each text file's size once every partition was placed. */
  textEnds(): Partial<Record<PartFormat, number>> {
    return { ...this.text };
  }

  private answer(): void {
    while (this.next < this.partitions) {
      const i = this.next;
      const asked = this.requests[i];
      if (!asked) return;
      let pending: ArrayBuffer[] = [];
      let pendingRows = 0;
      if (this.parquet && i > 0) {
        const before = this.tails[i - 1];
        if (!before) return;
        this.tails[i - 1] = undefined;
        pending = before.tail;
        pendingRows = before.rows;
      }
      const placed: PlaceAnswer = { releasedOffset: this.released, textOffsets: { ...this.text }, pending, pendingRows };
      asked.port.postMessage({ placed } satisfies ContextMessage, pending);
      this.requests[i] = undefined;
      this.released += asked.request.released;
      for (const [f, n] of Object.entries(asked.request.textBytes) as Array<[PartFormat, number]>) this.text[f] = (this.text[f] ?? 0) + n;
      this.next++;
    }
  }
}
