/**
 * What an attacker knows of a person, named by a column header: demographics, places and dates of
 * events. One list for the profile's drafts (which propose a hierarchy by `levels`) and for the
 * published-risk review (which counts such columns in the classes an attacker can form).
 */
export type QuasiAttribute =
  | 'origin' | 'birth-date' | 'age' | 'sex' | 'household-size' | 'ethnicity' | 'nationality' | 'occupation' | 'employer'
  | 'education' | 'school' | 'rank' | 'marital-status' | 'place' | 'vehicle' | 'pet' | 'travel' | 'event-date' | 'physical'
  | 'entitlement';

export interface QuasiHeader {
  attribute: QuasiAttribute;
  /** For people: "date of birth". */
  label: string;
  /** The built-in hierarchy that fits such values: dates, ages, small counts, division codes, measures (intervals by magnitude), or value then `*`. */
  levels: 'date' | 'age' | 'count' | 'region' | 'measure' | 'plain';
  /** A demographic of a person (not a place or an event): evidence that the records describe persons. */
  demographic: boolean;
}

const H = (attribute: QuasiAttribute, label: string, levels: QuasiHeader['levels'], demographic: boolean): QuasiHeader => ({ attribute, label, levels, demographic });

/**
 * First match wins: 出生地 is an origin before 出生 is a birth date. A place is also where a person
 * is supervised from (司法所, 派出所: the town they live in), travelled to (口岸, 目的地), stayed
 * (酒店, hotel) or where an event happened (违法地点, 发生场所). Legacy systems name columns by
 * pinyin or its initials (xb, csrq, dwmc, cbrq): those count whole, since two letters inside a word
 * say nothing.
 */
