import { lang } from './lang.js';

/**
 * What opening a release store repaired or found (publish/src/release: `notes.push(...)`), in
 * Chinese. The store returns them as English sentences, each of one shape, matched here whole
 * (test/zh-messages.test.ts finds every `notes.push` text in the release and catalog sources and
 * requires a shape for it). Parts the store quotes from elsewhere (a lock's error, a package's
 * problem) stay as they are; an unknown note is shown as it is.
 */
export const STORE_NOTES: Array<{ en: RegExp; zh: string }> = [
  { en: /^could not (?:write|update) (.+); the next command rewrites it from the ledger$/, zh: '无法写入 $1；下一条命令会根据台账重写它' },
  { en: /^(.+); showing the ledger as it stands$/, zh: '$1；按台账现状显示' },
  { en: /^completed the release of (.+) that a stopped command had put in place \(ledger line (\d+)\); its hashes verify$/, zh: '已完成版本 $1 的发布：中断的命令已把它放置到位（台账第 $2 行），哈希校验通过' },
  { en: /^rolled back the release of (.+) that a stopped command left incomplete \((.+); ledger line (\d+)\)$/, zh: '已回滚版本 $1 的发布：中断的命令没有完成它（$2；台账第 $3 行）' },
  { en: /^recorded that the release of (.+) started at ledger line (\d+) never took place \(the command stopped before it\)$/, zh: '已记录：台账第 $2 行开始的版本 $1 的发布没有发生（命令在此之前就停止了）' },
  { en: /^finished the withdrawal of (.+) started at ledger line (\d+)$/, zh: '已完成台账第 $2 行开始的版本 $1 的撤回' },
  { en: /^(.+) was missing or unreadable; rewritten from the ledger \((.+)\)$/, zh: '$1 缺失或无法读取，已根据台账重写（$2）' },
  { en: /^(.+) disagreed with the ledger; rewritten from the ledger \((.+)\)$/, zh: '$1 与台账不一致，已根据台账重写（$2）' },
  { en: /^(.+) is missing or unreadable; the ledger says (.+)$/, zh: '$1 缺失或无法读取；台账记录的状态为 $2' },
  { en: /^(.+) disagrees with the ledger; the ledger says (.+)$/, zh: '$1 与台账不一致；台账记录的状态为 $2' },
  { en: /^removed the incomplete line (\d+) of ledger\.jsonl \((\d+) bytes without a newline\): a command stopped while writing it, and ledger\.head ends at the line before, so nothing it recorded had happened$/, zh: '已删除 ledger.jsonl 中不完整的第 $1 行（$2 字节，没有换行）：某条命令在写这一行时中断了，ledger.head 止于它的前一行，所以它记录的事情并没有发生' },
  { en: /^ignored the incomplete line (\d+) of ledger\.jsonl \((\d+) bytes without a newline\): a command stopped while writing it; the next command that changes the dataset removes it$/, zh: '已忽略 ledger.jsonl 中不完整的第 $1 行（$2 字节，没有换行）：某条命令在写这一行时中断了；下一条修改该数据集的命令会删除它' },
  { en: /^version (.+) applies (.+) to (.+) with another key than (.+) \(key id (.+) before, (.+) now\): its values do not join with those of ([^;]+); a declared rotation: (.+)$/, zh: '版本 $1 的 $2 规则对 $3 使用了与 $4 不同的密钥（密钥 id 之前为 $5，现在为 $6）：它的值无法与 $7 的值关联；这是已声明的密钥轮换，原因：$8' },
  { en: /^version (.+) applies (.+) to (.+) with another key than (.+) \(key id (.+) before, (.+) now\): its values do not join with those of (.+)$/, zh: '版本 $1 的 $2 规则对 $3 使用了与 $4 不同的密钥（密钥 id 之前为 $5，现在为 $6）：它的值无法与 $7 的值关联' },
  { en: /^version (.+): (.+) changed since publication \(it (.+)\); run tuomin release verify$/, zh: '版本 $1：$2 在发布之后被改动过（$3）；请运行 tuomin release verify' },
  { en: /^version (.+): (.+) (was modified after its release \(its modification time moved\)|has no recorded modification time), content unchecked; run tuomin release verify$/, zh: '版本 $1：$2 在发布之后被写过或没有记录修改时间，内容未经核对；请运行 tuomin release verify' },
  { en: /^every file of version (.+) matches SHA256SUMS; recorded their sizes and modification times for the cheap check$/, zh: '版本 $1 的每个文件都与 SHA256SUMS 相符；已记下它们的大小和修改时间，供快速检查使用' },
  { en: /^could not record the modification times of (.+) in (.+) \((.+)\); other commands will call them unchecked$/, zh: '无法把 $1 的修改时间记入 $2（$3）；其他命令会把它们当作未经核对' },
  { en: /^every file of (.+) matches SHA256SUMS, but another command holds the dataset: their new modification times are not recorded; run tuomin release verify again when it ends$/, zh: '$1 的每个文件都与 SHA256SUMS 相符，但另一条命令正占用该数据集：新的修改时间没有记下；等它结束后再运行一次 tuomin release verify' },
];

export function storeNote(text: string): string {
  if (lang() !== 'zh') return text;
  for (const n of STORE_NOTES) if (n.en.test(text)) return text.replace(n.en, n.zh);
  return text;
}
