import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAndPack, consumerEnv, dirBytes, packFolders, runIn, runOk, thirdPartyDependencies } from './support/consumer-install.js';

/**
 * Session 10's audit of what #16 ("Ship it") promised, on the artefacts a user gets: `pnpm build`,
 * `pnpm pack` of the four packages, and an install of the tarballs into an empty folder with plain
 * `npm install --offline` and an empty npm cache, so it runs without a network. The third-party
 * dependencies come as tarballs of the folders pnpm installed from the lockfile (the same
 * versions; no registry, no workspace links, no NODE_PATH, which ES modules ignore anyway).
 * test/packaging.test.ts installs from the registry instead. Checked there: the tarballs' files,
 * `--help` and `--json` of every command, the exit codes of docs/cli.md, the language conventions
 * (LC_ALL > LC_MESSAGES > LANG, gettext's LANGUAGE), progress on a terminal only, ESM imports and
 * types from a TypeScript project. Prints the sizes and the start-up time; asserts no timing.
 */
const ROOT = resolve('.');
const PACKAGES = ['core', 'io', 'publish', 'cli'] as const;
const work = mkdtempSync(join(tmpdir(), 'tuomin-ship-audit-'));
const app = join(work, 'app');
const home = join(work, 'home');
const tarballs: Record<string, string> = {};
const BIN = join(app, 'node_modules/.bin/tuomin');
// An output file of a source that no longer exists: `pnpm build` must not ship it (12 such files
// went into the tarballs in session 10: tsc -b never deletes outputs).
const STALE = join(ROOT, 'packages/cli/dist/zz-ship-audit-stale.js');

beforeAll(() => {
  mkdirSync(join(work, 'packs'));
  mkdirSync(join(work, 'deps'));
  mkdirSync(home);
  Object.assign(tarballs, buildAndPack(ROOT, PACKAGES, join(work, 'packs'), () => writeFileSync(STALE, 'export const stale = true;\n')));
  const deps = packFolders(thirdPartyDependencies(ROOT, PACKAGES), join(work, 'deps'));
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), `${JSON.stringify({ name: 'tuomin-consumer', private: true, type: 'module' }, null, 2)}\n`);
  runOk('npm', ['install', '--offline', '--cache', join(work, 'npm-cache'), '--no-audit', '--no-fund', '--loglevel=error', ...PACKAGES.map((p) => tarballs[p]!), ...deps], { cwd: app });
  const sizes = PACKAGES.map((p) => `@tuomin/${p} ${(statSync(tarballs[p]!).size / 1e3).toFixed(0)} kB`).join(', ');
  console.log(`ship-audit: tarballs ${sizes}; offline install of them and ${deps.length} dependency tarballs: ${(dirBytes(join(app, 'node_modules')) / 1e6).toFixed(1)} MB in node_modules`);
  // A small dataset with no personal data (publishes), and what the refusals are made of.
  cpSync(join(ROOT, 'fixtures/samples/enterprises.csv'), join(app, 'enterprises.csv'));
  writeFileSync(join(app, 'air.csv'), airCsv());
  writeFileSync(join(app, 'air.yaml'), AIR_SPEC);
}, 600_000);

afterAll(() => {
  rmSync(STALE, { force: true });
  rmSync(work, { recursive: true, force: true });
});

function tuomin(args: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  return runIn(BIN, args, { cwd: app, env: consumerEnv({ HOME: home, LANG: 'en_US.UTF-8', LC_ALL: '', LC_MESSAGES: '', LANGUAGE: '', ...env }) });
}

function filesOf(tarball: string): string[] {
  return runOk('tar', ['tzf', tarball]).trim().split('\n');
}

