/**
 * The library's errors in Chinese. Every TuominError has a stable code, a location and an English
 * message and hint written where it is thrown. In Chinese the CLI shows the code's sentence, the
 * location in Chinese, then either the Chinese wording of the message (for the errors that carry a
 * message id, `TuominError.text`) or the English message as thrown; the same for the hint.
 * The test (test/zh-messages.test.ts) reads every error code and message id in the sources.
 */

/** What csv.otherFormat names (io csv/not-text.ts otherFormat), in Chinese. */
const OTHER_FORMAT_ZH: Record<string, string> = { Parquet: ' Parquet 文件', 'an Arrow IPC file': ' Arrow IPC 文件', 'an Arrow IPC stream': ' Arrow IPC 流', 'a gzip archive': ' gzip 压缩包' };

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
  RESOURCE: '资源不足',
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
      for (const path of list(p.derivedTaken)) lines.push(`  ${path}：派生列不能与源数据的列同名`);
      for (const path of list(p.derivedNoSource)) lines.push(`  ${path}：源数据中没有这一列`);
      return lines.join('\n');
    },
    hint: (p) => `源数据的列：${list(p.source).join('、')}${list(p.readerNamed).length ? `（${list(p.readerNamed).join('、')}：读取时空白列名记为 column_<序号>，重复的列名依次记为 <列名>_2、<列名>_3 …；请在 spec 中用这些名字描述它们）` : ''}`,
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
  'csv.damagedUtf8': {
    zh: '文件到这里为止都是 UTF-8 编码，这里却有不是合法 UTF-8 的字节：字节损坏，或文件混用了多种编码（UTF-8 行之后有 GBK 部分）',
    hint: '修复或删除这一行中损坏的字节；如果文件其余部分是 GBK 编码，请先把那部分转换为 UTF-8（iconv -f GB18030 -t UTF-8），再重新读取',
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
  'xlsx.damaged': { zh: '不是可读取的 XLSX 工作簿：{what}', hint: '在 Excel 或 WPS 中打开该文件，另存为 .xlsx（“Excel 工作簿”）或“CSV UTF-8”，再读取另存的文件' },
  'xlsx.encrypted': { zh: '工作簿设置了打开密码（已加密），无法读取其中的工作表', hint: '在 Excel 或 WPS 中取消密码（文件 ▸ 信息 ▸ 保护工作簿 ▸ 用密码进行加密：清空），保存后读取该文件' },
  'xlsx.notOoxml': { zh: '这是 Excel 97–2003 工作簿（.xls）或其他 OLE2 复合文件，不是 .xlsx', hint: '在 Excel 或 WPS 中打开，另存为“Excel 工作簿（.xlsx）”或“CSV UTF-8”，再读取该文件' },
  'xlsx.notZip': { zh: '不是 .xlsx 工作簿：文件开头不是 ZIP 格式（.xlsx 是 ZIP 压缩包）', hint: '如果是其他系统导出的 HTML 或 XML 表格，只是扩展名为 .xlsx，请在 Excel 或 WPS 中打开并另存为“Excel 工作簿（.xlsx）”或“CSV UTF-8”' },
  'xlsx.otherFormat': { zh: '这不是 .xlsx，而是另一种电子表格格式（{kind}）', hint: '在 Excel、WPS 或 LibreOffice 中打开，另存为“Excel 工作簿（.xlsx）”或“CSV UTF-8”，再读取该文件' },
  'xlsx.sheetAmbiguous': { zh: (p) => `没有指定工作表，而第一个工作表是隐藏的或是图表：不清楚表格在哪个工作表（工作表：${list(p.sheets).join('、')}）`, hint: '指定要读取的工作表（spec 中的 source.xlsx.sheet，命令行的 --sheet）' },
  'xlsx.noSuchSheet': { zh: (p) => `工作簿中没有工作表“${String(p.sheet ?? '')}”（工作表：${list(p.sheets).join('、')}）`, hint: '按 Excel 标签上显示的名称，指定列出的工作表之一' },
  'xlsx.notWorksheet': { zh: (p) => `工作表“${String(p.sheet ?? '')}”是图表工作表或没有单元格（工作表：${list(p.sheets).join('、')}）`, hint: '指定存放表格的工作表' },
  'xlsx.badSharedString': { zh: '工作表“{sheet}”的单元格 {cell} 指向第 {row} 行中不存在的共享字符串（工作簿共有 {count} 个）', hint: '工作簿已损坏：在 Excel 或 WPS 中打开并重新保存，再读取该文件' },
  'xlsx.badCellType': { zh: '工作表“{sheet}”的单元格 {cell}（第 {row} 行）的类型“{type}”无法识别', hint: '工作簿已损坏或不符合 Office Open XML：用 Excel 或 WPS 重新保存' },
  'xlsx.formulaNoValue': { zh: '工作表“{sheet}”的单元格 {cell}（第 {row} 行）是没有保存计算结果的公式', hint: '该文件由不计算公式的程序写出：在 Excel 或 WPS 中打开（会计算公式）并保存，再读取该文件' },
  'xlsx.badNumber': { zh: '工作表“{sheet}”的单元格 {cell}（第 {row} 行）是数字单元格，却不含数字', hint: '工作簿已损坏：用 Excel 或 WPS 重新保存' },
  'xlsx.longNumber': { zh: '工作表“{sheet}”的单元格 {cell}（第 {row} 行）是 {digits} 位的数字，超过电子表格数字能保留的 15 位有效数字：末尾几位已经丢失（身份证号、银行卡号等长号码按数字录入后会显示为 1.1E+17 或以 0 结尾）（不显示取值）', hint: '无法从这个文件恢复这些值：请从源系统把该列重新导出为文本（在 Excel 中先把该列设为“文本”格式再粘贴，或直接从系统导出 CSV），再读取该文件' },
  'xlsx.badDate': { zh: '工作表“{sheet}”的单元格 {cell}（第 {row} 行）是日期单元格，但其序列号不是有效的日期', hint: '在 Excel 或 WPS 中更正该单元格（如果不是日期，就把该列设为文本格式），保存后重新读取' },
  'xlsx.outsideTable': { zh: '工作表“{sheet}”的单元格 {cell}（第 {row} 行）有值，但它所在的列在表头行中没有列名', hint: '在表头行为该列加上列名，或删除表格旁边的内容，再重新读取' },
  'xlsx.noHeader': { zh: '工作表“{sheet}”没有值，或指定的表头行 {row} 是空的', hint: '指定存放表格的工作表（spec 中的 source.xlsx.sheet，命令行的 --sheet），或按 Excel 的行号指定存放列名的行（source.xlsx.headerRow，--header-row）' },
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
  'key.pasted': {
    zh: (p) => `key: { ${String(p.kind)}: … } 中写的看起来是密钥本身，而不是${p.kind === 'env' ? '环境变量名' : '密钥文件路径'}；不显示其内容`,
    hint: '不要把密钥写进 spec：把这个密钥视为已泄露，重新生成一个（openssl rand -hex 16），放进环境变量或权限为 600 的密钥文件，再在 spec 中写它的名字',
  },
  // Declared output types (run/output-types.ts): {type} is a declared column type, or "number with N decimals".
  'output.scaleNotNumber': { zh: 'scale 只适用于 number 类型的列；这一列的类型是 {type}', hint: '删除 scale，或声明 type: number' },
  'output.cannotType': {
    zh: (p) => {
      const more = list(p.more);
      return `列“${String(p.column)}”有 ${String(p.count)} 个值无法按${typeZh(p.type)}发布${more.length ? `（另有 ${more.length} 列的值也不行：${more.join('、')}）` : ''}；没有发布任何内容`;
    },
    hint: '整数必须在 64 位范围内，日期时间不能带 UTC 偏移、精度不超过毫秒，数的小数位数不能多于 scale：用规则修正这些值、修改 scale，或把该列声明为 type: string',
  },
  // The release store (publish/src/release): {action} and {status} are worded by ACTION_ZH and STATUS_ZH.
  'release.versionUsed': { zh: '本数据集的版本 {version} 已经存在或曾经用过', hint: '版本号不可更改、不可重复使用：去掉 --version，自动取下一个版本号' },
  'release.versionLower': { zh: '版本 {version} 低于最新的版本 {top}：版本号只能递增', hint: '去掉 --version 自动取下一个版本号，或给出高于 {top} 的版本号' },
  'release.versionNotCanonical': { zh: '“{version}”不是规范的版本号：数字不能有前导零', hint: '写作 {canonical}，或去掉 --version 自动取下一个版本号' },
  'release.notVersion': { zh: '“{version}”不是版本号：版本号的格式为 主版本.次版本.修订号，例如 1.2.0', hint: '给出例如 1.2.0 的版本号，或去掉 --version 自动取下一个版本号' },
  'release.noReleaseAtPath': { zh: '这个路径下没有已发布的版本', hint: '运行 tuomin release list <数据集文件夹> 查看各个版本' },
  'release.noReleases': { zh: '这里没有已发布的版本', hint: '给出数据集文件夹（<output.folder>/<dataset.id>）或 spec' },
  'release.noVersion': { zh: '没有版本 {version}', hint: '运行 tuomin release list <数据集文件夹> 查看各个版本' },
  'release.reasonRequired': { zh: (p) => `${actionZh(p.action)}版本必须给出原因`, hint: '加上 --reason "..."（会记入台账和 status.json）' },
  'release.cannotChange': {
    zh: (p) => `无法${actionZh(p.action)}版本 ${String(p.version ?? '')}：它的状态是${statusZh(p.status)}`,
    hint: (p) => (p.action === 'restore' && p.status === 'withdrawn' ? '撤回是最终的：请重新处理数据并发布新版本' : '运行 tuomin release list 查看各版本的状态'),
  },
  'release.unrecordedFolder': { zh: '{name} 是一个版本文件夹，但发布台账中没有它的记录', hint: '如果 ledger.jsonl 丢了行，请从备份恢复它（以及 ledger.head）；如果这个文件夹是手工拷进来的，请把它移出数据集文件夹' },
  'release.folderMissing': { zh: (p) => `台账记录版本 ${String(p.version ?? '')} 的状态为${statusZh(p.status)}，但它的文件夹不见了`, hint: '从备份恢复该文件夹（版本从不删除，只会撤回）' },
  'release.dataMissing': { zh: (p) => `台账中版本 ${String(p.version ?? '')} 的状态为${statusZh(p.status)}，但它的 data 文件夹不见了`, hint: '从备份恢复 data 文件夹；要下线这个版本，先恢复再运行 tuomin release withdraw' },
  'release.withdrawnDataBack': { zh: '版本 {version} 已撤回，但它的 data 文件夹又出现了', hint: '删除 {data}：已撤回的版本不保留数据' },
  'release.notWhole': { zh: (p) => `台账中版本 ${String(p.version ?? '')} 的状态为${statusZh(p.status)}，但它的文件夹已不是发布时的数据包：${String(p.problem ?? '')}`, hint: '从备份恢复该版本文件夹（SHA256SUMS 列出了它应有的文件）；把手工放进去的文件或链接移出' },
  'release.clockBehind': { zh: '系统时钟（{now}）早于发布台账最后一行的时间（{last}）：现在写入的记录会把这次变更记在更早发生的变更之前', hint: '把系统时钟调准（检查时间同步）后再运行这条命令；没有做任何改动' },
  'release.changedSincePublication': { zh: (p) => `台账中版本 ${String(p.version ?? '')} 的状态为${statusZh(p.status)}，但它的文件 ${String(p.path ?? '')} 在发布之后被改动过：${String(p.what ?? '')}`, hint: '运行 tuomin release verify 按 SHA256SUMS 校验每个文件，然后从备份恢复该版本文件夹，或撤回该版本（tuomin release withdraw）' },
  'release.uncheckedSincePublication': { zh: (p) => `台账中版本 ${String(p.version ?? '')} 的状态为${statusZh(p.status)}，但它的文件 ${String(p.path ?? '')} 在发布之后被写过或修改时间变了（${String(p.what ?? '')}）：内容未经核对，不能当作发布时的文件展示`, hint: '运行 tuomin release verify：它按 SHA256SUMS 读取校验每个文件，全部相符时记下新的修改时间（touch 或不保留时间的复制）；有不符的，从备份恢复该版本文件夹' },
  'release.otherDataset': { zh: '这个文件夹存放的是数据集“{other}”的各个版本，不是“{dataset}”的：在这里发布会把本次发布列为另一个数据集的版本；没有发布任何内容', hint: '每个数据集用自己的文件夹（<output.folder>/<dataset.id>）：如果这个文件夹被改过名或复制过，请把它放回它自己的 id 下' },
  'release.pinsUnwritable': { zh: '无法在 ledger.pins.json 中记下版本 {version} 各文件的大小和修改时间（{errno}）；没有发布任何内容', hint: '腾出磁盘空间或让数据集文件夹可写，然后再运行' },
  'release.sumsChanged': { zh: '版本 {version} 的 SHA256SUMS 与台账记录的摘要不符：发布之后数据包被改动过', hint: '从备份恢复该版本文件夹；要修改已发布的内容，请发布新版本' },
  'release.busy': { zh: '数据集正被另一条命令修改：tuomin {command}（进程号 {pid}）', hint: '等那条命令结束后再运行这一条（同一数据集上的命令逐条执行）' },
  'release.lockRace': { zh: '无法取得数据集的锁：另一条命令正在这个数据集上启动', hint: '稍后再运行这条命令' },
  'release.cannotWrite': { zh: (p) => `无法在数据集文件夹 ${String(p.folder ?? '')} 中写入：${String(p.errno)}（${String(p.code)}${p.at ? `，${String(p.at)} 不可写` : ''}）`, hint: '{errnoHint}；或换一个可写的输出文件夹（spec 中的 output.folder，或 --out）' },
  // A value a rule cannot read, under onInvalid: error (core transforms/generalize/on-invalid.ts); {what} is the rule's English phrase, worded by WHAT_ZH.
  'value.invalid': {
    zh: (p) => (p.what === 'a row with an entity' ? '这一行没有实体列（entity）的值，无法按实体平移日期' : `值不是${whatZh(p.what)}`),
    hint: (p) => `修正源数据中的这个值，或给 ${String(p.rule ?? '')} 规则另设 onInvalid（可选值见 docs/rules.md），让运行继续并计数`,
  },
  // Privacy models (core/src/privacy, publish/src/privacy).
  'privacy.suppressionLimit': {
    zh: (p) => {
      const model = [`k = ${String(p.k)}`, ...(Number(p.l) > 0 ? [`l = ${String(p.l)}`] : []), ...(Number(p.t) > 0 ? [`t = ${String(p.t)}`] : [])].join('，');
      const sizes = list(p.sizes).map((s) => {
        const [classes, records] = s.split('×');
        return `${classes ?? s} 个 ${records ?? ''} 条记录的等价类`;
      });
      if (Number(p.moreSizes) > 0) sizes.push(`另有 ${String(p.moreSizes)} 种大小`);
      const qi = list(p.qi);
      const levels = list(p.levels);
      const at = qi.map((q, i) => `${q} ${levels[i] ?? ''}`).join('，');
      return `隐私模型（${model}）需要抑制 ${String(p.rows)} 条记录中的 ${String(p.suppressed)} 条，超过了 ${String(p.limit)}% 的上限（${String(p.allowed)} 条）；`
        + `不满足的等价类 ${String(p.violating)} 个${sizes.length ? `（${sizes.join('，')}；不显示取值）` : ''}${at ? `，泛化层级为 ${at}` : ''}`;
    },
    hint: '为更多准标识符提供层级（hierarchy）、提高抑制上限，或降低 k；tuomin risk 可按准标识符组合报告等价类大小',
  },
  // Every violating class is large enough: they fail l or t only (core/src/privacy/anonymize.ts).
  'privacy.sensitiveLimit': {
    zh: (p) => `${(ERROR_TEXTS['privacy.suppressionLimit']!.zh as (q: ErrorParams) => string)(p)}；每个不满足的等价类都有 ${String(p.k)} 条或更多记录：它们在敏感属性列 ${list(p.sensitive).join('，')} 上不满足 ${[...(Number(p.l) > 0 ? [`l = ${String(p.l)}`] : []), ...(Number(p.t) > 0 ? [`t = ${String(p.t)}`] : [])].join(' 或 ')}`,
    hint: '为准标识符提供层级（hierarchy），让等价类可以合并；或提高抑制上限，或降低 l（t）。由准标识符决定的敏感属性列（某个准标识符的副本或由其导出的列）在每个等价类中只有一个值',
  },
  'privacy.columnMissing': { zh: '找不到这一列', hint: '输入数据的列：{columns}' },
  'privacy.roleColumnMissing': { zh: (p) => `找不到${p.role === 'sensitive' ? '敏感属性' : '准标识符'}列`, hint: '输入数据的列：{columns}' },
  'privacy.levelOutside': { zh: '层级 {level} 超出了层级表的范围（0..{top}）', hint: '在 0 到 {top} 之间选择层级' },
  'privacy.hierarchyNotQi': { zh: '为一个既不是准标识符、也不是（tMode: hierarchical 下的）敏感属性的列给出了层级', hint: '把这一列加入 privacy.quasiIdentifiers，或删除这个层级' },
  'privacy.noSensitive': { zh: '设置了 l 或 t，却没有指定敏感属性列', hint: '在 privacy.sensitive 下列出敏感属性列' },
  'privacy.tNeedsHierarchy': { zh: 'tMode: hierarchical 要求每个敏感属性列都有层级', hint: '添加 privacy.hierarchies.{column}（敏感属性的层级即 EMD 的基础距离），或改用 tMode: equal' },
  'privacy.noQi': { zh: '没有给出准标识符列', hint: '至少指定一个准标识符列' },
  'privacy.tooManyClasses': {
    zh: '准标识符的不同组合超过 {max} 个',
    hint: '先泛化准标识符；内存允许时提高 maxClasses；或用 tuomin risk --max-classes 评估风险（会写入磁盘）',
  },
  'hierarchy.rowLevels': { zh: '层级文件的这一行有 {levels} 个层级，而第一行有 {height} 个', hint: '每一行都要列出原始值及其所有泛化层级' },
  'hierarchy.duplicate': { zh: '层级文件中同一个原始值出现了两次（不显示取值）', hint: '每个原始值只保留一行' },
  'hierarchy.twoParents': { zh: '第 {level} 层的一个标签泛化到了两个不同的上一层标签（不显示取值）', hint: '每个标签在下一层只能有一个上级' },
  'hierarchy.empty': { zh: '层级文件是空的', hint: '每个原始值写一行' },
  'hierarchy.missingValue': {
    zh: '这一列有值不在层级文件中（不显示取值）',
    hint: '层级文件需要为这一列的每个值各写一行：列出不同的值（例如 DuckDB：SELECT DISTINCT），补上缺少的行',
  },
  'risk.noSensitive': { zh: '给出了 l 或 t，却没有敏感属性列', hint: '用 --sensitive 指定一列' },
  'risk.noColumn': {
    zh: (p) => `没有名为“${String(p.column ?? '')}”的列（${p.role === 'quasi-identifier' ? '准标识符' : '敏感属性'}）${p.near ? `；是不是想写“${String(p.near)}”？` : ''}；可用的列：${list(p.available).join('、')}`,
    hint: (p) => (p.role === 'quasi-identifier' ? '对照文件的表头检查 --qi' : '对照文件的表头检查 --sensitive'),
  },
  'risk.noQi': { zh: '没有给出准标识符', hint: '用 --qi 指定' },
  'risk.tSpilled': { zh: 't 接近性需要把所有等价类放在内存中，而等价类统计已写入磁盘', hint: '提高内存中的等价类上限（--max-classes），或先泛化准标识符' },
  // Rules (core/src/transforms): {type} is Arrow's name of a column type, {expected} the rule's English phrase for the types it takes.
  'mask.notFormat': { zh: '值不符合 {preset} 格式（不显示取值）', hint: '在上游修正这个值，或把 onInvalid 设为 mask-all、keep 或 null' },
  'fpe.notFormat': { zh: '值不符合格式 {format}（不显示取值）', hint: '修正源数据中的这个值，或在规则上设置 onInvalid: null 或 mask-all' },
  'rule.columnNotFound': { zh: '输入数据中没有这一列', hint: '可用的列：{columns}' },
  'rule.noColumn': {
    zh: (p) => `没有这一列${p.near ? `（是不是想写“${String(p.near)}”？）` : ''}；可用的列：${list(p.available).join('、')}`,
    hint: '对照输入数据的表头检查列名',
  },
  'rule.notText': { zh: '这一列的类型是 {type}，而 {rule} 规则只处理文本列', hint: '没有规则能把这一列转换为文本（cast 只把文本转换为数字、日期和布尔值）：请删除该列（drop: true）或清空它（rule: { type: null }），或让源系统把这一列导出为文本；如果它是数值度量，可用 round、noise 或 generalize' },
  'rule.unsupportedType': {
    zh: (p) => `${String(p.rule ?? '')} 规则不能用于 ${String(p.type ?? '')} 类型的列`,
    hint: (p) => `需要${expectedZh(p.expected)}；请先转换该列的类型（cast 规则）`,
  },
  'rule.decimalOverflow': { zh: '{rule} 规则对这个值的结果超出了 DECIMAL({precision},{scale}) 能容纳的位数（不显示取值）', hint: '改用更小的 base 或 scale，或在上游以更大的精度导出该列' },
  'round.baseFinerThanScale': { zh: 'round 的 base {base} 比该列的 {scale} 位小数还细', hint: '用该列 DECIMAL 小数位的整数倍作 base，或原样保留该列' },
  'rule.unsupportedDecimal': {
    zh: (p) => `${String(p.rule ?? '')} 规则不能用于 ${String(p.type ?? '')} 类型的列`,
    hint: (p) => `需要${expectedZh(p.expected)}；DECIMAL 列可原样交给 keep、round、noise、generalize（bins、区间层级）和 suppress：请改用其中之一，或删除该列，或在上游把它导出为文本`,
  },
  'rule.unknownTimeZone': { zh: '{rule} 规则不认识时区“{tz}”', hint: '设置 tzOffsetMinutes（例如中国标准时间为 480）' },
  'rename.notSnakeCase': { zh: '新列名“{to}”不是 snake_case 形式', hint: '只用小写字母、数字和下划线，并以字母开头（例如 id_number）' },
  'when.firstPass': { zh: '{rule} 规则需要先完整读一遍数据，不能带 when: 条件' },
  'when.changesColumns': { zh: '{rule} 规则会改变列，不能只作用于部分行', hint: '去掉 when: 条件后再使用它' },
  'when.removesRows': { zh: '{rule} 规则会删除行，不能带 when: 条件', hint: '改用 suppress-rows，并用它自己的 where: 条件' },
  'when.noTest': { zh: 'when: 条件需要 equals、in、notEquals 或 notIn 之一' },
  'key.wrongLength': {
    zh: (p) => `密钥长 ${String(p.bytes ?? '')} 字节；${String(p.method ?? '')} 需要${NEED_ZH[String(p.need)] ?? ` ${String(p.need ?? '')}`}`,
    hint: '生成密钥：openssl rand -hex 16（AES-256 用 32），并在规则中用 key: { env } 或 key: { file } 指向它',
  },
  'key.missing': { zh: '{method} 需要密钥', hint: '在规则中加上 key: { env: TUOMIN_KEY } 或 key: { file: keys/x.key }' },
  'key.fpeLength': { zh: '密钥长 {bytes} 字节；fpe（FF1-AES）需要 16、24 或 32 字节', hint: '生成密钥：openssl rand -hex 16，并在规则中用 key: { env } 或 key: { file } 指向它' },
  // Reading the source (io: csv, ndjson; publish: run/plan.ts, spec/rule-files.ts).
  'source.empty': { zh: '源数据没有任何列：文件是空的（没有表头行，也没有数据行）', hint: '确认导出已经完成并写出了文件：空文件既不能检查也不能发布' },
  'source.noRows': {
    zh: (p) => `没有可${p.verb === 'profile' ? '分析' : '计算风险'}的记录：源数据只有表头（列：${list(p.columns).join('、')}），没有数据行`,
    hint: '确认导出已经完成并写出了数据行（导出中断时常常只留下表头），再对完整的文件重新运行',
  },
  // A source of several files (io multi-source.ts; publish run/reader-options.ts sourceFiles).
  'source.mixedFormats': { zh: '同一数据源的文件必须是同一种格式：{first} 是 {firstFormat}，{file} 是 {format}', hint: '先把格式不同的文件转换成其他文件的格式（tuomin convert），或只列出同一格式的文件' },
  'source.mixedEncodings': { zh: '{file} 按 {encoding} 读取，而同一数据源的 {first} 按 {firstEncoding} 读取：同一数据源的文件必须是同一种编码', hint: '先把编码不同的文件转换成其他文件的编码（例如 iconv -f GB18030 -t UTF-8），再重新运行' },
  'source.columnsDiffer': { zh: '{file} 的列与第一个文件（{first}）不同：第 {index} 列在该文件中是 {here}，在第一个文件中是 {there}', hint: '同一数据源的每个文件都要有相同的表头、相同的列顺序：修正导出，或把这个文件作为单独的数据源' },
  'source.headerNearlySame': {
    zh: (p) => `${String(p.file)} 的列与第一个文件（${String(p.first)}）不同：第 ${String(p.index)} 列在该文件中是 ${String(p.here)}，在第一个文件中是 ${String(p.there)}，两者${({ spaces: '只差名字前后的空格', width: '只差全角与半角（如（）与 ()）', case: '只差字母大小写', invisible: '只差看不见的字符（零宽空格 U+200B、连接符、名字中的 BOM）' } as Record<string, string>)[String(p.how)] ?? '几乎相同'}；只有字符完全相同（BOM 除外）的表头才算同一表头，所以不把它们当作同一列`,
    hint: '把 {file} 的表头行改成与第一个文件相同（或反过来），再重新运行；数据值不受影响',
  },
  'source.emptyFile': { zh: '{file} 是空文件：没有表头行（没有数据行的导出也会写出表头），无法确认它属于这个数据源', hint: '重新导出这个文件（没有数据的期间只写表头行），或不把它列入文件清单' },
  'source.sameFileTwice': { zh: '{file} 与 {other} 是同一个文件（同一路径的另一种写法，或指向它的链接）：它的行会被读两遍', hint: '每个文件只列一次' },
  'source.copyTwice': { zh: '{file} 与 {other} 的内容逐字节相同（副本，或同一导出下载了两次）：它的行会被读两遍', hint: '去掉副本（删除它，或逐个列出文件）；如果其中一个本应是另一期的数据，请重新导出' },
  'source.extraKey': { zh: '{file} 第 {line} 行有键“{key}”，而数据源的第一个文件（{first}）的前几行没有这个键：同一数据源的每个文件都要有第一个文件的列', hint: '在第一个文件中也写出这个键（在第一行写 null 即可），或从 {file} 中去掉它' },
  'source.fileTwice': { zh: 'source.path 两次列出了 {file}：它的行会被读两遍', hint: '在 source.path 中每个文件只列一次（通配符和列出的文件可能匹配到同一个文件）' },
  'source.globFolder': { zh: 'source.path “{pattern}”：* 只能匹配同一文件夹中的文件名，不能匹配文件夹', hint: '把 * 放在文件名中（如 data/2024-*.csv），或逐个列出文件' },
  'source.globNoFolder': { zh: 'source.path “{pattern}”：无法读取文件夹 {folder}', hint: '确认文件夹存在且可读' },
  'source.globRejects': { zh: 'source.path “{pattern}”匹配到了 {file}：它是拒绝文件（之前 tuomin convert 跳过的格式有误的行，原始数据，没有表头），不是数据文件', hint: '把拒绝文件移出数据文件所在的文件夹（其中是原始数据，要妥善保管），或让通配符只匹配数据文件' },
  'source.globCase': { zh: 'source.path “{pattern}”没有匹配到 {file}，只是因为字母大小写不同：这个文件的行会被漏掉、不进入发布', hint: '把文件改成与其他文件相同的写法（如 2024-03.CSV → 2024-03.csv），或逐个列出文件' },
  'source.lockFile': { zh: '{file} 是 Excel 或 WPS 打开文件时留下的锁文件，不是数据文件，被锁定的文件可能还没保存完', hint: '在 Excel 或 WPS 中关闭该文件（锁文件会随之消失），再重新运行' },
  'source.globNoMatch': { zh: 'source.path “{pattern}”在 {folder} 中没有匹配到任何文件', hint: '检查通配符，并确认数据文件已放在该文件夹中' },
  'csv.utfSixteen': {
    zh: '文件是 UTF-16 编码（以字节顺序标记 {bom} 开头），不支持读取',
    hint: '另存为 UTF-8（Excel：另存为“CSV UTF-8”；或 iconv -f UTF-16 -t UTF-8），或另存为 GBK',
  },
  'csv.notText': {
    zh: (p) => (p.kind === 'zip' ? '文件是 ZIP 压缩包（以 .csv 命名的 XLSX 或 ODS 工作簿），不是 CSV 文本' : '文件是 OLE2 文档（以 .csv 命名的 XLS 或 ET 工作簿），不是 CSV 文本'),
    hint: (p) => (p.kind === 'zip' ? '如果是 XLSX 工作簿，把扩展名改为 .xlsx，tuomin 即可读取；否则在 Excel 或 WPS 中打开，把工作表另存为“CSV UTF-8”' : '在 Excel 或 WPS 中打开，另存为 .xlsx 工作簿或“CSV UTF-8”，再读取该文件（tuomin 不读取 XLS）'),
  },
  'csv.otherFormat': {
    zh: (p) => `文件是以 .csv 命名的${OTHER_FORMAT_ZH[String(p.what)] ?? String(p.what)}，不是 CSV 文本`,
    hint: (p) => (p.ext === '' ? '先解压（gunzip），再读取其中的 CSV' : `把扩展名改为 ${String(p.ext)}（tuomin 按扩展名读取该格式），或把数据导出为 CSV`),
  },
  'csv.utfSixteenNoBom': {
    zh: '文件看起来是没有字节顺序标记的 UTF-16 {order}（前 {bytes} 个字节中有 {nuls} 个 NUL 字节，且都在同一奇偶位置），不支持读取',
    hint: '另存为 UTF-8（Excel：另存为“CSV UTF-8”；或 iconv -f UTF-16 -t UTF-8），或另存为 GBK',
  },
  'csv.headerTooLong': { zh: '表头行超过了 {max} 字节', hint: '检查 --encoding 和 --delimiter，或检查第一行中是否有没闭合的引号' },
  'csv.headerUnterminatedQuote': { zh: '表头行中有带引号的字段没有闭合', hint: '补上结尾的引号；带引号的列名中的引号写成 ""' },
  'csv.headerAfterQuote': { zh: '表头行中闭合引号后面出现了意外的字符', hint: '带引号的列名中的引号写成 ""；带引号的列名后面必须紧跟分隔符或换行' },
  'csv.rowTooLong': { zh: '有一行超过了 {max} 字节仍没有换行', hint: '检查 --delimiter 和 --encoding；这个文件可能不是 CSV' },
  'ndjson.tooDeep': { zh: 'JSON 嵌套超过了 {max} 层（该行第 {at} 个字符处）', hint: '每行应是一个由值组成的对象；读取前先把嵌套数据展平（最多 {max} 层）' },
  'ndjson.duplicateKey': { zh: '同一个对象中键“{key}”出现了两次（该行第 {at} 个字符处）', hint: '每个键在一个对象中只能出现一次：删除或重命名其中一个' },
  'ndjson.notObject': { zh: '这一行是 JSON，但不是对象', hint: '每行必须是一个 JSON 对象，例如 {"name": "..."}' },
  'ndjson.longNumberMark': { zh: '同一行中既有超过 15 位的数字，又有转义字符 \\u0001（该行第 {at} 个字符处）：无法逐位保留该数字', hint: '把长数字写成字符串（"…"），或从这一行删除控制字符 U+0001' },
  'ndjson.unexpectedKey': { zh: '出现了前几行中没有的键“{key}”', hint: '在第一行列出所有的键（值写 null 即可）' },
  'ndjson.notUtf': { zh: '有不是合法 UTF-8 编码的字节', hint: 'NDJSON 必须是 UTF-8 编码：先转换文件（例如从 GB18030 转换）' },
  'ndjson.notJson': {
    zh: (p) => `不是有效的 JSON${Number(p.at) > 0 ? `（该行第 ${String(p.at)} 个字符处${p.problem ? `：${JSON_PROBLEM_ZH[String(p.problem)] ?? String(p.problem)}` : ''}）` : ''}`,
    hint: '每行必须是一个 JSON 对象，例如 {"name": "..."}；请修正或删除这一行',
  },
  'hierarchy.cannotRead': { zh: '无法读取层级文件：{errno}', hint: '{errnoHint}；路径相对于 spec 文件所在的文件夹' },
  // Partitions (--workers): what cannot run over partitions, a source that changed under them.
  'partition.twoFirstPasses': { zh: '有多条规则需要先完整读一遍数据（{rules}），分区运行暂不支持', hint: '用一个分区运行（--workers 1），或只保留一条需要预读的规则' },
  'partition.firstPassNotMerged': { zh: '{rule} 规则需要的预读无法跨分区合并', hint: '用一个分区运行（--workers 1）' },
  'partition.rowPositions': { zh: '{rule} 规则按行位置取随机种子，而它之前的规则从本分区删除了 {removed} 行，分区无法知道各行的位置', hint: '用一个分区运行（--workers 1）' },
  'partition.sourceChanged': {
    zh: (p) => `源文件在划分分区之后${p.how === 'replaced' ? '被另一个文件替换了' : p.how === 'size' ? `大小变了（${String(p.was ?? '')} → ${String(p.now ?? '')} 字节）` : '被修改了'}：分区与文件不再对应`,
    hint: '等写这个文件的导出完成（或先把它复制到不会变动的位置），再重新运行',
  },
  'partition.onlyUtfEight': { zh: '只有 UTF-8 文件可以分区读取（GBK 的第二个字节可能看起来像分隔符）', hint: '用一个分区读取，或先把文件转换为 UTF-8（tuomin convert）' },
  'partition.ipcStream': { zh: 'Arrow IPC 流没有记录批的索引，只能一次读完', hint: '用一个分区读取，或把它转换为 Arrow IPC 文件（.arrow）' },
  'input.changedWhileRead': { zh: '文件在第 {end} 字节就结束了，而不是第 {expected} 字节：读取期间文件被改动了', hint: '等导出完成后再读取' },
  'ipc.batchesMissing': { zh: '文件中没有第 {first}–{last} 个记录批（文件只有 {batches} 个）', hint: '重新划分分区：这个文件不是划分时的那个文件' },
  'release.cannotMove': { zh: '无法把版本移动到位：{errno}；没有发布任何内容', hint: '检查输出文件夹的权限和剩余空间，然后重新运行' },
  'release.ledgerUnwritable': {
    zh: (p) => `无法写入发布台账：${String(p.errno ?? '')}；${outcomeZh(String(p.outcome ?? ''))}`,
    hint: (p) => (p.errno === 'ENOSPC' || p.errno === '磁盘空间不足' ? '释放磁盘空间，然后重新运行' : '让 ledger.jsonl 成为可写的文件（它永远不能被替换或截断），然后重新运行'),
  },
  // Type inference on read (io infer/cast.ts): {kind} is integer, decimal, boolean, date or timestamp.
  'infer.notParsed': { zh: (p) => `值无法解析为${KIND_ZH[String(p.kind)] ?? String(p.kind ?? '')}`, hint: '修正这个值，或把这一列声明为文本' },
  'infer.notParsedSampled': {
    zh: (p) => `值无法解析为${KIND_ZH[String(p.kind)] ?? String(p.kind ?? '')}`,
    hint: '类型推断只看了前 {sampled} 行：关闭类型推断可把这一列保留为文本（或用 sampleRows 多抽样一些行）',
  },
  'xlsx.tooManyColumns': { zh: '有 {columns} 列：一张 XLSX 工作表最多只能有 {max} 列', hint: '改用 csv、ndjson 或 parquet 发布这个数据集（从 output.formats 中去掉 xlsx）' },
  'xlsx.tooManyRows': { zh: '数据超过 {rows} 行：一张 XLSX 工作表最多 {max} 行（含表头行）', hint: '改用 csv、ndjson 或 parquet 发布这个数据集（从 output.formats 中去掉 xlsx）' },
  // tuomin catalog (publish catalog/open-list.ts): {shown} is the file's path under the folder.
  'catalog.cannotRead': { zh: '无法读取 {shown}：{errno}', hint: '{errnoHint}' },
  'catalog.notJson': { zh: '{shown} 不是有效的 JSON' },
  'catalog.notObject': { zh: '{shown} 不是 JSON 对象' },
  'rule.castToText': { zh: '{rule} 规则只处理文本列，而这一列的类型是 {type}', hint: '先把这一列转换为文本（normalize 步骤的 cast）' },
  'rule.cannotGather': { zh: '这一列的类型是 {type}，{rule} 规则无法把它置空或过滤', hint: '先删除这一列（drop 规则），或在 normalize 步骤中把它展平为文本或数字' },
  'predicate.notApplicable': {
    zh: '条件“{test}”不适用于 {type} 类型的列',
    hint: '文本列用 equals/in/matches，数字列用 equals/in/lt/lte/gt/gte，布尔列用 equals true/false，任何列都可用 isNull',
  },
  'pseudonymize.noScopeId': { zh: '作用域层级“{level}”没有给出 {level} 的标识', hint: '在 scope 中给出 {level} 的标识，或选择另一个 scopeLevel' },
  'pseudonymize.lengthRange': {
    zh: '长度 {length} 超出了 {method}（{encoding} 编码）允许的范围（8..{max}）',
    hint: '选择 8 到完整标签长度之间的长度；16 个十六进制字符（64 位）在十亿个值以内几乎不会冲突',
  },
  'hierarchy.widthNotPositive': { zh: '区间宽度 {width} 必须是正数' },
  'hierarchy.widthNotMultiple': { zh: '区间宽度 {width} 不是 {previous} 的整数倍', hint: '使用逐级嵌套的宽度，例如 [5, 10, 20]' },
  'input.textNotUtf': { zh: '一个文本（Utf8）值中有不是合法 UTF-8 编码的字节（不显示取值）', hint: '这个 {format} 文件已损坏，或写出它的程序把其他字节存成了文本：请重新导出，或把这一列按二进制读取' },
  'input.damaged': {
    zh: (p) => `不是有效的 ${String(p.format ?? '')} 文件${p.why ? `（${REVIEW_ZH.english.replace('{text}', String(p.why))}）` : ''}`,
    hint: '文件已损坏或被截断：从来源重新复制，或重新导出',
  },
  'when.conditionNotText': { zh: 'when: 条件所用的列必须是文本列' },
  'when.splitsBatches': { zh: '{rule} 规则会拆分批次，不能带 when: 条件' },
  'suppress.columnsWithDrop': { zh: 'columns 只适用于 action: null（drop 会删除整行）' },
  'rename.duplicate': { zh: '改名后会有两列同名', hint: '选用不同的列名' },
  'rename.toOneColumn': { zh: '用 to 改名只适用于恰好一列', hint: '要改多列的名，请用 map' },
  // A damaged release ledger (publish release/chain.ts, ledger.ts): {what} is the check's English sentence, worded by LEDGER_WHAT_ZH.
  'release.ledgerDamaged': {
    zh: (p) => `发布台账已损坏：${ledgerWhatZh(p.what)}`,
    hint: '台账记录了每个版本何时公开，tuomin 不会猜测它丢失的部分：请从备份恢复 ledger.jsonl（以及 ledger.head），然后重新运行命令',
  },
  'release.ledgerUnreadable': { zh: (p) => `发布台账已损坏：${ledgerWhatZh(p.what)}`, hint: '检查 ledger.jsonl 是否为可读的文件' },
  'release.ledgerOrder': {
    zh: (p) => `发布台账已损坏：版本 ${String(p.version ?? '')} 的 ${String(p.event ?? '')} 事件${ledgerWhatZh(p.what)}`,
    hint: '台账的行被调换、删除或编辑过：请从备份恢复 ledger.jsonl（以及 ledger.head），然后重新运行命令',
  },
  'derive.unknownSource': { zh: '无法派生列“{to}”：源数据中没有它所依据的列', hint: '可用的列：{columns}' },
  'derive.nameTaken': { zh: '无法派生列“{to}”：已经有同名的列' },
  'release.notSynced': {
    zh: '版本 {version} 已经就位并且可见，但数据集文件夹无法同步到磁盘（{errno}）；台账记录了它的开始，没有记录它的完成',
    hint: '检查输出文件夹所在的磁盘；对该数据集运行的下一条 tuomin 命令会按记录的 SHA256SUMS 核对该版本的哈希，相符则完成发布，不符则撤下',
  },
  'release.completionUnwritten': {
    zh: '版本 {version} 已经就位，台账记录了它的开始，但无法写入它的完成（{errno}）',
    hint: '释放空间或修正数据集文件夹的权限；对该数据集运行的下一条 tuomin 命令会核对该版本的哈希并完成发布',
  },
  'xlsx.badSheetName': {
    zh: (p) => {
      const why = String(p.why ?? '');
      const n = /^has (\d+) characters/.exec(why);
      const said = n ? `有 ${n[1]} 个字符（允许 1–31 个）`
        : why.startsWith('contains one of') ? '含有 : \\ / ? * [ ] 中的字符'
        : why.startsWith('starts or ends with') ? "以 ' 开头或结尾"
        : why === 'is reserved by Excel' ? '是 Excel 的保留名'
        : why === 'contains a control character' ? '含有控制字符'
        : REVIEW_ZH.english.replace('{text}', why);
      return `工作表名“${String(p.name ?? '')}”${said}`;
    },
    hint: '换一个工作表名',
  },
  'input.sourceChanged': {
    zh: (p) => `源文件在${p.when === 'after it was opened' ? '打开之后' : '读取期间'}${p.how === 'removed' ? '被删除了' : p.how === 'replaced' ? '被另一个文件替换了' : p.how === 'size' ? `大小变了（${String(p.was ?? '')} → ${String(p.now ?? '')} 字节）` : '被修改了'}：读到的行可能不完整或混杂`,
    hint: '等写这个文件的导出完成（或先把它复制到不会变动的位置），再重新运行',
  },
  // The source files' SHA-256 for the ledger and the provenance (publish package/source-digest.ts, release/source-match.ts).
  'source.changedDuringRun': {
    zh: (p) => `源文件在${p.when === 'while it was hashed' ? '计算哈希期间' : '运行期间'}${p.how === 'removed' ? '被删除了' : p.how === 'replaced' ? '被另一个文件替换了' : p.how === 'size' ? `大小变了（${String(p.was ?? '')} → ${String(p.now ?? '')} 字节）` : '被修改了'}：发布记录将不是制作它所用的内容；未发布任何内容`,
    hint: '等写这个文件的导出完成（或先把它复制到不会变动的位置），再重新运行',
  },
  'source.cannotHash': { zh: '无法读取源文件以记录其 SHA-256（{errno}）；未发布任何内容', hint: '检查文件是否存在且可读，然后重新运行' },
  'release.sourceUnreadable': { zh: '无法读取要与已记录源文件比对的文件（{errno}）', hint: '给出要核对的提取文件的路径' },
  'work.notOwn': { zh: '工作文件夹不属于当前用户', hint: '删除它，或把 TUOMIN_WORK_DIR 设为你自己的私有文件夹' },
  'spill.damaged': { zh: '本次运行的一个溢出文件在第 {at} 字节处已损坏', hint: '有其他程序写入了本次运行的私有文件夹，或磁盘出错；请重新运行' },
  'scan.notPackage': { zh: '不是数据包文件夹：无法读取 datapackage.json（{errno}）', hint: '扫描一个数据文件，或由 tuomin run 写出的数据包文件夹' },
  'hierarchy.cannotReadFile': { zh: '无法读取层级文件：{errno}', hint: '{errnoHint}；检查给出的层级文件路径' },
  'catalog.noName': { zh: '{shown} 中没有 "name"' },
  'catalog.versionFolder': { zh: '{shown} 记录的版本是“{version}”，却位于文件夹 {folder} 中' },
  'catalog.modifiedNotDate': { zh: '{shown} 中的 "gov:modified" 不是日期' },
  'output.typeNotWritable': {
    zh: '这一列的类型是 {type}，{format} 输出无法表示',
    hint: '先用规则把这一列转换为文本、数字、日期或时间戳，或发布为 parquet/arrow（它们保留所有 Arrow 类型）',
  },
  // A partition job's error without an id of its own (publish run/parallel/job.ts): the English detail follows (render.ts).
  'partition.failed': { zh: (p) => `${partitionZh(p)}出错` },
  'worker.outOfMemory': {
    zh: '工作线程内存不足（每个线程的堆上限为 {heapMb} MB），已停止运行，没有发布或写出任何内容',
    hint: '减少线程数（--workers 1），或调小每批行数（--batch-size），或调大每个线程的内存（环境变量 TUOMIN_WORKER_HEAP_MB，单位 MB），或在内存更多的机器上运行',
  },
  'parquet.int96': {
    zh: (p) => `${p.columns ? `列 ${String(p.columns)} 是 INT96 时间戳` : '有一个纳秒时间戳列无法核对其物理类型'}：INT96 按纳秒读取，超出 1677–2262 年时会静默回绕（9999-12-31 会变成 1816-03-29），因此不读取该文件`,
    hint: '把时间戳写成 INT64（Spark：spark.sql.parquet.outputTimestampType=TIMESTAMP_MICROS；DuckDB：COPY (FROM \'in.parquet\') TO \'out.parquet\'），或写成文本，再读取该文件',
  },
  'parquet.rowGroupsMissing': { zh: '文件中没有第 {first}–{last} 个行组（文件只有 {groups} 个）', hint: '重新划分分区：这个文件不是划分时的那个文件' },
  // Wordings for the rest of the library's errors (every `new TuominError(` carries an id: test/zh-messages.test.ts).
  'internal.bug': { zh: '内部错误：tuomin 自身的一致性检查没有通过（不是数据或 spec 的问题）', hint: '这是程序缺陷，请报告；报告时附上加 --lang en 重新运行得到的英文消息' },
  'key.isString': { zh: '密钥是以字符串给出的（不显示其内容）；带密钥的规则要求密钥是字节', hint: "传入 { id, bytes: Uint8Array }；十六进制密钥用 Uint8Array.from(Buffer.from(hex, 'hex')) 转换（spec 中写 key: { env } 或 key: { file }）" },
  'key.noBytes': { zh: '没有密钥字节：带密钥的规则要求密钥为 { id, bytes: Uint8Array }', hint: '先读取密钥（publish 层读取 key: { env } 或 key: { file }），或传入 { id, bytes }' },
  'input.dictionaryIndex': { zh: '数据中有字典索引超出了字典的范围', hint: '源文件已损坏：请从源系统重新导出' },
  'scan.unreadableType': { zh: '这一列的类型是 {type}，残留扫描无法读取它的值：发布出去就没有经过检查', hint: '发布前把这一列转换为文本或数字，或删除它' },
  'rows.cannotTake': { zh: '无法从 {type} 类型的列中选取行或把行置空', hint: '先删除这一列（drop 规则），或在 normalize 步骤中把它展平为文本或数字' },
  'dictionary.tooManyValues': { zh: '字典列的不同取值超过 {max} 个，超出了它的 {indices} 索引能编号的范围', hint: '写出前把这一列转换为文本（或转换为 Int32 索引的字典）' },
  'dictionary.valueType': { zh: '无法写出取值类型为 {type} 的字典', hint: '写出前把这一列转换为文本' },
  'pipeline.rowOffset': { zh: '行偏移量 {offset} 不是行数', hint: '给出该分区之前的行数（0 或更大的整数）' },
  'pipeline.noFirstPass': { zh: '没有规则需要预读，没有可以收集或决定的内容', hint: '用一个阶段运行各分区' },
  'privacy.decisionLevel': { zh: '隐私决策的层级 {level} 超出了层级表的范围（0..{top}）', hint: '协调进程和各分区任务必须运行同一个 spec' },
  'privacy.decisionColumns': { zh: '隐私决策是针对其他列做出的', hint: '协调进程和各分区任务必须运行同一个 spec' },
  'privacy.decisionLevels': { zh: '隐私决策没有为每个准标识符给出层级', hint: '协调进程和各分区任务必须运行同一个 spec' },
  'privacy.statsCorrupt': { zh: '等价类统计的状态已损坏', hint: '分区任务和协调进程必须运行同一版本的 tuomin；请重新运行该任务' },
  'privacy.columnType': { zh: '不支持 {type} 类型的准标识符或敏感属性列', hint: '先把这一列转换为文本、数字或日期' },
  'privacy.tHierarchyLevels': { zh: 'tMode: hierarchical 要求敏感属性列的层级至少有两层', hint: '为敏感属性列给出层级（值;第 1 层;...;*），或改用 tMode: equal' },
  'privacy.sensitiveNotCollected': { zh: '等价类统计中没有收集这个敏感属性列', hint: '把它列在 sensitive 下' },
  'hierarchy.notNumber': { zh: '这一列有值不是数（不显示取值）', hint: '区间层级需要数值：先转换这一列（{ type: cast, to: float64 }），或把不是数的值置空' },
  'hierarchy.notDate': { zh: '这一列有值不是 YYYY-MM-DD 形式的日期（不显示取值）', hint: '先转换这一列（{ type: cast, to: date } 能读取 2024/1/31 和 2024年1月31日），或把不是日期的值置空' },
  'hierarchy.prefixNotDecreasing': { zh: '前缀长度必须逐层递减', hint: '例如 keep: [4, 2]' },
  'hierarchy.notLoaded': { zh: '层级文件没有加载', hint: '用 @tuomin/publish 的 loadHierarchy 加载它' },
  'rule.badOptions': {
    zh: (p) => `${String(p.rule ?? '')} 规则的选项有误：${zodIssueZh(p) ?? REVIEW_ZH.english.replace('{text}', String(p.english ?? ''))}`,
    hint: (p) => (p.rule === 'mask' ? '选项说明见 docs/transforms-mask.md' : p.rule === 'suppress-rows' ? '条件的写法见 docs/transforms-mask.md（suppress 一节）' : '请传入 { columns: [列名] }'),
  },
  'when.changedDictionary': { zh: '带 when: 条件的规则把一列在字典和普通文本之间改变了', hint: '去掉 when: 条件后再使用它' },
  'when.changedType': { zh: '带 when: 条件的规则把一列的类型从 {from} 改成了 {to}', hint: '去掉 when: 条件后再使用它' },
  'when.dictionary64': { zh: 'when: 条件不能用于 64 位索引的字典列', hint: '先把这一列转换为文本' },
  'when.dictionaryOverflow': { zh: '带 when: 条件的规则生成了 {entries} 个条目的字典，超出了 {bits} 位索引能寻址的范围', hint: '使用 32 位字典索引，或先把这一列转换为文本' },
  'when.cannotTake': { zh: '{rule} 规则读取的这一列类型是 {type}，when: 条件无法从中选取行', hint: '去掉 when: 条件后再使用这条规则，或先删除或展平这一列' },
  'cast.notText': { zh: '无法把 {from} 转换为 {to}', hint: '只有文本列可以转换类型' },
  'ipc.dictionaryChanges': { zh: '这一 {type} 列的字典在批次之间有变化，Arrow IPC 文件格式无法保存', hint: '改为写出 Arrow IPC 流（.arrows），它为每个批次保留一个字典' },
  'ipc.nestedDictionaryChanges': { zh: '表中 list 或 struct 列里的字典在批次之间有变化，Arrow IPC 文件格式无法保存', hint: '改为写出 Arrow IPC 流（.arrows），它为每个批次保留一个字典' },
  'ipc.textOver2GiB': { zh: '一个批次的字典展开后文本超过 2 GiB', hint: '写出更小的批次（批大小），或写出 Arrow IPC 流（.arrows），它保留字典' },
  'parquet.compression': { zh: '未知的 Parquet 压缩方式“{compression}”', hint: '使用 snappy、zstd 或 none' },
  'parquet.rowGroupSize': { zh: 'Parquet 行组大小必须是正整数，而给出的是 {size}', hint: '把 rowGroupSize 设为一个行数，例如 65536' },
  'rows.cellCount': { zh: '这一行有 {cells} 个单元格，而应有 {columns} 个', hint: '每一行都要为每一列给出一个单元格' },
  'rows.unexpectedKey': { zh: '出现了前几行中没有的键“{key}”', hint: '在第一行列出所有的键（值写 null 即可）；从库中调用时，给出列名（columns 或 schema），或多读几行再推断（inferFrom）' },
  'xlsx.controlInName': { zh: '列名中含有控制字符 {char}，XLSX 无法保存', hint: '给这一列改名' },
  'xlsx.cellTooLong': { zh: '文本有 {length} 个字符，超过了一个 XLSX 单元格能容纳的 {max} 个', hint: '用规则缩短这一列，或把它发布为 csv、ndjson 或 parquet' },
  'xlsx.controlInCell': { zh: '值中含有控制字符 {char}（不显示取值）', hint: 'XML 1.0（因而 XLSX）无法保存这个字符：从源数据中删除它，或从 output.formats 中去掉 xlsx（csv、ndjson 和 parquet 能保存它）' },
  'xlsx.noCell': {
    zh: '{type} 类型的列没有对应的电子表格单元格',
    hint: '先用规则把这一列转换为文本、数字、日期或时间戳，或发布为 parquet/arrow（它们保留所有 Arrow 类型）',
  },
  'xlsx.propertyNameLength': { zh: '文档属性名必须有 1–255 个字符，而这里有 {length} 个' },
  'xlsx.xmlChar': {
    zh: (p) => `${XLSX_PART_ZH[String(p.part)] ?? '文档属性'}${p.part === 'property' && p.name ? `“${String(p.name)}”` : ''}中含有字符 ${String(p.char ?? '')}，XML 1.0（因而 XLSX）无法保存`,
    hint: '删除这个字符',
  },
  'bench.noVariants': { zh: '变体文件需要顶层的 variants: 映射（名字 → { 列: 规则 }）' },
  'bench.unknownColumn': { zh: '变体“{variant}”引用了不存在的列“{column}”' },
  'bench.noRows': { zh: '源数据没有行，无法对规则做基准测试' },
  'bench.cannotMeasure': {
    zh: (p) => `变体“${String(p.variant ?? '')}”：无法测量${Number(p.whole) ? '整套规则' : '这条规则'}：${p.reason === 'noRows' ? '没有抽样行到达它（前面的规则把它们全部删除了）' : p.reason === 'incomplete' ? '计时没有完成' : '计时结果不可用'}`,
    hint: '用更大的 --sample 重新运行',
  },
  // Partitions (io csv/partition.ts, partition/*): a job's error is prefixed "分区 N（…）" by render.ts.
  'csv.noHeaderLine': { zh: '没有表头行（或表头行中有没闭合的引号）', hint: '用一个分区读取这个文件（--workers 1）：顺序读取会指出更多信息' },
  'partition.notUtf': { zh: '分区中有不是合法 UTF-8 编码的字节', hint: '把文件转换为 UTF-8，或用一个分区读取（--workers 1）以找到出错的行' },
  'partition.badRow': {
    zh: (p) => `分区内第 ${String(p.line ?? '')} 行${BAD_ROW_ZH[String(p.kind)] ?? '格式有误'}`,
    hint: '用一个分区读取这个文件（--workers 1），得到出错的行和列',
  },
  'partition.openQuoteAtEnd': { zh: '分区没有在记录边界处结束：结尾处还有带引号的字段没有闭合', hint: '在别处切分文件（分区会在读取器找到的边界处重新切分）' },
  'partition.notAtBoundary': { zh: '分区没有在记录边界处结束' },
  'partition.headerChanged': { zh: '文件的表头与划分分区时的不一致', hint: '用相同的读取选项重新划分分区' },
  'partition.columnsNotPlanned': { zh: '这个文件的列与划分分区时（第一个文件的列）不一致', hint: '一个源的每个文件都必须有相同的表头、相同的列顺序：请重新划分分区' },
  'partition.notOfPlan': { zh: '分区与它的划分方案不符', hint: '只使用同一个划分方案中的分区；必要时重新划分分区' },
  'run.specChanged': { zh: 'spec 文件在运行期间被修改了', hint: '保存好 spec 之后再运行一次' },
};
/** The record parser's kinds of bad rows (io csv/record-parser.ts), for partition.badRow. */
const BAD_ROW_ZH: Record<string, string> = { ragged: '的字段数不对', 'after-quote': '的闭合引号后面出现了意外的字符', 'unterminated-quote': '的引号没有闭合' };

