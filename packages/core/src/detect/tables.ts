/** Lookup tables for the detectors, built once at module load. */

/** Province codes of reference/cn-identifiers.md §1 (index = first two digits of an ID). */
export const PROVINCE = new Uint8Array(100);
for (const p of [11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83, 91]) PROVINCE[p] = 1;

export const DEFAULT_MOBILE_SEGMENTS = [
  '13', '145', '146', '147', '149', '150', '151', '152', '153', '155', '156', '157', '158', '159',
  '162', '165', '166', '167', '170', '171', '172', '173', '174', '175', '176', '177', '178', '18',
  '190', '191', '192', '193', '195', '196', '197', '198', '199',
];

/** Index = the two digits after the leading 1 ("139" → 39); 1 = a mobile segment. */
export function mobileSegmentTable(segments: readonly string[] = DEFAULT_MOBILE_SEGMENTS): Uint8Array {
  const t = new Uint8Array(100);
  for (const s of segments) {
    if (s.length === 2) for (let d = 0; d < 10; d++) t[Number(s[1]) * 10 + d] = 1;
    else t[Number(s.slice(1))] = 1;
  }
  return t;
}

/** 31 symbols of the USCC charset; value = index (reference §3). -1 = not allowed. */
export const USCC_VALUE = new Int8Array(128).fill(-1);
'0123456789ABCDEFGHJKLMNPQRTUWXY'.split('').forEach((c, i) => { USCC_VALUE[c.charCodeAt(0)] = i; });
export const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** First characters seen in the wild (registration department); others only lower confidence. */
export const USCC_FIRST = new Uint8Array(128);
for (const c of '123456789ABCDEFGY') USCC_FIRST[c.charCodeAt(0)] = 1;

const PLATE_PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
const PLATE_SUFFIXES = '挂学警港澳领'; // 领: a consulate's car (沪A2896领)

/**
 * Common single-character surnames (about 300, covering well over 95 % of the population) and
 * compound surnames. Names with rarer surnames are missed (see docs/detection.md).
 */
export const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤' +
  '常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由傅萧阎赖';
export const COMPOUND_SURNAMES = [
  '欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒', '夏侯', '轩辕', '令狐',
  '端木', '独孤', '南宫', '西门', '百里', '呼延', '万俟', '闻人', '澹台', '公冶', '太史', '申屠', '钟离', '赫连', '拓跋',
];

/**
 * Words that introduce a person's name in agency text: roles in a case or file, then relatives
 * and contacts (家属杨敏, 其子朱玉涵, 母亲廖英), then people in a hospital or school record.
 * A word that ends another (紧急联系人, 法定监护人) is covered by the shorter one.
 */
export const NAME_CONTEXT = [
  '姓名', '当事人', '联系人', '法定代表人', '负责人', '申请人', '被申请人', '代理人', '被处罚人', '违法行为人', '户主', '经办人',
  '投诉人', '举报人', '被告人', '原告', '被告', '监护人', '驾驶人', '车主', '收件人', '法人代表', '业主',
  // The parties of a lease in a rental register's remarks (出租人谢宇泽委托…, 承租人宋婷于…入住, 同住人：于擎苍).
  '出租人', '承租人', '同住人',
  // The caller of a hotline work order (12345 热线: 来电人吴洋。, 诉求人王芳要求回复).
  '来电人', '诉求人', '反映人', '求助人', '咨询人', '处理人', '受理人', '办理人', '回访人',
  // The writer of a petition (来信人徐健，email …; 信访人, 来访人 are weak context words below).
  '来信人',
  // Whom a complaint or case is about (涉事人王秀英在小区内违规搭建, 涉案人员李强已到案, 行为人赵磊未到场):
  // a complaints log published 42 names after these words with redaction.
  '涉事人', '涉案人', '涉事人员', '涉案人员', '肇事人', '行为人',
  // Who called the police in a blotter (报警人吕昀称电动车被盗, 报案人金祎于…).
  '报警人', '报案人',
  // Who took and who attended a village committee's minutes (记录人：王芳, 参会人员：李强、…).
  '记录人', '参会人员', '出席人员', '列席人员',
  // Who paid, collected or stood in for whom in a billing or benefits register's remarks
  // (代缴人孟英，电话…: a water register's remarks published 364 payers' names after redaction).
  '代缴人', '缴款人', '缴费人', '代办人', '代领人', '领取人', '领款人', '委托人', '受托人', '担保人', '借款人', '见证人',
];

/**
 * Weaker context words: relatives, contacts and people in hospital, school and welfare records.
 * Text after them is often an ordinary word (患者安静入睡, 家属同意), so a name read after them
 * must end at a boundary: the end of the cell, a non-Han character, a stop character or one of
 * NAME_VERBS (家属杨敏。, 其子朱玉涵代为签字), and must not end like a role or a place (NAME_NOT_LAST).
 * NAME_CONTEXT_KIN are the relatives among them: right after one, a name may start with a
 * surname that is also a common word (奶奶高癸霖已签) when it ends at a clear boundary (cjk-bytes.ts).
 */
