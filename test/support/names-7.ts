/**
 * Generators for test/detect-names-7.test.ts: shop and brand names, hotline and complaint
 * sentences, addresses and organisation names with no person in them (to count false positives of
 * the name detectors on), and names written by hand (to count recall). Seeded; nothing of it is a
 * committed data dump.
 */
import { Rng } from '../../fixtures/lib/rng.js';
import { World } from '../../fixtures/lib/world.js';

export const SHOP_WORDS = ['便利店', '超市', '饭店', '饭馆', '餐馆', '面馆', '理发店', '美发店', '五金店', '水果店', '烧烤店', '早餐店', '小吃店',
  '副食品店', '服装店', '百货店', '商店', '经营部', '维修部', '门市部', '诊所', '建材经营部', '汽车维修部', '烤肉店', '拉面馆', '杂货店',
  '小卖部', '蔬菜店', '粮油店', '修理部', '快餐店', '批发部'];
export const PREFIXES = ['', '', '滨城区', '滨州市滨城区', '惠民县', '邹平市', '无棣县', '博兴县城关镇', '淄博市张店区', '济南市历下区', '乌鲁木齐市天山区', '拉萨市城关区', '呼和浩特市赛罕区'];

/** Brands and chains as they stand before a shop word, in no list of the detector. */
const CHAINS = ['老凤祥', '德克士', '华莱士', '蜜雪冰城', '沙县小吃', '兰州拉面', '黄焖鸡米饭', '杨国福', '张亮', '周黑鸭', '绝味', '正新',
  '华为', '小米', '苏宁', '国美', '永辉', '华润万家', '大润发', '物美', '联华', '美宜佳', '罗森', '全家', '便利蜂', '好邻居', '红旗',
  '唐久', '易捷', '昆仑好客', '天福', '可的', '快客', '喜士多', '十足', '苏果', '家家悦', '利群', '银座', '振华', '佳惠', '三江',
  '步步高', '人人乐', '新华都', '盒马', '钱大妈', '百果园', '鲜丰', '洪九', '果多美', '良品铺子', '三只松鼠', '来伊份', '周大福',
  '周生生', '谢瑞麟', '六福', '老庙', '海底捞', '西贝', '外婆家', '绿茶', '小南国', '全聚德', '东来顺', '狗不理', '庆丰', '永和大王',
  '真功夫', '老乡鸡', '乡村基', '吉野家', '味千', '李先生', '马兰', '刘一手', '小肥羊', '小龙坎', '谭鸭血', '陈麻婆', '王老吉',
  '康师傅', '娃哈哈', '李宁', '安踏', '特步', '匹克', '鸿星尔克', '森马', '以纯', '海澜之家', '七匹狼', '九牧王', '利郎', '劲霸',
  '雅戈尔', '杉杉', '罗蒙', '波司登', '红豆', '恒源祥', '南极人', '北极绒', '都市丽人', '太平鸟', '江南布衣', '周大生', '金六福',
  '张小泉', '王麻子', '张一元', '吴裕泰', '同仁堂', '胡庆余堂', '老百姓', '益丰', '大参林', '一心堂', '漱玉平民', '张仲景', '陈李济',
  '沙县', '重庆', '东北', '川味', '潮汕', '湘味', '西北', '清真', '回民', '新疆', '兰州', '延吉', '朝鲜族', '蒙古', '藏式', '维吾尔'];
/** Words small shops are named with: wishes, places, rivers, mountains, a family or a house. */
const SHOP_BRANDS = ['鑫源', '宏达', '金海', '恒通', '顺发', '兴旺', '福满多', '好再来', '老地方', '聚福园', '金凤凰', '阳光', '幸福', '开心',
  '如意', '吉祥', '平安', '万家福', '百姓', '惠民', '利民', '便民', '天天', '乐购', '优品', '美佳', '佳美', '红星', '东方', '华联', '新华',
  '中华', '大众', '胜利', '建设', '人民', '光明', '向阳', '朝阳', '长城', '黄河', '长江', '泰山', '黄山', '华山', '嵩山', '张家', '李家',
  '王家', '刘家', '老王', '老李', '小张', '张记', '王记', '李记', '刘记', '陈记', '杨记', '老张家', '马家', '孙家', '周记', '郑记', '江南',
  '白云', '龙凤', '龙华', '高新', '方圆', '夏天', '秋林', '春天', '金鑫', '鑫鑫', '佳佳', '丽丽', '芳芳', '兰兰', '红红', '明明', '亮亮',
  '东升', '旭日', '万隆', '万达', '万福', '万家', '百佳', '千禧', '宏运', '鸿运', '金鼎', '银河', '星光', '月亮湾', '满意', '实惠', '放心',
  '诚信', '友谊', '团结', '和平', '解放', '胜利', '振兴', '腾飞', '宏图', '远航', '蓝天', '绿叶', '青松', '翠竹', '梅园', '兰亭', '松鹤',
  '黄金', '白银', '钻石', '水晶', '珍珠', '玉林', '桂林', '柳州', '杨柳', '梁山', '宋城', '唐人', '汉唐', '秦汉', '孔府', '孟府', '曹府',
  '韩国', '泰国', '日本', '欧洲', '美国', '越南', '马来', '新加坡', '香港', '台湾', '澳门', '上海', '北京', '天津', '滨州', '济南',
  '青岛', '东营', '德州', '淄博', '潍坊', '烟台', '临沂', '聊城', '菏泽', '泰安', '日照', '威海', '枣庄', '济宁', '城关', '城东', '城西',
  '城南', '城北', '河东', '河西', '新城', '老城', '车站', '站前', '北关', '南关', '东关', '西关', '十字街', '大桥', '老街', '新村', '二中',
  '一中', '实验', '职工', '社区', '邮电', '税务', '供销', '粮站', '农机', '石油', '化工', '电厂', '铝业', '纺织', '高速', '开发区', '工业园',
  '扎西德勒', '格桑花', '雪域', '高原', '草原', '天山', '昆仑', '丝路', '乌兰', '阿里', '那达慕', '巴扎', '古城', '胡杨'];
