import { resolve } from 'node:path';
import type { Command } from '../command.js';
import { print, printJson } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { reasonText, t } from '../messages/index.js';
import { defineVerb } from '../options/table.js';
import { expectArgs, parseVerb, verbUsageError } from '../options/parse.js';
import { helpText } from '../options/help.js';
import { nonEmpty, wholeNumber } from '../options/values.js';
import { Progress } from '../progress.js';
import { workersOf, workersOption } from '../workers-option.js';

export const runSpec = defineVerb({
  name: 'run',
  synopsis: '<spec.yaml> [--json] [--version X.Y.Z] [--out <folder>] [--dry-run [--head N]]',
  about: {
    en: `Reads the source named in the spec, applies every column rule and the privacy settings, runs
the security review (exit 3 on failure) and the normative review (exit 4), and only then writes
one immutable version folder <output.folder>/<dataset.id>/<version>/ with data files,
datapackage.json, catalog.jsonld, platform.json, reports/, README.md and SHA256SUMS.
Keys for pseudonymization come from the environment variable or key file the spec names
(default TUOMIN_KEY), never from the spec.`,
    zh: `读取 spec 中指定的源数据，执行每一列的规则和隐私设置，依次进行安全审查（不通过时退出码 3）和
规范性审查（退出码 4），全部通过后才写出一个不可更改的版本文件夹
<output.folder>/<dataset.id>/<版本>/，内含数据文件、datapackage.json、catalog.jsonld、
platform.json、reports/、README.md 和 SHA256SUMS。
假名化密钥从 spec 指定的环境变量或密钥文件读取（默认 TUOMIN_KEY），从不写在 spec 中。`,
  },
  options: {
    version: { type: 'string', arg: 'X.Y.Z', help: { en: 'version to publish', zh: '要发布的版本号' }, defaultText: { en: 'next after the latest in the ledger', zh: '发布台账中最新版本的下一个' }, parse: nonEmpty },
    out: { type: 'string', arg: { en: 'FOLDER', zh: '文件夹' }, help: { en: 'override output.folder of the spec', zh: '覆盖 spec 中的 output.folder' }, parse: nonEmpty },
    'dry-run': {
      type: 'boolean',
      help: {
        en: 'the whole pass and both reviews without publishing (no version folder, no\nledger line), also before the catalog metadata is complete: verdicts and\nreasons, missing metadata, risk figures, what each rule changed, and the\nfirst rows as they would be published; exit 0 whatever the verdicts',
        zh: '完整处理并进行两项审查，但不发布（不生成版本文件夹，不写台账），目录元数据未补全时也可用：\n给出审查结论和原因、待补元数据、风险指标、每条规则改动了什么，以及发布后的前几行；\n无论结论如何退出码都为 0',
      },
    },
    head: { type: 'string', arg: { en: 'N', zh: '行数' }, help: { en: 'with --dry-run: rows shown', zh: '与 --dry-run 同用：显示的行数' }, defaultText: { en: '10', zh: '10' }, parse: wholeNumber(0) },
    ...workersOption({ en: 'the published files are the same bytes for any N', zh: '无论线程数多少，发布的文件逐字节相同' }),
    'batch-size': { type: 'string', arg: { en: 'ROWS', zh: '行数' }, help: { en: 'rows per batch read from the source', zh: '每批读取的行数' }, defaultText: { en: "the spec's source.batchSize, else 65536", zh: 'spec 中的 source.batchSize，未设时为 65536' }, parse: wholeNumber(1) },
    'require-change': {
      type: 'boolean',
      help: { en: 'refuse (exit 1) to publish data identical to the latest version or to a\nwithdrawn one (without it: a warning)', zh: '数据与最新版本或已撤回版本完全相同时拒绝发布（退出码 1；不加此项时只给警告）' },
    },
  },
  exitCodes: {
    en: 'Exit codes: 0 published, 1 bad input or spec, 2 usage error, 3 security review failed, 4 normative review failed.',
    zh: '退出码：0 已发布，1 输入或 spec 有误，2 用法错误，3 安全审查未通过，4 规范性审查未通过。',
  },
});

export const runCommand: Command = {
  name: 'run',
  spec: runSpec,
  get usage() {
    return helpText(runSpec);
  },
  async run(argv, io) {
    const { values, positionals } = parseVerb(runSpec, argv);
    expectArgs(runSpec, positionals, 1, t('args.oneSpec'));
    // Loaded here, not at the top: `run --help` and a usage error load no Arrow or WebAssembly.
    const { loadSpec, publishRun } = await import('@tuomin/publish');
    const loaded = await loadSpec(resolve(io.cwd, positionals[0]!));
    if (values['dry-run']) {
      const head = values.head;
      return (await import('./run-preview.js')).printPreview(loaded, { env: io.env, ...(head !== undefined ? { headRows: head } : {}) }, io, values.json === true);
    }
    if (values.head !== undefined) return verbUsageError(runSpec, t('usage.notWith', { flag: '--head', other: '--dry-run' }));
    const progress = new Progress(io.stderr, `run ${loaded.spec.dataset.id}`);
    const result = await publishRun(loaded, {
      env: io.env,
      ...(values.version ? { version: values.version } : {}),
      ...(values.out ? { outputFolder: values.out } : {}),
      ...(values['require-change'] ? { requireChange: true } : {}),
      workers: workersOf(values.workers),
      ...(values['batch-size'] !== undefined ? { batchSize: values['batch-size'] } : {}),
      onProgress: (p) => progress.update(p.rows, p.bytes),
    });
    progress.done();
    if (values.json) {
      printJson(io, { ok: true, ...result });
    } else {
      print(io, t('run.published', { dataset: result.dataset, version: result.version, rows: result.rows, read: result.sourceRows, s: (result.ms.total / 1000).toFixed(1) }));
      print(io, t('run.package', { dir: result.packageDir }));
      for (const f of result.files) print(io, t('run.file', { path: f.path, bytes: f.bytes, sha: f.sha256.slice(0, 16) }));
      const warnings = result.reviews.flatMap((r) => r.reasons.filter((x) => x.severity === 'warning'));
      for (const w of warnings) print(io, `  ${t('warning')} [${w.code}] ${reasonText(w)}`);
    }
    return EXIT.OK;
  },
};