export const NAME_CONTEXT_KIN = [
  '家属', '亲属', '配偶', '父亲', '母亲', '丈夫', '妻子', '儿子', '女儿', '其子', '其女', '其夫', '其妻', '其父', '其母',
  '之子', '之女', '之妻', '之夫', '之父', '之母', '其兄', '其弟', '其姐', '其妹', '孙子', '孙女', '外孙', '爷爷', '奶奶',
  '外公', '外婆', '姥姥', '姥爷', '祖父', '祖母', '哥哥', '姐姐', '弟弟', '妹妹', '叔叔', '阿姨', '舅舅', '姑姑', '伯父', '叔父',
  '岳父', '岳母', '公公', '婆婆', '女婿', '儿媳', '养父', '养母', '继父', '继母', '家长',
  // Grandchildren, nephews and nieces who collect a benefit or ashes (由其孙李明代领, 骨灰由侄子王强领取).
  '其孙', '其侄', '侄子', '侄女', '外甥', '外甥女', '孙媳',
];
export const NAME_CONTEXT_WEAK = [
  '亲友', '朋友', '同事', '邻居',
  '患者', '病人', '伤者', '死者', '受害人', '被害人', '嫌疑人', '证人', '陪同人', '委托人', '受托人', '签字人', '担保人',
  '借款人', '承办人', '主治医师', '医师', '医生', '护士', '学生', '班主任', '户籍人', '救助对象', '被救助人', '接种者',
  // Parties in court enforcement, property sales and petitions (共同被执行人刘雨欣下落不明, 案外人孟博超提出执行异议).
  '执行人', '案外人', '第三人', '债务人', '债权人', '买受人', '出卖人', '共有人', '信访人', '来访人', '上访人', '前夫', '前妻',
  '经理', '支书', '包工头', '房东', '租户', '村长', '组长',
  // Who took a hotline order over (网格员王秀英13812345678, 社区民警张伟已上门).
  '网格员', '话务员', '接线员', '工作人员', '回访人员', '民警', '辅警', '市民',
  // Bidders' people in a tender register (法人王芳未到场, 授权代表李强).
  '法人', '授权代表', '项目经理',
  // Whom a petition is about (反映秦智辉长期拖欠…, 投诉谢晶违规出租…): a name here must end at a boundary too.
  '反映', '投诉', '举报', '控告',
  // Whom a service, a dog or a benefit is for or from (服务对象司马春燕, 原犬主王建国转让, 代领人李明, 推荐人刘洋):
  // weak, so 服务对象满意, 推荐人签字 read no name (FP measure in docs/detection.md).
  '服务对象', '犬主', '代领人', '推荐人', '介绍人', '领取人',
  // Whom a volunteer serves or goes with (帮扶宋昶，每周上门两次, 陪同田焘走访困难户, 看望于彧): weak, so
  // 陪同检查组, 帮扶困难户 read no name (test/detect-free-text-names-3.test.ts).
  '陪同', '帮扶', '看望', '探望', '慰问',
  // Whom a hotline answered (已电话回复袁懿晓，对处理结果满意, 回访：已联系韩欣怡，…).
  '回复', '答复', '告知', '已联系',
  // A social worker's client (案主顾俊熙情绪低落, 个案对象：魏立新), an accomplice (张某某伙同潘超实施诈骗),
  // a villager (村民汤珩发言：): test/detect-free-text-13.test.ts.
  '案主', '个案对象', '伙同', '村民', '社工',
  // A pupil after the class (七年级三班王伟、李娜请于…): the class's number before 班.
  '一班', '二班', '三班', '四班', '五班', '六班', '七班', '八班', '九班', '十班',
];

/**
 * People a ride, a delivery, a lease, a ward or a course record names by their role (乘客徐刚遗失物品,
 * 司机袁勇绕路, 骑手王磊超时, 租客李娜退租, 学员赵强缺考). Weaker still than NAME_CONTEXT_WEAK: these nouns
 * are the subjects of ordinary complaints (顾客又投诉, 住户宋体称, 乘客蔡家坡来电 are places and fonts), so
 * the name must also have a common given character and none of a place's or a house's (cjk-bytes.ts).
 */
export const NAME_CONTEXT_ROLE = [
  '乘客', '司机', '骑手', '快递员', '外卖员', '配送员', '代驾', '租客', '房客', '住户', '商户', '摊主', '店主', '店员', '顾客',
  '货主', '学员', '考生', '教练', '同学', '室友', '患儿', '产妇', '孕妇', '病友', '老人', '保安', '保洁员', '老板',
];

/**
 * Verbs that follow a name in running text (由王小明驾驶, 母亲廖英陪同入院): they end a given name,
 * and after 由/经/委托 they are what makes the next characters a name at all.
 */
