import { Type } from 'apache-arrow';

/**
 * Whether a published column is a measure (an amount, a count, a size): the one kind of column
 * the published-risk review lets be near-unique, since amounts with cents are nearly one per
 * record and single out no one an attacker can look up. Everything else that is near-unique
 * (codes of any shape, the tail of an engine number, exact times) blocks. The rule, in
 * docs/privacy.md ("Near-unique columns"), fails closed: a column is a measure only when
 *
 * 1. no header of it (output name, title, source name) names an identifier or a location
 *    (号, 码, 证, 卡, 账号, ID, code, 尾号, 后六位, 经纬度 …);
 * 2. at least 99 % of its sampled values are plain numbers (sign, thousands separators and a
 *    fraction allowed), or its type is numeric;
 * 3. no value has a leading zero (0381: a code) and
 * 4. either its values carry fractions (an amount with cents), or its header names an amount or
 *    a count (金额, 费用, 人数, amount), or its integers vary in width and are no dense run
 *    (1, 2, 3 … is a row number): identifiers are fixed-width (IDs, mobiles, engine tails) or
 *    sequential.
 * A raw ID or mobile stored as a number is fixed-width and fails 4; the residual scan finds it too.
 */

const IDENTIFIER_HEADER = /号|码|证|卡|账|帐|编|序|尾|后.{1,2}位|前.{1,2}位|经度|纬度|坐标|位置|定位|(^|[^a-z])id($|[^a-z])|^no\.?$|_no$|^no_|code|number|serial|qq|微信|wechat|(^|_)(lat|lon|lng)(_|$|itude)|location/i;
// paid, payment, refund, reimbursed: a medical-insurance settlement's fundPaid and selfPaid (yuan
// to the fen) were refused as near-unique codes beside totalCost (test/unseen-domains-12).
const AMOUNT_HEADER = /金额|费|价|额|工资|薪|收入|支出|成本|数量|人数|次数|天数|面积|重量|长度|amount|price|fee|cost|total|sum|income|salary|wage|count(?!y)|qty|quantity|area|weight|paid|payment|refund|reimburs/i;
const NUMBER = /^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/;
const NUMERIC_TYPES = new Set<Type>([Type.Int, Type.Float, Type.Decimal]);

/**
 * Whether a header names what a measure is: an amount of money, a count or a size (金额, 人数,
 * amount). A measure under such a header is judged as a key only when the header also names a
 * physical attribute (core's quasiIdentifierHeader); one under a header that names nothing
 * (数值, value, col_7) is judged by its values (published-linking.ts).
 */
export function namesAmount(headers: readonly string[]): boolean {
  return headers.some((h) => AMOUNT_HEADER.test(h));
}

/**
 * Headers that name a thing's own size (重量, 长度, 体积, weight): the number is a weight or a
 * length already, so a unit beside it says nothing new, and whose size it is was decided by the
 * header (core's quasiIdentifierHeader: 体重 a person's, 整备质量 a vehicle's, 面积 a dwelling's).
 * A parcel's or a consignment's weight is none of these: no attribute of a person anyone can
 * observe or look up (docs/privacy.md, "Physical attributes and measures that link"). It is no
 * amount of money either: near-unique, it is judged as a linking key by its values.
 */
const SIZE_HEADER = /重量|毛重|净重|长度|宽度|体积|容积|weight|length|width|volume/i;

/** Whether a header names a thing's size (重量, 长度, weight): see SIZE_HEADER. */
export function namesSize(headers: readonly string[]): boolean {
  return headers.some((h) => SIZE_HEADER.test(h.normalize('NFKC')));
}

export function isMeasure(headers: readonly string[], values: readonly string[], typeId: Type): boolean {
  if (headers.some((h) => IDENTIFIER_HEADER.test(h))) return false;
  if (values.length === 0) return NUMERIC_TYPES.has(typeId);
  let numbers = 0;
  let fractions = 0;
  let minWidth = Infinity;
  let maxWidth = 0;
  let min = Infinity;
  let max = -Infinity;
  const distinct = new Set<string>();
  for (const raw of values) {
    const v = raw.trim();
    if (!NUMBER.test(v)) continue;
    numbers++;
    const int = v.replace(/^[+-]/, '').split('.')[0]!.replaceAll(',', '');
    if (int.length > 1 && int[0] === '0') return false;
    if (v.includes('.') && !/\.0+$/.test(v)) fractions++;
    if (int.length < minWidth) minWidth = int.length;
    if (int.length > maxWidth) maxWidth = int.length;
    const x = Number(v.replaceAll(',', ''));
    if (x < min) min = x;
    if (x > max) max = x;
    distinct.add(v);
  }
  if (numbers < 0.99 * values.length && !NUMERIC_TYPES.has(typeId)) return false;
  if (numbers === 0) return false;
  if (fractions >= 0.1 * numbers) return true;
  if (headers.some((h) => AMOUNT_HEADER.test(h))) return true;
  // Integers: a dense run of distinct values (max - min close to their count) is a row number.
  const dense = max - min + 1 <= 2 * distinct.size;
  return maxWidth > minWidth && !dense;
}

