/**
 * The library's errors in Chinese. Every TuominError has a stable code, a location and an English
 * message and hint written where it is thrown. In Chinese the CLI shows the code's sentence, the
 * location in Chinese, then either the Chinese wording of the message (for the errors that carry a
 * message id, `TuominError.text`) or the English message as thrown; the same for the hint.
 * The test (test/zh-messages.test.ts) reads every error code and message id in the sources.
 */

/** One sentence per ErrorCode (core/src/errors.ts). */
export const ERROR_CODE_ZH: Record<string, string> = {
  BAD_INPUT: '输入数据有误',
  BAD_SPEC: 'spec 有误',
  BAD_KEY: '密钥有误',
  BAD_VALUE: '值有误',
  UNSUPPORTED: '不支持的输入或用法',
  SECURITY_REVIEW: '安全审查未通过',
  NORMATIVE_REVIEW: '规范性审查未通过',
  PRIVACY: '未达到隐私保护目标',
  IO: '读写文件出错',
};

/** The parts of an ErrorLocation, in the order the English message names them. */
export const LOCATION_ZH = {
  file: '文件 {file}',
  line: '第 {line} 行',
  byteOffset: '第 {byteOffset} 字节',
  row: '第 {row} 条记录',
  column: '列“{column}”',
  path: '位置 {path}',
  rule: '规则 {rule}',
} as const;

export type ErrorParams = Record<string, string | number | readonly string[]>;
type Wording = string | ((p: ErrorParams) => string);
const list = (v: ErrorParams[string] | undefined): readonly string[] => (Array.isArray(v) ? v : v === undefined || v === '' ? [] : [String(v)]);

/**
 * Messages thrown with an id (`new TuominError(code, message, where, hint, { id, params })`), in
 * Chinese, with their hint. Placeholders are the params of the throw site (a list is joined with
 * 、); a message made of lists is a function of them.
 */
