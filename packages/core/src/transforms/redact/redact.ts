import type { z } from 'zod';
import { Type, type Data, type Schema, type Vector } from 'apache-arrow';
import { TuominError } from '../../errors.js';
import { columnData, replaceColumns } from '../../kernels/batch.js';
import type { GrowableBytes } from '../../kernels/buffers.js';
import { CHANGED, KEEP, isStringType, mapUtf8Data, newCounts, utf8View, viewIsValid, type MapCounts, type Utf8Kernel } from '../../kernels/utf8.js';
import { isValid } from '../../kernels/bitmap.js';
import { mapBatches, type Transform } from '../../pipeline/transform.js';
import { ValueScanner } from '../../detect/scanner.js';
import { DETECTOR_TYPES, PERSONAL_TYPES, type DetectorType } from '../../detect/types.js';
import { headerModes } from '../../detect/header-modes.js';
import { redactOptions } from './schema.js';
import { typeShape } from '../../kernels/type-shape.js';

const TAGS: Record<string, string> = {
  cn_id: '身份证号', cn_id15: '身份证号', cn_uscc: '统一社会信用代码', cn_mobile: '手机号', cn_landline: '电话', bank_card: '银行卡号',
  email: '邮箱', cn_passport: '护照号', hk_mo_tw_permit: '通行证号', hk_id: '证件号', tw_id: '证件号', cn_plate: '车牌号',
  ipv4: 'IP地址', ipv6: 'IP地址', person_name: '姓名', address: '地址', geo_coordinate: '坐标', qq_number: 'QQ号', wechat_id: '微信号',
  personal_number: '编号',
};

// The option schema lives beside the rule's spec entry (schema.ts), which a spec loader reads without this kernel.
export { redactOptions } from './schema.js';
export type RedactOptions = z.input<typeof redactOptions> & { columns: string[] };

const encoder = new TextEncoder();

/**
 * Redact identifiers inside free text (处罚事由 often holds an ID number or a phone): the same
 * detectors as the residual scan find them on the bytes, and only the found spans change.
 * Limit: it removes what the detectors recognise; see docs/detection.md for their measured recall.
 */
export function redact(options: RedactOptions): Transform {
  const o = redactOptions.parse(stripColumns(options));
  const types = o.types ?? DETECTOR_TYPES.filter((t) => PERSONAL_TYPES.has(t));
  const maskBytes = encoder.encode(o.maskChar);
  const tagBytes = DETECTOR_TYPES.map((t) => encoder.encode(`〔${TAGS[t] ?? t}〕`));
  return {
    name: 'redact',
    bind(input: Schema) {
      const idx = options.columns.map((c) => {
        const i = input.fields.findIndex((f) => f.name === c);
        if (i < 0) throw new TuominError('BAD_SPEC', `unknown column "${c}"`, { column: c, rule: 'redact' }, `available columns: ${input.fields.map((f) => f.name).join(', ')}`, { id: 'rule.columnNotFound', params: { columns: input.fields.map((f) => f.name) } });
        if (!isStringType(input.fields[i]!.type)) throw new TuominError('BAD_SPEC', `redact needs a text column, "${c}" is ${typeShape(input.fields[i]!.type)}`, { column: c, rule: 'redact' }, undefined, { id: 'rule.castToText', params: { rule: 'redact', type: typeShape(input.fields[i]!.type) } });
        return i;
      });
      const counts = idx.map(() => newCounts());
      const found = idx.map(() => new Map<string, number>());
      const sinks = idx.map((): FindingSink => ({ found: new Map(), calls: null }));
      sinks.forEach((sk, k) => { sk.found = found[k]!; });
      const kernels = idx.map((i, k) => makeKernel(columnScanner(input.fields[i]!.name, types, o.minConfidence), o.replacement === 'tag', maskBytes, tagBytes, sinks[k]!));
      return mapBatches(
        input,
        (batch) => {
          const rep = new Map<number, ReturnType<typeof columnData>>();
          idx.forEach((i, k) => {
            const data = columnData(batch, i);
            if (data.typeId !== Type.Dictionary) rep.set(i, mapUtf8Data(data, kernels[k]!, counts[k]!));
            else rep.set(i, redactDictionary(data, kernels[k]!, counts[k]!, sinks[k]!));
          });
          return replaceColumns(batch, input, rep);
        },
        () => idx.map((i, k) => ({
          transform: 'redact',
          columns: [input.fields[i]!.name],
          ...(counts[k] as MapCounts),
          extra: { replacement: o.replacement, types, findings: Object.fromEntries(found[k]!) },
        })),
      );
    },
  };
}

/**
 * The column's scanner, reading numbers under a coordinate header and whole cells under a QQ or
 * WeChat header as the residual scan does (detect/header-modes.ts): what the gate would find in
 * the column, the rule removes. Whole-cell names stay the gate's (a name column is dropped or masked).
 */
function columnScanner(header: string, types: DetectorType[], minConfidence: number): ValueScanner {
  const scanner = new ValueScanner({ types, minConfidence });
  const modes = headerModes(header);
  scanner.state.coordMode = modes.coord;
  scanner.state.imMode = modes.im;
  scanner.state.engineMode = modes.engine;
  scanner.state.idMode = modes.id;
  return scanner;
}

function stripColumns(o: RedactOptions): Omit<RedactOptions, 'columns'> {
  const { columns: _c, ...rest } = o;
  return rest;
}

