import { stat } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import type { CsvReadOptions, CsvWriteOptions, ReadOptions, WriteOptions } from '@tuomin/io';
import type { Command } from '../command.js';
import { print, printJson } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { isDirectory, sameFile } from '../usage.js';
import { csvReadOptions, readerOptions, xlsxReadOptions } from '../reader-options.js';
import { readerWarning, t } from '../messages/index.js';
import { defineVerb } from '../options/table.js';
import { expandInputNames, inputsOf, inputsShown, refuseFolders } from '../inputs.js';
import { expectArgs, parseVerb, verbUsageError } from '../options/parse.js';
import { helpText } from '../options/help.js';
import { oneOf, wholeNumber } from '../options/values.js';
import { Progress } from '../progress.js';
import { parallelNote, workersOf, workersOption } from '../workers-option.js';

const COMPRESSIONS = ['snappy', 'zstd', 'none'] as const satisfies readonly NonNullable<NonNullable<WriteOptions['parquet']>['compression']>[];

export const convertSpec = defineVerb({
  name: 'convert',
  synopsis: '<in...> <out> [options]',
  about: {
    en: `Formats come from the extensions: .csv .tsv .parquet .arrow (IPC file) .arrows (IPC stream)
.ndjson .jsonl .xlsx (read: the first sheet, or the one --sheet names). Streams in batches; the output is written to a
temporary name and renamed at the end, so it is complete or absent. Values are copied as they
are (text stays text) unless --infer-types is given. Several inputs (every name before the last)
are one source: one format and one header, rows in the order given.`,
    zh: `格式由扩展名决定：.csv .tsv .parquet .arrow（IPC 文件）.arrows（IPC 流）.ndjson .jsonl，
.xlsx（读取时读第一个工作表，或 --sheet 指定的工作表）。按批流式处理；先写入临时文件，结束时再改名，所以输出要么完整，要么不存在。
除非给出 --infer-types，值按原样复制（文本仍是文本）。多个输入（最后一个名字之前的所有文件）作为同一数据源：
同一格式、同一表头，按给出的顺序读取各行。`,
  },
  options: {
    ...readerOptions({ en: 'write it to <out without extension>.rejects.csv and count it', zh: '写入 <输出去掉扩展名>.rejects.csv 并计数' }),
    compression: {
      type: 'string', arg: { en: 'C', zh: '压缩算法' }, group: { en: 'Output:', zh: '输出：' },
      help: { en: 'Parquet: snappy, zstd or none', zh: 'Parquet 压缩：snappy、zstd 或 none' },
      defaultText: { en: 'snappy', zh: 'snappy' },
      parse: oneOf(COMPRESSIONS),
    },
    bom: { type: 'boolean', help: { en: 'CSV: start with a UTF-8 byte order mark (for Excel)', zh: 'CSV：以 UTF-8 BOM 开头（便于 Excel 打开）' } },
    // Smaller than the readers' default of 65,536: peak memory follows the batch size (reader
    // buffers, the batch, its IPC copy for Parquet), at no measurable cost in speed.
    'batch-size': {
      type: 'string', arg: { en: 'N', zh: '行数' }, group: { en: 'Both:', zh: '读写通用：' },
      help: { en: 'rows per batch (32768 keeps a 1 GB CSV -> Parquet under 450 MB)', zh: '每批行数（32768 可使 1 GB CSV 转 Parquet 的内存低于 450 MB）' },
      default: 32768, parse: wholeNumber(1),
    },
    'infer-types': {
      type: 'boolean',
      help: { en: 'turn text columns into integer, decimal, boolean, date or timestamp\nwhen every value of the first 10,000 rows parses (default off)', zh: '前 10,000 行的值都能解析时，把文本列转为整数、小数、布尔、日期或时间戳（默认关闭）' },
    },
    ...workersOption({ en: 'the output is the same bytes for any N (with --on-bad-row skip: one thread)', zh: '无论线程数多少，输出逐字节相同（给出 --on-bad-row skip 时单线程运行）' }),
  },
  exitCodes: {
    en: `Exit codes: 0 ok, 1 unreadable or malformed input, 2 usage error (also: the output is a folder,
or the rejects file would be the input).`,
    zh: '退出码：0 成功，1 输入无法读取或格式有误，2 用法错误（包括输出是文件夹、拒绝行文件会覆盖输入）。',
  },
});