export const NAME_VERBS = [
  '驾驶', '驾车', '开车', '签字', '签名', '签署', '签收', '陪同', '陪护', '代为', '代签', '代办', '负责', '办理', '经办',
  '护送', '送往', '送至', '照顾', '抚养', '监护', '填写', '提供', '确认', '同意', '审核', '批准', '领取', '报案', '报警',
  '代理', '前来', '接诊', '诊治', '主诉', '携带', '到场', '出具', '核实', '申请', '委托', '缴纳', '支付', '收取',
  '推荐',
  // A guardian in a school bus roster's remarks (由王芳接送, 由李娜接回).
  '接送', '接回', '看护', '照看',
  // A pupil's parent asked to come (请向欣怡家长于周五前到校).
  '家长',
  // Whose household village minutes admit to a benefit (同意毛秀英家纳入低保), after 同意 only.
  '家纳入', '户纳入', '家享受', '户享受',
];

/**
 * Words that commonly follow a name in remarks without being what makes it one (李文外出务工,
 * 朱娟长期卧床, 张三电话…): they end a given name and mark a boundary, but 由/经 + name needs a verb.
 */
export const NAME_FOLLOW = [
  '陪读', '陪床', '外出', '常年', '长期', '协助', '重度', '轻度', '代领', '代缴', '代收', '务工', '务农', '卧床',
  '患有', '身患', '现年', '今年', '年满', '在院', '在外', '在家', '在校', '已故', '去世', '病故', '无业', '打工', '家住',
  '现住', '居住', '户籍', '联系', '电话', '手机', '身份', '名下', '本人', '一同', '共同', '独自',
  '提出', '下落', '到庭', '知情', '拒不', '表示', '私分', '占用', '拖欠', '违规', '擅自', '强行', '多次', '无故', '拒绝',
  // What a hotline's caller does (市民吴洋来电咨询, 市民王芳反映), and how a caller is addressed (市民吴洋女士).
  '来电', '致电', '反映', '投诉', '咨询', '求助', '女士', '先生', '声称', '举报',
  // What a relative or a former owner does in a register's remarks (家属黄聪健要求延期, 原犬主王建国转让).
  '要求', '转让',
  // What a judgment orders paid to a creditor (给付申请执行人王芳借款本金…, 支付债权人李娜货款).
  '借款', '欠款', '货款', '本金', '工资', '租金', '赔偿', '利息', '违约金', '损失',
  // What a passenger, a driver, a courier, a tenant, a patient or a student did (乘客徐刚遗失物品, 司机袁勇绕路投诉,
  // 骑手王磊超时送达, 租客李娜退租, 患者赵强出院, 学员孙丽缺考).
  '遗失', '丢失', '遗落', '走失', '绕路', '拒载', '超速', '超时', '迟到', '爽约', '殴打', '辱骂', '私自', '未经', '违约', '欠缴',
  '逾期', '报修', '入住', '退租', '搬离', '入院', '出院', '就诊', '住院', '报名', '缺考', '请假', '缺勤', '旷课', '送餐', '派件',
  '取件', '配送', '上门', '多收', '乱收', '索要', '拒付', '下车', '上车', '乘车', '态度',
  // What a volunteer, a teacher, a doctor or a party in court does (陪同田焘走访, 班主任程珩组织家长会, 主治医师叶炅查房,
  // 原告于煊诉被告…, 被告人文芮犯盗窃罪, 关琮同学获…).
  '走访', '就医', '结对', '一起', '一道', '组织', '查房', '同学',
  // A villager, a client, a party or an accomplice (村民汤珩发言, 案主韩卫东情绪低落, 与服务对象梁霞面谈,
  // 第三人邹卫东述称, 伙同叶平实施诈骗, 其女陶德明每月探望): test/detect-free-text-13.test.ts.
  '发言', '情绪', '面谈', '述称', '诉称', '辩称', '实施', '每月', '每周',
  // A number's label right after a name, as fields run together in an export (主治医师：王伟公民身份号码…,
  // 记录人：李娜附件：…, 监护人：赵强医保卡号…).
  '公民', '附件', '回拨', '车架', '车辆', '医保', '社保', '社会保障', '车牌', '往来', '港澳', '台胞', '银行', '卡号', '开户',
  '微信', '护照', '证件', '邮箱', '老身份', '加微信',
  // 诉 and 犯 alone: a court summary's verbs (诉被告, 诉称, 犯盗窃罪), in almost no given name.
  '诉', '犯',
];
/**
 * Words after a partner's name in a volunteer's remarks (与X结对服务, 和X一起, 同X一同值守), read back to
 * 与 和 同 跟 before the name (cjk-bytes.ts nameBeforeCompanion).
 */
// Also a spouse's name in a legal-aid or court summary (受援人与王芳婚后感情破裂, 与李娜离婚), and, with 被
// among NAME_BEFORE_VERB, the driver who hit the person aided (受援人被王芳驾驶车辆撞伤): 537 of 1,500
// legal-aid summaries kept the other party's name under redact (test/unseen-domains-13), 33 now.
export const NAME_BEFORE_COMPANION = ['结对', '一起', '一同', '一道', '共同', '婚后', '结婚', '离婚'];

