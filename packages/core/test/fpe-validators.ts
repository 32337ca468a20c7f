// Independent validators, written from cn-identifiers.md (not from the implementation).
export function validId(s: string): boolean {
  if (!/^[1-9]\d{5}(18|19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\d{3}[\dX]$/.test(s)) return false;
  const y = +s.slice(6, 10), m = +s.slice(10, 12), d = +s.slice(12, 14);
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return false;
  const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...s.slice(0, 17)].reduce((a, c, i) => a + +c * W[i]!, 0);
  return '10X98765432'[sum % 11] === s[17];
}
export function withCheck(first17: string): string {
  const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  return first17 + '10X98765432'[[...first17].reduce((a, c, i) => a + +c * W[i]!, 0) % 11];
}
const USCC = '0123456789ABCDEFGHJKLMNPQRTUWXY';
export function validUscc(s: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(s)) return false;
  const W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const r = 31 - ([...s.slice(0, 17)].reduce((a, c, i) => a + USCC.indexOf(c) * W[i]!, 0) % 31);
  return USCC[r === 31 ? 0 : r] === s[17];
}
export const validMobile = (s: string) => /^1[3-9]\d{9}$/.test(s);
const P = '[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼]';
export const validPlate = (s: string) =>
  new RegExp(`^${P}[A-HJ-NP-Z][A-HJ-NP-Z0-9]{4}[A-HJ-NP-Z0-9挂学警港澳]$`).test(s) ||
  new RegExp(`^${P}[A-HJ-NP-Z](([DF][A-HJ-NP-Z0-9][0-9]{4})|([0-9]{5}[DF]))$`).test(s);