const QUASI_HEADERS: ReadonlyArray<readonly [RegExp, QuasiHeader]> = [
  // Physical attributes anyone can observe or look up (ARX and sdcMicro count them as key
  // variables): a dwelling's floor area, floor and age (the sale listing, the property register,
  // a visit), a person's height and weight (a team sheet, a check-up), a car's age, engine size
  // and mileage (the car itself, the dealer). To the hundredth of a square metre an area is one
  // value per dwelling: a rental register published it raw beside the district and the lease
  // dates and 1,985 of 2,000 leases stood alone. First, so 出生体重 is a weight, not a birth date,
  // and vehicle_age no person's age.
  [/面积|楼层|所在层|总层数|层数|房龄|楼龄|建成年[份代度]|竣工年[份代度]|建筑年代|建造年[份代度]|(floor|gross|living|land|plot|building|usable)[\s_-]?area|^area([\s_-]*[(]?(m2|sqm|sq[\s_.-]?m|sq[\s_.-]?ft)[)]?)?$|^floor([\s_-]?(no|number|level))?$|^stor(e)?y$|year[\s_-]?built|built[\s_-]?year|building[\s_-]?age|mianji|louceng|^(jz|sy|zd|tn)mj$/i, H('physical', 'size, floor or age of a property', 'measure', false)],
  // A bare English height or weight (weight, height (cm), wt, ht) is decided by the columns beside
  // it (bodyMeasure below); one qualified by a thing (parcel_weight, gross weight) is a thing's.
  [/身高|体重|腰围|胸围|臀围|头围|体质指数|鞋码|(^|[\s_-])(stature|bmi)([\s_-]*[(]?(cm|kg|m)[)]?)?$|(^|[\s_-])(?<!(parcel|package|item|goods|cargo|freight|shipment|product|box|gross|net|tare|curb|vehicle|load|luggage|baggage)[\s_-]*)(height|weight)([\s_-]*[(]?(cm|kg|m)[)]?)?$|body[\s_-]?(height|weight|mass)|shengao|tizhong/i, H('physical', 'body measurement (height, weight …)', 'measure', true)],
  [/车龄|排量|发动机功率|核定载客|整备质量|核定载质量|行驶里程|表显里程|里程数|(vehicle|car)[\s_-]?age|displacement|engine[\s_-]?(size|cc)|mileage|odometer|cheling|pailiang/i, H('physical', 'age, size or mileage of a vehicle', 'measure', false)],
  [/籍贯|户籍|户口|出生地|生源地|native|hometown|birthplace|jiguan|huji|^hjszd$|^syd$|shengyuandi/i, H('origin', 'origin', 'region', true)],
  [/出生|生日|birth|dob|^cs(rq|ny)$|chusheng/i, H('birth-date', 'date of birth', 'date', true)],
  // The age at death a funeral register or an obituary states (享年, 终年): a relative or a neighbour
  // knows it as an age. Read as no quasi-identifier, 享年 was published raw beside the sex and the
  // place of registration (test/unseen-domains-13).
  [/年龄|享年|终年|^age$|_age$|^age_|^(mq|fq|hz|br)?nl$|nianling/i, H('age', 'age', 'age', true)],
  [/性别|^sex$|gender|^xb$|xingbie/i, H('sex', 'sex', 'plain', true)],
  [/人口|人数|子女数|家庭成员|household/i, H('household-size', 'household size', 'count', true)],
  [/民族|种族|race|ethnic|^mz$|minzu/i, H('ethnicity', 'ethnicity', 'plain', true)],
  // The kind of ID a person showed (护照, 港澳通行证 beside 居民身份证) tells a foreigner or a
  // visitor from Hong Kong apart as the nationality does: a hotel published it raw beside a
  // generalized nationality, and 142 guests stood alone in their class.
  [/国籍|nationality|citizenship|证件类型|证件种类|证件名称|^id[\s_-]?(type|kind)$|document[\s_-]?type/i, H('nationality', 'nationality', 'plain', true)],
  // What a neighbour sees a sole trader or a small shop do (主体业态: 餐饮服务经营者, 食品销售经营者;
  // 经营类别, 行业类型; by pinyin initials ztyt, jylb, hylx): the business is the operator's living,
  // as an occupation is. A food-licence register published it raw beside the county and the issue
  // date and 110 个体户 stood below k = 5 (test/unseen-domains-8). No demographic: an enterprise
  // register with such a column is no evidence of persons (docs/privacy.md, "Business forms").
  // Before 'occupation' and 'vehicle' (经营类型 is no 车辆类型); a bare `category` or 类别 is left out.
  [/业态|经营类别|经营类型|经营种类|行业类型|行业类别|^(ztyt|jyyt|jylb|jylx|hylx|hylb)$|business[\s_-]?(type|form|category|kind)/i, H('occupation', 'business form of a sole trader or shop', 'plain', false)],
  // The kind of account a utility bills (用户类别: 居民生活 or 一般工商业; by pinyin initials yhlb) is what
  // a neighbour sees of the meter's holder, a household or a shop: an arrears list published it raw
  // beside the supply station, and 138 records stood below k = 5 (test/unseen-domains-10).
  [/用户类别|用户类型|用户性质|用电类别|用水类别|用气类别|^(yhlb|yhlx|yhxz|ydlb|yslb)$|(customer|account|tariff)[\s_-]?(type|category|class)/i, H('occupation', 'kind of a utility account (household or business)', 'plain', false)],
  // An institution a person attends or belongs to, as a neighbour, a classmate's parent or a team
  // mate knows it: the kindergarten and its class (幼儿园名称, 所在园所; yey, ymc, bj), the clinic a
  // child is registered with for vaccinations (接种单位, jzdw, clinic), the organisation a volunteer
  // serves in (所属组织, team), the station that serves a home (供电所, gds: the town it lives in, as
  // 派出所 below). Published raw beside the sex and the birth date they left 1,366 children, 214
  // vaccinations, 383 volunteers' records below k = 5 (test/unseen-domains-10). No demographic: a
  // list of kindergartens, clinics or stations as entities is no evidence of persons, so it
  // publishes as before (docs/privacy.md, "Institutions"). Before 'employer', 'school' and 'place'.
  // The kind of card, ticket or membership a person holds (老年卡, 学生卡, 爱心卡; 儿童票, 学生票):
  // an age group, a pupil, a disability, as a fellow passenger or the fare paid shows it. A bus-card
  // extract published it raw beside the boarding stop and time (test/unseen-domains-11). A demographic:
  // such a column says the records are persons'. Before 'school': ticket_class is no school class.
  [/卡类型|卡类别|卡种类|卡种|卡型|票种|票型|票类|车票类型|乘客类型|旅客类型|优惠类型|优待类型|会员类型|会员等级|会员级别|(card|ticket|fare|pass|passenger|rider|member(ship)?)[\s_-]?(type|kind|class|category|level|tier|grade)|^(klx|klb|kzl|cklx|pzlx|hydj|hyjb)$/i, H('entitlement', 'kind of card, ticket or membership a person holds (an age group, a pupil …)', 'plain', true)],
  // The department, ward or specialty a patient is treated in (精神科, 感染科, 产科) or a person works
  // in: a neighbour who saw them go, a colleague. A prescription extract published it raw beside the
  // hospital, sex and age and 1,174 of 1,500 records stood below k = 5 (test/unseen-domains-11). No
  // demographic: a list of a hospital's departments is no evidence of persons. Bare 部门 only (所属部门):
  // 执法部门, 发布部门 name an authority. A bare English dept, department or ward is decided by the
  // headers beside it (careDepartment below): a 12345 hotline's department is the agency that handled it.
  [/科室|就诊科|门诊科|住院科|病区|病房|诊室|专科名称|^(所在|所属|工作|就诊)?部门(名称)?$|^(ks|ksmc|jzks|mzks|zyks|bq|bqmc)$/i, H('place', 'department, ward or specialty a person is treated or works in', 'plain', false)],
  [/幼儿园|所在园所|就读园所|入托园所|园所名称|^园所$|托儿所|托育机构|kindergarten|nursery|preschool|^(yey|yeymc|ymc|yemc|ysmc|bj|bjmc)$/i, H('school', 'kindergarten or class a child attends', 'plain', false)],
  [/接种单位|接种门诊|接种点|接种机构|建档单位|签约机构|签约医生团队|(^|[\s_-])clinic(?!al)|vaccination[\s_-]?(site|unit|point)|^(jzdw|jzmz|jzd)$/i, H('place', 'clinic a person is registered with', 'plain', false)],
  [/所属组织|志愿组织|志愿服务队|所属团队|所属队伍|所在团队|所属协会|所属社团|所在组织|服务队|^(team|club|squad|organi[sz]ation|volunteer[\s_-]?(team|group|org))([\s_-]?name)?$|^(sszz|zyzz|sstd|zyfwd)$/i, H('employer', 'organisation a person belongs to', 'plain', false)],
  [/供电所|供电单位|供电中心|供电营业|供水所|营业所|服务站|^(gds|gddw|gdzx|yys)$|(power|supply|service)[\s_-]?station/i, H('place', 'station that serves a home', 'plain', false)],
  [/职业|工种|职务|岗位|occupation|job|profession|^zhiye$|^gw$|^gangwei$/i, H('occupation', 'occupation', 'plain', true)],
  [/用人单位|工作单位|就业单位|入职单位|^(jy|gz)dw$|就职|所在单位|单位名称|参保单位|缴费单位|缴存单位|雇主|employ|workplace|work[\s_-]?unit|^dwmc$|danwei/i, H('employer', 'employer', 'plain', true)],
  [/学历|文化程度|教育程度|education|^xl$|xueli|^whcd$/i, H('education', 'education', 'plain', true)],
  // A rank within a school or class (校内排名, 班级名次) is posted on notice boards and, beside the
  // school it ranks in, names one pupil: an exam extract published it raw and every pupil stood
  // alone in a class of 1, scores and all. Before 'school': 班级排名 is a rank.
  [/排名|名次|位次|排位|(^|_)rank(ing)?(_|$)/i, H('rank', 'rank within a group', 'plain', false)],
  // A student's college, major, year and class (学院, 专业, 2023级, 软件2302班; by pinyin in a student
  // affairs system: xueyuan, zhuanye, nianji, banji) are what classmates know: a scholarship list
  // published them raw beside the sex, and most recipients stood alone in their class.
  // The batch and track a student was admitted in (录取批次: 本科提前批, 艺术类本科批; 科类) are on the
  // school's notice of admissions as the university is: an admissions list that left the batch out
  // of its quasi-identifiers published it raw beside the school and university, k = 5 over the
  // rest, and 1,211 of 1,500 students stood alone. A bare `batch` is left out (a production batch).
  [/学校|院校|学院|院系|专业|年级|班级|录取批次|招生批次|录取类别|科类|school|college|university|admission[\s_-]?(batch|type|track)|(^|_)(grade|class|major)(_|$)|xueyuan|zhuanye|nianji|banji|^(grd|cls|grade[\s_-]?(nm|name|no))$/i, H('school', 'school', 'plain', true)],
  [/婚姻|marital|^hyzk$|hunyin/i, H('marital-status', 'marital status', 'plain', true)],
  // The venue a person booked (游泳馆, 羽毛球馆, 3号场地): a booking list published it raw beside the
  // booking date and 47 records stood below k = 5 (test/unseen-domains-12). No demographic: a list of
  // venues is no evidence of persons.
  [/场馆|体育馆|球馆|游泳馆|健身房|场地名称|^场地$|^venue([\s_-]?name)?$|^(cgmc|cdmc)$/i, H('place', 'venue a person booked', 'plain', false)],
  [/住址|地址|住所|居住|现住|区县|县区|行政区|地区|辖区|区划|乡镇|街道|村|社区|所在地|地点|场所|酒店|宾馆|旅馆|司法所|派出所|管辖|目的地|前往|口岸|出发地|到达地|参保地|医院|医疗机构|市场名称|所在市场|^market([\s_-]?name)?$|insured[\s_-]?area|hospital|hotel|address|district|county|town|village|邮编|邮政编码|zip|postcode|^addr$|^(jt|xz|hj)?dz$|^(cs|fs|wf|fa)dd$|^(jt|xz)?zz$|^(sz|ss)?xq$|dizhi|zhuzhi/i, H('place', 'place', 'region', false)],
  // (市场名称: the market a stall stands in is where its holder is found, as a shop's address is.)
  // What a neighbour sees of a person's car (the make, the colour, the kind of plate: a 使 plate is
  // an embassy's): a traffic extract published them raw beside the offence, and two in three
  // offenders stood alone in their class.
  [/车辆品牌|品牌型号|厂牌|车身颜色|车辆颜色|号牌种类|车辆类型|车型|vehicle[\s_-]?(make|brand|model|colou?r|type)|plate[\s_-]?(type|kind)|^(clpp|csys|hpzl|cllx|clxh)$/i, H('vehicle', 'vehicle', 'plain', false)],
  // What a neighbour sees of a person's dog (its breed, its colour, the name it is called by): a
  // dog register published them raw beside the owner's district and the registration date, and
  // 1,445 of 1,500 owners stood alone in their class. 犬只性别 stays a sex, 犬只出生日期 a birth date.
  [/犬种|犬只品种|宠物品种|犬名|犬只名称|宠物名|毛色|(dog|pet)[\s_-]?(breed|name|colou?r)|^breed$|coat[\s_-]?colou?r|^(quanzhong|maose)$/i, H('pet', 'pet (breed, colour, name)', 'plain', false)],
  // How a person travelled on a trip the release records (the flight, the train, the car): event
  // data a fellow traveller or a photo posted online gives away.
  [/交通工具|航班|车次|班次|乘坐|flight|vehicle|transport/i, H('travel', 'means of travel', 'plain', false)],
  // By pinyin initials a time ends in sj (时间) as a date in rq (日期) (and a county is xq 县区,
  // szxq 所在县区, in the places above: a taxi licence's): a parking system's rcsj and
  // ccsj (入场/出场时间) were read as no time, and the entry and exit times published raw put
  // 1,500 of 1,500 payments alone over the car park and the times (test/unseen-domains-8).
  [/日期|时间|date|time|_at$|_on$|riqi|shijian|^[a-z]{1,6}(rq|sj)$/i, H('event-date', 'date or time of an event', 'date', false)],
  // Where a person boarded or alighted (上车站点, boardStop; by pinyin initials sczd, xczd) and the
  // line they rode (线路, bus_route): a card rides from its home stop, most days at the same hour,
  // which a neighbour sees. A bus-card extract published the stop raw beside the card type and the
  // boarding time (test/unseen-domains-11). After 'event-date': 进站时间 is a time. A bare `route` or
  // `line` is left out (a drug's route), as is line_no (an invoice's line). No demographic: a timetable of stops and
  // routes is no evidence of persons (the draft imposes no k on it: publish profile/register-of-things.ts).
  [/站点|上车站|下车站|乘车站|上车点|下车点|进站|出站|起点站|终点站|站名|车站|地铁站|(board(ing)?|alight(ing)?|origin|destination|entry|exit|pick[\s_-]?up|drop[\s_-]?off|get[\s_-]?(on|off))[\s_-]?(stop|station)|^(bus[\s_-]?|metro[\s_-]?|subway[\s_-]?)?(stop|station)([\s_-]?(name|nm|id|no|code))?$|^(sczd|xczd|zdmc|czmc|sczdmc|xczdmc|jzzd|czzd)$/i, H('place', 'stop or station a person boards or alights at', 'plain', false)],
  [/线路|路线|公交线|地铁线|^(bus|metro|subway|tram)[\s_-]?(route|line)([\s_-]?(no|number|name|id|code))?$|^route[\s_-]?(no|number|name|id|code)$|^line[\s_-]?name$|^(xlmc|xlbh|gjxl)$/i, H('travel', 'route or line a person rides', 'plain', false)],
];

