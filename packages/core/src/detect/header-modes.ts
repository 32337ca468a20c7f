import type { Field } from 'apache-arrow';
import { ValueScanner } from './scanner.js';
import { NAME_HEADER } from './tables.js';
import { COORD_NONE, COORD_PAIR, COORD_SINGLE, COORD_XY } from './geo.js';
import { IM_NONE, IM_QQ, IM_WECHAT } from './im.js';
import type { DetectOptionsInput } from './options.js';

/**
 * What a column's header says its cells are, for the detectors that need it: names (whole cells
 * read as names), coordinates (numbers read as positions without a label in the cell), QQ or
 * WeChat accounts (a bare number or ID read as one). One place for the residual scan, the profile
 * and detectValue, so the three read a column alike.
 */
export interface HeaderModes {
  name: boolean;
  coord: number;
  im: number;
  /** An engine number (发动机号, engine_no): a whole cell is read as one, as after the label in a text. */
  engine: boolean;
  /** An ID number (身份证号, 证件号码, sfzh): a wrong check digit does not make a cell no ID (X written as 0). */
  id: boolean;
}

/** Spaces that align a form's header (姓  名, 经 度) say nothing. */
function compact(header: string): string {
  return /\p{Script=Han}\s+\p{Script=Han}/u.test(header) ? header.replace(/\s+/g, '') : header;
}

/**
 * The name of an animal (dog_name, pet_name, 犬名), not a person's: dogs are called 乐乐 and 欢欢 as
 * children are, and a dog register whose 犬名 was renamed dog_name had 473 of its 1,500 cells read
 * as persons' names and was refused. The header says whose name it is.
 */
const ANIMAL_NAME = /(?:dog|pet|cat|animal|puppy)[\s_-]?name|犬名|犬只名|宠物名|猫名/i;

/**
 * A thing's name (drug_name, productName, school_name, yaopin_name, 药品名字): the word just before
 * `name` says whose name it is. A prescriptions extract's drug_name (13 drugs) was read as persons'
 * names and dropped, the one column the extract is about. Only that word decides: patient_name,
 * shop_owner_name, company_contact_name, user_name and a bare name stay a person's (fail closed:
 * a word not listed here is a person's). Not vendor, seller, supplier, account or host: a street
 * vendor, a seller, an account holder are often persons. A thing's name that is a person's name
 * (a shop named 张伟) is still found by its values (name-column.ts), which no header turns off.
 */
const THING_WORDS = new Set([
  'drug', 'medicine', 'medication', 'med', 'vaccine', 'generic', 'trade', 'brand', 'product', 'goods', 'item', 'sku', 'device',
  'equipment', 'material', 'model', 'category', 'type', 'kind', 'class', 'disease', 'diagnosis', 'test', 'exam', 'course',
  'subject', 'program', 'programme', 'project', 'plan', 'event', 'file', 'document', 'table', 'column', 'field', 'dataset',
  'company', 'corp', 'corporation', 'firm', 'enterprise', 'business', 'bank', 'branch', 'org', 'organization', 'organisation',
  'agency', 'bureau', 'office', 'dept', 'department', 'division', 'unit', 'team', 'school', 'college', 'university', 'campus',
  'hospital', 'clinic', 'pharmacy', 'shop', 'store', 'mall', 'market', 'hotel', 'restaurant', 'venue', 'site', 'facility',
  'station', 'stop', 'route', 'line', 'road', 'street', 'building', 'park', 'village', 'town', 'city', 'county', 'district',
  'province', 'region', 'community', 'species', 'breed', 'crop', 'food', 'dish',
  // Pinyin: 药品 药物 商品 产品 物品 货物 公司 企业 单位 机构 医院 学校 课程 科室 部门 站点 车站 项目 店铺 门店 商店 街道 社区 乡镇 村.
  'yaopin', 'yaowu', 'shangpin', 'chanpin', 'wupin', 'huowu', 'gongsi', 'qiye', 'danwei', 'jigou', 'yiyuan', 'xuexiao', 'kecheng',
  'keshi', 'bumen', 'zhandian', 'chezhan', 'xiangmu', 'dianpu', 'mendian', 'shangdian', 'jiedao', 'shequ', 'xiangzhen', 'cun',
]);
const HAN_THING_NAME = /(?:药品|药物|商品|产品|物品|公司|企业|单位|机构|医院|学校|课程|科室|部门|站点|项目|店铺|门店|商店)名字/;

