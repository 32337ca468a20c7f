// The light entries only: `scan --help` and a usage error load no Arrow or WebAssembly (run() imports the rest).
import { DETECTOR_TYPES, LEGAL_PERSON_TYPES, PERSONAL_TYPES, type DetectorType } from '@tuomin/core/light';
import type { Command } from '../command.js';
import { print, printJson } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { csvReadOptions, readerOptions, xlsxReadOptions } from '../reader-options.js';
import { lang, t, TYPE_ZH } from '../messages/index.js';
import { defineVerb } from '../options/table.js';
import { expandInputNames, inputsOf, inputsShown } from '../inputs.js';
import { expectArgs, parseVerb, verbUsageError } from '../options/parse.js';
import { helpText } from '../options/help.js';
import { names, numberIn } from '../options/values.js';
import { Progress } from '../progress.js';
import { parallelNote, workersOf, workersOption } from '../workers-option.js';

export const scanSpec = defineVerb({
  name: 'scan',
  synopsis: '<file... | package folder> [--json] [--all-rows] [--types a,b | --all-types] [--min-confidence 0.5]',
  about: {
    en: `Scans every cell of every column (free text included) of a CSV, TSV, Parquet, Arrow or NDJSON
file for identifiers of natural persons: ${[...PERSONAL_TYPES].join(', ')}.
Legal-person identifiers (${[...LEGAL_PERSON_TYPES].join(', ')}: public business information) are looked for only with
--all-types or when named in --types.
Prints, per column and type, how many rows hold one and the first 100 row numbers (1-based,
header excluded). Values are never printed. Column names are scanned too: a column whose name
holds an identifier is shown as "column #n". Given a package folder (or its datapackage.json),
scans every data file and every metadata and report file (findings with "file" and "place").`,
    zh: `扫描 CSV、TSV、Parquet、Arrow 或 NDJSON 文件每一列（包括自由文本）的每个单元格，查找自然人的
标识信息：${[...PERSONAL_TYPES].join('、')}。法人标识（${[...LEGAL_PERSON_TYPES].join('、')}，属于公开的企业信息）只有在给出 --all-types 或在 --types 中列出时才查找。
按列和类型打印含有标识的行数和前 100 个行号（从 1 开始，不含表头），从不打印值。列名也会扫描：
列名本身含有标识的列显示为“column #n”。给出数据包文件夹（或其 datapackage.json）时，扫描其中
每个数据文件以及每个元数据和报告文件（结果带有 "file" 和 "place"）。`,
  },
  options: {
    'all-rows': { type: 'boolean', help: { en: 'list every row number, not only the first 100', zh: '列出全部行号，而不只是前 100 个' } },
    types: { type: 'string', arg: { en: 'a,b', zh: '类型1,类型2' }, help: { en: 'only look for these types', zh: '只查找这些类型' }, parse: names },
    'all-types': { type: 'boolean', help: { en: 'also look for legal-person identifiers (USCC)', zh: '同时查找法人标识（统一社会信用代码）' } },
    'min-confidence': { type: 'string', arg: { en: 'X', zh: '数值' }, help: { en: 'drop findings below this confidence', zh: '丢弃置信度低于此值的结果' }, defaultText: { en: '0.5', zh: '0.5' }, parse: numberIn(0, 1) },
    ...readerOptions(
      { en: 'refused: a skipped row would go unscanned (convert with --on-bad-row skip, then scan the output and the rejects file)', zh: '不允许：被跳过的行将不会被扫描（先用 convert --on-bad-row skip 转换，再扫描输出和拒绝行文件）' },
      ['error'],
    ),
    ...workersOption({ en: 'the findings are the same for any N', zh: '无论线程数多少，结果都相同' }),
  },
  exitCodes: {
    en: 'Exit codes: 0 clean, 3 findings remain, 1 unreadable input, 2 usage error.',
    zh: '退出码：0 未发现，3 仍有个人信息，1 输入无法读取，2 用法错误。',
  },
});

export const scanCommand: Command = {
  name: 'scan',
  spec: scanSpec,
  get usage() {
    return helpText(scanSpec);
  },
  async run(argv, io) {
    const { values, positionals: given } = parseVerb(scanSpec, argv);
    expectArgs(scanSpec, given, [1, Infinity], t('args.files'));
    const positionals = await expandInputNames(io.cwd, given);
    let types: DetectorType[] | undefined = values['all-types'] ? undefined : [...PERSONAL_TYPES];
    if (values.types !== undefined) {
      types = values.types as DetectorType[];
      const unknown = types.filter((x) => !(DETECTOR_TYPES as readonly string[]).includes(x));
      if (unknown.length || types.length === 0) return verbUsageError(scanSpec, t('scan.unknownTypes', { unknown: unknown.join(', '), known: DETECTOR_TYPES.join(', ') }));
    }
    const minConfidence = values['min-confidence'];
    const csv = csvReadOptions(values);
    // Several files are one source (a package folder is named alone).
    const file = inputsOf(io.cwd, positionals);
    const { scanFile } = await import('@tuomin/publish');
    const progress = new Progress(io.stderr, 'scan');
    const result = await scanFile(file, {
      ...(types ? { types } : {}),
      ...(minConfidence !== undefined ? { minConfidence } : {}),
      ...(values['all-rows'] ? { allRows: true } : {}),
      // scanFile types its reader options loosely (Record<string, unknown>); these are CsvReadOptions.
      ...(Object.keys(csv).length ? { csv: { ...csv } as Record<string, unknown> } : {}),
      ...(Object.keys(xlsxReadOptions(values)).length ? { xlsx: xlsxReadOptions(values) } : {}),
      workers: workersOf(values.workers),
      onProgress: (rows) => progress.update(rows),
    });
    progress.done();
    if (values.json) {
      printJson(io, {
        ok: true,
        clean: result.clean,
        rows: result.rows,
        findings: result.findings.map((f) => ({ ...f, personal: PERSONAL_TYPES.has(f.type) })),
        ...(result.skipped ? { skipped: result.skipped } : {}),
        ...parallelNote(values.workers, result.parallel),
      });
    } else {
      print(io, t(result.clean ? 'scan.clean' : 'scan.findings', { file: inputsShown(positionals), rows: result.rows, count: result.findings.length }));
      if (!result.clean) print(io, table(result.findings));
      for (const s of result.skipped ?? []) print(io, t('scan.notRead', { file: s }));
    }
    return result.clean ? EXIT.OK : EXIT.SECURITY;
  },
};

function table(findings: { column: string; type: string; count: number; rows: number[]; confidence: number }[]): string {
  const head = [t('scan.col.column'), t('scan.col.type'), t('scan.col.rows'), t('scan.col.confidence'), t('scan.col.first')];
  const body = findings.map((f) => [
    f.column,
    // The id (what --types takes), and in Chinese its name after it.
    lang() === 'zh' && f.type in TYPE_ZH ? `${f.type} ${TYPE_ZH[f.type]}` : f.type,
    String(f.count),
    f.confidence.toFixed(2),
    f.rows.slice(0, 8).join(', ') + (f.count > 8 ? ', …' : ''),
  ]);
  const width = (s: string) => [...s].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
  const cols = head.map((h, i) => Math.max(width(h), ...body.map((r) => width(r[i]!))));
  const line = (r: string[]) => r.map((c, i) => c + ' '.repeat(cols[i]! - width(c))).join('  ').trimEnd();
  return [line(head), cols.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}
