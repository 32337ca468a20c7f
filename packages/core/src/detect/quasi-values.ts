import { statesAge } from './profile.js';
import type { QuasiAttribute } from './quasi-header.js';

/**
 * What an attacker knows of a person, told by a column's values whatever its header (类别, 备注1,
 * col_5): an age or an age band (80-89周岁高龄津贴, 60岁以上, 6-12月龄), a birth year (1956年生,
 * 80后), a sex, an ethnicity, an origin (籍贯: 山东滨州, 河南省周口市), a village, community or
 * town, a school year or class (2021级, 软件2302班, 高二). A header says what a column is meant to
 * hold; the values say what it gives away. An elderly subsidy roll kept its category raw beside the
 * village and the sex (百岁老人长寿补贴, 90-99周岁高龄津贴): 832 of 1,500 records stood below k,
 * and the review, reading headers, let it through.
 */
export interface QuasiByValues {
  attribute: QuasiAttribute;
  /** For people: "an age or an age band". */
  label: string;
  /** A demographic of a person: evidence that the records describe persons. */
  demographic: boolean;
  /** Share of the sampled non-empty cells that state it (0..1). */
  share: number;
}

/**
 * A column is attacker-known by its values when at least this share of its non-empty sampled
 * cells state one attribute (docs/privacy.md, "Attacker-known by values"). Low on purpose: the
 * records whose cell states an age are as exposed in a column where they are a fifth as in one
 * where they are all; a column counted as known is refused only if it leaves records below k.
 * The profile's draft (publish/src/profile/suggest.ts) reads the same test from the profile (ColumnKinds.stated).
 */
export const QUASI_VALUE_SHARE = 0.2;

// 56 ethnic groups of the PRC, each written with 族 (汉族, 维吾尔族); 穿青人 and 其他 are no group.
const ETHNIC = /^(?:汉|蒙古|回|藏|维吾尔|苗|彝|壮|布依|朝鲜|满|侗|瑶|白|土家|哈尼|哈萨克|傣|黎|傈僳|佤|畲|高山|拉祜|水|东乡|纳西|景颇|柯尔克孜|土|达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|塔吉克|怒|乌孜别克|俄罗斯|鄂温克|德昂|保安|裕固|京|塔塔尔|独龙|鄂伦春|赫哲|门巴|珞巴|基诺)族$|^少数民族$/;
const SEX = /^(?:男|女|男性|女性|male|female)$/i;
const SEX_LETTER = /^[MFU]$/i;
// 1956年生, 1956年3月出生, 1950年代生, 80后 (a generation is a birth decade).
const BIRTH = /^(?:19|20)\d{2}\s*年(?:\s*\d{1,2}\s*月)?\s*(?:出生|生人?)$|^(?:19|20)\d{2}\s*年代(?:出生|生人?)?$|^(?:[0-9]0|00)\s*后$/;
// A province, autonomous region or municipality at a value's start, then at most two divisions
// (籍贯 is written so): 山东, 山东滨州, 河南省周口市, 山东省滨州市惠民县, 广西壮族自治区南宁市. A
// division ends in its suffix (市, 州, 县, 区, 旗 …) or, bare as forms shorten it (山东滨州, 四川
// 成都), is two or three characters that name no institution or street. Before, any one or two
// runs of up to six characters passed: an issuing authority (山东省滨州市公安局, 山东省公安厅), a
// business location to the street (…惠民县人民路), an event's place (…历下区泉城广场) and a
// university or a group (山东大学, 山东黄金集团) read as an origin, in up to every cell
// (docs/detection.md, "Origin by values").
const PROVINCE = '(?:北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海|台湾|内蒙古|广西|西藏|宁夏|新疆|香港|澳门)(?:省|市|自治区|壮族自治区|回族自治区|维吾尔自治区|特别行政区)?';
// A zone is no division of anyone's origin (苏州工业园区, 高新区, 景区).
const DIVISION = '(?!\\p{Script=Han}{0,6}(?:园区|开发区|工业区|高新区|景区|保税区|示范区|实验区))\\p{Script=Han}{1,7}?(?:自治州|自治县|地区|市|州|盟|县|区|旗)';
/** Characters that end an institution's, a street's or a place's name, never a bare city's (滨州, 周口). */
const NOT_A_CITY = '医院|公司|集团|银行|中心|广场|公园|市场|车站|[局厅委办府所院站队会部处厂店馆场路街巷道村镇乡号楼学校园台社港湾]';
// A bare name holds no division's suffix (滨州, 哈尔滨; 州 is a bare city's own: 德州, 郑州), so
// 北京市朝阳区三里屯 is not read as 北京 + 市朝阳区 + 三里屯.
const BARE = `(?!\\p{Script=Han}*(?:${NOT_A_CITY}))(?:(?![省市区县旗盟])\\p{Script=Han}){2,4}`;
// A bare name follows the province only (山东滨州, 山东滨州惠民县), never a suffixed division: after
// 北京市朝阳区 or 四川省成都市 a bare name is a landmark (三里屯, 武侯祠), no one's origin.
const ORIGIN = new RegExp(`^${PROVINCE}(?:${BARE}(?:${BARE}|${DIVISION})?|(?:${DIVISION}){1,2})?$`, 'u');
// A village, community or town by its suffix: 东关村, 幸福社区, 张家村三组, 城关镇, 黄河街道.
const VILLAGE = /^\p{Script=Han}{2,12}(?:村|社区|村委会|居委会|村民委员会|居民委员会|嘎查|屯|镇|乡|街道|街道办事处)(?:[0-9一二三四五六七八九十]{1,3}(?:组|队))?$/u;
// A school year or class: 2021级, 21级软件, 2021级计算机1班 (a bare 10级 is as often a grade of disability or wind), 软件2302班, 三年级二班, 高二, 初三(2)班, 大一.
const CLASS = /^(?:19|20)\d{2}\s*级|^\d{2}级\p{Script=Han}|^\p{Script=Han}{0,12}[0-9一二三四五六七八九十]{1,4}\s*班$|^[一二三四五六]年级|^(?:高|初)[一二三](?:$|[（(]?\d{1,2}[）)]?班)|^(?:大|研)[一二三四]$/u;
// An admission batch (录取批次): 本科提前批, 本科一批, 专科批, 普通类一段, 艺术类二段, 提前批A段. Classmates
// and neighbours know which batch a student was admitted in, as they know the school and the year.
const BATCH = /^(?:本科|专科|高职|普通类?|艺术类?|体育类?|特殊类型|提前)\p{Script=Han}{0,6}?(?:[一二三]?批(?:次)?|[一二三]段)(?:[A-Za-z]段?)?$|^提前批[A-Za-z]?段?$/u;

