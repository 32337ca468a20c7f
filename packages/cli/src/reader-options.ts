import type { CsvReadOptions, XlsxReadOptions } from '@tuomin/io';
import type { Text } from './messages/index.js';
import type { ListOption, SwitchOption, ValueOption } from './options/table.js';
import { nonEmpty, oneOf, text, wholeNumber } from './options/values.js';

type Delimiter = NonNullable<CsvReadOptions['delimiter']>;
type Encoding = NonNullable<CsvReadOptions['encoding']>;
type OnBadRow = NonNullable<CsvReadOptions['onBadRow']>;

/**
 * The reader options, described once for every verb that reads a file (convert, profile, scan,
 * risk, anonymize): the same names, values and checks everywhere. Typed against the reader's
 * CsvReadOptions, so a value the reader does not know cannot be added here alone.
 * `skipped` says, per verb, what --on-bad-row skip does with a skipped row.
 */
export function readerOptions(skipped: Text, onBadRow: readonly OnBadRow[] = ['error', 'skip']) {
  return {
    delimiter: {
      type: 'string', arg: { en: 'D', zh: '分隔符' }, group: { en: 'CSV input:', zh: 'CSV 输入：' },
      help: { en: ', ; tab | or auto', zh: '分隔符：, ; tab | 或 auto' },
      defaultText: { en: 'detected', zh: '自动识别' },
      parse: oneOf<Delimiter>([',', ';', '|', 'auto'], { tab: '\t', '\t': '\t', '\\t': '\t' }),
    } satisfies ValueOption<Delimiter>,
    encoding: {
      type: 'string', arg: { en: 'E', zh: '编码' },
      help: { en: 'utf-8 (utf8), gb18030, gbk or auto, any case', zh: '编码：utf-8（utf8）、gb18030、gbk 或 auto，不区分大小写' },
      defaultText: { en: 'detected', zh: '自动识别' },
      parse: (raw: string, flag: string) => oneOf<Encoding>(['utf-8', 'gb18030', 'gbk', 'auto'], { utf8: 'utf-8' })(raw.trim().toLowerCase(), flag),
    } satisfies ValueOption<Encoding>,
    'no-header': {
      type: 'boolean',
      help: { en: 'the first line is data; columns are named column_1..n', zh: '第一行就是数据；列名为 column_1..n' },
    } satisfies SwitchOption,
    'null-token': {
      type: 'string', multiple: true, arg: { en: 'T', zh: '标记' }, aliases: ['null'],
      help: { en: "an unquoted field equal to T is null (e.g. --null-token '' --null-token 无)", zh: "未加引号且等于该标记的字段视为空值（如 --null-token '' --null-token 无）" },
      parse: text,
    } satisfies ListOption<string>,
    'on-bad-row': {
      type: 'string', arg: { en: 'M', zh: '方式' },
      help: { en: `error: stop at a ragged row or unterminated quote; skip: ${skipped.en}`, zh: `error：遇到列数不符或引号未闭合的行即停止；skip：${skipped.zh}` },
      default: 'error',
      parse: oneOf<OnBadRow>(onBadRow),
    } satisfies ValueOption<OnBadRow>,
    sheet: {
      type: 'string', arg: { en: 'NAME', zh: '工作表' }, group: { en: 'XLSX input:', zh: 'XLSX 输入：' },
      help: { en: 'the sheet to read, by its name on its tab; the other sheets are never read', zh: '要读取的工作表（按标签上的名称）；其他工作表一律不读取' },
      defaultText: { en: 'the first sheet', zh: '第一个工作表' },
      parse: nonEmpty,
    } satisfies ValueOption<string>,
    'header-row': {
      type: 'string', arg: { en: 'N', zh: '行号' },
      help: { en: 'the row, as Excel numbers it, that holds the column names', zh: '存放列名的行（按 Excel 的行号）' },
      defaultText: { en: 'the first row with values after title rows', zh: '标题行之后第一个有值的行' },
      parse: wholeNumber(1),
    } satisfies ValueOption<number>,
  } as const;
}

export interface ReaderValues {
  delimiter: Delimiter | undefined;
  encoding: Encoding | undefined;
  'no-header': boolean;
  'null-token': string[] | undefined;
  'on-bad-row': OnBadRow;
  sheet?: string | undefined;
  'header-row'?: number | undefined;
}

/** The XLSX reader options the flags ask for (a spec drafted from them records them as source.xlsx). */
export function xlsxReadOptions(v: Pick<ReaderValues, 'sheet' | 'header-row'>): Omit<XlsxReadOptions, 'batchSize'> {
  return {
    ...(v.sheet !== undefined ? { sheet: v.sheet } : {}),
    ...(v['header-row'] !== undefined ? { headerRow: v['header-row'] } : {}),
  };
}

/** The reader options the flags ask for (only those given: the reader's defaults stay its own). */
export function csvReadOptions(v: ReaderValues): CsvReadOptions {
  return {
    ...(v.delimiter !== undefined ? { delimiter: v.delimiter } : {}),
    ...(v.encoding !== undefined ? { encoding: v.encoding } : {}),
    ...(v['no-header'] ? { header: false } : {}),
    ...(v['null-token'] ? { nullTokens: v['null-token'] } : {}),
    ...(v['on-bad-row'] === 'skip' ? { onBadRow: 'skip' as const } : {}),
  };
}