function thingName(h: string): boolean {
  if (HAN_THING_NAME.test(h)) return true;
  // drugName → drug_Name; then words of letters and digits, lower case.
  const words = h.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === 'name') return i > 0 && THING_WORDS.has(words[i - 1]!);
    // drugname, productname: the qualifier written together with name.
    if (w.endsWith('name') && w.length > 4) return THING_WORDS.has(w.slice(0, -4));
  }
  return false;
}

const personNameHeader = (h: string): boolean => NAME_HEADER.test(h) && !ANIMAL_NAME.test(h) && !thingName(h);

/** True when a column header suggests the cells are person names. */
export function isNameHeader(name: string): boolean {
  return personNameHeader(compact(name));
}

const PAIR_FIRST = /经纬/;
const SINGLE = /经度|纬度|latitude|longitude|(^|[^a-z])(lat|lng|lon)([^a-z]|$)|^(jd|wd)$/i;
const PAIR = /坐标|gps|定位|位置|location|coord|geo/i;
const XY = /^(x|y)$|^(x|y)[_ -]?coord/i;
const QQ = /qq|扣扣/i;
const WECHAT = /微信|wechat|weixin|wxid|^(vx|wx)([_ -]?(号|id|no))?$/i;
// Not 发动机型号: a model is shared by every car of the make.
const ENGINE = /发动机(?:编)?号|engine[_ -]?(?:no|num|number|serial|sn)$/i;
// The words that label an ID inside a cell (tables.ts ID_CONTEXT), and their usual column names.
const ID_HEADER = /身份证|证件号|身份号码|公民身份|^sfzh?$|^sfz[_ -]?(?:hm|no)$|id[_ -]?card|^id[_ -]?(?:no|number)$/i;

export function headerModes(header: string): HeaderModes {
  const h = compact(header);
  const coord = PAIR_FIRST.test(h) ? COORD_PAIR : SINGLE.test(h) ? COORD_SINGLE : PAIR.test(h) ? COORD_PAIR : XY.test(h) ? COORD_XY : COORD_NONE;
  const im = WECHAT.test(h) ? IM_WECHAT : QQ.test(h) ? IM_QQ : IM_NONE;
  return { name: personNameHeader(h), coord, im, engine: ENGINE.test(h), id: ID_HEADER.test(h) };
}

/** Scanners by header mode, made once per mode (most columns share the plain one). */
export class HeaderScanners {
  private readonly byMode = new Map<number, ValueScanner>();
  constructor(private readonly options: DetectOptionsInput = {}) {}

  forHeader(header: string): ValueScanner {
    return this.forModes(headerModes(header));
  }

  /**
   * A field's scanner by its name and by the title its metadata carries (a run writes the spec's
   * title there, the source header by default): a column renamed to a name that tells nothing
   * (经度 → col_7) is still read as coordinates.
   */
  forField(field: Field): ValueScanner {
    const m = headerModes(field.name);
    for (const key of ['title', 'derivedFrom']) {
      const other = field.metadata?.get(key);
      if (other === undefined || other === field.name) continue;
      const o = headerModes(other);
      m.name ||= o.name;
      if (m.coord === COORD_NONE || (o.coord !== COORD_NONE && o.coord < m.coord)) m.coord = o.coord;
      if (m.im === IM_NONE) m.im = o.im;
      m.engine ||= o.engine;
      m.id ||= o.id;
    }
    return this.forModes(m);
  }

  private forModes(m: HeaderModes): ValueScanner {
    const key = (m.name ? 1 : 0) | (m.coord << 1) | (m.im << 3) | (m.engine ? 1 << 6 : 0) | (m.id ? 1 << 7 : 0);
    let s = this.byMode.get(key);
    if (!s) {
      s = new ValueScanner(this.options);
      s.nameColumn = m.name;
      s.state.coordMode = m.coord;
      s.state.imMode = m.im;
      s.state.engineMode = m.engine;
      s.state.idMode = m.id;
      this.byMode.set(key, s);
    }
    return s;
  }

  /** The scanner of a column with no telling header. */
  get plain(): ValueScanner {
    return this.forHeader('');
  }
}