/*
 * A physical unit (㎡, cm, kg …) says what a number is when its header does not: an area
 * exported under 金额, a height under 数值 with cm in the next column, a weight written 512.5公斤.
 * Read on NFKC text (㎡ and m² are m2 there, ＫＧ is KG), lower case. A unit after / or 每 is
 * a rate (元/㎡, 每平方米价格: a price), and a Latin unit inside a word is none (mmHg).
 */
const LATIN_UNIT = /(?<![a-z])(m2|sq\.?\s?m|sq\.?\s?ft|cm|mm|kg|km)(?![a-z0-9])/g;
const HAN_UNIT = /(平方米|平米|平方公里|厘米|毫米|公斤|千克|公里|千米)/g;
/** 米, 斤 and a bare m name a unit only standing alone: in brackets, after 单位, or as the whole text. */
const BARE_UNIT = /(?:^|[(（:：\s]|单位)(米|斤|m)(?=$|[)）\s,，;；])/g;
const UNIT_ONLY = /^(m2|sq\.?\s?m|sq\.?\s?ft|cm|mm|kg|km|m|平方米|平米|平方公里|厘米|毫米|公斤|千克|公里|千米|米|斤)$/;
const NUMBER_WITH_UNIT = /^[+-]?\d+(\.\d+)?\s*(m2|sq\.?\s?m|cm|mm|kg|km|m|平方米|平米|厘米|毫米|公斤|千克|公里|千米|米|斤)$/;
/** Money named in a description (元, not 单元 of a building; ¥, yuan, rmb, cny). */
const MONEY = /(?<!单)元|[¥￥]|yuan|rmb|cny/;
/** Headers of a column that holds the unit of the column beside it. */
const UNIT_COLUMN_HEADER = /单位|计量|(^|[^a-z])(unit|units|uom)($|[^a-z])/i;

const fold = (s: string): string => s.normalize('NFKC').toLowerCase();

/**
 * Whether the unit at `at` is no column's unit: a rate's denominator (/, 每, per before it: 元/㎡)
 * or a quantity the text mentions (a digit right before it: 5km 范围内的网点数).
 */
function notTheColumnsUnit(text: string, at: number): boolean {
  return /((\/|每|\bper)\s*|\d)$/.test(text.slice(0, at));
}

/**
 * The physical unit a text names (a description, a header), NFKC and lower case (`m2`, `cm`,
 * `公斤`), or null: none, or only as a rate's denominator.
 */
export function physicalUnitOf(text: string): string | null {
  const t = fold(text);
  for (const re of [HAN_UNIT, LATIN_UNIT, BARE_UNIT]) {
    re.lastIndex = 0;
    for (let m = re.exec(t); m !== null; m = re.exec(t)) {
      const unit = m[1]!;
      const at = m.index + m[0].length - unit.length;
      if (!notTheColumnsUnit(t, at)) return unit;
    }
  }
  return null;
}

/** Whether at least 90 % of the values (at least 20) are numbers written with a physical unit (512.5公斤, 89.3㎡). */
function unitInValues(values: readonly string[]): string | null {
  if (values.length < 20) return null;
  let n = 0;
  let unit = '';
  for (const v of values) {
    const m = NUMBER_WITH_UNIT.exec(fold(v).trim());
    if (m) { n++; unit = m[2]!; }
  }
  return n >= 0.9 * values.length ? unit : null;
}

/** A column beside a measure, as the review sees it: its headers, its description, its published values (none when dropped). */
export interface UnitNeighbour {
  headers: readonly string[];
  description?: string | undefined;
  values: readonly string[];
}

/** Where a physical unit was read: said to people in the reason. */
export interface PhysicalUnit {
  unit: string;
  where: 'description' | 'values' | 'unit column';
}

/**
 * The physical unit of a column whose header names no physical attribute (金额, 数值, value), or
 * null: in its description (登记数值（单位：㎡）), in its values (512.5公斤), or in the column
 * beside it when that one is a unit column (单位, unit) whose description or values are one
 * physical unit (cm). A unit column of mixed units (cm, kg, 次) gives nothing: most must agree.
 */
export function physicalUnit(description: string | undefined, values: readonly string[], neighbours: readonly UnitNeighbour[]): PhysicalUnit | null {
  // A description that names money says what the number is: a rent 按建筑面积（㎡）计 is a rent.
  const inDescription = description && !MONEY.test(fold(description)) ? physicalUnitOf(description) : null;
  if (inDescription) return { unit: inDescription, where: 'description' };
  const inValues = unitInValues(values);
  if (inValues) return { unit: inValues, where: 'values' };
  for (const n of neighbours) {
    if (!n.headers.some((h) => UNIT_COLUMN_HEADER.test(fold(h)))) continue;
    const named = physicalUnitOf([...n.headers, n.description ?? ''].join(' '));
    if (named) return { unit: named, where: 'unit column' };
    const units = n.values.map((v) => fold(v).trim()).filter((v) => v !== '');
    if (units.length < 20) continue;
    const counts = new Map<string, number>();
    for (const u of units) if (UNIT_ONLY.test(u)) counts.set(u, (counts.get(u) ?? 0) + 1);
    for (const [u, c] of counts) if (c >= 0.9 * units.length) return { unit: u, where: 'unit column' };
  }
  return null;
}