/** Characters a Chinese given name almost never ends with, but roles, places and categories do. */
export const NAME_NOT_LAST = '族区县市省镇乡村路街道号局院科部处室所站队司厂店行社会组校园馆症病炎癌瘤折型级类性期费款元年月日者员师业等否婚某保人主机委办长户属卡牌证票';
/** Kin characters: after 其父, 其子 … they make a kin word (其父母, 其子女), not a name. */
export const KIN_CHARS = '父母子女夫妻兄弟姐妹亲属';

/** Words after which a name is read only when one of NAME_VERBS follows it. */
export const NAME_BEFORE_VERB = ['由', '经', '委托', '交由', '请', '派', '同意', '将', '被'];
/**
 * After 将 (a marker above) only these verbs make a name (民警将潘娜带回所里, 将王伟送往医院), and only
 * common given characters: 将 moves things far more often than people (将车辆带回, 将文件送至).
 */
export const NAME_AFTER_JIANG = ['带回', '带至', '带离', '传唤', '押送', '押解', '移送', '送往', '送至', '送回', '抓获', '控制'];

/** Words after a full name that say it is one (吴洋女士来电, 王秀英先生反映): the name is read before them. */
export const NAME_HONORIFIC = ['女士', '先生', '同志', '同学'];

/**
 * Forms of address after a surname alone (张先生, 李女士, 王阿姨, 刘师傅, 张大爷): in free text, beside
 * the topic, the month and the unit, such a form points to one household, so the whole form is read
 * as a person's name (cjk-bytes.ts surnameForm; fail closed, docs/detection.md). All two characters.
 */
export const NAME_FORMS_OF_ADDRESS = ['先生', '女士', '小姐', '阿姨', '师傅', '大爷', '大妈', '老师', '同志', '大姐', '大哥', '同学'];

/**
 * Kinds of shop that end the name of a 个体工商户 named after its operator (滨城区张秀英便利店,
 * 欧阳建华烧烤店): a name right before them, after the cell's start, punctuation or a county, is read
 * (cjk-bytes.ts nameBeforeShop). A 个体工商户 register's names were published after redaction.
 */
export const NAME_BEFORE_SHOP = [
  '便利店', '超市', '饭店', '饭馆', '餐馆', '面馆', '理发店', '美发店', '五金店', '水果店', '烧烤店', '早餐店', '小吃店', '副食品店',
  '服装店', '百货店', '商店', '经营部', '维修部', '门市部', '诊所',
  // A trade between the name and the shop (李萍建材经营部, 谢浩汽车维修部).
  '建材经营部', '五金经营部', '农资经营部', '粮油经营部', '汽车维修部', '家电维修部', '电器维修部', '摩托车维修部',
  // Kinds a minority operator's shop is often named with (买买提·艾力烤肉店, 马木提拉面馆), and small trades.
  '烤肉店', '拉面馆', '杂货店', '小卖部', '蔬菜店', '粮油店', '修理部', '快餐店', '批发部',
];

/**
 * Forms of a firm (商贸有限公司, 家政服务中心, 汽车维修厂): a firm named after its owner (滨州市张伟商贸有限公司)
 * holds the owner's name right after the city or county, before the trade words and the form
 * (cjk-bytes.ts nameBeforeFirm). Longest first where one ends another (有限公司 before 公司).
 */
export const FIRM_FORMS = ['有限责任公司', '股份有限公司', '有限公司', '公司', '服务中心', '中心', '厂', '商行', '工作室', '合作社', '服务社'];
/**
 * Trade words between an owner's name and a firm's form (商贸, 家政服务, 装饰工程): up to three are
 * skipped backwards from the form, longest first, so the name ends where the trade begins.
 */
export const FIRM_TRADES = [
  '商贸', '贸易', '工贸', '经贸', '装饰', '装修', '工程', '建筑', '建设', '家政', '服务', '维修', '汽车', '汽修', '建材', '五金', '物流',
  '运输', '餐饮', '食品', '农业', '农资', '科技', '电子', '电器', '家电', '服装', '劳务', '保洁', '物业', '管理', '房地产', '广告',
  '传媒', '文化', '信息', '技术', '商务', '种植', '养殖', '机械', '化工', '纺织', '印刷', '包装', '家具', '木业', '钢材', '石材',
  '水电', '安装', '通讯', '网络', '咨询', '培训', '教育', '旅游', '酒店', '超市', '百货', '烟酒', '副食', '水产', '粮油', '日用品',
  '环保', '能源', '医药', '药店', '销售', '开发', '设计', '制造', '加工', '实业', '发展', '投资', '租赁', '中介', '美容', '健身',
];

