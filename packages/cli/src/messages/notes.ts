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
];

export function storeNote(text: string): string {
  if (lang() !== 'zh') return text;
  for (const n of STORE_NOTES) if (n.en.test(text)) return text.replace(n.en, n.zh);
  return text;
}