/**
 * Where the kernel counts findings: per type into `found`, or, while a dictionary is mapped, the
 * types of each call into `calls` (one list per kernel call, empty when nothing was found), so
 * the findings can be weighted by how many rows use each entry.
 */
interface FindingSink {
  found: Map<string, number>;
  calls: number[][] | null;
}

/**
 * A dictionary column: each entry is redacted once (mapUtf8Data), and its findings are counted
 * once per row that uses it, as for a plain column. mapUtf8Data calls the kernel for the non-null
 * entries in order, chunk by chunk, which is how calls are matched to entries here.
 */
function redactDictionary(data: Data, kernel: Utf8Kernel, counts: MapCounts, sink: FindingSink): Data {
  const calls: number[][] = [];
  sink.calls = calls;
  let out: Data;
  try {
    out = mapUtf8Data(data, kernel, counts);
  } finally {
    sink.calls = null;
  }
  const dict = data.dictionary as Vector;
  const callOf = new Int32Array(dict.length).fill(-1);
  let call = 0;
  let base = 0;
  for (const chunk of dict.data) {
    const v = utf8View(chunk);
    for (let i = 0; i < v.length; i++) if (viewIsValid(v, i)) callOf[base + i] = call++;
    base += v.length;
  }
  const uses = new Float64Array(dict.length);
  const indices = data.values as ArrayLike<number>;
  const bitmap = data.nullCount > 0 ? data.nullBitmap : null;
  for (let i = 0; i < data.length; i++) if (!bitmap || isValid(bitmap, data.offset + i)) uses[Number(indices[i])]!++;
  for (let e = 0; e < dict.length; e++) {
    const c = callOf[e]!;
    if (uses[e] === 0 || c < 0) continue;
    for (const t of calls[c]!) sink.found.set(DETECTOR_TYPES[t]!, (sink.found.get(DETECTOR_TYPES[t]!) ?? 0) + uses[e]!);
  }
  return out;
}

/** List separators between two findings: 、 ， , ； ; / 和 及 与 或 and spaces, at most 9 bytes of them. */
const LIST_SEPARATORS = new Set([0x3001, 0xff0c, 0xff1b, 0x548c, 0x53ca, 0x4e0e, 0x6216, 0x3000]);
function listGap(src: Uint8Array, a: number, b: number): boolean {
  if (b - a > 9) return false;
  for (let p = a; p < b;) {
    const c = src[p]!;
    if (c === 32 || c === 44 || c === 59 || c === 47) { p++; continue; }
    if (c < 0xe0 || c >= 0xf0 || p + 2 >= b) return false;
    if (!LIST_SEPARATORS.has(((c & 0x0f) << 12) | ((src[p + 1]! & 0x3f) << 6) | (src[p + 2]! & 0x3f))) return false;
    p += 3;
  }
  return true;
}

function makeKernel(scanner: ValueScanner, tag: boolean, maskBytes: Uint8Array, tagBytes: Uint8Array[], sink: FindingSink): Utf8Kernel {
  const hits = scanner.state.hits;
  let mine: number[] | null = null;
  // Hit indices by start, reused from cell to cell (a sorted array per cell was a quarter of redact's garbage).
  let order = new Int32Array(16);
  const count = (k: number): void => {
    if (mine !== null) mine.push(hits.type[k]!);
    else {
      const t = DETECTOR_TYPES[hits.type[k]!]!;
      sink.found.set(t, (sink.found.get(t) ?? 0) + 1);
    }
  };
  return (src: Uint8Array, s: number, e: number, out: GrowableBytes) => {
    const n = scanner.scan(src, s, e);
    const calls = sink.calls;
    mine = calls === null ? null : [];
    if (mine !== null) calls!.push(mine);
    if (n === 0) {
      out.append(src, s, e);
      return KEEP;
    }
    // Hits come in scan order; sort by start (an insertion sort, stable: a cell has a few hits) and
    // merge overlaps (an address containing a phone).
    if (order.length < n) order = new Int32Array(2 * n);
    for (let k = 0; k < n; k++) {
      const start = hits.start[k]!;
      let j = k;
      while (j > 0 && hits.start[order[j - 1]!]! > start) { order[j] = order[j - 1]!; j--; }
      order[j] = k;
    }
    let pos = s;
    for (let o = 0; o < n; o++) {
      const k = order[o]!;
      const hs = Math.max(hits.start[k]!, pos);
      let he = hits.end[k]!;
      if (he <= pos) continue;
      out.append(src, pos, hs);
      count(k);
      const firstEnd = he;
      // A list of one type (张三、李四、王五) becomes one marker, separators and all: how many
      // people a note names is no one's business either (docs/detection.md, "Lists").
      while (o + 1 < n) {
        const next = order[o + 1]!;
        if (hits.type[next] !== hits.type[k] || hits.start[next]! < he || !listGap(src, he, hits.start[next]!)) break;
        he = Math.max(he, hits.end[next]!);
        count(next);
        o++;
      }
      if (tag) {
        const b = tagBytes[hits.type[k]!]!;
        out.append(b, 0, b.length);
      } else {
        // A list is masked as long as its first finding: the length of the whole run (names,
        // separators) told how many people it names, which the one run was meant to hide.
        for (let i = hs; i < firstEnd; i++) if ((src[i]! & 0xc0) !== 0x80) out.append(maskBytes, 0, maskBytes.length);
      }
      pos = he;
    }
    out.append(src, pos, e);
    return CHANGED;
  };
}
