import { AMBIGUOUS_SURNAMES, COMPOUND_SURNAMES, GIVEN_COMMON, NAME_NOT_LAST, SURNAMES, SURNAME_WORDS } from './tables.js';

/*
 * A label (a column header, a column title) that names a person: 张三的电话, 欧阳娜娜身份证号,
 * 王秀英住址, or a person's full name alone (张建国, one column per pupil in a wide table). The
 * byte scanner reads a name in text only after a context word (联系人王伟), and a header has none,
 * so such a header was published as the column's title in datapackage.json and the README.
 *
 * Readable grammar (the whole label, spaces trimmed):
 *   label := name ['的'] attribute ['号码' | '号']  |  name3
 *   name  := compound-surname given{1,2} | surname given{1,2}
 *   name3 := a name of three or four characters
 * A surname here is one of SURNAMES that is not also a common word start (AMBIGUOUS_SURNAMES:
 * 公司, 门诊, 车主, 申请人), and every given character is a common given-name character
 * (GIVEN_COMMON), so roles and places (单位电话, 司机电话, 房东电话, 班主任电话, 王老师电话) are no names.
 * Two-character names alone (a header 白天) are not read: too many ordinary words look like them.
 */
const ATTRIBUTES = [
  '电话', '手机', '手机号', '联系电话', '联系方式', '身份证', '身份证号', '证件号', '住址', '地址', '家庭住址', '现住址', '户籍地址',
  '住所', '邮箱', '电子邮箱', '微信', '微信号', 'QQ', 'qq', '银行卡', '银行卡号', '账号', '车牌', '车牌号', '工资', '收入', '病历',
  '病情', '诊断', '成绩', '年龄', '生日', '出生日期', '户籍', '照片', '签名', '家属',
];
const SUFFIX = /(?:号码|号)$/;
const ATTRIBUTE = new RegExp(`(?:的)?(?:${ATTRIBUTES.join('|')})$`);

const surname = new Set([...SURNAMES].filter((c) => !AMBIGUOUS_SURNAMES.includes(c)));
const given = new Set([...GIVEN_COMMON]);

/** `chars` (2-4 Han characters) is a person's name by the rules above. */
function isName(chars: readonly string[]): boolean {
  if (chars.length < 2 || chars.length > 4) return false;
  const two = chars.slice(0, 2).join('');
  if (SURNAME_WORDS.includes(two)) return false;
  const rest = COMPOUND_SURNAMES.includes(two) ? chars.slice(2) : surname.has(chars[0]!) ? chars.slice(1) : null;
  if (rest === null || rest.length < 1 || rest.length > 2) return false;
  if (NAME_NOT_LAST.includes(rest[rest.length - 1]!)) return false;
  return rest.every((c) => given.has(c));
}

/**
 * A header that is a two-character name alone (张伟, 李娜): a common surname (not one of
 * AMBIGUOUS_SURNAMES) and a common given character (GIVEN_COMMON), not an ordinary word
 * (SURNAME_WORDS), not ending as places and roles do (NAME_NOT_LAST). Headers only, not running
 * text or keywords: a column is named by what it holds, and a name there (one column per person in
 * a wide table) is published as the column's title; words such as 黄金 or 江河 pass this test,
 * which the measured header corpus holds none of (docs/security.md).
 */
export function bareNameHeader(header: string): boolean {
  const chars = [...header.trim()];
  if (chars.length !== 2) return false;
  const [first, second] = chars as [string, string];
  if (!surname.has(first) || !given.has(second)) return false;
  const word = first + second;
  return !SURNAME_WORDS.includes(word) && !HEADER_WORDS.includes(word) && !NAME_NOT_LAST.includes(second);
}

// Two-character headers that pass the name test but are words: weekdays of a schedule, cities and
// countries of a wide statistics table, and words found by trying 171 surname-led words (the
// measure is in docs/security.md). A city missing here is refused with a fix: give a title:.
const HEADER_WORDS = [
  '周一', '周二', '周三', '周四', '周五', '周六', '周日', '周天',
  '沈阳', '唐山', '邵阳', '岳阳', '吕梁', '邹平', '韩国', '华夏', '魏晋', '秦朝',
  '许可', '王国', '王子', '黎明', '祝福', '夏天', '雷电', '雷雨', '白雪', '白云', '江山', '江河', '黄金', '白银', '金银',
  '龙虎', '杨柳', '柳树', '叶子', '孙子', '孔子', '孟子', '史书', '殷实', '陆军', '梁柱', '葛根',
];

/** Whether a label (a header, a title) names a person: see the grammar above. */
export function personNamedLabel(label: string): boolean {
  const text = label.trim();
  if (text.length < 3 || text.length > 16) return false;
  const whole = [...text];
  if (whole.length >= 3 && isName(whole)) return true;
  for (const stem of [text, text.replace(SUFFIX, '')]) {
    const m = ATTRIBUTE.exec(stem);
    if (m && m.index > 0 && isName([...stem.slice(0, m.index)])) return true;
  }
  return false;
}
