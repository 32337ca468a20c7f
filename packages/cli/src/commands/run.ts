import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { loadSpec, publishRun } from '@tuomin/publish';
import type { Command } from '../command.js';
import { print, printJson } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { usageError } from '../usage.js';
import { Progress } from '../progress.js';
import { printPreview } from './run-preview.js';

export const runCommand: Command = {
  name: 'run',
  usage: `Usage: tuomin run <spec.yaml> [--json] [--version X.Y.Z] [--out <folder>]

Reads the source named in the spec, applies every column rule and the privacy settings, runs
the security review (exit 3 on failure) and the normative review (exit 4), and only then writes
one immutable version folder <output.folder>/<dataset.id>/<version>/ with data files,
datapackage.json, catalog.jsonld, platform.json, reports/, README.md and SHA256SUMS.

Options:
  --json            print one JSON summary (or the failure with every review reason)
  --version X.Y.Z   version to publish (default: next after the latest in the ledger)
  --out <folder>    override output.folder of the spec
  --dry-run         the whole pass and both reviews without publishing (no version folder, no
                    ledger line), also before the catalog metadata is complete: verdicts and
                    reasons, missing metadata, risk figures, what each rule changed, and the
                    first rows as they would be published; exit 0 whatever the verdicts
  --head N          with --dry-run: rows shown (default 10)
  --require-change  refuse (exit 1) to publish data identical to the latest version or to a
                    withdrawn one (without it: a warning)
Keys for pseudonymization come from the environment variable or key file the spec names
(default TUOMIN_KEY), never from the spec.`,
  async run(argv, io) {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean' }, version: { type: 'string' }, out: { type: 'string' }, 'dry-run': { type: 'boolean' }, head: { type: 'string' }, 'require-change': { type: 'boolean' } } });
    if (positionals.length !== 1) return usageError('run', this.usage, 'expected one spec file');
    const loaded = await loadSpec(resolve(io.cwd, positionals[0]!));
    if (values['dry-run']) {
      const head = values.head !== undefined ? Number(values.head) : undefined;
      if (head !== undefined && !(Number.isInteger(head) && head >= 0)) return usageError('run', this.usage, '--head must be a whole number');
      return printPreview(loaded, { env: io.env, ...(head !== undefined ? { headRows: head } : {}) }, io, values.json === true);
    }
    if (values.head !== undefined) return usageError('run', this.usage, '--head applies to --dry-run only');
    const progress = new Progress(io.stderr, `run ${loaded.spec.dataset.id}`);
    const result = await publishRun(loaded, {
      env: io.env,
      ...(values.version ? { version: values.version } : {}),
      ...(values.out ? { outputFolder: values.out } : {}),
      ...(values['require-change'] ? { requireChange: true } : {}),
      onProgress: (p) => progress.update(p.rows, p.bytes),
    });
    progress.done();
    if (values.json) {
      printJson(io, { ok: true, ...result });
    } else {
      print(io, `published ${result.dataset} ${result.version}: ${result.rows} rows (${result.sourceRows} read) in ${(result.ms.total / 1000).toFixed(1)} s`);
      print(io, `package: ${result.packageDir}`);
      for (const f of result.files) print(io, `  ${f.path}  ${f.bytes} bytes  sha256 ${f.sha256.slice(0, 16)}…`);
      const warnings = result.reviews.flatMap((r) => r.reasons.filter((x) => x.severity === 'warning'));
      for (const w of warnings) print(io, `  warning [${w.code}] ${w.message}`);
    }
    return EXIT.OK;
  },
};
