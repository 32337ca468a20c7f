import type { Spec } from '../spec/schema.js';
import type { SourceDigest } from './source-digest.js';
import type { KeyRotationRecord } from '../release/ledger.js';

/** One data file of the package, after it was written and hashed. */
export interface ResourceFile {
  name: string;
  /** Path relative to the package root, e.g. data/penalties.csv. */
  path: string;
  format: 'csv' | 'parquet' | 'ndjson' | 'arrow' | 'xlsx';
  bytes: number;
  sha256: string;
  rows: number;
}

export interface PublishedField {
  name: string;
  title: string;
  description?: string;
  type: string;
  sensitivity?: string;
  rule?: string;
  constraints?: Record<string, unknown>;
  /**
   * Field-level missing values, where they differ from the schema's [""]: [] for a text column
   * that holds empty strings and no nulls, so that a Frictionless reader keeps its "" as text.
   */
  missingValues?: string[];
  /**
   * The detector types the spec lets this column publish (`allow:`), and the law that makes it public
   * (`public:`), so a scan of the package (tuomin scan <package>) can tell these values from leftovers.
   */
  allow?: string[];
  publicReason?: string;
}

/**
 * How the CSV copy keeps a null apart from an empty string, said in each CSV resource: Frictionless
 * has no dialect property for it (its missingValues compare the text after unquoting).
 */
export const CSV_NULLS =
  'a null is an empty unquoted field, an empty string is a quoted "" (missingValues [""] means the unquoted one; PostgreSQL COPY ... CSV reads them so, DuckDB with read_csv(..., allow_quoted_nulls = false)); the Parquet, Arrow and NDJSON copies hold nulls and empty strings apart';

/** The one internal model every serialisation derives from (publication-model.md (a)). */
export interface ReleaseModel {
  spec: Spec;
  version: string;
  issued: string;
  modified: string;
  status: 'published';
  previousVersion?: string;
  replaces?: string;
  specDigest: string;
  toolVersion: string;
  /** Every source file the run read, with its size and SHA-256 (package/source-digest.ts). */
  sources: SourceDigest[];
  rows: number;
  fields: PublishedField[];
  resources: ResourceFile[];
  citation: string;
  nextUpdateDue?: string;
  /** Keys changed on purpose since previousVersion: those columns do not join with earlier versions. */
  keyRotations?: KeyRotationRecord[];
}