describe('the tarballs', () => {
  it.each(PACKAGES)('@tuomin/%s: a LICENSE, no tests or fixtures, no output without its source, every map resolvable', (p) => {
    const files = filesOf(tarballs[p]!);
    const dir = join(work, `unpacked-${p}`);
    mkdirSync(dir);
    runOk('tar', ['xzf', tarballs[p]!, '-C', dir]);
    const pkg = join(dir, 'package');
    expect(readFileSync(join(pkg, 'LICENSE'), 'utf8')).toBe(readFileSync(join(ROOT, 'LICENSE'), 'utf8'));
    expect(JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8'))).toMatchObject({ license: 'Apache-2.0' });
    expect(files.filter((f) => /(^|\/)(test|tests|__tests__|fixtures|benchmarks)\/|\.(test|spec)\.[cm]?[jt]s$|tsbuildinfo/.test(f))).toEqual([]);
    // tsc's outputs (dist/**, not the bundle) each come from a source the tarball has.
    const orphans = files.filter((f) => /^package\/dist\/(?!bundle\/).*\.(js|d\.ts)$/.test(f))
      .filter((f) => !files.includes(f.replace(/^package\/dist\//, 'package/src/').replace(/\.(js|d\.ts)$/, '.ts')));
    expect(orphans).toEqual([]);
    if (p === 'cli') expect(files).not.toContain('package/dist/zz-ship-audit-stale.js');
    // A map's sources are in the tarball or embedded (the bundles embed zod's), and name no folder of this machine.
    const unresolved: string[] = [];
    for (const f of files.filter((x) => x.endsWith('.map'))) {
      const map = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { sources: string[]; sourcesContent?: (string | null)[] };
      map.sources.forEach((s, i) => {
        if (s.startsWith('/') || s.includes(ROOT)) unresolved.push(`${f}: ${s} (absolute)`);
        else if (!existsSync(resolve(dirname(join(dir, f)), s)) && typeof map.sourcesContent?.[i] !== 'string') unresolved.push(`${f}: ${s}`);
      });
      expect(existsSync(join(dir, f.slice(0, -4))), `${f} maps a file that is absent`).toBe(true);
    }
    expect(unresolved).toEqual([]);
  });
});

describe('the installed CLI (npm install --offline of the tarballs)', () => {
  const VERBS = ['scan', 'profile', 'run', 'bench', 'release', 'catalog', 'due', 'convert', 'risk', 'anonymize'];

  it('--help lists every command and the exit codes; --version is the package version; a typo gets a did-you-mean', () => {
    const help = tuomin(['--help']);
    expect(help.status).toBe(0);
    expect(help.stderr).toBe('');
    for (const v of VERBS) expect(help.stdout).toMatch(new RegExp(`^  ${v} `, 'm'));
    for (const c of ['0 ok', '1 bad input', '2 usage', '3 security', '4 normative', '5 ', '70 internal', '130']) expect(help.stdout).toContain(c);
    const version = tuomin(['--version']);
    expect(version.stdout).toBe(`${JSON.parse(readFileSync(join(ROOT, 'packages/cli/package.json'), 'utf8')).version}\n`);
    expect(version.status).toBe(0);
    // A swapped pair of letters is one typo (it was two, past the limit: no suggestion for `scna`).
    for (const [typo, meant] of [['scna', 'tuomin scan'], ['rsik', 'tuomin risk'], ['profiel', 'tuomin profile'], ['-v', 'tuomin -V']]) {
      const r = tuomin([typo!, '--json']);
      expect(r.status).toBe(2);
      expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, error: { code: 'USAGE', suggestion: meant!.replace('tuomin ', '') } });
      expect(r.stderr).toContain(meant);
    }
  });

  it.each(VERBS)('%s --help: its options and exit codes on stdout, nothing on stderr, exit 0', (verb) => {
    const r = tuomin([verb, '--help']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(new RegExp(`^Usage: tuomin ${verb} `));
    expect(r.stdout).toContain('  --json');
    expect(r.stdout).toMatch(/Exit codes: 0 /);
  });

  it.each(['scan', 'profile', 'run', 'bench', 'convert', 'risk', 'anonymize'])('%s --help loads no Arrow, Parquet, faker or WebAssembly (it loaded all of them before)', (verb) => {
    const file = join(work, `modules-${verb}.txt`);
    const r = runIn(process.execPath, ['--import', join(ROOT, 'test/support/record-modules.mjs'), BIN, verb, '--help'], {
      cwd: app, env: consumerEnv({ TUOMIN_RECORD_MODULES: file, HOME: home }),
    });
    expect(r.status).toBe(0);
    const urls = readFileSync(file, 'utf8').split('\n');
    // The command's own module ran from the tarball, so an empty heavy list means something.
    expect(urls.some((u) => u.includes(`/node_modules/@tuomin/cli/dist/commands/`))).toBe(true);
    expect(urls.filter((u) => /\/node_modules\/(apache-arrow|parquet-wasm|@faker-js\/faker|xxhash-wasm|flatbuffers|tinypool)\//.test(u))).toEqual([]);
  });

  it('--json: exactly one JSON object on stdout for every command, with the exit codes of docs/cli.md', () => {
    const cases: [string[], number, string | true, NodeJS.ProcessEnv?][] = [
      [['run', 'air.yaml', '--json'], 0, true],
      [['run', 'air.yaml', '--dry-run', '--json'], 0, true],
      [['run', 'air-unmasked.yaml', '--json'], 3, 'SECURITY_REVIEW'],
      [['run', 'air-undescribed.yaml', '--json'], 4, 'NORMATIVE_REVIEW'],
      [['run', 'air.csv', '--json'], 1, 'BAD_SPEC'],
      [['run', 'no-such-spec.yaml', '--json'], 1, 'BAD_SPEC'],
      [['scan', 'no-such-file.csv', '--json'], 1, 'IO'],
      [['scan', 'air.csv', '--json'], 0, true],
      [['scan', 'enterprises.csv', '--json'], 3, true],
      [['profile', 'air.csv', '--json'], 0, true],
      [['risk', 'air.csv', '--qi', '监测站点', '--json'], 0, true],
      [['risk', 'air.csv', '--json'], 2, 'USAGE'],
      [['convert', 'air.csv', 'air.parquet', '--json'], 0, true],
      [['convert', 'air.csv', '--json'], 2, 'USAGE'],
      [['bench', 'air.yaml', '--sample', '50', '--json'], 0, true],
      [['catalog', 'out', '--out', 'list', '--json'], 0, true],
      [['due', 'out', '--json'], 0, true],
      [['due', 'out', '--as-of', '2036-01-01', '--json'], 5, true],
      [['release', 'list', 'out/binzhou-air-quality', '--json'], 0, true],
      [['release', 'verify', 'out/binzhou-air-quality', '--json'], 0, true],
      [['release', 'verify', 'out/no-such-dataset', '--json'], 1, 'BAD_INPUT'],
      [['anonymize', 'air.csv', '--qi', '月份', '--hierarchy', '月份=date', '--k', '2', '--json'], 0, true],
      [['scan', '--no-such-flag', '--json'], 2, 'USAGE'],
      // An error no handler knows is a bug: exit 70, still one JSON object (fault hook of release/faults.ts).
      [['release', 'suspend', 'out/binzhou-air-quality', '1.0.0', '--reason', 'audit', '--json'], 70, 'INTERNAL', { TUOMIN_FAULT: 'locked:NOT_AN_ERRNO' }],
    ];
    writeFileSync(join(app, 'air-unmasked.yaml'), AIR_SPEC.replace('  空气质量等级:', '  联系人手机: { name: contact_mobile, description: 联系人手机号码 }\n  空气质量等级:').replace('path: air.csv', 'path: air-mobile.csv'));
    writeFileSync(join(app, 'air-mobile.csv'), airCsv(true));
    writeFileSync(join(app, 'air-undescribed.yaml'), AIR_SPEC.replace('{ name: month, description: 监测月份 }', '{ name: month }'));
    const seen: string[] = [];
    for (const [args, status, expected, env] of cases) {
      const r = tuomin(args, env);
      const where = `tuomin ${args.join(' ')}\n${r.stderr.slice(0, 600)}`;
      expect(r.status, where).toBe(status);
      // One object and nothing else: JSON.parse of the whole of stdout.
      const out = JSON.parse(r.stdout) as { ok: boolean; error?: { code: string; message: string } };
      if (expected === true) {
        // `scan` with findings ran as asked: ok, with clean: false and exit 3.
        expect(out.ok, where).toBe(true);
      } else {
        expect(out, where).toMatchObject({ ok: false, error: { code: expected } });
        expect(out.error!.message.length).toBeGreaterThan(0);
        expect(r.stderr.length, where).toBeGreaterThan(0);
      }
      seen.push(args[0]!);
    }
    expect(new Set(seen)).toEqual(new Set(VERBS));
  });

  it('messages follow LC_ALL, then LC_MESSAGES, then LANG, and gettext\'s LANGUAGE; --lang wins', () => {
    const zh = /[\u4e00-\u9fff]/;
    const stderrOf = (env: NodeJS.ProcessEnv, extra: string[] = []) => tuomin(['scan', 'no-such-file.csv', ...extra], env).stderr;
    expect(stderrOf({ LANG: 'zh_CN.UTF-8' })).toMatch(zh);
    expect(stderrOf({ LANG: 'en_US.UTF-8' })).not.toMatch(zh);
    expect(stderrOf({ LANG: 'zh_CN.UTF-8', LC_ALL: 'en_US.UTF-8' })).not.toMatch(zh);
    expect(stderrOf({ LANG: 'en_US.UTF-8', LC_ALL: 'zh_CN.GB18030' })).toMatch(zh);
    expect(stderrOf({ LANG: 'en_US.UTF-8', LC_MESSAGES: 'zh_CN.UTF-8' })).toMatch(zh);
    expect(stderrOf({ LANG: 'zh_CN.UTF-8', LC_MESSAGES: 'en_US.UTF-8' })).not.toMatch(zh);
    // LANGUAGE is a list read before the locale, except under the C locale (gettext's rule).
    expect(stderrOf({ LANG: 'en_US.UTF-8', LANGUAGE: 'zh_CN:en' })).toMatch(zh);
    expect(stderrOf({ LANG: 'zh_CN.UTF-8', LANGUAGE: 'fr:en' })).not.toMatch(zh);
    expect(stderrOf({ LANG: 'C', LANGUAGE: 'zh_CN' })).not.toMatch(zh);
    expect(stderrOf({ LANG: 'en_US.UTF-8', LANGUAGE: 'zh_CN' }, ['--lang', 'en'])).not.toMatch(zh);
    expect(stderrOf({ LANG: 'en_US.UTF-8' }, ['--lang', 'zh'])).toMatch(zh);
    const help = tuomin(['convert', '--help'], { LANG: 'zh_CN.UTF-8' });
    expect(help.stdout).toMatch(/^用法：tuomin convert/);
    expect(help.stdout).toContain('退出码');
  });

  const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
  it.skipIf(!hasScript)('progress goes to a terminal (a pty from script(1)), never to a pipe, nor to TERM=dumb', () => {
    const onTerminal = (env: NodeJS.ProcessEnv, out: string) => {
      const e = consumerEnv({ HOME: home, LANG: 'en_US.UTF-8', ...env });
      delete e.CI;
      return runOk('script', ['-qfec', `${BIN} convert air.csv ${out}`, '/dev/null'], { cwd: app, env: e });
    };
    const tty = onTerminal({ TERM: 'xterm' }, 'tty.arrow');
    expect(tty).toMatch(/\rconvert: 84 rows, [\d,]+ rows\/s/);
    expect(tty).toContain('\x1b[K');
    const dumb = onTerminal({ TERM: 'dumb' }, 'dumb.arrow');
    expect(dumb).toContain('84 rows');
    expect(dumb).not.toContain('\x1b[K');
    const piped = runIn(BIN, ['convert', 'air.csv', 'piped.arrow'], { cwd: app, env: (() => { const e = consumerEnv({ HOME: home }); delete e.CI; return e; })() });
    expect(piped.status).toBe(0);
    expect(piped.stderr).toBe('');
    expect(piped.stdout).toMatch(/84 rows/);
  });

  it('an ESM project imports every entry of the exports maps; deep imports are refused', () => {
    const entries: string[] = [];
    for (const p of PACKAGES) {
      const exportsMap = JSON.parse(readFileSync(join(app, 'node_modules/@tuomin', p, 'package.json'), 'utf8')).exports as Record<string, unknown>;
      for (const k of Object.keys(exportsMap)) if (k !== './package.json') entries.push(`@tuomin/${p}${k.slice(1)}`);
    }
    writeFileSync(join(app, 'imports.mjs'), `const out = {};
for (const e of ${JSON.stringify(entries)}) out[e] = Object.keys(await import(e)).length;
for (const deep of ['@tuomin/core/dist/bundle/index.js', '@tuomin/core/src/index.ts', '@tuomin/publish/dist/run/run.js']) {
  try { await import(deep); out[deep] = 'imported'; } catch (e) { out[deep] = e.code; }
}
console.log(JSON.stringify(out));
`);
    const out = JSON.parse(runOk(process.execPath, ['imports.mjs'], { cwd: app })) as Record<string, number | string>;
    for (const e of entries) expect(out[e], e).toBeGreaterThan(0);
    expect(Object.entries(out).filter(([k]) => !entries.includes(k)).map(([, v]) => v)).toEqual(Array(3).fill('ERR_PACKAGE_PATH_NOT_EXPORTED'));
    expect(entries).toContain('@tuomin/cli');
  });

  // node16 (what Node runs) and bundler (what Vite and esbuild users set); one tsc run each, so the
  // declarations of Arrow and Node are checked once: a file that must compile and a probe that must not.
  it.each([['node16', 'node16'], ['bundler', 'esnext']])('types resolve in a TypeScript project (moduleResolution %s), with skipLibCheck off', (resolution, module) => {
    const dir = join(app, `ts-${resolution}`);
    mkdirSync(dir);
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'es2022', module, moduleResolution: resolution, strict: true, noEmit: true, skipLibCheck: false, types: ['node'], exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true },
      files: ['main.ts', 'probe.ts'],
    }));
    writeFileSync(join(dir, 'main.ts'), TS_CONSUMER);
    // The checker does read the declarations: a name that is not exported is an error.
    writeFileSync(join(dir, 'probe.ts'), "import { notExported } from '@tuomin/core';\nvoid notExported;\n");
    const r = runIn(join(ROOT, 'node_modules/.bin/tsc'), ['-p', dir], { cwd: dir });
    const errors = (r.stdout + r.stderr).split('\n').filter((l) => /error TS/.test(l));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^probe\.ts\(1,10\): error TS2305: .*has no exported member 'notExported'/);
  });

  it('start-up: tuomin --help beside node -e 0 (printed, not asserted)', () => {
    const time = (cmd: string, args: string[]) => {
      const t = performance.now();
      spawnSync(cmd, args, { stdio: 'ignore', cwd: app, env: consumerEnv({ HOME: home }) });
      return performance.now() - t;
    };
    const runs: Record<string, number[]> = { 'node -e 0': [], 'tuomin --help': [], 'tuomin run --help': [] };
    for (let i = 0; i < 5; i++) {
      runs['node -e 0']!.push(time(process.execPath, ['-e', '0']));
      runs['tuomin --help']!.push(time(BIN, ['--help']));
      runs['tuomin run --help']!.push(time(BIN, ['run', '--help']));
    }
    const median = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1]!;
    const base = median(runs['node -e 0']!);
    console.log(`ship-audit: start-up (median of 5): ${Object.entries(runs).map(([k, v]) => `${k} ${median(v).toFixed(0)} ms (${(median(v) / base).toFixed(2)}×)`).join(', ')}`);
    expect(Object.values(runs).every((v) => v.length === 5)).toBe(true);
  });
});

