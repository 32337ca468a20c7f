import { z } from 'zod';
import { privacyOptions } from '@tuomin/core/light';

/**
 * The dataset spec: one YAML or JSON file per dataset that says where the extract is, how each
 * column is desensitized, what privacy thresholds hold, and how the release is described and
 * written. Described once here; the JSON Schema for editors and docs/spec.md derive from it.
 * Objects are strict: a misspelt key is an error with a suggestion, never silently ignored.
 */

/** Art. 9 priority domains and the further categories the rules name. */
export const DOMAINS = [
  '市场监管', '卫生健康', '自然资源', '生态环境', '就业', '教育', '交通', '气象', '农业',
  '行政许可', '行政处罚', '企业公共信用信息', '其他',
] as const;

export const FREQUENCIES = ['realtime', 'daily', 'weekly', 'monthly', 'quarterly', 'semiannual', 'annual', 'irregular', 'never'] as const;

/** 更新频率 as a portal writes it, for the did-you-mean of a spec that wrote it in Chinese. */
export const FREQUENCY_ZH: ReadonlyMap<string, (typeof FREQUENCIES)[number]> = new Map([
  ['实时', 'realtime'], ['每日', 'daily'], ['每天', 'daily'], ['日更', 'daily'], ['每周', 'weekly'], ['每月', 'monthly'], ['月度', 'monthly'],
  ['每季度', 'quarterly'], ['季度', 'quarterly'], ['每半年', 'semiannual'], ['半年', 'semiannual'], ['每年', 'annual'], ['年度', 'annual'],
  ['不定期', 'irregular'], ['不更新', 'never'], ['一次性', 'never'],
] as const);

export const SENSITIVITY = ['L1', 'L2', 'L3', 'L4'] as const;

const dateString = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');

export const publisherSchema = z.strictObject({
  name: z.string().min(1).describe('来源部门: the agency that owns the data'),
  uscc: z.string().regex(/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/, 'expected an 18-character unified social credit code').describe('统一社会信用代码 of the publisher'),
  uri: z.string().optional(),
});

export const contactSchema = z.strictObject({
  phone: z.string().min(1).describe('部门电话'),
  email: z.string().email().describe('部门邮箱'),
});

export const datasetSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'expected a slug: lower-case letters, digits, dot, dash, underscore').describe('stable dataset id, also the package folder name'),
  // Catalog fields are optional here so that a draft spec loads; the normative review requires them.
  title: z.string().min(1).optional().describe('标题 (required for publication)'),
  description: z.string().min(1).optional().describe('描述 (required for publication)'),
  publisher: publisherSchema.optional().describe('来源部门 (required for publication)'),
  contact: contactSchema.optional().describe('部门电话, 部门邮箱 (required for publication)'),
  domain: z.enum(DOMAINS).optional().describe('重点领域 (Art. 9; required for publication)'),
  industry: z.string().optional().describe('所属行业 (GB/T 4754 code or name)'),
  keywords: z.array(z.string()).default([]).describe('标签'),
  updateFrequency: z.enum(FREQUENCIES).optional().describe('更新频率; drives `tuomin due` (required for publication)'),
  temporalCoverage: z.strictObject({ start: dateString, end: dateString }).optional(),
  spatialCoverage: z.string().optional().describe('GB/T 2260 division code, e.g. 371600'),
  license: z.string().optional(),
});

const conditionKinds = ['usage-scenario', 'feedback', 'security-commitment', 'credit', 'other'] as const;
export const conditionSchema = z.strictObject({
  kind: z.enum(conditionKinds),
  text: z.string().min(1).describe('the condition as shown to applicants'),
});

export const legalBasisSchema = z.strictObject({
  law: z.string().min(2).describe('name of the law or national rule'),
  article: z.string().min(1).describe('article, e.g. 第十三条'),
  url: z.string().optional(),
});

const nullTokens = z.array(z.string()).describe('cell values read as null, compared byte for byte');