const BRANCHES = ['', '', '', '（黄河五路店）', '（二分店）', '（总店）', '（城区店）', '(1店)', '东店', '分店'];

/** `n` shop names with no person's name in them (brands, chains, places, a given name alone from the fixtures' world). */
export function shopNamesWithoutPersons(n: number, seed: number): string[] {
  const rng = new Rng(seed, 71);
  const given = (new World(seed, 1) as unknown as { brands: string[] }).brands;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = rng.float();
    const brand = r < 0.3 ? rng.pick(CHAINS) : r < 0.8 ? rng.pick(SHOP_BRANDS) : rng.pick(given);
    out.push(`${rng.pick(PREFIXES)}${brand}${rng.pick(SHOP_WORDS)}${rng.pick(BRANCHES)}`);
  }
  return out;
}

// Hotline and complaint sentences with no person in them: a person's or household's noun, an adverb
// or a word that starts like a surname, a verb of reporting, a matter.
const NOUNS = ['该户', '住户', '居民', '村民', '商户', '用户', '客户', '租户', '老人', '本人', '家人', '病人', '消费者', '投诉者', '举报者',
  '员工', '职工', '农民工', '学生', '考生', '游客', '乘客', '顾客', '房东', '网友', '病友', '工作人员', '队员', '党员', '会员', '老师', '律师',
  '护士', '爱心人士', '对方', '双方', '甲方', '乙方', '群众', '市民朋友', '小区居民', '周边居民', '多名住户', '部分业主'];
const ADVERBS = ['', '', '陆续', '多次', '再次', '纷纷', '一致', '集体', '联名', '普遍', '强烈', '曾', '也', '都', '又', '还', '先后', '相继',
  '分别', '共同', '同时', '一起', '均', '近期', '最近', '今天', '昨天', '周一', '周末', '上午', '每天', '经常', '长期', '反复', '持续',
  '通过电话', '向社区', '向物业', '向我局', '向记者', '向街道办', '向市长热线', '向房东', '向派出所', '向高新区管委会', '马上', '立即', '主动',
  '匿名', '实名', '电话', '方面', '高度', '白天', '江边', '龙头', '于是', '任意', '高层', '白天多次', '黄昏', '陈旧', '程序上', '宋体',
  '孙辈', '何时', '何处', '许多', '许久', '周边', '周围', '曾经', '田间', '董事', '潘家园', '蒋村', '蔡家坡'];
export const VERBS = ['来电', '来电反映', '反映', '投诉', '投诉称', '举报', '咨询', '求助', '致电', '申请', '声称', '称', '在现场', '到场', '于3月5日', '于今日'];
export const MATTERS = ['小区门口垃圾堆放无人清理', '夜间施工噪音扰民', '路灯不亮已三天', '公交站点设置不合理', '供暖温度不达标', '欠薪问题至今未解决',
  '物业不作为', '占道经营影响通行', '燃气费收取异常', '宠物扰民', '楼上漏水', '电梯故障', '停车难', '油烟扰民', '违建未拆除'];
export function hotlineSentences(n: number, seed: number): string[] {
  const rng = new Rng(seed, 72);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const lead = rng.pick(['', '', '你好，', '经核实，', '2024年3月5日，', '据了解', '今天', '经查', '昨晚']);
    const extra = rng.pick(['', `，工单号BZ${rng.range(2019, 2025)}-${rng.digits(4)}`, `，涉及${rng.range(2, 30)}户`, '，请尽快处理']);
    out.push(`${lead}${rng.pick(NOUNS)}${rng.pick(ADVERBS)}${rng.pick(VERBS)}${rng.pick(MATTERS)}${extra}。`);
  }
  return out;
}