export const ERROR_TEXTS: Record<string, { zh: Wording; hint?: Wording }> = {
  'plan.headerMismatch': {
    zh: (p) => {
      const meant = list(p.meant);
      const lines = ['spec 与源数据的表头不一致：'];
      list(p.notInSource).forEach((path, i) => lines.push(`  ${path}：源数据中没有这一列${meant[i] ? `；是不是想写 ${meant[i]}？` : ''}`));
      const unlisted = list(p.unlisted);
      if (unlisted.length) lines.push(`  spec 中没有描述的源数据列：${unlisted.join('、')}（请在 columns: 下逐列描述、标记 drop: true，或设置 unlistedColumns: drop）`);
      return lines.join('\n');
    },
    hint: (p) => `源数据的列：${list(p.source).join('、')}`,
  },
  'csv.ragged': {
    zh: '字段数不对：该行有 {fields} 个字段，而表头有 {ncols} 个',
    hint: '修正该行（含有“{delimiter}”的字段要加引号），检查分隔符（--delimiter；spec 中为 source.csv.delimiter），或把格式有误的行写入拒绝文件（onBadRow: skip；tuomin convert --on-bad-row skip；spec 中为 source.csv.onBadRow）',
  },
  'csv.unterminatedQuote': {
    zh: '引号没有闭合：这个带引号的字段一直没有结束',
    hint: '补上结尾的引号，或把带引号字段中的引号写成 ""；也可以把格式有误的行写入拒绝文件（onBadRow: skip；tuomin convert --on-bad-row skip）',
  },
  'csv.afterQuote': {
    zh: '闭合引号后面出现了意外的字符',
    hint: '带引号的字段必须以引号结束，后面紧跟分隔符或换行；字段中的引号写成 ""；也可以把格式有误的行写入拒绝文件（onBadRow: skip；tuomin convert --on-bad-row skip）',
  },
  'csv.invalidBytes': {
    zh: '有不是合法 {encoding} 编码的字节',
    hint: '如果文件是 {other} 编码，请加 --encoding {otherOption}；否则请修复该位置的字节',
  },
  'csv.invalidBytesBom': {
    zh: '有不是合法 {encoding} 编码的字节',
    hint: '文件以 {encoding} 字节顺序标记（BOM）开头，却含有其他编码的字节：请用一种编码重新保存，或修复该位置的字节',
  },
  'csv.mixedEncoding': {
    zh: '这一行是 UTF-8 编码，而文件按 {encoding} 读取：文件混用了多种编码，按一种编码解码会发布乱码',
    hint: '先把文件统一为一种编码（例如对 GBK 部分执行 iconv -f GB18030 -t UTF-8，再把各部分拼接），然后重新读取',
  },
  'profile.specExists': {
    zh: '--write-spec 指定的文件已经存在；草稿从不覆盖已有文件',
    hint: '换一个文件名，或先删除已有文件',
  },
  'format.unknownExtension': { zh: '未知的文件扩展名“{ext}”', hint: '文件名请使用以下扩展名之一：{known}' },
  'format.noExtension': { zh: '文件名没有扩展名', hint: '文件名请使用以下扩展名之一：{known}' },
  'format.xlsxInput': {
    zh: '不支持读取 XLSX：tuomin 只在发布时写出 XLSX，读取的是 csv、tsv、parquet、arrow 和 ndjson',
    hint: '在 Excel 或 WPS 中把工作表另存为“CSV UTF-8”，再读取该文件',
  },
  // {errno} is a Node error code, worded by the catalogue's fs.<code> (render.ts).
  'csv.cannotRead': { zh: '无法读取 CSV 文件：{errno}', hint: '{errnoHint}' },
  'input.cannotRead': { zh: '无法读取输入文件：{errno}', hint: '{errnoHint}' },
  'input.notFormat': { zh: '不是有效的 {format} 文件（文件结构损坏，或内容与扩展名不符）', hint: '确认文件确实是 {format} 格式且没有被截断；文件格式由扩展名决定' },
  'spec.cannotRead': { zh: '无法读取 spec 文件：{errno}', hint: '检查 spec 文件的路径' },
  'release.identicalLatest': { zh: '数据与最新的版本 {version} 完全相同，没有发布任何内容', hint: '自上次发布以来没有变化：源数据有变化时再运行，或去掉 --require-change' },
  'release.identicalWithdrawn': { zh: '数据与已撤回的版本 {version} 完全相同，没有发布任何内容', hint: '这份数据曾被撤回：先修正导致它被撤回的规则，再重新运行' },
  // {keyFrom} is env:NAME or file:path, worded by render.ts.
  'key.unreadable': { zh: '无法读取{keyFrom}：{errno}', hint: '检查路径；生成密钥文件：openssl rand -hex 16 > key.hex && chmod 600 key.hex' },
  'key.constant': { zh: '{keyFrom}中是同一个字节重复 {bytes} 次（全零或占位密钥），不是密钥', hint: '生成随机密钥：openssl rand -hex 16' },
  'key.invalid': { zh: '{keyFrom}中不是有效的密钥（应为 16 或 32 字节，以十六进制或 base64 书写）', hint: '生成密钥：openssl rand -hex 16' },
  'key.notSet': {
    zh: '环境变量 {env} 没有设置',
    hint: '执行 export {env}=$(openssl rand -hex 16)，或在规则中用 key: { file: 路径 } 指向密钥文件',
  },
};

/** The framing of a failed review and of a bad spec. */
export const REVIEW_ZH = {
  security: '安全审查',
  normative: '规范性审查',
  failed: '{review}未通过，没有发布任何内容：',
  fix: '（修改位置：{path}）',
  specProblems: 'spec 有 {count} 处问题：',
  specLine: '第 {line} 行，',
  root: '（根）',
  english: '原文：{text}',
  englishHint: '原文提示：{text}',
} as const;