/** A bare English height or weight, with its unit if any: weight, Height (cm), weight_kg, wt, ht, weight (g). */
const BARE_BODY = /^(height|weight|wt|ht)(?:[\s_-]*[(]?(cm|kg|m|g)[)]?)?$/i;
/** Headers of a column that says the records are things sent, sold or carried (a courier's log, an order, a warehouse). */
const THING_SIBLING = /parcel|package|waybill|tracking|courier|express|shipment|consignment|cargo|freight|goods|sku|product|item|运单|快递|包裹|货物|商品|物品|寄件|收件|行李|托运/i;
/** A person's demographics beside a measure say whose it is. */
const PERSON_ATTRIBUTES: ReadonlySet<QuasiAttribute> = new Set(['sex', 'birth-date', 'age']);

/**
 * Whether a bare English height or weight is a body measure, from the headers of the columns
 * beside it (`siblings`: every column of the source, dropped ones too). A person's sex, birth date
 * or age beside it: a body measure (a health check's weight, wt, ht). Else a thing's column (a
 * waybill, a parcel, goods) or grams: a thing's size (a courier's parcel weight is no one's
 * attribute, docs/privacy.md). Else, weight and height fail closed as a body measure; wt and ht
 * (as often 合同, 问题 by pinyin initials) name nothing.
 */