export const convertCommand: Command = {
  name: 'convert',
  spec: convertSpec,
  get usage() {
    return helpText(convertSpec);
  },
  async run(argv, io) {
    const { values, positionals } = parseVerb(convertSpec, argv);
    expectArgs(convertSpec, positionals, [2, Infinity], t('args.filesOut'));
    // The last name is the output; the names before it are the input, several read as one source
    // (one format and header, in the order given). Never the other way round: `convert a b` stays a → b.
    const inNames = await expandInputNames(io.cwd, positionals.slice(0, -1));
    await refuseFolders(io.cwd, inNames);
    const outName = positionals[positionals.length - 1]!;
    const inputs = inNames.map((n) => resolve(io.cwd, n));
    const input = inputsOf(io.cwd, inNames);
    const output = resolve(io.cwd, outName);
    for (const i of inputs) if (await sameFile(i, output)) return usage(t('convert.sameFile'));
    // Checked before the conversion runs, not found at the final rename.
    if (await isDirectory(output)) return usage(t('convert.outIsFolder', { out: outName, example: `${outName.replace(/[\\/]+$/, '')}/out.parquet` }));
    // Loaded here, not at the top: `convert --help` and a usage error load no Arrow or WebAssembly.
    const [{ formatFromPath, formatOfFiles }, { convertFile }] = await Promise.all([import('@tuomin/io'), import('@tuomin/publish')]);
    // Every extension is checked before anything is read (several inputs: one format).
    const inFormat = formatOfFiles(inputs, formatFromPath);
    const outFormat = formatFromPath(output);

    const csv: CsvReadOptions = csvReadOptions(values);
    const onBadRow = csv.onBadRow;
    const rejectPath = output.slice(0, output.length - extname(output).length) + '.rejects.csv';
    if (onBadRow === 'skip') {
      // The rejects file is written over: it must not be the input (or the output).
      for (const i of inputs) if (await sameFile(rejectPath, i)) return usage(t('convert.rejectsIsInput', { path: rejectPath }));
      if (await isDirectory(rejectPath)) return usage(t('convert.rejectsIsFolder', { path: rejectPath }));
      csv.rejectPath = rejectPath;
    }

    const batchSize = values['batch-size'];
    const compression = values.compression;
    if (compression !== undefined && outFormat !== 'parquet') return usage(t('convert.compressionParquet'));

    const xlsx = xlsxReadOptions(values);
    const readOptions: ReadOptions = { csv, batchSize, ...(Object.keys(xlsx).length ? { xlsx } : {}) };
    const writeOptions: WriteOptions = {};
    if (compression) writeOptions.parquet = { compression };
    const csvOut: CsvWriteOptions = {};
    if (values.bom) csvOut.bom = true;
    writeOptions.csv = csvOut;

    const started = performance.now();
    // MB/s and an ETA come from the bytes the CSV reader has consumed (one pass over a CSV); otherwise rows only.
    const sizes = inFormat === 'csv' || inFormat === 'tsv' ? await Promise.all(inputs.map((i) => stat(i).then((s) => (s.isFile() ? s.size : undefined), () => undefined))) : [undefined];
    const totalBytes = sizes.every((n) => n !== undefined) ? sizes.reduce((a, b) => a! + b!, 0) : undefined;
    const progress = new Progress(io.stderr, 'convert', totalBytes);
    const result = await convertFile(input, output, {
      read: readOptions, write: writeOptions, inferTypes: values['infer-types'] === true, workers: workersOf(values.workers),
      onProgress: (rows, bytes) => progress.update(rows, bytes),
    });
    progress.done();
    const ms = Math.round(performance.now() - started);
    const { badRows, warnings } = result;
    if (values.json) {
      printJson(io, { ok: true, input: inNames.length === 1 ? inNames[0] : inNames, output: outName, rows: result.rows, bytes: result.bytes, ms, badRows, warnings, ...(badRows > 0 ? { rejects: rejectPath } : {}), ...parallelNote(values.workers, result.parallel) });
    } else {
      print(io, t('convert.done', { in: inputsShown(inNames), out: outName, rows: result.rows.toLocaleString('en-US'), bytes: result.bytes.toLocaleString('en-US'), ms }));
      if (badRows > 0) print(io, t('convert.skipped', { count: badRows, path: rejectPath }));
      for (const w of warnings) io.stderr.write(`tuomin convert: ${t('warning')}: ${readerWarning(w)}\n`);
    }
    return EXIT.OK;
  },
};

function usage(why: string): never {
  return verbUsageError(convertSpec, why);
}