/**
 * Surnames that read a two-character operator's name before a shop word (李强五金店, 王芳美发店):
 * frequent ones that start few brands or places (金海, 国芳, 华泰, 万佳, 黎昕, 鲁北, 安琪 are brands
 * of an enterprise register: 金, 国, 华, 万, 黎, 鲁, 安 are not here; 向阳, 文化, 明珠 neither).
 */
export const SHOP_PAIR_SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁沈姚卢姜崔钟谭陆汪范廖贾夏韦付邹孟熊秦邱尹薛闫段雷侯史陶贺顾毛郝龚邵钱严覃戴莫孔汤' +
  '高白方江龙于任傅';
/** Given characters of two-character names that GIVEN_COMMON lacks (孙宁, 吴帅, 孔航, 宋蒙). */
export const SHOP_PAIR_GIVEN = '宁帅航蒙';
/**
 * Second characters that make a brand, a place or a kind of house rather than a given name
 * (黄河饭店, 张记面馆, 李家饭店, 孔府饭店, 韩国超市, 宋城饭店, 杨柳饭店 is still read): never the
 * given character of a two-character operator's name.
 */
export const SHOP_BRAND_CHARS = '国家记氏府城园庄村河江湖山州门楼阁轩斋堂坊铺行号朝源达通丰盛兴隆泰恒顺昌福祥瑞发旺利金银宝汇聚';
/** Two-character words that start with such a surname and read as a name (夏天超市, 周一饭店, 陆续来电). */
export const SURNAME_PAIR_WORDS = ['夏天', '夏日', '秦岭', '唐人', '周一', '周二', '周三', '周四', '周五', '周六', '周末', '陆续', '杜康', '贺喜', '叶子', '苏宁',
  '高新', '高升', '高原', '高速', '高峰', '白云', '白雪', '白玉', '白天', '方圆', '方正', '方舟', '江南', '江北', '龙凤', '龙华', '龙腾', '龙飞', '龙宇', '任意', '于是',
  '胡杨', '杨柳', '马兰'];

/**
 * Parts of Tibetan, Mongolian and Uyghur names as they are transliterated without a surname or a
 * dot (扎西多吉, 斯琴高娃, 买买提艾力): a run of two parts or more, or one of three characters
 * (巴特尔), before a shop word is an operator's name (cjk-bytes.ts nameBeforeShop). Whole parts,
 * not syllables: 扎西德勒饭店 (a greeting), 格桑花超市, 乌兰察布便利店 are not read.
 */
export const MINORITY_NAME_PARTS = [
  // Tibetan
  '扎西', '多吉', '次仁', '卓玛', '格桑', '拉姆', '德吉', '央金', '尼玛', '达瓦', '平措', '旺堆', '顿珠', '索朗', '边巴', '普布',
  '拉巴', '米玛', '洛桑', '丹增', '旦增', '白玛', '曲珍', '益西', '仁青', '次旦', '桑珠', '贡布', '强巴', '嘉措', '加措', '阿旺',
  '罗布', '琼达', '措姆', '巴桑', '央宗', '德庆', '卓嘎', '多布杰', '普琼', '群培', '旺姆', '次珍', '玉珍', '拉珍', '巴珠', '格列',
  // Mongolian
  '巴特尔', '其其格', '琪琪格', '乌云', '斯琴', '高娃', '乌兰', '苏日娜', '娜仁', '图雅', '额尔敦', '巴雅尔', '宝音', '朝鲁',
  '布和', '格日勒', '阿拉坦', '孟和', '那日苏', '满都拉', '哈斯', '特木尔', '巴图', '乌力吉', '萨仁', '塔娜', '其木格', '格根',
  '毕力格', '朝格图', '陶格斯', '乌日娜', '敖登', '巴根', '吉日嘎拉', '额尔登', '乌云娜', '其其格玛', '图门', '达来', '苏和',
  // Uyghur and Kazakh, written without their dot
  '买买提', '艾力', '阿依古丽', '古丽', '热依拉', '迪丽', '努尔', '阿不都', '吐尔逊', '依明', '卡德尔', '热合曼', '肉孜', '司马义',
  '帕提曼', '艾尼瓦尔', '阿力木江', '米热', '库尔班', '玉素甫', '吾斯曼', '阿迪力', '艾克拜尔', '马木提', '努尔兰', '别克',
  '叶尔兰', '帕提古丽', '阿依努尔', '吾买尔', '艾买提', '阿布都', '买合木提', '图尔荪', '克里木', '阿卜杜',
];

/**
 * Verbs of reporting and acting that open a clause after its subject (张伟来电, 李娜反映, 王小明投诉称,
 * 赵强于3月5日…): a name with nothing before it (the cell's start, punctuation) is read backwards
 * from them (cjk-bytes.ts nameBeforeReport). The two-character verbs say a person acts; after
 * the one-character ones (在, 到, 于 before a date) the name must be made of common given-name
 * characters, so 王府井在, 高新区到, 于是 are not read.
 */