export const sourceSchema = z.strictObject({
  // Several files are one source (a month or a district per file): read in order, with the
  // first file's dialect and header, and checked to agree (io multi-source.ts); named one by one
  // in the provenance. A list, not a comma-separated string: a file name may hold a comma.
  path: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).describe('the extract, relative to the spec file; format from its extension. Several files of one format and header (a month or a district each): a list, read in that order as one source; a `*` in the last path segment matches files in one folder, sorted by name (none is an error)'),
  system: z.string().optional().describe('the system the extract came from'),
  acquiredAt: dateString.describe('获取日期: the date the extract was taken (Art. 18 citation)'),
  csv: z
    .strictObject({
      delimiter: z.enum([',', ';', '\t', '|', 'auto']).optional(),
      encoding: z.enum(['utf-8', 'gb18030', 'gbk', 'auto']).optional(),
      header: z.boolean().optional(),
      nullTokens: nullTokens.optional(),
      onBadRow: z.enum(['error', 'skip']).optional(),
    })
    .optional(),
  xlsx: z
    .strictObject({
      sheet: z.union([z.string().min(1), z.number().int().positive()]).optional().describe('the sheet to read: its name as on its tab, or its position (1 is the first); default the first sheet. The other sheets are never read'),
      headerRow: z.number().int().positive().max(1048576).optional().describe('the row, as Excel numbers it, that holds the column names; default the first row with values after title rows'),
    })
    .optional()
    .describe('reading an .xlsx source (docs/formats.md, XLSX input)'),
  batchSize: z.number().int().positive().optional(),
});

/** Apply a rule only to rows where another text column has (or lacks) a value. */
export const whenSchema = z
  .strictObject({
    column: z.string().min(1),
    equals: z.string().optional(),
    in: z.array(z.string()).min(1).optional(),
    notEquals: z.string().optional(),
    notIn: z.array(z.string()).min(1).optional(),
  })
  .refine((w) => [w.equals, w.in, w.notEquals, w.notIn].filter((x) => x !== undefined).length === 1, 'give exactly one of equals, in, notEquals, notIn');

/**
 * A rule: `{ type: mask, preset: cn.id }`, optionally `when: { column: 当事人类型, equals: 自然人 }`.
 * Options are checked against the rule type's own schema.
 */
export const ruleSchema = z.looseObject({
  type: z.string().min(1),
  when: whenSchema.optional(),
  expectInvalid: z.number().min(0).max(1).optional().describe('share of the non-null values this rule may turn into nulls or masks (onInvalid) before the run fails; default 0.5'),
});

export const columnSchema = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected snake_case').optional().describe('英文信息项名; the output column name (default: the source name)'),
  title: z.string().optional().describe('中文信息项名 (default: the source column name)'),
  description: z.string().optional().describe('中文描述'),
  type: z.enum(['string', 'integer', 'number', 'boolean', 'date', 'datetime']).default('string').describe('数据类型 of the published column'),
  scale: z.number().int().min(0).max(18).optional().describe('for type: number, the digits after the decimal point (2 for money in 元): Parquet and Arrow publish an exact decimal(38, scale), XLSX a number shown with that many decimals, CSV and NDJSON that many digits; a value with more digits fails the run. Without it a number is a 64-bit float'),
  sensitivity: z.enum(SENSITIVITY).optional().describe('L1 public … L4 sensitive personal'),
  rule: z.union([ruleSchema, z.array(ruleSchema).min(1, 'an empty rule list desensitizes nothing: give at least one rule, or leave rule out')]).optional().describe('desensitization rule(s), applied in order'),
  allow: z.array(z.string()).optional().describe('detector types this column may publish (e.g. [cn_uscc] for a company code); a natural-person type (person_name, address, cn_mobile, …) on a column that no rule masks also needs public: { reason } (the law), or the spec is refused'),
  constraints: z
    .strictObject({
      required: z.boolean().optional(),
      unique: z.boolean().optional(),
      maxLength: z.number().int().positive().optional(),
      pattern: z.string().optional(),
      enum: z.array(z.string()).optional(),
    })
    .optional(),
  drop: z.boolean().optional().describe('leave this source column out of the release'),
  from: z.string().min(1).optional().describe('a derived column: starts as a copy of this source column (before its rules), then gets its own rules'),
  public: z
    .strictObject({ reason: z.string().min(8, 'name the law or rule that makes this column public, e.g. 行政处罚法 第四十八条 (penalty decisions are published)') })
    .optional()
    .describe('the values are public by law (e.g. the number of a published penalty decision): the security review does not count this column as attacker-known; a public column that singles out records makes the release a register of public records, whose risk figures are then warnings (docs/privacy.md); the reason is published in the review report'),
  measure: z
    .strictObject({ reason: z.string().min(8, 'say why no one can know or look up these values, e.g. 罚款金额由执法机关决定，当事人以外无从得知') })
    .optional()
    .describe('the values are a measure no attacker can know or look up (a fine, a price paid, a test result): an exact number that is near one value per record is then not judged as a linking key (privacy/linking-measure, docs/privacy.md); it does not apply to a physical attribute named by the header, the description or a physical unit (an area, a height, an engine size; ㎡, cm, kg in the description, the values or a unit column beside it), which anyone can observe; the reason is published in the review report'),
});