const STREETS = ['黄河五路', '渤海七路', '长江一路', '新立河西路', '中海路', '梧桐二路', '人民路', '解放路', '建设街', '和平大道', '幸福路', '张家巷', '李庄路', '王府街'];
const ESTATES = ['阳光花园', '滨河小区', '锦绣城', '金色家园', '凤凰城', '渤海明珠苑', '盛世嘉苑', '黄河人家', '王家村', '后刘村', '李家庄', '高新花园'];
/** Addresses, some with a shop as a landmark (…386号鑫源便利店旁, 黄河五路与渤海七路交叉口东100米路北超市). */
export function addresses(n: number, seed: number): string[] {
  const rng = new Rng(seed, 73);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const head = `${rng.pick(['山东省', ''])}${rng.pick(PREFIXES)}${rng.pick(STREETS)}${rng.range(1, 899)}号`;
    const r = rng.float();
    out.push(r < 0.4 ? `${head}${rng.pick(ESTATES)}${rng.range(1, 30)}号楼${rng.range(1, 4)}单元${rng.range(1, 18)}0${rng.range(1, 4)}室`
      : r < 0.7 ? `${head}${rng.pick(SHOP_BRANDS)}${rng.pick(SHOP_WORDS)}${rng.pick(['旁', '对面', '东侧', '北邻', ''])}`
        : `${rng.pick(STREETS)}与${rng.pick(STREETS)}交叉口${rng.pick(['东', '西', '南', '北'])}${rng.range(1, 5)}00米路${rng.pick(['南', '北'])}${rng.pick(SHOP_WORDS)}`);
  }
  return out;
}

const ORG_KINDS = ['有限公司', '有限责任公司', '股份有限公司', '专业合作社', '人民医院', '中心卫生院', '卫生室', '社区卫生服务站', '小学', '中学',
  '派出所', '居民委员会', '村民委员会', '人民政府', '市场监督管理局', '支行', '营业部', '供电所', '税务所', '商会', '协会', '超市有限公司',
  '便利店连锁有限公司', '餐饮管理有限公司', '汽车维修有限公司', '诊所'];
/** Organisation names: a place, a brand or a village, a trade, a legal form. */
export function organisations(n: number, seed: number): string[] {
  const rng = new Rng(seed, 74);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const who = rng.pick([...SHOP_BRANDS, ...ESTATES, '城关镇', '杜店街道', '市西街道', '中国农业银行滨州', '中国工商银行滨城', '滨州市第二', '惠民县第一']);
    const trade = rng.pick(['', '', '商贸', '食品', '建材', '物流', '餐饮', '科技', '农机', '果蔬']);
    out.push(`${rng.pick(PREFIXES)}${who}${trade}${rng.pick(ORG_KINDS)}`);
  }
  return out;
}

// Positives: names written by hand, not drawn from the detector's tables.
export const SURNAMES_BY_USE = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
export const ONE_GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚英华兰萍红鹏飞斌辉宁波凯浩亮琳燕慧莉雪倩婷颖晶鑫峰健梅丹瑶蕾帅航欣悦琦瑜璐露';
/** Full names of Tibetan, Mongolian, Uyghur and Kazakh people as written without a surname (some with parts the detector does not list). */
export const MINORITY_NAMES = ['扎西多吉', '次仁卓玛', '格桑拉姆', '巴特尔', '其其格', '乌云娜', '斯琴高娃', '达瓦次仁', '尼玛卓玛', '平措扎西', '德吉央宗',
  '洛桑丹增', '白玛央金', '索朗旺姆', '边巴次仁', '普布卓嘎', '旺堆', '顿珠', '强巴', '阿旺罗布', '嘉措', '丹增尼玛', '次旦卓嘎', '拉巴次仁',
  '宝音朝鲁', '额尔敦巴雅尔', '娜仁图雅', '乌兰其其格', '苏日娜', '孟和巴特尔', '那日苏', '满都拉', '哈斯巴根', '特木尔巴根', '阿拉坦仓',
  '乌力吉', '萨仁高娃', '塔娜', '其木格', '毕力格', '陶格斯', '敖登格日勒', '吉日嘎拉', '买买提艾力', '阿依古丽', '热依拉', '迪丽努尔',
  '努尔兰别克', '库尔班', '玉素甫', '吾斯曼', '阿迪力', '艾克拜尔', '帕提古丽', '阿依努尔', '米热古丽', '艾尼瓦尔', '阿力木江', '吐尔洪'];
export const DOTTED = ['买买提·艾力', '阿依古丽·吐尔逊', '迪丽努尔·阿不都', '热依拉·依明', '艾尼瓦尔·卡德尔', '古丽米拉·热合曼', '努尔兰·别克',
  '阿力木江·肉孜', '帕提曼·司马义', '叶尔兰·努尔兰', '库尔班·吐鲁木', '玉素甫·艾买提', '阿卜杜·克里木', '米热古丽·阿不力孜'];
export const DOTS = ['·', '・', '.', '．', '•'];