export const NAME_BEFORE_REPORT = ['来电', '致电', '反映', '投诉', '举报', '咨询', '求助', '拨打', '申请', '声称', '自述',
  // A death or a move stated at a remark's start (陈桂英已于2023年去世, 停发).
  '已于'];
export const NAME_BEFORE_REPORT_ONE = ['称', '在', '到', '于'];
/** Words that open a clause before its subject with no comma (经核实张伟来电, 今天李娜反映): such a name may follow them. */
export const NAME_LEAD_INS = ['经核实', '经查', '据了解', '据悉', '据反映', '今日', '今天', '昨日', '昨天', '当日', '当天', '近日', '上午', '下午', '中午', '晚上', '凌晨', '随后', '此前',
  '昨晚', '今晚', '今晨', '早上', '傍晚', '当晚', '次日', '日前', '此后', '后来', '之后', '同日', '经了解', '经调查', '经询问', '核实'];
/**
 * Last characters of a noun for a person or a household that a name may stand right after, in
 * apposition (该户张伟来电, 居民王芳反映, 村民李强于3月5日): 户 民 人 者 工 生 客 东 友 员 师 士 方.
 * After one, the name must have a surname of SHOP_PAIR_SURNAMES (or a compound one) and only common
 * given characters, none a numeral (居民周一来电, 住户陆续投诉 are no names).
 */
export const NAME_APPOSITION_END = '户民人者工生客东友员师士方';

/**
 * Surnames that are also common words at the start of a phrase (患者于今日, 医生高度怀疑, 全身):
 * after them the first given-name character must be one of GIVEN_COMMON.
 */
export const AMBIGUOUS_SURNAMES =
  '于和向时常文安成全应来都海国高明平方那但利由计相初门云容敬强花权原南位区满闻楼盘井支公宾干展信衣元束居呼於战印隆修况' +
  '宿鲜危玉银富衡植奉幸智阴闭尧关解项连管车党尚卫申任双左赖';

/**
 * Ordinary words that start with a surname character and follow a relative or a role in records
 * (其父高血压, 母亲常年卧床, 其母于去年去世, 家属全家外出, 其父马上赶到, 家属金额已缴): by their first two
 * characters, never read as a surname and given name. Chosen on the kin-name generator's
 * negatives (packages/core/test/detect-kin-names.test.ts); a name such as 马上飞 is missed.
 */
export const SURNAME_WORDS = [
  '高血', '高龄', '高烧', '高热', '高中', '高考', '高度', '高兴', '高寿', '高位', '高危', '高处', '于今', '于去', '于前', '于昨',
  '于上', '于本', '于近', '于当', '于次', '于该', '于此', '于是', '于外', '于家', '于医', '全身', '全家', '全职', '全程', '全部',
  '全天', '全权', '全力', '全体', '常年', '常住', '常驻', '常规', '常常', '安好', '安康', '安静', '安置', '安排', '安全', '安葬',
  '和蔼', '和睦', '和善', '文化', '文盲', '方便', '方可', '方能', '向来', '时常', '成年', '平素', '平时', '海外', '国外', '由于',
  '初中', '门诊', '满意', '管理', '双方', '关系', '卫生', '来院', '来校', '都在', '都是', '但是', '利用', '相关', '明确', '连续',
  '马上', '金额', '包括', '钱款', '白天', '白血', '石膏', '林场', '林区', '石材', '毛病', '江边', '黄疸', '陈旧', '程度', '任何',
  '单位', '资格', '营业', '章程',
  // How a caller reaches the hotline (业主来电反映, 车主来访): after a role, 来 is no surname.
  '来电', '来访', '来信', '来函',
  // Adverbs and nouns after a role in complaints (学生普遍求助, 租户孙辈到场, 护士许多于3月5日…):
  // found on the generated hotline sentences of test/detect-names-7.test.ts.
  '周围', '周边', '陆续', '普遍', '许多', '许久', '何时', '何处', '方面', '强烈', '程序', '田间', '龙头', '孙辈', '黄昏', '董事', '高层', '相继',
  '任意', '居民', '农民',
  // 家属信息已核实: found on the generated phrases of packages/core/test/detect-role-kin-names.test.ts.
  '信息',
  // Days and seasons at a clause's start (明天来电, 全年反映): test/detect-leftovers.test.ts ordinary sentences.
  '明天', '明日', '明年', '明晚', '明早', '全年', '全月', '常日', '平日', '文明', '安心', '高温', '高空', '高楼', '高价', '高额', '万一',
  // After a doctor or before 一起 (主治医师查房, 与公安一起, 与国家共同): test/detect-free-text-names-3.test.ts ordinary sentences.
  '查房', '高速', '高铁', '公安', '国家', '白天', '时间', '黄金', '钱塘',
];
/** Pronouns: a surname-like word before one (和他, 向我) is a preposition, not a name. */
export const PRONOUN_CHARS = '他她我你它您咱俺';

