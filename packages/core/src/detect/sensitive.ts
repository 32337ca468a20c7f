import { luhnDigits } from './checksums.js';

/**
 * Sensitive personal information as PIPL Art. 28 and GB/T 35273-2020 (Annex B) list it, the
 * categories a column can be recognised in: medical health (diagnoses, ICD-10 codes), religious
 * belief, biometrics, financial accounts, whereabouts (trajectories, positions), and the personal
 * information of minors under 14.
 */
export const SENSITIVE_CATEGORIES = ['health', 'religion', 'biometric', 'financial', 'whereabouts', 'minor'] as const;
export type SensitiveCategory = (typeof SENSITIVE_CATEGORIES)[number];

export interface SensitiveFinding {
  category: SensitiveCategory;
  /** Share of non-empty sampled values that show the category (0 when only the header does). */
  share: number;
  /** What recognised it. */
  by: 'header' | 'values' | 'header+values';
  confidence: number;
}

export interface SensitiveOptions {
  /** Date ages are computed at, for birth-date columns (default: today). */
  asOf?: Date;
}

const HEADERS: Record<SensitiveCategory, RegExp> = {
  health: /诊断|疾病|病史|病情|病名|病种|症状|主诉|检查结果|检验|化验|体检|过敏|用药|处方|手术|残疾|传染病|健康|身体状况|体质|死因|死亡原因|ICD|cause[\s_-]?of[\s_-]?death|diagnos|disease|illness|health|medical|condition/i,
  religion: /宗教|信仰|教派|religio|faith/i,
  biometric: /指纹|人脸|面部特征|面容|虹膜|声纹|掌纹|步态|DNA|基因|生物识别|biometric|fingerprint|face_?id|iris/i,
  financial: /银行卡|银行账|开户|账号|帐号|账户|帐户|存款|余额|征信|信用记录|贷款|收入|工资|薪资|薪酬|bank|account|iban|income|salary|credit/i,
  whereabouts: /轨迹|行程|行踪|出行|去向|途经|定位|位置|经纬|经度|纬度|坐标|GPS|卡口|住宿|入住记录|whereabouts|trajector|location|latitude|longitude|geo/i,
  minor: /未成年|儿童|幼儿|婴儿|新生儿|监护对象/i,
};

/** Disease and health words; a value holding one is a health value (HIV感染, 精神分裂症, 2型糖尿病). */
const HEALTH_TERMS = /HIV|AIDS|艾滋|梅毒|淋病|乙肝|乙型|丙肝|丙型|肝炎|结核|精神|分裂|抑郁|双相|焦虑|强迫|自闭|孤独症|癫痫|痴呆|阿尔茨海默|帕金森|糖尿|高血压|冠心|冠状动脉|心脏|心衰|心力衰竭|心房|脑梗|脑出血|中风|卒中|哮喘|肺炎|慢阻肺|肿瘤|癌|白血病|淋巴瘤|肉瘤|妊娠|流产|不孕|不育|性病|残疾|智力|透析|肾衰|肝硬化|骨折|阑尾|胆囊|结石|甲状腺|疝|感染|综合征|障碍|衰竭|损伤/;
/** Suffixes that end a diagnosis (…症, …病, …炎). */
const HEALTH_SUFFIX = /(症|病|炎|癌|瘤|疹|疮|伤|折|疝|毒)$/;
/** ICD-10 codes: a letter (not U), two digits, optionally a dot and up to two more (B20, F20.0, E11.9). */
const ICD10 = /^[A-TV-Z]\d{2}(\.\d{1,2}[A-Z]?)?$/;
const RELIGION_TERMS = /佛教|道教|伊斯兰|基督|天主教|东正教|新教|穆斯林|喇嘛|藏传|宗教|信教|无信仰|犹太教|印度教/;
const BIOMETRIC_TERMS = /指纹|人脸|虹膜|声纹|掌纹|DNA|基因型/;
/** Coordinate pairs and arrows between places (济南西站→北京南站). */
const COORDS = /^\s*[-+]?\d{1,3}\.\d{3,}\s*[,，;\s]\s*[-+]?\d{1,3}\.\d{3,}\s*$/;
const ROUTE = /\S\s*(→|->|—>|=>|－>)\s*\S/;
const DATETIME_PLACE = /\d{4}[-/年]\d{1,2}[-/月]\d{1,2}日?[ T]?\d{1,2}[:时]\d{2}.*[\p{Script=Han}]{2,}/u;
const AGE = /^(\d{1,3})(\s*岁)?$/;
const AGE_HEADER = /年龄|岁数|^age$|_age|age_/i;
const BIRTH_HEADER = /出生|生日|birth|dob/i;
const ISO_DATE = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?/;

