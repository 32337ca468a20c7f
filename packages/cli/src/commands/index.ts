import type { Command } from '../command.js';
import type { Text } from '../messages/index.js';

/**
 * Every verb of the CLI: its name and one-line summary for the help page, and its module, loaded
 * only when the verb is used. Why lazily: `tuomin --help`, `--version` and a mistyped verb then
 * start without Arrow, Parquet, faker or WebAssembly (#16; test/startup-modules.test.ts). Each
 * verb lives in its own file; add one line here per verb.
 */
export interface CommandEntry {
  name: string;
  /** In English and Chinese (messages/lang.ts). */
  summary: Text;
  load(): Promise<Command>;
}

export const commands: CommandEntry[] = [
  { name: 'scan', summary: { en: 'scan every cell of a file for personal data left behind (exit 3 if any)', zh: '扫描文件的每个单元格，查找残留的个人信息（发现即退出码 3）' }, load: async () => (await import('./scan.js')).scanCommand },
  { name: 'profile', summary: { en: 'profile a file: types, nulls, distinct values, personal data per column, suggested rules', zh: '分析文件：各列类型、空值、不同值、个人信息，并建议脱敏规则' }, load: async () => (await import('./profile.js')).profileCommand },
  { name: 'run', summary: { en: 'desensitize, review and publish a dataset from its spec', zh: '按 spec 脱敏、审查并发布数据集' }, load: async () => (await import('./run.js')).runCommand },
  { name: 'bench', summary: { en: 'compare rule sets on a sample: speed, residual risk, utility, residual findings', zh: '在样本上比较规则集：速度、残留风险、可用性、残留发现' }, load: async () => (await import('./bench.js')).benchCommand },
  { name: 'release', summary: { en: 'list, verify, suspend, withdraw or restore published versions', zh: '列出、校验、中止、撤回或恢复已发布的版本' }, load: async () => (await import('./release.js')).releaseCommand },
  { name: 'catalog', summary: { en: 'write the open list (开放清单) of every spec and package in a folder', zh: '为文件夹中所有 spec 和数据包生成开放清单' }, load: async () => (await import('./catalog.js')).catalogCommand },
  { name: 'due', summary: { en: 'list datasets overdue or due soon by their update frequency', zh: '按更新频率列出已逾期或即将到期的数据集' }, load: async () => (await import('./catalog.js')).dueCommand },
  { name: 'convert', summary: { en: 'convert between CSV, TSV, Parquet, Arrow IPC and NDJSON, or to XLSX (format from the extension)', zh: '在 CSV、TSV、Parquet、Arrow IPC、NDJSON 之间转换，或转为 XLSX（格式由扩展名决定）' }, load: async () => (await import('./convert.js')).convertCommand },
  { name: 'risk', summary: { en: 're-identification risk of a file over its quasi-identifiers (k, prosecutor, journalist, marketer, l, t)', zh: '按准标识符计算文件的重识别风险（k、检察官、记者、营销者风险、l、t）' }, load: async () => (await import('./risk.js')).riskCommand },
  { name: 'anonymize', summary: { en: 'find the least-loss generalization meeting k (l, t) within a suppression limit, optionally write it', zh: '在抑制上限内寻找满足 k（l、t）且损失最小的泛化方案，可写出结果' }, load: async () => (await import('./anonymize.js')).anonymizeCommand },
];