const ACTION_ZH: Record<string, string> = { suspend: '暂停', withdraw: '撤回', restore: '恢复' };
const STATUS_ZH: Record<string, string> = { published: '已发布', suspended: '已暂停', withdrawn: '已撤回' };
const actionZh = (v: ErrorParams[string] | undefined): string => ACTION_ZH[String(v)] ?? String(v ?? '');
const statusZh = (v: ErrorParams[string] | undefined): string => STATUS_ZH[String(v)] ?? String(v ?? '');
/** A declared column type as output-types.ts names it (integer, number, ..., "number with 2 decimals"). */
const TYPE_NAME_ZH: Record<string, string> = { integer: '整数', number: '数', boolean: '布尔值', date: '日期', datetime: '日期时间', string: '文本' };
function typeZh(v: ErrorParams[string] | undefined): string {
  const t = String(v ?? '');
  const scaled = t.match(/^number with (\d+) decimals?$/);
  return scaled ? `保留 ${scaled[1]} 位小数的数` : TYPE_NAME_ZH[t] ?? t;
}

/** What a rule expected of a value (the `what` of invalidValueError), in Chinese; an unknown phrase is shown as written. */
const WHAT_ZH: Record<string, string> = {
  'a date': '日期',
  'a number': '数',
  'a value of the hierarchy': '层级表中的值',
  'a division code': '行政区划代码',
  'a 6-digit division code': '6 位行政区划代码',
  'an ID number': '身份证号',
  'an ID number with a valid birth date': '出生日期有效的身份证号',
  'a birth date on or before asOf': '不晚于 asOf 的出生日期',
  'a valid resident ID number': '有效的居民身份证号',
  'a valid unified social credit code': '有效的统一社会信用代码',
  'one of the allowed values': '允许的取值之一',
  'a match of the pattern': '与模式相符的值',
  'text': '文本',
  'an int32': '32 位整数',
  'an int64': '64 位整数',
  'a float64': '浮点数',
  'a decimal': '定点小数',
  'a boolean': '布尔值',
  'a timestamp': '时间戳',
};
/** The column types a rule takes (the `expected` of unsupportedType), in Chinese; an unknown phrase is shown as written. */
const EXPECTED_ZH: Record<string, string> = {
  'a string column': '文本列',
  'a string column (Utf8, LargeUtf8 or a dictionary of those)': '文本列（Utf8、LargeUtf8 或它们的字典）',
  'a string or integer entity column': '文本或整数类型的实体列',
  'a Date, Timestamp or date-string column': 'Date、Timestamp 或日期文本列',
  'a string or Int32 column of division codes': '存放行政区划代码的文本或 Int32 列',
  'a string or integer (up to 32-bit) column': '文本或整数（不超过 32 位）列',
  'an integer, float, decimal or numeric-string column': '整数、浮点数、DECIMAL 或数字文本列',
  'an integer, Float32, Float64 or Decimal column': '整数、Float32、Float64 或 DECIMAL 列',
  'a string column of ID numbers': '存放身份证号的文本列',
};
const expectedZh = (v: ErrorParams[string] | undefined): string => EXPECTED_ZH[String(v)] ?? `“${String(v ?? '')}”`;
/** A key length a method needs (tagger.ts badKey). */
const NEED_ZH: Record<string, string> = { '16, 24 or 32 bytes': ' 16、24 或 32 字节', '16 bytes': ' 16 字节', 'at least 16 bytes': '至少 16 字节' };
/** What a failed ledger write left behind (release/commit.ts ledgerError's `outcome`), in Chinese; another sentence as the original. */
function outcomeZh(outcome: string): string {
  if (outcome === 'nothing was published') return '没有发布任何内容';
  let m = /^nothing was changed: (\S+) is still (\w+)$/.exec(outcome);
  if (m) return `没有做任何改动：${m[1]} 的状态仍是${statusZh(m[2])}`;
  m = /^version (\S+) was taken back: nothing was published$/.exec(outcome);
  if (m) return `版本 ${m[1]} 已被撤下：没有发布任何内容`;
  m = /^the withdrawal of (\S+) is recorded as started and its data is deleted/.exec(outcome);
  if (m) return `${m[1]} 的撤回已记为开始，其数据已删除；对该数据集运行的下一条 tuomin 命令会记录撤回完成`;
  return REVIEW_ZH.english.replace('{text}', outcome);
}
const KIND_ZH: Record<string, string> = { integer: '整数', decimal: '小数', boolean: '布尔值', date: '日期', timestamp: '时间戳', string: '文本' };
/** The NDJSON reader's words for a syntax error (io ndjson/json-syntax.ts); another as written. */
const JSON_PROBLEM_ZH: Record<string, string> = {
  'the line ends where a value should be': '这一行在应有值的地方结束了',
  'the line ends where a key should be': '这一行在应有键的地方结束了',
  'the line ends before the object is closed': '对象还没有闭合，这一行就结束了',
  'expected true, false or null (text needs double quotes)': '应为 true、false 或 null（文本要加双引号）',
  'a value cannot start there (text needs double quotes; numbers must be finite; write null for a missing value)': '值不能以这里的字符开头（文本要加双引号；数字必须是有限数；缺失的值写 null）',
  'there is more text after the end of the object': '对象结束后还有其他内容',
  "expected ',' or '}' after a value": '值后面应为“,”或“}”',
  "expected ',' or ']' after a value": '值后面应为“,”或“]”',
  'expected a key in double quotes': '应为带双引号的键',
  "expected ':' after a key": '键后面应为“:”',
  'a control character (such as a tab) inside a string must be escaped': '字符串中的控制字符（例如制表符）必须转义',
  'a \\u escape needs four hexadecimal digits': '\\u 转义需要四位十六进制数字',
  'invalid escape in a string (a backslash must be written \\\\)': '字符串中的转义无效（反斜杠要写成 \\\\）',
  'the string that starts here is not closed on this line': '从这里开始的字符串在这一行内没有闭合',
  'malformed number': '数字格式有误',
  'a number cannot start with 0 followed by digits': '数字不能以 0 开头后面再跟数字',
};
/** What a ledger check found (release/chain.ts broken(), ledger.ts bad()), in Chinese; another sentence as the original. */
const LEDGER_WHAT_ZH: Record<string, string> = {
  'ledger.jsonl is missing but ledger.head says it had lines': 'ledger.jsonl 不见了，而 ledger.head 记录它曾有内容',
  'the last line is incomplete (the file does not end with a newline): it was cut short by a crash during a write, a full disk, or an edit': '最后一行不完整（文件没有以换行结束）：写入时崩溃、磁盘已满或手工编辑把它截断了',
  'the line is empty (lines are never removed or blanked)': '这一行是空的（台账的行从不删除或清空）',
  'the line is not valid JSON (garbage, two lines glued together, or an edit)': '这一行不是有效的 JSON（乱码、两行粘在一起，或被编辑过）',
  'the line is not a JSON object': '这一行不是 JSON 对象',
  'the line has no "event", "version" and "at"': '这一行缺少 "event"、"version" 和 "at"',
  'the line carries no hash of the previous line, but earlier lines do: it was added by hand': '这一行没有上一行的哈希，而之前的行都有：它是手工添加的',
  'the first line does not start the chain: lines before it were deleted': '第一行不是哈希链的起点：它之前的行被删除了',
  "ledger.head is missing (it records the ledger's length and last hash)": 'ledger.head 不见了（它记录台账的行数和最后一行的哈希）',
  'ledger.head is not valid': 'ledger.head 无效',
  'names no version (MAJOR.MINOR.PATCH)': '没有写明版本号（主版本.次版本.修订号）',
  'has no publish-intent before it': '之前没有 publish-intent 事件',
  'comes after that version was already published': '出现在该版本已经发布之后',
  'comes after that version was already published or started': '出现在该版本已经发布或开始发布之后',
  'is not an event the ledger knows': '不是台账认识的事件',
  'has a malformed list of source files (each needs a path, a byte size and a SHA-256)': '的源文件列表格式有误（每一项都需要路径、字节数和 SHA-256）',
};
const ledgerWhatZh = (v: ErrorParams[string] | undefined): string => LEDGER_WHAT_ZH[String(v)] ?? REVIEW_ZH.english.replace('{text}', String(v ?? ''));
const whatZh = (v: ErrorParams[string] | undefined): string => WHAT_ZH[String(v)] ?? `“${String(v ?? '')}”`;
/** What an XLSX document property check names (io xlsx/write.ts checkText's `part`). */
const XLSX_PART_ZH: Record<string, string> = { propertyName: '文档属性名', property: '文档属性', title: '文档标题', creator: '文档作者' };
/** A zod issue (core transforms/options-issue.ts: a rule's options, a spec's values), in Chinese by its code; undefined for a code not worded here. */
export function zodIssueZh(p: ErrorParams): string | undefined {
  const n = (k: string): string => String(p[k] ?? '');
  const unit = p.origin === 'array' || p.origin === 'set' ? ' 项' : p.origin === 'string' ? ' 个字符' : '';
  switch (p.issue) {
    case 'invalid_type': return /received undefined$/.test(n('english')) ? `缺少必填项（应为 ${n('expected')}）` : `类型不对：应为 ${n('expected')}`;
    case 'too_small': return unit ? `至少要有 ${n('minimum')}${unit}` : p.exclusive ? `必须大于 ${n('minimum')}` : `不能小于 ${n('minimum')}`;
    case 'too_big': return unit ? `最多只能有 ${n('maximum')}${unit}` : p.exclusive ? `必须小于 ${n('maximum')}` : `不能大于 ${n('maximum')}`;
    case 'invalid_value': return `取值无效（可选值：${list(p.values).join('、')}）`;
    case 'unrecognized_keys': return `有未知的键：${list(p.keys).join('、')}`;
    case 'invalid_union': return '不符合任何一种允许的写法';
    case 'invalid_format': return `格式不对${p.format ? `（应为 ${n('format')} 格式）` : ''}`;
    case 'not_multiple_of': return `必须是 ${n('divisor')} 的倍数`;
    default: return undefined;
  }
}