export const MEDIA_TYPES: Record<ResourceFile['format'], string> = {
  csv: 'text/csv',
  parquet: 'application/vnd.apache.parquet',
  ndjson: 'application/x-ndjson',
  arrow: 'application/vnd.apache.arrow.file',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export const FILE_EXT: Record<ResourceFile['format'], string> = { csv: 'csv', parquet: 'parquet', ndjson: 'ndjson', arrow: 'arrow', xlsx: 'xlsx' };

const EU_FREQ: Record<string, string> = {
  realtime: 'UPDATE_CONT', daily: 'DAILY', weekly: 'WEEKLY', monthly: 'MONTHLY', quarterly: 'QUARTERLY',
  semiannual: 'ANNUAL_2', annual: 'ANNUAL', irregular: 'IRREG', never: 'NEVER',
};
const ZH_FREQ: Record<string, string> = {
  realtime: '实时', daily: '每日', weekly: '每周', monthly: '每月', quarterly: '每季度', semiannual: '每半年', annual: '每年', irregular: '不定期', never: '不更新',
};
const ZH_OPEN: Record<string, string> = { unconditional: '无条件开放', conditional: '有条件开放', 'not-open': '不予开放' };
const ZH_TYPE: Record<string, string> = { string: '字符型C', integer: '数值型N', number: '数值型N', boolean: '字符型C', date: '日期型D', datetime: '日期时间型T' };

/** Art. 18: users must state source and acquisition date. */
/**
 * What names the source in the metadata: the system it came from when the spec gives one, else
 * every file as `source.path` lists it, in order (a run replaces a `*` pattern by the files it
 * matched, run/reader-options.ts withMatchedFiles, so these are the files read).
 */
export function sourceNames(source: Spec['source']): string[] {
  return source.system ? [source.system] : typeof source.path === 'string' ? [source.path] : [...source.path];
}

/** One value as itself (the shape of a one-file source, unchanged), several as a list. */
function oneOrMany<T>(items: T[]): T | T[] {
  return items.length === 1 ? items[0]! : items;
}

export function citationText(spec: Spec, version: string): string {
  const pub = spec.dataset.publisher?.name ?? '(publisher)';
  return `数据来源：${pub}《${spec.dataset.title ?? spec.dataset.id}》（版本 ${version}），获取日期：${spec.source.acquiredAt}。`;
}

/** Frictionless Data Package v2 descriptor, with gov: extensions. */
export function dataPackage(m: ReleaseModel): Record<string, unknown> {
  const s = m.spec, d = s.dataset;
  const tableSchema = {
    $schema: 'https://datapackage.org/profiles/2.0/tableschema.json',
    fields: m.fields.map((f) => ({
      name: f.name,
      title: f.title,
      ...(f.description ? { description: f.description } : {}),
      type: f.type,
      ...(f.constraints && Object.keys(f.constraints).length ? { constraints: f.constraints } : {}),
      ...(f.missingValues ? { missingValues: f.missingValues } : {}),
      ...(f.sensitivity ? { 'gov:sensitivity': f.sensitivity } : {}),
      ...(f.rule ? { 'gov:desensitization': f.rule } : {}),
      ...(f.allow ? { 'gov:allow': f.allow } : {}),
      ...(f.publicReason ? { 'gov:publicReason': f.publicReason } : {}),
    })),
    missingValues: [''],
  };
  return {
    $schema: 'https://datapackage.org/profiles/2.0/datapackage.json',
    id: `urn:tuomin:${d.id}:${m.version}`,
    name: d.id,
    title: d.title,
    description: d.description,
    version: m.version,
    created: m.issued,
    keywords: d.keywords ?? [],
    languages: ['zh'],
    ...(d.license ? { licenses: [{ name: d.license }] } : {}),
    contributors: [
      ...(d.publisher ? [{ title: d.publisher.name, roles: ['publisher'], 'gov:uscc': d.publisher.uscc }] : []),
      ...(d.contact ? [{ title: d.publisher?.name ?? 'contact', email: d.contact.email, roles: ['contact'], 'gov:phone': d.contact.phone }] : []),
    ],
    sources: sourceNames(s.source).map((title) => ({ title, 'gov:extractedAt': s.source.acquiredAt })),
    resources: m.resources.map((r) => ({
      name: `${d.id}-${r.format}`,
      type: 'table',
      path: r.path,
      format: r.format,
      mediatype: MEDIA_TYPES[r.format],
      ...(r.format === 'csv' || r.format === 'ndjson' ? { encoding: 'utf-8' } : {}),
      bytes: r.bytes,
      hash: `sha256:${r.sha256}`,
      ...(r.format === 'csv' ? { dialect: { $schema: 'https://datapackage.org/profiles/2.0/tabledialect.json', delimiter: ',', doubleQuote: true, quoteChar: '"', header: true }, 'gov:nulls': CSV_NULLS } : {}),
      schema: tableSchema,
      'gov:rowCount': r.rows,
    })),
    'gov:domain': d.domain,
    ...(d.industry ? { 'gov:industry': d.industry } : {}),
    'gov:openAttribute': s.openAttribute,
    ...(s.conditions ? { 'gov:conditions': s.conditions } : {}),
    'gov:updateFrequency': d.updateFrequency,
    'gov:modified': m.modified,
    ...(m.nextUpdateDue ? { 'gov:nextUpdateDue': m.nextUpdateDue } : {}),
    'gov:recordCount': m.rows,
    'gov:status': m.status,
    ...(m.previousVersion ? { 'gov:previousVersion': m.previousVersion } : {}),
    ...(m.replaces ? { 'gov:replaces': m.replaces } : {}),
    ...(d.temporalCoverage ? { 'gov:temporalCoverage': d.temporalCoverage } : {}),
    ...(d.spatialCoverage ? { 'gov:spatialCoverage': d.spatialCoverage } : {}),
    'gov:citation': m.citation,
    // The files the release was made from, as the resources are described (bytes, hash), so that
    // `sha256sum` of the extract kept by the publisher can be compared with it.
    'gov:provenance': {
      specDigest: `sha256:${m.specDigest}`, tool: `tuomin ${m.toolVersion}`, sourceFiles: publishedSourceFiles(m),
      // A user joining versions must know which columns stop joining here (key ids, never keys).
      ...(m.keyRotations?.length ? { keyRotations: m.keyRotations.map((k) => ({ transform: k.transform, columns: k.columns, previousVersion: m.previousVersion, previousKeyId: k.from, keyId: k.to, reason: k.reason })) } : {}),
    },
  };
}

/**
 * The source files as the package describes them: the path as the spec lists it, or, when the spec
 * names the source by its system (`source.system`, which the metadata shows instead of paths:
 * sourceNames), the file's name alone, so the agency's folder layout stays out of the package; and
 * the size. Not the SHA-256: a digest of the raw extract, published, lets anyone confirm a guess of
 * every withheld byte offline (a small extract whose only hidden part is a masked birth date is
 * guessed row by row). The ledger, which stays with the publisher, keeps path and digest, and
 * `release verify --source` checks a file against it.
 */
export function publishedSourceFiles(m: Pick<ReleaseModel, 'spec' | 'sources'>): Array<{ path: string; bytes: number }> {
  const named = (p: string): string => (m.spec.source.system ? (p.split(/[\\/]/).pop() ?? p) : p);
  return m.sources.map((s) => ({ path: named(s.path), bytes: s.bytes }));
}

/** DCAT-AP 3 JSON-LD: a Catalogue with one Dataset and one Distribution per file. */
export function catalogJsonLd(m: ReleaseModel): Record<string, unknown> {
  const s = m.spec, d = s.dataset;
  const base = `urn:tuomin:${d.id}:${m.version}`;
  const accessRights = s.openAttribute === 'unconditional' ? 'PUBLIC' : s.openAttribute === 'conditional' ? 'RESTRICTED' : 'NON_PUBLIC';
  const publisher = { '@id': `urn:uscc:${d.publisher?.uscc ?? 'unknown'}`, '@type': 'foaf:Agent', 'foaf:name': d.publisher?.name ?? '' };
  return {
    '@context': {
      dcat: 'http://www.w3.org/ns/dcat#', dct: 'http://purl.org/dc/terms/', foaf: 'http://xmlns.com/foaf/0.1/',
      adms: 'http://www.w3.org/ns/adms#', spdx: 'http://spdx.org/rdf/terms#', vcard: 'http://www.w3.org/2006/vcard/ns#',
      xsd: 'http://www.w3.org/2001/XMLSchema#', prov: 'http://www.w3.org/ns/prov#',
    },
    '@id': `${base}#catalog`,
    '@type': 'dcat:Catalog',
    'dct:title': { '@value': `${d.publisher?.name ?? ''} 开放数据目录`, '@language': 'zh' },
    'dct:description': { '@value': `${d.title ?? d.id} 的发布目录记录`, '@language': 'zh' },
    'dct:publisher': publisher,
    'dcat:dataset': {
      '@id': base,
      '@type': 'dcat:Dataset',
      'dct:identifier': base,
      'dct:title': { '@value': d.title ?? '', '@language': 'zh' },
      'dct:description': { '@value': d.description ?? '', '@language': 'zh' },
      'dct:publisher': publisher,
      'dcat:contactPoint': d.contact ? { '@type': 'vcard:Organization', 'vcard:fn': d.publisher?.name ?? '', 'vcard:hasEmail': `mailto:${d.contact.email}`, 'vcard:hasTelephone': d.contact.phone } : undefined,
      'dcat:theme': d.domain,
      'dcat:keyword': (d.keywords ?? []).map((k) => ({ '@value': k, '@language': 'zh' })),
      'dct:accessRights': { '@id': `http://publications.europa.eu/resource/authority/access-right/${accessRights}` },
      'dct:accrualPeriodicity': { '@id': `http://publications.europa.eu/resource/authority/frequency/${EU_FREQ[d.updateFrequency ?? 'irregular']}` },
      'dct:issued': { '@value': m.issued, '@type': 'xsd:dateTime' },
      'dct:modified': { '@value': m.modified, '@type': 'xsd:dateTime' },
      'dcat:version': m.version,
      'adms:status': { '@id': 'http://purl.org/adms/status/Completed' },
      ...(m.previousVersion ? { 'dcat:previousVersion': { '@id': `urn:tuomin:${d.id}:${m.previousVersion}` } } : {}),
      ...(m.replaces ? { 'dct:replaces': { '@id': `urn:tuomin:${d.id}:${m.replaces}` } } : {}),
      ...(d.spatialCoverage ? { 'dct:spatial': d.spatialCoverage } : {}),
      ...(d.temporalCoverage ? { 'dct:temporal': { '@type': 'dct:PeriodOfTime', 'dcat:startDate': d.temporalCoverage.start, 'dcat:endDate': d.temporalCoverage.end } } : {}),
      'prov:wasDerivedFrom': oneOrMany(sourceNames(s.source).map((title) => ({ 'dct:title': title, 'prov:generatedAtTime': s.source.acquiredAt }))),
      'dct:bibliographicCitation': m.citation,
      'dcat:distribution': m.resources.map((r) => ({
        '@id': `${base}/${r.path}`,
        '@type': 'dcat:Distribution',
        'dct:title': `${d.title ?? d.id} (${r.format})`,
        'dcat:accessURL': { '@id': r.path },
        'dcat:downloadURL': { '@id': r.path },
        'dcat:mediaType': { '@id': `https://www.iana.org/assignments/media-types/${MEDIA_TYPES[r.format]}` },
        'dct:format': r.format.toUpperCase(),
        'dcat:byteSize': { '@value': String(r.bytes), '@type': 'xsd:nonNegativeInteger' },
        'spdx:checksum': { '@type': 'spdx:Checksum', 'spdx:algorithm': { '@id': 'http://spdx.org/rdf/terms#checksumAlgorithm_sha256' }, 'spdx:checksumValue': r.sha256 },
        'dct:rights': s.openAttribute === 'conditional' ? '有条件开放：使用须符合开放条件并签署协议' : '无条件开放',
      })),
    },
  };
}

/** The flat record in the portal's Chinese labels (Shandong/Binzhou template). */
export function platformRecord(m: ReleaseModel): Record<string, unknown> {
  const s = m.spec, d = s.dataset;
  return {
    标题: d.title,
    来源部门: d.publisher?.name,
    重点领域: d.domain,
    开放类型: ZH_OPEN[s.openAttribute],
    ...(s.conditions ? { 开放条件: s.conditions.map((c) => c.text).join('；') } : {}),
    数据量: m.rows,
    所属行业: d.industry ?? '',
    更新频率: ZH_FREQ[d.updateFrequency ?? 'irregular'],
    部门电话: d.contact?.phone,
    部门邮箱: d.contact?.email,
    标签: (d.keywords ?? []).join(','),
    描述: d.description,
    版本号: m.version,
    发布时间: m.issued,
    数据获取日期: s.source.acquiredAt,
    引用格式: m.citation,
    资源格式: m.resources.map((r) => r.format).join(','),
    信息项: m.fields.map((f) => ({
      英文信息项名: f.name,
      中文信息项名: f.title,
      数据类型: ZH_TYPE[f.type] ?? '字符型C',
      中文描述: f.description ?? '',
    })),
  };
}

/** Next due date from the declared frequency (Art. 12 update reminders). */
export function nextDue(modified: Date, frequency: string | undefined): string | undefined {
  const d = new Date(modified);
  switch (frequency) {
    case 'daily': d.setUTCDate(d.getUTCDate() + 1); break;
    case 'weekly': d.setUTCDate(d.getUTCDate() + 7); break;
    case 'monthly': d.setUTCMonth(d.getUTCMonth() + 1); break;
    case 'quarterly': d.setUTCMonth(d.getUTCMonth() + 3); break;
    case 'semiannual': d.setUTCMonth(d.getUTCMonth() + 6); break;
    case 'annual': d.setUTCFullYear(d.getUTCFullYear() + 1); break;
    case 'realtime': d.setUTCHours(d.getUTCHours() + 1); break;
    default: return undefined;
  }
  return d.toISOString().slice(0, 10);
}
