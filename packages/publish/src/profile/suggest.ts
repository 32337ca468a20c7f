import type { ColumnProfile, DetectorType } from '@tuomin/core';

export type Sensitivity = 'L1' | 'L2' | 'L3' | 'L4';

/** What profiling proposes for one column; the publisher decides. */
export interface ColumnSuggestion {
  column: string;
  sensitivity: Sensitivity;
  /** A spec rule, e.g. { type: 'mask', preset: 'cn.id' }. */
  rule?: Record<string, unknown>;
  /** Detector types the column may keep (legal-person information such as a USCC). */
  allow?: DetectorType[];
  quasiIdentifier: boolean;
  /** One line for people: `证件号码: mask cn.id, 62.3 % valid IDs, 37.1 % USCC (allowed)`. */
  note: string;
}

interface TypePolicy { level: Sensitivity; rule: Record<string, unknown>; label: string }

/** Identifier columns: the rule that fits a column made of this type (mask presets of core). */
const COLUMN_RULES: Partial<Record<DetectorType, TypePolicy>> = {
  cn_id: { level: 'L4', rule: { type: 'mask', preset: 'cn.id' }, label: 'valid IDs' },
  cn_id15: { level: 'L4', rule: { type: 'mask', preset: 'cn.id' }, label: '15-digit IDs' },
  bank_card: { level: 'L4', rule: { type: 'mask', preset: 'cn.bankcard' }, label: 'bank cards' },
  cn_passport: { level: 'L4', rule: { type: 'drop' }, label: 'passport numbers' },
  hk_mo_tw_permit: { level: 'L4', rule: { type: 'drop' }, label: 'travel permits' },
  hk_id: { level: 'L4', rule: { type: 'drop' }, label: 'HK IDs' },
  tw_id: { level: 'L4', rule: { type: 'drop' }, label: 'Taiwan IDs' },
  cn_mobile: { level: 'L3', rule: { type: 'mask', preset: 'cn.mobile' }, label: 'mobile numbers' },
  cn_landline: { level: 'L3', rule: { type: 'mask', preset: 'cn.landline' }, label: 'landlines' },
  email: { level: 'L3', rule: { type: 'mask', preset: 'email' }, label: 'emails' },
  cn_plate: { level: 'L3', rule: { type: 'mask', preset: 'cn.plate' }, label: 'plates' },
  ipv4: { level: 'L3', rule: { type: 'mask', preset: 'ipv4' }, label: 'IPv4 addresses' },
  ipv6: { level: 'L3', rule: { type: 'drop' }, label: 'IPv6 addresses' },
  person_name: { level: 'L3', rule: { type: 'mask', preset: 'cn.name' }, label: 'person names' },
  address: { level: 'L3', rule: { type: 'mask', preset: 'cn.address' }, label: 'addresses' },
};

/** Column headers of demographic quasi-identifiers, and the generalization that usually fits. */
const QI_HEADERS: [RegExp, string, Record<string, unknown> | undefined][] = [
  [/出生|生日|birth|dob/i, 'date of birth', { type: 'generalize', method: 'date', unit: 'year' }],
  [/年龄|^age$|_age$|age_/i, 'age', { type: 'generalize', method: 'bins', bins: { width: 10 } }],
  [/性别|^sex$|gender/i, 'gender', undefined],
  [/民族|种族|race|ethnic/i, 'ethnicity', undefined],
  [/职业|occupation|job/i, 'occupation', undefined],
  [/学历|文化程度|教育|education/i, 'education', undefined],
  [/婚姻|marital/i, 'marital status', undefined],
  [/籍贯|户籍|native|hometown/i, 'origin', undefined],
  [/区县|县区|行政区|所在地区|辖区|district|county|邮编|邮政编码|zip|postcode/i, 'district', { type: 'generalize', method: 'division', level: 'city' }],
];

function pct(x: number): string {
  return `${(Math.round(x * 1000) / 10).toFixed(1)} %`;
}

/**
 * Suggest a sensitivity level and a rule per column from its profile:
 * a column made of identifiers (≥ 50 % of values are exactly one) gets that type's rule;
 * free text with identifiers inside gets `redact`; USCC is business information and allowed;
 * low-cardinality demographic columns are flagged as quasi-identifiers.
 */
export function suggestColumn(p: ColumnProfile): ColumnSuggestion {
  const nonNull = p.rows - p.nulls;
  if (nonNull === 0) return { column: p.name, sensitivity: 'L1', quasiIdentifier: false, note: `${p.name}: empty column` };
  const personal = p.detectors.filter((d) => d.type !== 'cn_uscc' && d.share >= 0.001);
  const uscc = p.detectors.find((d) => d.type === 'cn_uscc');
  const allow: DetectorType[] | undefined = uscc && uscc.share >= 0.01 ? ['cn_uscc'] : undefined;
  const usccNote = uscc && allow ? `, ${pct(uscc.share)} USCC (business information, allowed)` : '';
  // The type whose values fill whole cells most often decides the column rule.
  const whole = [...personal].sort((a, b) => b.whole - a.whole)[0];
  if (whole && whole.whole / nonNull >= 0.3 && COLUMN_RULES[whole.type]) {
    const pol = COLUMN_RULES[whole.type]!;
    const rule = pol.rule;
    const share = whole.whole / nonNull;
    const otherTypes = personal.filter((d) => d !== whole && d.share >= 0.05);
    const others = otherTypes.map((d) => `${pct(d.share)} ${d.type}`);
    const covered = share + otherTypes.reduce((a, d) => a + d.share, 0);
    const partial = !allow && covered < 0.9 ? `; only part of the values: consider \`when:\` to limit the rule` : '';
    return {
      column: p.name, sensitivity: pol.level, rule, ...(allow ? { allow } : {}), quasiIdentifier: false,
      note: `${p.name}: ${describeRule(rule)}, ${pct(share)} ${pol.label}${others.length ? ` (also ${others.join(', ')}: check the rule covers them)` : ''}${usccNote}${partial}`,
    };
  }
  if (personal.length > 0) {
    const list = personal.map((d) => `${d.type} ${pct(d.share)}`).join(', ');
    return {
      column: p.name, sensitivity: 'L3', rule: { type: 'redact' }, ...(allow ? { allow } : {}), quasiIdentifier: false,
      note: `${p.name}: redact (free text with identifiers inside: ${list})${usccNote}`,
    };
  }
  if (allow) {
    return { column: p.name, sensitivity: 'L1', allow, quasiIdentifier: false, note: `${p.name}: keep${usccNote}` };
  }
  const qi = QI_HEADERS.find(([re]) => re.test(p.name));
  const lowCardinality = p.distinct <= Math.max(50, 0.05 * nonNull);
  if (qi && (lowCardinality || p.inferredType === 'date')) {
    const [, label, rule] = qi;
    return {
      column: p.name, sensitivity: 'L2', ...(rule ? { rule } : {}), quasiIdentifier: true,
      note: `${p.name}: quasi-identifier (${label}, ~${p.distinct} distinct values)${rule ? `; ${describeRule(rule)}` : ''}; check k-anonymity`,
    };
  }
  return { column: p.name, sensitivity: 'L1', quasiIdentifier: false, note: `${p.name}: no personal data found` };
}

export function describeRule(rule: Record<string, unknown>): string {
  const { type, ...rest } = rule;
  const parts = Object.entries(rest).map(([k, v]) => (k === 'preset' ? String(v) : `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`));
  return [String(type), ...parts].join(' ');
}