/**
 * A key that replaces the one the previous version was made with, on purpose (a rotation after a
 * leak, Art. 23). Pseudonyms made with it do not join with the previous version's: without this
 * a changed key refuses the run (a wrong key file is the usual cause). It names the first version
 * made with the key, so that a later, accidental change is refused again.
 */
export const keyRotationSchema = z.strictObject({
  version: z.string().regex(/^\d{1,9}\.\d{1,9}\.\d{1,9}$/, 'expected the first version made with this key, as MAJOR.MINOR.PATCH (tuomin release list shows the last one)').describe('the first version made with this key'),
  reason: z.string().min(8, 'say why the key was changed, e.g. 旧密钥泄露，按第二十三条轮换 (the old key leaked)').describe('why the key was changed; published in the release\'s README and datapackage.json'),
});

export const keyRefSchema = z
  .strictObject({
    env: z.string().optional(),
    file: z.string().optional(),
    rotated: keyRotationSchema.optional().describe('this key replaces the previous version\'s on purpose: pseudonyms made with it do not join with earlier versions (docs/publication.md, "Key rotation"); without it a changed key refuses the run'),
  })
  .refine((k) => !!k.env !== !!k.file, 'give exactly one of env (an environment variable name) or file (a key file path); never the key itself');

/** The privacy section is core's own schema (k, l, t, suppression, hierarchies, metric). */
export const privacySchema = privacyOptions;

export const outputSchema = z.strictObject({
  folder: z.string().min(1).describe('root of the release folders, relative to the spec; a version goes to <folder>/<dataset.id>/<version>'),
  formats: z.array(z.enum(['csv', 'parquet', 'ndjson', 'arrow', 'xlsx'])).min(1).default(['csv']).describe('data files to publish; xlsx is a parity copy for spreadsheet users, limited to 1,048,575 rows'),
  csvBom: z.boolean().optional().describe('write a UTF-8 BOM (for Excel users)'),
  csvEscapeFormulas: z.boolean().optional().describe("write a ' before text values starting with = + - @ tab or CR, so a spreadsheet shows them instead of running them (CSV injection); it changes those values, so default false (the xlsx copy is safe as is): see docs/formats.md"),
  parquetCompression: z.enum(['snappy', 'zstd', 'none']).optional(),
});

export const specSchema = z
  .strictObject({
    dataset: datasetSchema,
    openAttribute: z.enum(['unconditional', 'conditional', 'not-open']).describe('开放属性 (Art. 2)'),
    conditions: z.array(conditionSchema).optional().describe('required when conditional (Art. 7)'),
    legalBasis: z.array(legalBasisSchema).optional().describe('required when not-open (Art. 7)'),
    source: sourceSchema,
    columns: z.record(z.string(), columnSchema).describe('keyed by the source column name'),
    /** Source columns not listed under `columns`: an error (default), or left out of the release. */
    unlistedColumns: z.enum(['error', 'drop']).default('error'),
    keys: z.record(z.string(), keyRefSchema).optional().describe('named key references; rules name them with `key: <name>`'),
    privacy: privacySchema.optional(),
    output: outputSchema,
    recipient: z.string().optional().describe('for a conditional release made for one recipient (Art. 15): the key scope and the ledger entry'),
  })
  .describe('tuomin dataset spec');

export type Spec = z.infer<typeof specSchema>;
export type ColumnSpec = z.infer<typeof columnSchema>;
export type RuleSpec = z.infer<typeof ruleSchema>;