function bodyMeasure(unitOrWord: RegExpExecArray, siblings: readonly string[]): boolean {
  const short = /^(wt|ht)$/i.test(unitOrWord[1]!);
  if (siblings.some((s) => { const q = QUASI_HEADERS.find(([re]) => re.test(s.normalize('NFKC')))?.[1]; return q !== undefined && PERSON_ATTRIBUTES.has(q.attribute); })) return true;
  if (siblings.some((s) => THING_SIBLING.test(s.normalize('NFKC'))) || unitOrWord[2]?.toLowerCase() === 'g') return false;
  return !short;
}

/** A bare English department, ward or specialty (dept, department_name, Ward, specialty). */
const BARE_DEPARTMENT = /^(dept|department|ward|specialty|speciality)([\s_-]?(name|code|no|id))?$/i;
/** Headers of a column that says the records are a patient's care (a hospital, a diagnosis, a prescription). */
const CARE_SIBLING = /hospital|clinic|patient|diagnos|doctor|physician|prescri|admission|inpatient|outpatient|医院|医疗机构|患者|病人|诊断|就诊|处方|住院|门诊|医生|医师/i;
const DEPARTMENT = QUASI_HEADERS.find(([re]) => re.test('科室'))![1];

const BODY = QUASI_HEADERS.find(([, q]) => q.demographic && q.attribute === 'physical')![1];