/** 7 stations × 12 months of PM2.5 (seeded); with a contact mobile per station when asked. */
function airCsv(withMobile = false): string {
  const stations = ['滨城区监测站', '沾化区监测站', '惠民县监测站', '阳信县监测站', '无棣县监测站', '博兴县监测站', '邹平市监测站'];
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const rows = [`监测站点,月份,PM2.5月均值,${withMobile ? '联系人手机,' : ''}空气质量等级`];
  stations.forEach((s, i) => {
    for (let m = 1; m <= 12; m++) {
      const v = 20 + next() * 60;
      rows.push([s, `2025-${String(m).padStart(2, '0')}`, v.toFixed(1), ...(withMobile ? [`1380543${String(1000 + i * 12 + m)}`] : []), v < 35 ? '优' : v < 60 ? '良' : '轻度污染'].join(','));
    }
  });
  return `${rows.join('\n')}\n`;
}

const AIR_SPEC = `dataset:
  id: binzhou-air-quality
  title: 滨州市空气质量月报
  description: 滨州市各空气质量监测站点的 PM2.5 月均值和空气质量等级。
  publisher: { name: 滨州市生态环境局, uscc: 11371600MB28503171 }
  contact: { phone: 0543-3160000, email: open@binzhou.gov.cn }
  domain: 生态环境
  industry: N7711 环境监测
  keywords: [空气质量, PM2.5]
  updateFrequency: monthly
  spatialCoverage: "371600"
openAttribute: unconditional
source:
  path: air.csv
  system: 滨州市空气质量监测系统
  acquiredAt: 2026-11-20
columns:
  监测站点: { name: station, description: 监测站点名称 }
  月份: { name: month, description: 监测月份 }
  PM2.5月均值: { name: pm25, description: PM2.5 月均浓度（微克/立方米）, type: number }
  空气质量等级: { name: aqi_level, description: 空气质量等级, constraints: { enum: [优, 良, 轻度污染] } }
output:
  folder: out
  formats: [csv, parquet]
`;

