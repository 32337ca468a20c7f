import { parseArgs } from 'node:util';
import { stat } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import type { RecordBatch } from 'apache-arrow';
import { TuominError } from '@tuomin/core';
import { formatFromPath, inferSource, openSource, writeOutput } from '@tuomin/io';
import type { CsvReadOptions, CsvWriteOptions, ReadOptions, WriteOptions } from '@tuomin/io';
import type { CliIO, Command } from '../command.js';
import { print, printJson } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { isDirectory, sameFile, usageError } from '../usage.js';
import { CSV_INPUT_FLAGS, csvInputOptions, csvInputUsage } from '../csv-input.js';
import { Progress } from '../progress.js';

const COMPRESSIONS = ['snappy', 'zstd', 'none'] as const;

export const convertCommand: Command = {
  name: 'convert',
  usage: `Usage: tuomin convert <in> <out> [options]

Formats come from the extensions: .csv .tsv .parquet .arrow (IPC file) .arrows (IPC stream)
.ndjson .jsonl, and .xlsx as output only. Streams in batches; the output is written to a
temporary name and renamed at the end, so it is complete or absent. Values are copied as they
are (text stays text) unless --infer-types is given.

CSV input:
${csvInputUsage('write it to <out without extension>.rejects.csv and count it')}
Output:
  --compression C       Parquet: snappy (default), zstd or none
  --bom                 CSV: start with a UTF-8 byte order mark (for Excel)
Both:
  --batch-size N        rows per batch (default 32768: keeps a 1 GB CSV -> Parquet under 450 MB)
  --infer-types         turn text columns into integer, decimal, boolean, date or timestamp
                        when every value of the first 10,000 rows parses (default off)
  --json                print one JSON object: {ok, input, output, rows, bytes, ms, badRows, warnings}
Exit codes: 0 ok, 1 unreadable or malformed input, 2 usage error (also: the output is a folder,
or the rejects file would be the input).`,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        ...CSV_INPUT_FLAGS,
        compression: { type: 'string' },
        bom: { type: 'boolean' },
        'batch-size': { type: 'string' },
        'infer-types': { type: 'boolean' },
        json: { type: 'boolean' },
      },
    });
    if (positionals.length !== 2) return usage(io, this.usage, 'expected an input and an output file');
    const input = resolve(io.cwd, positionals[0]!);
    const output = resolve(io.cwd, positionals[1]!);
    if (await sameFile(input, output)) return usage(io, this.usage, 'input and output are the same file');
    // Checked before the conversion runs, not found at the final rename.
    if (await isDirectory(output)) return usage(io, this.usage, `the output ${positionals[1]} is a folder; give a file name such as ${positionals[1]!.replace(/[\\/]+$/, '')}/out.parquet`);
    // Both extensions are checked before anything is read.
    formatFromPath(input);
    const outFormat = formatFromPath(output);

    const csv: CsvReadOptions = csvInputOptions(values, 'convert', this.usage);
    const onBadRow = csv.onBadRow;
    const rejectPath = output.slice(0, output.length - extname(output).length) + '.rejects.csv';
    if (onBadRow === 'skip') {
      // The rejects file is written over: it must not be the input (or the output).
      if (await sameFile(rejectPath, input)) return usage(io, this.usage, `--on-bad-row skip would write the rejected rows to ${rejectPath}, which is the input file; name the output differently`);
      if (await isDirectory(rejectPath)) return usage(io, this.usage, `--on-bad-row skip writes the rejected rows to ${rejectPath}, which is a folder`);
      csv.rejectPath = rejectPath;
    }

    // Smaller than the readers' default of 65,536: peak memory follows the batch size (reader
    // buffers, the batch, its IPC copy for Parquet), at no measurable cost in speed.
    let batchSize = 32768;
    if (values['batch-size'] !== undefined) {
      batchSize = Number(values['batch-size']);
      if (!Number.isInteger(batchSize) || batchSize < 1) return usage(io, this.usage, '--batch-size must be a positive integer');
    }
    const compression = values.compression;
    if (compression !== undefined && !(COMPRESSIONS as readonly string[]).includes(compression)) {
      return usage(io, this.usage, `--compression must be snappy, zstd or none (got ${JSON.stringify(compression)})`);
    }
    if (compression !== undefined && outFormat !== 'parquet') return usage(io, this.usage, '--compression applies to Parquet output only');

    const readOptions: ReadOptions = { csv, batchSize };
    const writeOptions: WriteOptions = {};
    if (compression) writeOptions.parquet = { compression: compression as (typeof COMPRESSIONS)[number] };
    const csvOut: CsvWriteOptions = {};
    if (values.bom) csvOut.bom = true;
    writeOptions.csv = csvOut;

    const started = performance.now();
    const opened = await openSource(input, readOptions);
    const source = values['infer-types'] ? await inferSource(opened, { file: input }) : opened;
    // MB/s and an ETA come from the bytes the CSV reader has consumed; other formats show rows only.
    const totalBytes = opened.stats ? await stat(input).then((s) => (s.isFile() ? s.size : undefined), () => undefined) : undefined;
    const progress = new Progress(io.stderr, 'convert', totalBytes);
    let rows = 0;
    async function* counted(): AsyncIterable<RecordBatch> {
      for await (const b of source.batches()) {
        rows += b.numRows;
        progress.update(rows, opened.stats?.bytes);
        yield b;
      }
    }
    const result = await writeOutput(output, source.schema, counted(), writeOptions);
    progress.done();
    const ms = Math.round(performance.now() - started);
    const badRows = opened.stats?.badRows ?? 0;
    const warnings = opened.warnings ?? [];
    if (result.rows !== rows) throw new TuominError('IO', `wrote ${result.rows} rows but read ${rows}`, { file: output }, 'this is a bug; please report it');
    if (values.json) {
      printJson(io, { ok: true, input: positionals[0], output: positionals[1], rows: result.rows, bytes: result.bytes, ms, badRows, warnings, ...(badRows > 0 ? { rejects: rejectPath } : {}) });
    } else {
      print(io, `${positionals[0]} -> ${positionals[1]}: ${result.rows.toLocaleString('en-US')} rows, ${result.bytes.toLocaleString('en-US')} bytes in ${ms} ms`);
      if (badRows > 0) print(io, `${badRows} bad row(s) skipped, written to ${rejectPath}`);
      for (const w of warnings) io.stderr.write(`tuomin convert: warning: ${w}\n`);
    }
    return EXIT.OK;
  },
};

function usage(_io: CliIO, text: string, why: string): never {
  return usageError('convert', text, why);
}