// The business form of a sole trader or a small shop, in the closed vocabulary a licence or a
// register writes it in (食品经营许可 主体业态 and its subtypes, 个体工商户): what a neighbour sees
// of the operator's living. A bracketed note may follow (食品销售经营者（网络经营）). Enterprise
// forms (有限责任公司, 股份有限公司) and industries (便利店零售, 正餐服务) are not in it.
const BUSINESS_FORM = /^(?:个体工商户|个体户|个体经营户?|食品销售经营者|餐饮服务经营者|(?:集中用餐)?单位食堂|(?:学校|机关|企业|工地|幼儿园|托幼机构|养老机构)食堂|食品(?:摊贩|小作坊)|流动摊贩|摊贩|小作坊|小(?:餐饮|餐馆|吃店|食杂店|超市)|(?:小型|中型|大型|特大型)餐馆|食杂店|便利店|饮品店|糕点店|快餐店|中央厨房|集体用餐配送单位|网络(?:食品销售|餐饮服务)(?:经营者)?|农家乐)(?:[（(][^）)]{1,12}[）)])?$/u;
/**
 * Business forms are counted only when they are most of a column (half its cells): a register
 * of market entities where 个体工商户 is one kind among companies (a quarter of an enterprise
 * credit list) describes companies, which no class of persons hides (docs/privacy.md, "Business forms").
 */
const BUSINESS_FORM_SHARE = 0.5;