const TS_CONSUMER = `import { Readable } from 'node:stream';
import { mask, pipeline, pseudonymize, TuominError, type DetectorType } from '@tuomin/core';
import { TuominError as SameError } from '@tuomin/core/errors';
import { ruleSchemas } from '@tuomin/core/light';
import { openSource, rowsSource, writeParquet, type CsvReadOptions } from '@tuomin/io';
import { writeTextAtomic } from '@tuomin/io/atomic';
import { loadSpec, publishRun, type LoadedSpec } from '@tuomin/publish';
import { buildOpenList } from '@tuomin/publish/light';
import { EXIT, main, VERSION } from '@tuomin/cli';

export async function embed(): Promise<void> {
  const source = await rowsSource(Readable.from([{ 身份证号: '110101199003074514', 姓名: '张三' }]));
  const key = { id: 'demo', bytes: new Uint8Array(32) };
  const out = pipeline(source, mask({ columns: ['身份证号'], preset: 'cn.id' }), pseudonymize({ columns: ['姓名'], key, scope: { dataset: 'demo' }, length: 16 }));
  await writeParquet('out.parquet', out.schema, out);
  const csv: CsvReadOptions = { delimiter: ',', encoding: 'gb18030' };
  const spec: LoadedSpec = await loadSpec('spec.yaml');
  const result = await publishRun(spec, { env: {}, outputFolder: 'out' });
  const type: DetectorType = 'cn_id';
  const code: number = EXIT.SECURITY;
  const version: string = VERSION;
  void [SameError, TuominError, ruleSchemas, openSource, writeTextAtomic, buildOpenList, main, csv, result, type, code, version];
}
`;