/** Characters common in given names (a few hundred; rare ones are missed after an ambiguous surname). */
export const GIVEN_COMMON =
  '伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉兰萍红建国志文斌浩宇欣怡子涵梓轩一诺雨桐晨阳佳琪思远嘉鹏飞俊峰辉波' +
  '亮林海燕婷雪梅琳颖慧倩婉晶莉丹凤洁琴云莹爽蕾薇菲瑶璐露晓小德成宏永春冬秋夏光荣发福寿喜庆祥瑞安康泰乐欢鑫淼森焱龙' +
  '虎鹤凯旭昊天泽瀚博雅然冉若依可心悦瑾瑜璇琦珊珍珠宝贝娟娥妍媛婧嫣姗姝娴茜蓉芬芝芸茹菊莲荷萱蓓蕊蔚馨香美惠智聪勤俭' +
  '忠孝仁义礼信诚实直毅威武雄豪彬彪鸿鹰雁凰麟骏驰腾跃翔振兴旺盛昌隆富贵金银钢锋锐铭锦钰钧江河湖涌清澄洪淑润泉源溪深' +
  '渊学书画诗词歌梦怀恩爱友朋宾民远恒新立达通道崇山岩岭峻岳巍松柏杨柳桃李竹兰枫楠树根叶花草苗芽朝晚' +
  '曦星辰彩虹雷电风韵致坚三四五六七八九二大少君卫红兵勋功铁柱栋梁树才艺秉承继续善良贤淑妹娣婕嫦媚娇婵凤琼瑛璐琰琛瑶' +
  '璋珏琨瑞瑗琬珺琪琦琳玲珍珊莎荔薇蕴菁蓁芷苒茗蔓萌晴暖朗昕晗昱晟昆坤乾钊铮锟锴镇浚淳涛溢滨澜瀚灏炜烨煜熠璟玮琦雯霖' +
  '霏靖静竣骁骞鹭鸥鹃黎默楷桦杉棋榕槐樱植杭柯栋桥森沐健晋哲奕潇睿越胤珈苡';

/** Characters that end a given name in running text (function words that commonly follow a name). */
export const NAME_STOP = '因于在的等与和及系经将未违无涉驾从对被是为所持向了已均现曾住男女某年月日其自并由就到即称';

/**
 * Column headers that suggest whole cells are names. The staff who handled a record (承办人,
 * 受理人, 话务员 of a hotline) repeat over many rows, so their values alone score low as a list
 * of people (name-column.ts) and only the header tells.
 */
export const NAME_HEADER = /姓名|名字|当事人|联系人|法定代表人|法人代表|授权代表|负责人|申请人|代理人|户主|经办人|承办人|受理人|处理人|办理人|话务员|接线员|网格员|被处罚人|驾驶人|车主|(医生|医师|护士|教师|老师|班主任|辅导员)$|^name$|name$|_name|fullname|person/i;

/** Per-BMP-code-point flags for the byte scanner. */
export const CP_PLATE = 1;
export const CP_NAME = 2;
export const CP_ADDR = 4;
export const CP_PLATE_SUFFIX = 8;
export const CP_FLAGS = new Uint8Array(65536);
for (const c of PLATE_PROVINCES) CP_FLAGS[c.charCodeAt(0)]! |= CP_PLATE;
// 使 opens an embassy's plate (使014578, 使014·578): plate.ts reads the six digits after it.
CP_FLAGS['使'.charCodeAt(0)]! |= CP_PLATE;
for (const c of PLATE_SUFFIXES) CP_FLAGS[c.charCodeAt(0)]! |= CP_PLATE_SUFFIX;
/** The character before a trigger may end the second-to-last character of a context word. */
export const CP_NAME_PREV = 16;
/** A one-character context word (由, 经) ends here: no character before it to test. */
export const CP_NAME_ONE = 32;
/**
 * Last characters of the words above, and 、（小老: a CP_NAME character that is none of these is
 * only a compound surname's second (阳 of 欧阳, 门 of 西门), tested alone (cjk-bytes.ts nameAfterContext).
 */
