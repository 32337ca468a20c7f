import { resolve } from 'node:path';
import type { Command } from '../command.js';
import { print, printJson } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { t } from '../messages/index.js';
import { defineVerb } from '../options/table.js';
import { expectArgs, parseVerb } from '../options/parse.js';
import { helpText } from '../options/help.js';
import { nonEmpty, oneOf, wholeNumber } from '../options/values.js';

export const benchSpec = defineVerb({
  name: 'bench',
  synopsis: '<spec.yaml> [--sample N] [--variants variants.yaml] [--format table|markdown|json] [--json]',
  about: {
    en: `Runs the spec's rules, and each alternative rule set of the variants file, on the first N rows
of the source, and prints side by side: rows/s per rule and for the whole set (tinybench), the
smallest equivalence class and prosecutor risk over the published columns an attacker can know
(the columns the security review judges, docs/privacy.md), utility (share of values changed,
share of distinct values kept, loss), and what the residual scan still finds. Each rule is
timed alone on the sample as it reaches that rule (after derived-column copies and the earlier
rules of its column). A rule that fails on the sample stops the bench, naming the variant,
column and rule (exit 1).

variants.yaml:
  variants:
    pseudonymize-ids:
      证件号码: { type: pseudonymize, method: aes-cmac }
    no-address-rule:
      地址: null`,
    zh: `在源数据的前若干行（--sample）上运行 spec 的规则以及变体文件中的每套备选规则，并排打印：每条规则和整套规则的
每秒行数（tinybench）、攻击者可能掌握的已发布列上的最小等价类和检察官风险（即安全审查所判断的列，
见 docs/privacy.md）、可用性（值被改动的比例、保留的不同值比例、损失），以及残留扫描仍能发现的内容。
每条规则单独计时。某条规则在样本上出错时停止，并指出变体、列和规则（退出码 1）。

variants.yaml：
  variants:
    pseudonymize-ids:
      证件号码: { type: pseudonymize, method: aes-cmac }
    no-address-rule:
      地址: null`,
  },
  options: {
    sample: { type: 'string', arg: { en: 'N', zh: '行数' }, help: { en: 'rows of the sample', zh: '样本行数' }, defaultText: { en: '10000', zh: '10000' }, parse: wholeNumber(1) },
    variants: { type: 'string', arg: { en: 'FILE', zh: '文件' }, help: { en: 'alternative rule sets (YAML, as above)', zh: '备选规则集（YAML，格式如上）' }, parse: nonEmpty },
    format: { type: 'string', arg: { en: 'F', zh: '格式' }, help: { en: 'table, markdown or json (--json is json)', zh: 'table、markdown 或 json（--json 即 json）' }, default: 'table', parse: oneOf(['table', 'markdown', 'json']) },
  },
  exitCodes: {
    en: 'Exit codes: 0 ok, 1 bad input, spec or a rule failing on the sample, 2 usage error, 3 the privacy model cannot meet its limit on the sample.',
    zh: '退出码：0 成功，1 输入、spec 有误或规则在样本上出错，2 用法错误，3 样本上无法满足隐私模型的限制。',
  },
});

export const benchCommand: Command = {
  name: 'bench',
  spec: benchSpec,
  get usage() {
    return helpText(benchSpec);
  },
  async run(argv, io) {
    const { values, positionals } = parseVerb(benchSpec, argv);
    expectArgs(benchSpec, positionals, 1, t('args.oneSpec'));
    const sample = values.sample;
    const format = values.json ? 'json' : values.format;
    // Loaded here, not at the top: `bench --help` and a usage error load no Arrow or WebAssembly.
    const [{ loadSpec }, { benchRules, ruleBenchMarkdown }] = await Promise.all([import('@tuomin/publish'), import('@tuomin/publish/bench')]);
    const loaded = await loadSpec(resolve(io.cwd, positionals[0]!));
    const result = await benchRules(loaded, { ...(sample ? { sample } : {}), ...(values.variants ? { variantsFile: values.variants } : {}), env: io.env });
    if (format === 'json') printJson(io, { ok: true, ...result });
    else print(io, ruleBenchMarkdown(result));
    return EXIT.OK;
  },
};