const PARTITION_PART_ZH: Record<string, string> = { 'csv-bytes': '字节', 'ndjson-lines': '字节', 'parquet-row-groups': '行组', 'ipc-batches': '记录批' };
/** "分区 N（字节 a–b）" from the partition params a partition job's error carries (partitionIndex, partitionKind, partitionFrom, partitionTo). */
export function partitionZh(p: ErrorParams): string {
  const index = p.partitionIndex === undefined ? '' : ` ${String(p.partitionIndex)}`;
  if (p.partitionKind === 'whole') return p.partitionFrom === undefined ? `分区${index}（整个文件）` : `分区${index}（第 ${p.partitionFrom}–${p.partitionTo} 个文件）`;
  const part = PARTITION_PART_ZH[String(p.partitionKind)];
  return part && p.partitionFrom !== undefined && p.partitionTo !== undefined ? `分区${index}（${part} ${String(p.partitionFrom)}–${String(p.partitionTo)}）` : `分区${index}`;
}

/** The framing of a failed review and of a bad spec. */
export const REVIEW_ZH = {
  security: '安全审查',
  normative: '规范性审查',
  failed: '{review}未通过，没有发布任何内容：',
  fix: '（修改位置：{path}）',
  specProblems: 'spec 有 {count} 处问题：',
  specLine: '第 {line} 行，',
  specLineColumn: '第 {line} 行第 {column} 列，',
  root: '（根）',
  english: '原文：{text}',
  englishHint: '原文提示：{text}',
} as const;
