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
const AMOUNT_HEADER = /金额|费|价|额|工资|薪|收入|支出|成本|数量|人数|次数|天数|面积|重量|长度|amount|price|fee|cost|total|sum|income|salary|wage|count(?!y)|qty|quantity|area|weight/i;
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
