import { join, resolve } from 'node:path';
import { writeTextAtomic } from '@tuomin/io/atomic';
import { buildOpenList, dueList, openListCsv } from '@tuomin/publish/light';
import type { Command } from '../command.js';
import { print, printJson } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { exists, isDirectory } from '../usage.js';
import { storeNote, t } from '../messages/index.js';
import { defineVerb } from '../options/table.js';
import { expectArgs, parseVerb, verbUsageError } from '../options/parse.js';
import { helpText } from '../options/help.js';
import { isoDate, nonEmpty, wholeNumber } from '../options/values.js';

export const catalogSpec = defineVerb({
  name: 'catalog',
  synopsis: '<folder> [--out <dir>] [--json]',
  about: {
    en: `Finds dataset specs and published packages under <folder> and writes open-list.csv and
open-list.json to --out. With --json prints the list instead of a summary.
A version's status comes from its dataset's release ledger (ledger.jsonl), verified first; files
that cannot be read (a malformed datapackage.json, a damaged ledger, a spec that does not parse)
are left out and listed as skipped, with the file and the reason.`,
    zh: `查找 <文件夹> 下的数据集 spec 和已发布的数据包，把开放清单写成 open-list.csv 和 open-list.json
（写到 --out）。加 --json 时打印清单而不是摘要。版本状态取自数据集的发布台账（ledger.jsonl），
先校验台账；无法读取的文件（datapackage.json 格式错误、台账损坏、spec 无法解析）不列入清单，
作为 skipped 列出文件和原因。`,
  },
  options: {
    out: { type: 'string', arg: { en: 'DIR', zh: '目录' }, help: { en: 'folder for open-list.csv and open-list.json', zh: 'open-list.csv 和 open-list.json 的输出文件夹' }, defaultText: { en: '<folder>', zh: '<文件夹>' }, parse: nonEmpty },
  },
  exitCodes: { en: 'Exit codes: 0 ok, 1 unreadable folder, 2 usage error.', zh: '退出码：0 成功，1 文件夹无法读取，2 用法错误。' },
});

export const catalogCommand: Command = {
  name: 'catalog',
  spec: catalogSpec,
  get usage() {
    return helpText(catalogSpec);
  },
  async run(argv, io) {
    const { values, positionals } = parseVerb(catalogSpec, argv);
    expectArgs(catalogSpec, positionals, 1, t('args.oneFolder'));
    const folder = resolve(io.cwd, positionals[0]!);
    const { entries, skipped, notes } = await buildOpenList(folder);
    const out = resolve(io.cwd, values.out ?? folder);
    if (await exists(out) && !(await isDirectory(out))) return verbUsageError(catalogSpec, t('catalog.outIsFile', { out: values.out ?? '' }));
    // Each file complete or not at all (temporary name, then rename; the folder is created).
    await writeTextAtomic(join(out, 'open-list.csv'), openListCsv(entries));
    await writeTextAtomic(join(out, 'open-list.json'), `${JSON.stringify({ generatedAt: new Date().toISOString(), entries }, null, 2)}\n`);
    if (values.json) printJson(io, { ok: true, entries, skipped, notes, files: [join(out, 'open-list.csv'), join(out, 'open-list.json')] });
    else {
      print(io, t('catalog.listed', { count: entries.length, file: join(out, 'open-list.csv') }));
      for (const s of skipped) print(io, `  ${t('catalog.skipped', { file: s.file })}: ${s.reason}`);
      for (const n of notes) io.stderr.write(`tuomin catalog: ${storeNote(n)}\n`);
    }
    return EXIT.OK;
  },
};

export const dueSpec = defineVerb({
  name: 'due',
  synopsis: '<folder> [--as-of YYYY-MM-DD] [--within DAYS] [--json]',
  about: {
    en: `Reads the packages under <folder>; a dataset is due at modified + its declared update frequency
(Art. 12). Lists overdue ones and those due within --within days.
A package that cannot be read (malformed datapackage.json, a damaged release ledger) is
reported as unreadable: its due date is unknown.`,
    zh: `读取 <文件夹> 下的数据包；数据集的到期日为最后修改日期加上声明的更新频率（第十二条）。
列出已逾期的数据集和 --within 天内到期的数据集。无法读取的数据包（datapackage.json 格式错误、
发布台账损坏）列为 unreadable：其到期日未知。`,
  },
  options: {
    'as-of': { type: 'string', arg: 'YYYY-MM-DD', help: { en: 'the day to judge from', zh: '以哪一天为准' }, defaultText: { en: 'today', zh: '今天' }, parse: isoDate },
    within: { type: 'string', arg: { en: 'DAYS', zh: '天数' }, help: { en: 'also list datasets due within this many days', zh: '同时列出这么多天内到期的数据集' }, default: 7, parse: wholeNumber(0) },
  },
  exitCodes: {
    en: `Exit codes: 0 nothing overdue, 5 at least one dataset overdue, 1 at least one package unreadable
(the list is incomplete; overdue ones are still printed), 2 usage error.`,
    zh: '退出码：0 没有逾期，5 至少一个数据集逾期，1 至少一个数据包无法读取（清单不完整；逾期的仍会列出），2 用法错误。',
  },
});

export const dueCommand: Command = {
  name: 'due',
  spec: dueSpec,
  get usage() {
    return helpText(dueSpec);
  },
  async run(argv, io) {
    const { values, positionals } = parseVerb(dueSpec, argv);
    expectArgs(dueSpec, positionals, 1, t('args.oneFolder'));
    const asOf = values['as-of'] ?? new Date();
    const within = values.within;
    const { entries, skipped } = await buildOpenList(resolve(io.cwd, positionals[0]!));
    const unreadable = skipped.filter((s) => s.kind === 'package');
    const due = dueList(entries, asOf, within);
    const day = asOf.toISOString().slice(0, 10);
    if (values.json) printJson(io, {
      ok: unreadable.length === 0,
      ...(unreadable.length ? { error: { code: 'UNREADABLE', message: t('due.unreadable', { count: unreadable.length }), hint: t('due.unreadableHint') } } : {}),
      asOf: day, within, due, unreadable,
    });
    else {
      if (due.length === 0) print(io, t(unreadable.length ? 'due.nothingReadable' : 'due.nothing', { days: within, day }));
      else for (const d of due) print(io, t(d.state === 'overdue' ? 'due.overdue' : 'due.soon', { id: d.id, due: d.due, days: d.daysLeft, frequency: d.updateFrequency, last: d.modified.slice(0, 10) }));
      for (const u of unreadable) print(io, `${t('due.unreadableLine')}  ${u.file}: ${u.reason}`);
    }
    if (unreadable.length) {
      io.stderr.write(`tuomin due: ${t('due.unreadable', { count: unreadable.length })}\n`);
      return EXIT.BAD_INPUT;
    }
    return due.some((d) => d.state === 'overdue') ? EXIT.OVERDUE : EXIT.OK;
  },
};