// An institution a person attends or belongs to, by the suffix of its name: a kindergarten or a
// school (滨州市实验幼儿园, 第三中学), a clinic of registration (…社区卫生服务中心, …预防接种门诊, …卫生院),
// an organisation (…志愿服务队, …协会, …救援队), a station that serves a home (…供电所, …供电中心).
// A marriage registry (…婚姻登记处) serves one county: where the couple lives. By values only: a
// 登记机关 header is as often an enterprise register's authority (市场监督管理局), no person's.
// A bracketed campus may follow (实验幼儿园（东园）). Universities, hospitals and bureaus are left
// out: they are as often a buyer's or an inspected entity's name, and 医院 is a place by header.
const SCHOOL_NAME = /^[\p{Script=Han}0-9]{2,24}?(?:幼儿园|托儿所|小学|中学|学校)(?:[（(][^）)]{1,12}[）)])?$/u;
const MEMBER_OF = /^[\p{Script=Han}0-9]{2,24}?(?:卫生院|卫生室|社区卫生服务(?:中心|站)|接种(?:门诊|点|室|单位)|志愿服务(?:队|总队|大队|中队)|志愿者?协会|协会|救援队|供电所|供电中心|供电营业厅|供水所|婚姻登记(?:处|中心))(?:[（(][^）)]{1,12}[）)])?$/u;
/**
 * Institutions are counted only when they are most of a column (half its cells), as business forms
 * are: a few schools among companies in a buyer's column name the buyers, no person's school.
 */
const INSTITUTION_SHARE = 0.5;

const KINDS: ReadonlyArray<readonly [QuasiAttribute, string, boolean, (v: string) => boolean]> = [
  // Called, not referenced: profile.ts (statesAge) imports this module.
  ['age', 'an age or an age band', true, (v) => statesAge(v)],
  ['birth-date', 'a birth year or generation', true, (v) => BIRTH.test(v)],
  ['sex', 'a sex', true, (v) => SEX.test(v)],
  ['ethnicity', 'an ethnicity', true, (v) => ETHNIC.test(v)],
  ['school', 'a school year or class', true, (v) => CLASS.test(v)],
  ['school', 'an admission batch', true, (v) => BATCH.test(v)],
  ['origin', 'an origin (province or city)', true, (v) => ORIGIN.test(v)],
  ['place', 'a village, community or town', false, (v) => VILLAGE.test(v)],
];

/**
 * The attribute an attacker knows that the values state, or null. `values` are a sample's
 * non-empty cells as text; full-width forms and spaces inside a value say nothing.
 */
export function quasiByValues(values: readonly string[]): QuasiByValues | null {
  if (values.length === 0) return null;
  const texts = values.map((v) => v.normalize('NFKC').trim().replace(/\s+/g, ''));
  let best: QuasiByValues | null = null;
  for (const [attribute, label, demographic, test] of KINDS) {
    let n = 0;
    for (const v of texts) if (test(v)) n++;
    const share = n / texts.length;
    if (share >= QUASI_VALUE_SHARE && (best === null || share > best.share)) best = { attribute, label, demographic, share };
  }
  let forms = 0;
  for (const v of texts) if (BUSINESS_FORM.test(v)) forms++;
  const formed = forms / texts.length;
  if (formed >= BUSINESS_FORM_SHARE && (best === null || formed > best.share)) {
    best = { attribute: 'occupation', label: 'a business form of a sole trader or shop', demographic: false, share: formed };
  }
  let schools = 0;
  let members = 0;
  for (const v of texts) if (SCHOOL_NAME.test(v)) schools++; else if (MEMBER_OF.test(v)) members++;
  const institutions = (schools + members) / texts.length;
  if (institutions >= INSTITUTION_SHARE && (best === null || institutions > best.share)) {
    // Not a demographic: a list of kindergartens or clinics as entities describes no person (docs/privacy.md, "Institutions").
    best = schools >= members
      ? { attribute: 'school', label: 'a kindergarten or school a person attends', demographic: false, share: institutions }
      : { attribute: 'employer', label: 'an institution a person belongs to (clinic, organisation, station)', demographic: false, share: institutions };
  }
  // M and F alone are a sex only when they are nearly all of the column (S, M, L are sizes).
  let letters = 0;
  for (const v of texts) if (SEX_LETTER.test(v)) letters++;
  const lettered = letters / texts.length;
  if (lettered >= 0.9 && texts.some((v) => /^m$/i.test(v)) && texts.some((v) => /^f$/i.test(v)) && (best === null || lettered > best.share)) {
    best = { attribute: 'sex', label: 'a sex', demographic: true, share: lettered };
  }
  return best;
}