export const NAME_WORD_END = new Uint8Array(65536);
for (const c of '、（小老') NAME_WORD_END[c.charCodeAt(0)] = 1;
// The last character of each context word (and of 由/经/委托 …) triggers the name search, but
// only after a character that can precede it in some word: 人, 公, 事 are frequent (公司, 从事).
for (const w of [...NAME_CONTEXT, ...NAME_CONTEXT_KIN, ...NAME_CONTEXT_WEAK, ...NAME_BEFORE_VERB, ...NAME_HONORIFIC, ...NAME_FORMS_OF_ADDRESS, ...NAME_BEFORE_REPORT, ...NAME_BEFORE_REPORT_ONE, ...NAME_BEFORE_SHOP, ...FIRM_FORMS, ...NAME_CONTEXT_ROLE, ...NAME_BEFORE_COMPANION]) {
  CP_FLAGS[w.charCodeAt(w.length - 1)]! |= CP_NAME;
  NAME_WORD_END[w.charCodeAt(w.length - 1)] = 1;
  if (w.length === 1) CP_FLAGS[w.charCodeAt(0)]! |= CP_NAME_ONE;
  else CP_FLAGS[w.charCodeAt(w.length - 2)]! |= CP_NAME_PREV;
}
// A compound surname in running text (上官婉儿于3月5日来电): its second character, after its first (cjk-bytes.ts compoundNameInText).
for (const w of COMPOUND_SURNAMES) { CP_FLAGS[w.charCodeAt(1)]! |= CP_NAME; CP_FLAGS[w.charCodeAt(0)]! |= CP_NAME_PREV; }
// 、 and （ after a name that opens a cell (张军、王绍齐两户…, 黄馨羽（微信号…）): cjk-bytes.ts nameOpensCell.
for (const c of '、（') CP_FLAGS[c.charCodeAt(0)]! |= CP_NAME | CP_NAME_ONE;
// 小 and 老 before a surname alone (小陈, 老刘): cjk-bytes.ts surnameDiminutive.
for (const c of '小老') CP_FLAGS[c.charCodeAt(0)]! |= CP_NAME | CP_NAME_ONE;
// Address anchors: the house-number marker.
for (const c of '号弄') CP_FLAGS[c.charCodeAt(0)]! |= CP_ADDR;
// A building in an estate without a street number (幸福小区3栋2单元402): an anchor too (cjk-bytes.ts).
for (const c of '栋幢') CP_FLAGS[c.charCodeAt(0)]! |= CP_ADDR;
// A tower (锦绣家园B座1203室), and an estate's or a road's last character before 5-2-302 (cjk-bytes.ts DOOR_AFTER).
for (const c of '座区园苑城庄村府邸居湾寓庭墅舍坊里院路街巷道') CP_FLAGS[c.charCodeAt(0)]! |= CP_ADDR;

/** Last characters of an account label: 信 of 微信 (薇信, 威信, V信), 扣 of 扣扣 (im.ts). */
export const CP_IM = 64;
for (const c of '信扣') CP_FLAGS[c.charCodeAt(0)]! |= CP_IM;

export const SURNAME_SET = new Uint8Array(65536);
for (const c of SURNAMES) SURNAME_SET[c.charCodeAt(0)] = 1;
export const COMPOUND_SET = new Set(COMPOUND_SURNAMES);
export const AMBIGUOUS_SET = new Uint8Array(65536);
for (const c of AMBIGUOUS_SURNAMES) AMBIGUOUS_SET[c.charCodeAt(0)] = 1;
export const GIVEN_SET = new Uint8Array(65536);
for (const c of GIVEN_COMMON) GIVEN_SET[c.charCodeAt(0)] = 1;
export const NOT_LAST_SET = new Uint8Array(65536);
for (const c of NAME_NOT_LAST) NOT_LAST_SET[c.charCodeAt(0)] = 1;
export const KIN_SET = new Uint8Array(65536);
for (const c of KIN_CHARS) KIN_SET[c.charCodeAt(0)] = 1;
export const PRONOUN_SET = new Uint8Array(65536);
for (const c of PRONOUN_CHARS) PRONOUN_SET[c.charCodeAt(0)] = 1;
export const STOP_SET = new Uint8Array(65536);
for (const c of NAME_STOP) STOP_SET[c.charCodeAt(0)] = 1;

/** Bytes (UTF-8) of words that raise confidence of a number being a bank card or passport. */
const enc = new TextEncoder();
export const BANK_CONTEXT = ['卡号', '银行', '账号', '帐号', '账户', '帐户', '开户', '银行卡', '信用卡', 'card', 'Card', 'CARD'].map((w) => enc.encode(w));
/** Words that label an identity number: an ID-shaped number after them is one even with a wrong check digit (a typo still identifies the person). */
export const ID_CONTEXT = ['身份证', '证件号', '身份号码', '公民身份'].map((w) => enc.encode(w));
export const PASSPORT_CONTEXT = ['护照', 'passport', 'Passport', 'PASSPORT'].map((w) => enc.encode(w));
/** Words that label a telephone number: a 7-8 digit local number right after one is a landline. */
export const PHONE_CONTEXT = ['电话', '座机', '固话', '宅电', 'Tel', 'TEL', 'tel', 'Phone', 'phone'].map((w) => enc.encode(w));
/** Labels before a mobile number: 11 digits from 1 after them are a phone whatever the segment (new segments are opened every few years). */
export const MOBILE_LABEL_CONTEXT = ['电话', '手机', '联系方式', '手机号', 'Tel', 'TEL', 'tel', 'Phone', 'phone', 'Mobile', 'mobile'].map((w) => enc.encode(w));
/** Words that label an invoice's code or number (发票代码037001900111): a 12-digit 0… after one is no landline. */
export const INVOICE_CONTEXT = ['发票'].map((w) => enc.encode(w));