/**
 * The quasi-identifier a column header names, or null. Spaces inside a header (`性 别`, as old
 * forms align it) and full-width forms say nothing. `siblings`, the headers of the other columns
 * of the source, decide a bare English height or weight (bodyMeasure); without them weight and
 * height are a body measure and wt, ht nothing.
 */
export function quasiIdentifierHeader(header: string, siblings?: readonly string[]): QuasiHeader | null {
  // NFKC first: a full-width header (ＡＲＥＡ（ｍ２）, 建筑面积（㎡）) is the same header.
  const n = header.normalize('NFKC');
  const h = /\s/.test(n) && /\p{Script=Han}/u.test(n) ? n.replace(/\s+/g, '') : n;
  const bare = siblings === undefined ? null : BARE_BODY.exec(h.trim());
  if (bare) return bodyMeasure(bare, siblings!.filter((s) => s !== header)) ? BODY : null;
  // Beside a patient's care a bare department or ward is where the patient was treated; elsewhere it
  // names nothing a neighbour knows (a hotline's handling agency, a company's org chart).
  if (BARE_DEPARTMENT.test(h.trim())) return siblings?.some((s) => s !== header && CARE_SIBLING.test(s.normalize('NFKC'))) ? DEPARTMENT : null;
  for (const [re, q] of QUASI_HEADERS) if (re.test(h)) return q;
  return null;
}
