import { lang } from './lang.js';

/**
 * The CSV reader's warnings (io/src/csv: `warnings.push(...)`) in Chinese. The reader returns
 * them as English sentences; each has one shape, matched here whole (test/zh-messages.test.ts
 * finds every `warnings.push` text in io's sources and requires a shape for it). An unknown one
 * is shown as it is.
 */
export const READER_WARNINGS: Array<{ en: RegExp; zh: string }> = [
  { en: /^the file is empty: no header and no rows$/, zh: '文件为空：没有表头，也没有数据行' },
  { en: /^the file starts with a UTF-8 byte order mark, so it was read as UTF-8 \(not (.+)\)$/, zh: '文件以 UTF-8 字节顺序标记（BOM）开头，因此按 UTF-8 读取（而不是 $1）' },
  { en: /^column (\d+) has a blank name; named it "(.*)"$/, zh: '第 $1 列没有列名，已命名为“$2”' },
  { en: /^column (\d+) repeats the name "(.*)"; renamed it "(.*)"$/, zh: '第 $1 列与前面的列重名（“$2”），已改名为“$3”' },
  { en: /^(\d+) bad row\(s\) written to (.+)$/, zh: '$1 个格式有误的行已写入 $2' },
  { en: /^(\d+) bad row\(s\) skipped$/, zh: '跳过了 $1 个格式有误的行' },
  { en: /^read the sheet "(.*)"; not read: (.*)$/, zh: '读取了工作表“$1”；未读取的工作表：$2' },
  { en: /^sheet "(.*)": hidden columns (.*) not read$/, zh: '工作表“$1”：隐藏列 $2 未读取' },
  { en: /^sheet "(.*)": row (.*) above the header row (\d+) read as a title, not data$/, zh: '工作表“$1”：表头行 $3 上方的第 $2 行按标题处理，不作为数据' },
  { en: /^sheet "(.*)": (\d+) hidden rows not read$/, zh: '工作表“$1”：$2 个隐藏行未读取' },
  { en: /^sheet "(.*)": (\d+) merged ranges in the data rows filled down over (\d+) cells with the value of each range's first cell, as Excel shows them$/, zh: '工作表“$1”：数据行中的 $2 个合并单元格区域已向下填充到 $3 个单元格（取每个区域首个单元格的值，与 Excel 显示一致）' },
  { en: /^sheet "(.*)": (\d+) error cells \(#N\/A, #DIV\/0! and the like\) read as empty$/, zh: '工作表“$1”：$2 个错误值单元格（#N/A、#DIV/0! 等）按空值读取' },
];

export function readerWarning(text: string): string {
  if (lang() !== 'zh') return text;
  for (const w of READER_WARNINGS) if (w.en.test(text)) return text.replace(w.en, w.zh);
  return text;
}
