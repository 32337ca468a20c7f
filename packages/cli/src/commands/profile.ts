import { resolve } from 'node:path';
import { writeFile } from 'node:fs/promises';
// Light entries and types only: `profile --help` and a usage error load no Arrow or WebAssembly (run() imports publish).
import { TuominError } from '@tuomin/core/errors';
import type { FileProfile, ReviewedDraft } from '@tuomin/publish';
import type { Command } from '../command.js';
import { print, printJson } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { exists } from '../usage.js';
import { csvReadOptions, readerOptions, xlsxReadOptions } from '../reader-options.js';
import { suggestionText, t } from '../messages/index.js';
import { defineVerb } from '../options/table.js';
import { expandInputNames, inputsOf, inputsShown, refuseFolders } from '../inputs.js';
import { expectArgs, parseVerb } from '../options/parse.js';
import { helpText } from '../options/help.js';
import { nonEmpty, wholeNumber } from '../options/values.js';
import { Progress } from '../progress.js';
import { parallelNote, workersOf, workersOption } from '../workers-option.js';

export const profileSpec = defineVerb({
  name: 'profile',
  synopsis: '<file...> [--json] [--sample N] [--write-spec spec.yaml] [reader options]',
  about: {
    en: `Reports per column the inferred type, null rate, distinct estimate, length range, the share of
values each detector matches, the shapes of its values (person names, codes, masked
identifiers), a suggested role (direct identifier, quasi-identifier, sensitive, free text),
sensitivity level (L1 public .. L4 sensitive personal) and rule. Values are never printed.`,
    zh: `逐列报告推断的类型、空值率、不同值个数估计、长度范围、各识别器匹配的比例、值的形态（人名、
编码、已遮盖的证件号），以及建议的角色（直接标识符、准标识符、敏感属性、自由文本）、敏感级别
（L1 公开 .. L4 敏感个人信息）和脱敏规则。不会打印任何值。`,
  },
  options: {
    sample: { type: 'string', arg: { en: 'N', zh: '行数' }, help: { en: 'profile only the first N rows', zh: '只分析开头这么多行' }, parse: wholeNumber(1) },
    'write-spec': {
      type: 'string', arg: { en: 'FILE', zh: '文件' },
      help: { en: 'draft a dataset spec (YAML) that publishes safely once its TODOs and the\ncatalog metadata are filled in, checked first by a dry run of its own reviews\n(one more read of the source); refuses to overwrite an existing file', zh: '起草数据集 spec（YAML）：补完其中的 TODO 和目录元数据后即可安全发布；写入前先用试运行（再读一遍源文件）按审查规则检查草稿；不会覆盖已有文件' },
      parse: nonEmpty,
    },
    ...readerOptions({ en: 'leave it out of the profile (written nowhere) and count it; a drafted spec reads the source with these options too', zh: '不计入分析（不写到任何地方）并计数；起草的 spec 也用这些选项读取源文件' }),
    ...workersOption({ en: 'the profile and a drafted spec are the same for any N (with --sample: one thread)', zh: '无论线程数多少，分析结果和起草的 spec 都相同（给出 --sample 时单线程运行）' }),
  },
  exitCodes: {
    en: 'Exit codes: 0 ok, 1 unreadable input or the --write-spec file exists (checked first), 2 usage error.',
    zh: '退出码：0 成功，1 输入无法读取或 --write-spec 文件已存在（最先检查），2 用法错误。',
  },
});

export const profileCommand: Command = {
  name: 'profile',
  spec: profileSpec,
  get usage() {
    return helpText(profileSpec);
  },
  async run(argv, io) {
    const { values, positionals: given } = parseVerb(profileSpec, argv);
    expectArgs(profileSpec, given, [1, Infinity], t('args.files'));
    const positionals = await expandInputNames(io.cwd, given);
    await refuseFolders(io.cwd, positionals);
    const sample = values.sample;
    const csv = csvReadOptions(values);
    const specPath = values['write-spec'] ? resolve(io.cwd, values['write-spec']) : undefined;
    // Checked before profiling, so a long profile is not thrown away at the end.
    if (specPath && (await exists(specPath))) {
      throw new TuominError('BAD_INPUT', `--write-spec ${values['write-spec']} already exists; a draft never overwrites a file`, { file: specPath }, 'choose another name, or remove the existing file first', { id: 'profile.specExists' });
    }
    const file = inputsOf(io.cwd, positionals);
    const { draftSpec, profileFile, reviewDraft } = await import('@tuomin/publish');
    const progress = new Progress(io.stderr, 'profile');
    const profile = await profileFile(file, {
      ...(sample !== undefined ? { sample } : {}),
      ...(Object.keys(csv).length ? { csv } : {}),
      ...(Object.keys(xlsxReadOptions(values)).length ? { xlsx: xlsxReadOptions(values) } : {}),
      workers: workersOf(values.workers),
      onProgress: (rows) => progress.update(rows),
    });
    progress.done();
    // The draft is checked by a dry run (its own reviews) before it is written: a first run must
    // not be refused by the tool's own draft (publish/src/profile/review-draft.ts).
    let draft: ReviewedDraft | undefined;
    if (specPath) {
      const checking = new Progress(io.stderr, 'run --dry-run');
      draft = await reviewDraft(draftSpec(profile, specPath), specPath, { workers: workersOf(values.workers), env: io.env, onProgress: (p) => checking.update(p.rows) });
      checking.done();
      await writeFile(specPath, draft.text, { flag: 'wx' });
    }
    const { parallel, ...profiled } = profile;
    const draftNotes = draft ? { draftDropped: draft.dropped, ...(draft.unchecked ? { draftUnchecked: draft.unchecked } : {}) } : {};
    if (values.json) printJson(io, { ok: true, ...profiled, ...parallelNote(values.workers, parallel), ...(specPath ? { specWritten: specPath, ...draftNotes } : {}) });
    else {
      print(io, render(profile, inputsShown(positionals)));
      if (specPath) print(io, t('profile.specWritten', { path: values['write-spec']! }));
      if (draft?.dropped.length) print(io, t('profile.draftDropped', { columns: draft.dropped.map((d) => d.column).join(', ') }));
      if (draft?.unchecked) print(io, t('profile.draftUnchecked', { code: draft.unchecked, path: values['write-spec']! }));
    }
    return EXIT.OK;
  },
};

function render(p: FileProfile, name: string): string {
  const lines = [`${t(p.sampled ? 'profile.headSample' : 'profile.head', { file: name, rows: p.rows, columns: p.columns.length })}${p.badRows ? t('profile.badRows', { count: p.badRows }) : ''}`, ''];
  for (const c of p.columns) {
    const det = c.detectors.map((d) => `${d.type} ${(d.share * 100).toFixed(1)}%`).join(', ');
    lines.push(`${c.name}  [${c.suggestion.sensitivity}] ${t(c.distinctExact ? 'profile.column' : 'profile.columnEst', { type: c.inferredType, nulls: `${(c.nullRate * 100).toFixed(1)}%`, distinct: c.distinct, min: c.minLength, max: c.maxLength })}${det ? `, ${det}` : ''}`);
    lines.push(`    → ${suggestionText(c.suggestion)}`);
  }
  if (p.quasiIdentifiers.length) lines.push('', t('profile.qi', { columns: p.quasiIdentifiers.join(', ') }));
  if (p.sensitive.length) lines.push(t('profile.sensitive', { columns: p.sensitive.join(', ') }));
  return lines.join('\n');
}