function bankNumber(v: string): boolean {
  const d = v.replace(/[\s-]/g, '');
  if (!/^\d{16,19}$/.test(d)) return false;
  // Card prefixes (UnionPay 62/60/65, Visa 4, Mastercard 5, old domestic 9) or a Luhn pass.
  return /^(6[025]|[459])/.test(d) || luhnDigits([...d].map(Number));
}

function health(v: string): boolean {
  return HEALTH_TERMS.test(v) || ICD10.test(v) || (v.length <= 12 && HEALTH_SUFFIX.test(v));
}

/**
 * The sensitive category of a column from its header and a sample of its values, or null.
 * Values decide when enough of them show a category (a diagnosis column: most values are
 * diagnoses; a minors column: at least one age under 14 is enough, since PIPL makes every piece
 * of a child's information sensitive); a header alone gives a lower confidence.
 */
export function sensitiveCategory(
  values: readonly (string | null | undefined)[],
  header = '',
  options: SensitiveOptions = {},
): SensitiveFinding | null {
  const h = header.trim();
  const list: string[] = [];
  for (const raw of values) {
    if (raw === null || raw === undefined) continue;
    const v = raw.trim();
    if (v !== '') list.push(v);
  }
  const n = list.length;
  const count = (test: (v: string) => boolean): number => {
    let c = 0;
    for (const v of list) if (test(v)) c++;
    return c;
  };
  // Health values are also counted over distinct values: a 身体状况 column is mostly 健康, but
  // its other values are diagnoses.
  const distinct = [...new Set(list)];
  let healthDistinct = 0;
  for (const v of distinct) if (health(v)) healthDistinct++;
  const shares: Record<SensitiveCategory, number> = {
    health: n ? Math.max(count(health) / n, healthDistinct >= 2 ? healthDistinct / distinct.length : 0) : 0,
    religion: n ? count((v) => RELIGION_TERMS.test(v)) / n : 0,
    biometric: n ? count((v) => BIOMETRIC_TERMS.test(v)) / n : 0,
    financial: n ? count(bankNumber) / n : 0,
    whereabouts: n ? count((v) => COORDS.test(v) || DATETIME_PLACE.test(v) || (ROUTE.test(v) && v.length <= 80)) / n : 0,
    minor: n ? minorShare(list, h, options.asOf ?? new Date()) : 0,
  };
  let best: SensitiveFinding | null = null;
  for (const category of SENSITIVE_CATEGORIES) {
    const byHeader = h !== '' && HEADERS[category].test(h);
    const share = shares[category];
    // Minors: any child makes the column sensitive; other categories need a majority of values
    // (a remark mentioning 骨折 once does not make a remarks column a health column).
    const byValues = category === 'minor' ? share > 0 : share >= 0.5;
    if (!byHeader && !byValues) continue;
    const confidence = byHeader && byValues ? 0.95 : byValues ? Math.min(0.9, 0.5 + share * 0.4) : 0.6;
    const by = byHeader && byValues ? 'header+values' : byValues ? 'values' : 'header';
    if (!best || confidence > best.confidence) best = { category, share, by, confidence };
  }
  return best;
}

/** Share of values that are ages under 14, or birth dates less than 14 years before `asOf`. */
function minorShare(list: readonly string[], header: string, asOf: Date): number {
  const ageHeader = AGE_HEADER.test(header);
  const birthHeader = BIRTH_HEADER.test(header);
  if (!ageHeader && !birthHeader) {
    // Without a header, only values written as ages (8岁) count.
    let c = 0;
    for (const v of list) { const m = AGE.exec(v); if (m && m[2] && Number(m[1]) < 14) c++; }
    return list.length ? c / list.length : 0;
  }
  const y = asOf.getUTCFullYear();
  const md = (asOf.getUTCMonth() + 1) * 100 + asOf.getUTCDate();
  let c = 0;
  for (const v of list) {
    if (ageHeader) {
      const m = AGE.exec(v);
      if (m && Number(m[1]) < 14) c++;
    } else {
      const m = ISO_DATE.exec(v);
      if (!m) continue;
      const age = y - Number(m[1]) - (md < Number(m[2]) * 100 + Number(m[3]) ? 1 : 0);
      if (age >= 0 && age < 14) c++;
    }
  }
  return list.length ? c / list.length : 0;
}
