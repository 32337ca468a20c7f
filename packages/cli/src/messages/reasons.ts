import type { ReviewReason } from '@tuomin/publish';
import { storeNote } from './notes.js';
import { readerWarning } from './warnings.js';
import { zodIssueZh } from './errors.js';

/**
 * The review reasons in Chinese, by code. The English text is the library's own `message` (one
 * place: where the check is made); this is its Chinese wording, built from the reason's structured
 * fields (column, count, type, path) and its `params` (k, shares, rule types; never a cell value).
 * A reason whose figures are missing here (a library that sets no params) is shown as its title,
 * where it applies, and the English detail: `zhReason` never drops what the library said.
 * The test (test/zh-messages.test.ts) reads every code the sources can emit and requires an entry.
 */
export interface ReasonWording {
  /** What the code means, one phrase. */
  title: string;
  /** The whole sentence, or undefined when a figure it needs is missing (then: title + English). */
  detail?: (r: ReasonView) => string | undefined;
}

/** A reason with its params read as text or numbers, and `undefined` for what is missing. */
export type ReasonView = Pick<ReviewReason, 'code' | 'severity' | 'message' | 'path' | 'column' | 'count' | 'type' | 'rows'> & {
  p: (name: string) => string | undefined;
};

/** The detector types in Chinese (core's DETECTOR_TYPES; the test checks each has one). */
export const TYPE_ZH: Record<string, string> = {
  cn_id: '身份证号', cn_id15: '15 位身份证号', cn_uscc: '统一社会信用代码', cn_mobile: '手机号', cn_landline: '固定电话号码',
  bank_card: '银行卡号', email: '电子邮箱', cn_passport: '护照号', hk_mo_tw_permit: '港澳台通行证号', hk_id: '香港身份证号',
  tw_id: '台湾身份证号', cn_plate: '车牌号', ipv4: 'IPv4 地址', ipv6: 'IPv6 地址', person_name: '姓名', address: '地址',
  geo_coordinate: '经纬度坐标', qq_number: 'QQ 号', wechat_id: '微信号', vin: '车辆识别代号',
  personal_number: '个人编号（按标签识别）',
};

/** Where a key comes from, as the library names it (env:NAME, file:path). */
export const keyFromZh = (from: string): string => (from.startsWith('env:') ? `环境变量 ${from.slice(4)} ` : `密钥文件 ${from.slice(5)} `);

export const typeZh = (t: string | undefined): string => (t === undefined ? '个人信息' : TYPE_ZH[t] ?? t);
export const col = (c: string | undefined): string => `“${c ?? ''}”`;
/** A list of column names as the library joins them ("a", "b" or a, b), in Chinese quotes. */
const cols = (list: string | undefined): string | undefined => (list === undefined ? undefined : list.split(/,\s*/).filter(Boolean).map((c) => col(c.replace(/^"|"$/g, ''))).join('、'));

/** Every figure present, or undefined (the caller then shows the title and the English detail). */
function all<T extends Array<string | number | undefined>>(...v: T): { [K in keyof T]: Exclude<T[K], undefined> } | undefined {
  return v.every((x) => x !== undefined) ? (v as { [K in keyof T]: Exclude<T[K], undefined> }) : undefined;
}

const CELL = (what: string): ReasonWording => ({
  title: `有值${what}`,
  detail: (r) => (r.column !== undefined && r.count !== undefined ? `列${col(r.column)}中有 ${r.count} 个值${what}` : undefined),
});

export const REASONS: Record<string, ReasonWording> = {
  // The security review (安全审查).
  'privacy/pii-in-header': {
    title: '列名中含有个人信息',
    detail: (r) => `输出列 ${r.column ?? ''} 的列名含有${typeZh(r.type)}：列名会写进每个文件和元数据；请用 name:（以及 title:）给该列起一个不含标识信息的名字，或删除该列`,
  },
  'privacy/pii-in-metadata': {
    title: '将发布的元数据中含有个人信息',
    detail: (r) =>
      r.type === 'staff_number' && r.path !== undefined
        ? `${r.path} 含有源数据中的工作人员编号（工号），会随元数据发布：请从 spec 中删除它`
      : r.p('found') === 'extract'
        ? `${r.path ?? ''} 是在源数据单元格中出现的${r.type === 'email' ? '邮箱' : '电话号码'}（来电人或数据主体的）：它作为${r.type === 'email' ? '部门邮箱' : '部门电话'}随目录发布，请填写本部门自己的`
      : r.path === 'dataset.contact.phone'
        ? `dataset.contact.phone 是手机号：它作为部门电话随目录发布，请填写部门的座机或服务热线，而不是个人手机`
        : r.path === 'dataset.contact.email'
          ? r.p('maybe') === 'name'
            ? `dataset.contact.email 是公共邮箱服务的地址，且用户名读起来像拼音姓名：它作为部门邮箱随目录发布；如果这是个人邮箱，请改填部门邮箱`
            : `dataset.contact.email 是个人邮箱（公共邮箱服务上以号码或拼音姓名为用户名）：它作为部门邮箱随目录发布，请填写部门邮箱（本单位域名下的邮箱，或以单位名称命名的邮箱，如 hzsjj@163.com）`
        : r.path?.startsWith('source.path') === true
          ? `${r.path} 含有${typeZh(r.type)}：源文件名会写进每个数据文件的来源信息（tuomin.source），请重命名该文件`
          : r.path?.endsWith('.title') === true
            ? `${r.path} 含有${typeZh(r.type)}，会随元数据发布（spec 未写 title: 时，列的中文名就是源文件的列名）：请写一个只说明该列内容、不含标识信息的 title:（如 联系电话）`
          : r.path !== undefined
            ? `${r.path} 含有${typeZh(r.type)}，会随元数据发布：数据单元格以外不发布任何标识信息；请从 spec 或源文件中删除它`
            : r.column !== undefined
              ? `${r.column === '(schema metadata)' ? '表结构' : `列${col(r.column)}`}的键值元数据含有${typeZh(r.type)}：它来自源文件，Arrow 和 Parquet 文件会把它发布出去；请从源文件中去掉`
              : undefined,
  },
  'privacy/pii-pattern': {
    title: '脱敏后仍有个人信息',
    detail: (r) =>
      r.column === undefined || r.count === undefined ? undefined
        : r.p('place') === 'dictionary'
          ? `列${col(r.column)}的字典中有 ${r.count} 个没有任何行使用的条目含有${typeZh(r.type)}：字典会整体发布`
          : r.p('allowed') === 'own'
            ? `列${col(r.column)}中仍有 ${r.count} 个${typeZh(r.type)}：allow 只放行每一行都经 fpe 或 synthesize 规则生成的仿真标识，不放行本人的真实标识，而这一列没有这样的规则；请遮盖、假名化或删除该列`
            : `脱敏后列${col(r.column)}中仍有 ${r.count} 个${typeZh(r.type)}`,
  },
  'privacy/unmasked-sensitive-field': {
    title: '含个人信息的列没有脱敏规则',
    detail: (r) =>
      r.column === undefined ? undefined
        : r.type === undefined ? `列${col(r.column)}的敏感级别要求脱敏，但没有脱敏规则：请加一条规则（mask、pseudonymize、generalize、drop），或有依据地降低敏感级别`
        // Not a detector type: a column headed 工号 (review/security.ts staffNumberReasons).
        : r.type === 'staff_number' ? `列${col(r.column)}的列名表明它是工作人员编号（工号），能指认办理每条记录的人，但没有脱敏规则：请删除它或用带密钥的假名化，或在 public: 中写明公开它的法律依据`
          : `列${col(r.column)}在抽样行中${r.p('share') !== undefined ? `有 ${r.p('share')}% ` : ''}含有${typeZh(r.type)}，但没有脱敏规则`,
  },
  'privacy/non-crypto-hash': {
    title: '个人信息使用了非假名化的方法',
    detail: (r) => (r.column === undefined ? undefined : `列${col(r.column)}含有个人信息，但使用的${r.p('method') ? ` ${r.p('method')} ` : ''}不是假名化方法（请改用带密钥的假名化，或删除该列）`),
  },
  'privacy/names-published': {
    title: '该列是人名，且原样发布',
    detail: (r) => (r.column === undefined ? undefined : `列${col(r.column)}的值是人名（按值判断），且原样发布：无论多少条记录同名，人名都能识别到个人；请对它使用 mask（preset: cn.name）、pseudonymize 或 drop`),
  },
  'privacy/trade-secret': {
    title: '企业自身的财务数据与企业名称一同发布（商业秘密）',
    detail: (r) => (r.column === undefined || r.p('firms') === undefined ? undefined
      : `列${col(r.column)}是企业自身的财务数据（按列名判断），与标明企业的列${cols(r.p('firms'))}一同发布：属于商业秘密（第二十三条）${r.severity === 'error' ? '，不得开放' : '；有条件开放时请确认协议允许'}；请删除该列、只发布不标明企业的汇总数，或在法律或企业同意公开时在该列上声明 public: { reason: … }`),
  },
  'privacy/near-unique-column': {
    title: '该列能单独识别出记录',
    detail: (r) => {
      const f = all(r.column, r.p('distinct'), r.p('rows'), r.p('share'), r.p('limit'));
      if (!f) return undefined;
      const [c, distinct, rows, share, limit] = f;
      return `列${col(c)}的 ${distinct} 个不同值分布在 ${rows} 条记录中，能单独识别出记录（不同值占 ${share}%，上限 ${limit}%）；${FIX_RISK}${fixNote(r)}`;
    },
  },
  'privacy/person-key': {
    title: '该列是个人的编号（借阅证号、就诊卡号、学号等），且原样发布',
    detail: (r) => {
      const f = all(r.column, r.p('distinct'), r.p('rows'), r.p('share'));
      if (!f) return undefined;
      const [c, distinct, rows, share] = f;
      const by = r.p('by') === 'header' ? '其列名表明它是个人的编号' : `其编码像个人编号一样在多条记录中重复（不同值占 ${share}%）`;
      return `列${col(c)}原样发布编码（${rows} 条记录中有 ${distinct} 个不同值），${by}：这样的编号把同一个人的所有记录关联起来，并能在机构的系统中对应到本人，无论多少条记录共用它；请删除该列、用带密钥的 pseudonymize 假名化或完全遮盖；若它编号的是物而不是人，或法律规定公开，请声明 public: { reason: … }${fixNote(r)}`;
    },
  },
  'privacy/linking-measure': {
    title: '精确的数值能把记录与知道它的人关联起来',
    detail: (r) => {
      const f = all(r.column, r.p('distinct'), r.p('rows'), r.p('share'), r.p('alone'), r.p('aloneShare'), r.p('limit'));
      if (!f) return undefined;
      const [c, distinct, rows, share, alone, aloneShare, limit] = f;
      const beside = cols(r.p('beside')) ? `与攻击者可获知的列（${cols(r.p('beside'))}）一起` : '单独（没有其他攻击者可获知的列）';
      const verdict = r.severity === 'error' ? '达到' : '低于';
      const how = '请用规则取整（round，选一个让不同值很少的基数）或分箱（generalize bins），或把它声明为 privacy.quasiIdentifiers 并给出区间层级，或删除该列；如果这些数值除当事人外无人能知道或查到（罚款金额、成交价），请声明 measure: { reason: "<原因>" }';
      return `列${col(c)}是精确的数值：${rows} 条记录中有 ${distinct} 个不同值（${share}%）；${beside}，它使 ${rows} 条记录中的 ${alone} 条独自成类（${aloneShare}%，${verdict}阻止发布的 ${limit}%）。对知道这个数值的人来说，它就是一把钥匙：${how}${fixNote(r)}`;
    },
  },
  'privacy/noise-scale': {
    title: '所加噪声相对数值间距太小，数值仍能关联记录',
    detail: (r) => {
      const f = all(r.column, r.p('scale'), r.p('needed'), r.p('rows'), r.p('alone'), r.p('aloneShare'), r.p('limit'));
      if (!f) return undefined;
      const [c, scale, needed, rows, alone, aloneShare, limit] = f;
      const beside = cols(r.p('beside')) ? `与攻击者可获知的列（${cols(r.p('beside'))}）一起` : '单独（没有其他攻击者可获知的列）';
      return `列${col(c)}加了噪声，但按噪声尺度（${scale}）取整后，${beside}仍使 ${rows} 条记录中的 ${alone} 条独自成类（${aloneShare}%，达到阻止发布的 ${limit}%）：这么小的噪声不会让数值越过相邻的值，知道确切数值的人仍能找到这条记录；请把噪声尺度加大到至少约 ${needed}（{ type: noise, scale: ${needed} }），或取整、分箱，或把它声明为 privacy.quasiIdentifiers 并给出区间层级，或删除该列${fixNote(r)}`;
    },
  },
  'privacy/published-risk': {
    title: '按攻击者可获知的列计算，k 匿名未达标',
    detail: (r) => {
      if (r.column !== undefined) {
        const f = all(r.count, r.p('k'), r.p('minClass'));
        return f ? `列${col(r.column)}单独就使 ${f[0]} 条记录落在小于 k = ${f[1]} 的等价类中（最小等价类 ${f[2]}）；${FIX_RISK}${fixNote(r)}` : undefined;
      }
      const known = cols(r.p('known'));
      const f = all(r.count, r.p('rows'), r.p('k'), known, r.p('kReached'), r.p('uniques'));
      return f ? `发布的 ${f[1]} 条记录中有 ${f[0]} 条，按攻击者可获知的列（${f[3]}）落在小于 k = ${f[2]}${kSourceZh(r)} 的等价类中：实际 k 为 ${f[4]}，${f[5]} 条记录是唯一的；${FIX_QI}` : undefined;
    },
  },
  'privacy/public-register': {
    title: '按公共登记簿判断（风险指标不阻止发布）',
    detail: (r) => {
      const f = all(cols(r.p('keys')), r.p('kReached'), r.p('k'));
      if (!f) return undefined;
      const single = cols(r.p('singling'));
      return `每条记录都可由依法公开的列 ${f[0]} 识别，因此本次发布按公共记录登记簿判断：按攻击者可获知的列，实际 k 为 ${f[1]}（要求 k = ${f[2]}）${single ? `，且 ${single} 单独就能识别记录` : ''}；这些指标不阻止发布`;
    },
  },
  'privacy/no-person-data': {
    title: '没有迹象表明记录涉及个人（风险指标不阻止发布）',
    detail: (r) => {
      const f = all(r.p('kReached'), r.p('k'));
      if (!f) return undefined;
      const single = cols(r.p('singling'));
      return `spec 和数据中都没有迹象表明记录描述的是个人（没有 privacy 部分、脱敏规则、删除的列、敏感级别、人口统计类列名或人名），因此风险指标不阻止发布：按攻击者可能获知的列，实际 k 为 ${f[0]}（要求 k = ${f[1]}）${single ? `；${single} 能单独识别记录` : ''}。如果记录涉及个人，请加上保护他们的规则`;
    },
  },
  'privacy/quasi-identifier-risk': {
    title: '准标识符上的重识别风险超过限度',
    detail: (r) => {
      if (r.path === 'privacy.maxProsecutorRisk') {
        const f = all(r.p('max'), r.p('limit'));
        return f ? `最大检察官风险 ${f[0]} 超过了上限 ${f[1]}` : undefined;
      }
      const f = all(r.count, r.p('classes'), cols(r.p('qi')), r.p('k'), r.p('minClass'));
      return f ? `按准标识符（${f[2]}），${f[1]} 个等价类中的 ${f[0]} 条记录小于 k = ${f[3]}（最小等价类 ${f[4]}）` : undefined;
    },
  },
  'privacy/l-diversity': {
    title: 'l 多样性未达标',
    detail: (r) => {
      const f = all(r.count, r.p('classes'), r.p('l'), r.column);
      return f ? `${f[1]} 个等价类中的 ${f[0]} 条记录，列${col(f[3])}的不同值少于 l = ${f[2]}${r.p('mode') === 'entropy' ? '（熵 l 多样性）' : ''}` : undefined;
    },
  },
  'privacy/mask-breaks-constraint': {
    title: 'suppression: mask 写入的“*”不符合该准标识符的 enum 或 pattern 约束',
    detail: (r) => {
      const c = r.p('constraint');
      if (c === undefined) return undefined;
      return `suppression: mask 会把“*”写入准标识符 ${r.p('name') || '（不显示列名）'}，但它的 ${c} 约束不允许：${c === 'enum' ? '请在 enum 中加入 "*"' : '请让 pattern 接受 "*"'}，或改用 suppression: drop`;
    },
  },
  'privacy/allow-personal-without-reason': {
    title: 'allow 放行了原样发布的个人信息，但没有写明法律依据',
    detail: (r) => {
      const types = r.p('types');
      if (types === undefined) return undefined;
      const name = r.p('name') ? col(r.p('name')!.replace(/^"|"$/g, '')) : '（不显示列名）';
      return `列${name}的 allow 放行了${types.split(/,\s*/).map(typeZh).join('、')}，而该列没有遮盖它们的规则，会原样发布源数据中的个人信息：如果法律规定这些信息应当公开，请在该列加上 public: { reason: "<法律名称和条款>" }（例如法定代表人：《企业信息公示暂行条例》第六条）；否则请加一条遮盖规则（mask、pseudonymize、synthesize、redact），或从 allow 中删去它们`;
    },
  },
  'key/readable-by-others': {
    title: '密钥文件其他用户可读',
    detail: (r) => (r.p('mode') !== undefined && r.p('keyFrom') !== undefined ? `${keyFromZh(r.p('keyFrom')!)}其他用户可读（权限 ${r.p('mode')}）：请执行 chmod 600` : undefined),
  },

  // The normative review (规范性审查) and the spec's rules of the opening regulations.
  'rule/destroyed-column': {
    title: '规则使整列数据失效',
    detail: (r) => {
      const f = all(r.p('rule'), r.p('mode'), r.count, r.p('seen'), r.p('share'), r.p('limit'), r.p('expect'), r.p('source'));
      if (!f) return undefined;
      const [rule, mode, count, seen, share, limit, expect, source] = f;
      return `规则 ${rule}（onInvalid: ${mode}）把列${col(source)}的 ${seen} 个值中的 ${count} 个（${share}%）变成了${mode === 'null' ? '空值' : '掩码'}，超过允许的 ${limit}%：该规则不适合这些值；请换一条适合的规则，或在规则上写明预期比例 expectInvalid: ${expect}；空单元格也算作值：如果该列因未登记而留空（例如只有部分来电留了身份证号），请用 source.csv.nullTokens: [""] 或先加一条 null-tokens 规则把空单元格读作空值`;
    },
  },
  'gov/required-field-missing': { title: '缺少必填的目录字段', detail: (r) => (r.path ? `缺少必填的目录字段 ${r.path}${r.p('example') ? `；在 dataset 下写 ${r.p('example')}` : ''}` : undefined) },
  'gov/todo': { title: '仍有草稿中的 TODO 占位符', detail: (r) => (r.path ? `${r.path} 仍是草稿中的 TODO 占位符：请填写真实内容` : undefined) },
  'gov/recommended-field-missing': { title: '缺少建议填写的字段', detail: (r) => (r.path === 'dataset.keywords' ? '没有关键词（标签，dataset.keywords）：数据集更难被找到' : undefined) },
  // These titles say all the English says but a value of the spec (the place is printed beside).
  'gov/not-open': { title: '数据集属于不予开放类', detail: () => '数据集属于不予开放类（依据见 legalBasis），永远不会发布' },
  'gov/legal-basis-missing': { title: '缺少法律依据', detail: () => '不予开放的数据集必须写明法律依据（法律和条款，第七条）：请添加 legalBasis: [{ law: ..., article: ... }]' },
  'gov/conditions-missing': { title: '缺少开放条件', detail: () => '有条件开放的数据集必须写明开放条件（使用场景、反馈、安全、信用等，第七条）：请添加 conditions: [{ kind: usage-scenario, text: ... }]' },
  'gov/conditions-discriminatory': { title: '开放条件带有歧视性', detail: () => '开放条件不得按规模或地域限制申请者（第七条、第十五条）：请写明数据可用于什么，而不是谁可以申请' },
  'gov/conditions-unexpected': { title: '给出了不需要的开放条件', detail: () => '给出了开放条件，但 openAttribute 不是 conditional：请设为 openAttribute: conditional，或删除这些条件' },
  'metadata/field': {
    title: '列缺少描述',
    detail: (r) => (r.path?.startsWith('columns.') ? `列${col(r.path.slice(8).replace(/\.description$/, ''))}没有描述（中文描述，${r.path}）` : undefined),
  },
  'usability/non-machine-readable': { title: '输出格式不是机器可读格式', detail: (r) => (r.p('format') ? `输出格式 ${r.p('format')} 不是机器可读格式` : undefined) },
  'usability/high-missing-rate': {
    title: '该列超过一半为空',
    detail: (r) => (r.column === undefined ? undefined : `列${col(r.column)}${r.p('share') ? `有 ${r.p('share')}% ` : '超过一半'}为空${r.count !== undefined ? `（${r.count} 个空值）` : ''}`),
  },
  'table/row-count': {
    title: '发布的行数不合理',
    detail: (r) => (r.severity === 'error' && r.count === undefined ? '本次发布没有任何行' : r.count !== undefined && r.p('sourceRows') !== undefined ? `源数据 ${r.p('sourceRows')} 行中有 ${r.count} 行被移除` : undefined),
  },
  'row/rejected': {
    title: '有行被扣留',
    detail: (r) => (r.count !== undefined && r.p('transform') && r.p('file') ? `${r.count} 行被 ${r.p('transform')} 拒绝，未进入本次发布；见 ${r.p('file')}` : undefined),
  },
  'release/unchanged': { title: '数据与已有版本完全相同', detail: (r) => (r.p('version') ? `数据与${r.p('withdrawn') === 'yes' ? '已撤回的' : '最新的'}版本 ${r.p('version')} 完全相同${r.p('withdrawn') === 'yes' ? '：请确认撤回的原因已经解决' : ''}` : undefined) },
  'release/key-changed': {
    title: '密钥与上一版本不同',
    detail: (r) => {
      const [t, c, prev, from, to, v, key] = ['transform', 'column', 'previous', 'from', 'to', 'version', 'key'].map((n) => r.p(n));
      if (!t || !c || !prev || !from || !to || !v) return undefined;
      const fix = key
        ? `如果是有意轮换（例如旧密钥泄露后），请在 keys.${key} 下声明：rotated: { version: ${v}, reason: 原因 }；否则请让 keys.${key} 指回 ${prev} 使用的密钥（密钥编号 ${from}）`
        : `请把密钥写到 keys: 下并在规则上引用它的名称，再在那里声明轮换；或使用 ${prev} 的密钥（密钥编号 ${from}）`;
      const declared = r.p('declaredFor') ? `（keys.${key}.rotated 声明的版本是 ${r.p('declaredFor')}，不是 ${v}）` : '';
      return `列${col(c)}的 ${t}${key ? `（密钥 “${key}”）` : ''}使用的密钥与 ${prev} 不同（之前密钥编号 ${from}，现在 ${to}）${declared}：其值无法与 ${prev} 关联，用户关联两个版本会得到错误结果；${fix}`;
    },
  },
  'release/key-rotated': {
    title: '已声明的密钥轮换',
    detail: (r) => (r.p('transform') && r.column !== undefined && r.p('previous') && r.p('version')
      ? `列${col(r.column)}的 ${r.p('transform')} 使用的密钥 “${r.p('key')}” 在 ${r.p('version')} 中轮换（${r.p('previous')} 的密钥编号 ${r.p('from')}，现在 ${r.p('to')}）：其值不能与 ${r.p('previous')} 及更早版本关联；原因：${r.p('reason')}`
      : undefined),
  },
  'source/reader-warning': {
    title: '读取源数据时的提示',
    detail: (r) => {
      // The release's own shape (publish review/reader-warnings.ts: other sheets by their count only).
      const sheets = /^read the sheet "(.*)"; not read: (\d+) other sheets?$/.exec(r.message);
      if (sheets) return `读取了工作表“${sheets[1]}”；另有 ${sheets[2]} 个工作表未读取`;
      const zh = readerWarning(r.message);
      return zh === r.message ? undefined : zh;
    },
  },
  'release/recovered': { title: '已恢复上次中断的提交', detail: (r) => { const zh = storeNote(r.message); return zh === r.message ? undefined : zh; } },
  'cell/output-type': {
    title: '有值无法按声明的类型发布',
    detail: (r) => (r.column !== undefined && r.count !== undefined && r.p('type') ? `列${col(r.column)}中有 ${r.count} 个值无法按 ${r.p('type')} 类型发布：请修正声明的类型或这些值` : undefined),
  },
  'cell/type': {
    title: '有值与声明的类型不符',
    detail: (r) => {
      const f = all(r.column, r.count, r.p('declared'));
      if (!f) return undefined;
      const [c, count, declared] = f;
      return `列${col(c)}中有 ${count} 个值与声明的类型 ${declared} 不符：请在 ${r.path ?? 'columns.<列>.type'} 声明这些值实际的类型（integer、number、boolean、date 或 datetime），或用 cast 规则转换${fixNote(r)}`;
    },
  },
  'cell/required': CELL('为空，但该列为必填'),
  'cell/unique': CELL('重复，但该列要求唯一'),
  'cell/maxLength': CELL('超过 maxLength'),
  'cell/pattern': CELL('不符合 pattern'),
  'cell/enum': CELL('不在允许的取值列表中'),

  // Problems of the spec file itself (SpecError issues), shown with their line and path.
  'spec/syntax': {
    title: 'YAML 语法错误',
    detail: (r) => (r.p('yaml') ? `YAML 语法错误（${r.p('yaml')}）：${r.message.replace(/^YAML \S+: /, '原文：')}；请修正该行该列：用空格缩进（不用制表符），与同级的键对齐；每个 [ 和 { 都要闭合；含有“: ”或“ #”的值要加引号` : undefined),
  },
  'spec/invalid': {
    title: '不符合 spec 的格式',
    detail: (r) => {
      const name = r.p('name');
      switch (r.p('kind')) {
        case 'missing': return name ? `缺少必填项 ${name}${r.p('expected') ? `（应为 ${r.p('expected')}）` : ''}` : undefined;
        case 'unknown-value': return name ? `${name} 的取值${r.p('value') || '（不显示该值）'}无效${r.p('guess') ? `；是不是想写“${r.p('guess')}”？` : ''}（可选值：${r.p('choices') ?? ''}）` : undefined;
        case 'expected-mapping': return name ? `${name} 应写成包含 ${r.p('keys') ?? ''} 的映射，例如 ${name}: { ${(r.p('keys') ?? '').split(', ').map((k) => `${k}: …`).join(', ')} }` : undefined;
        case 'unknown-keys': return `未知的键 ${r.p('keys') || '（不显示该键）'}${r.p('guesses') ? `；是不是想写 ${r.p('guesses')}？` : r.p('allowed') ? `（允许的键：${r.p('allowed')}）` : ''}`;
        // A bound, a type or a format (spec/load.ts, as core words a rule's options); an unworded code falls back to the English.
        case 'zod': return zodIssueZh(Object.fromEntries(ZOD_FIGURES.flatMap((k) => (r.p(k) === undefined ? [] : [[k, r.p(k)!]]))));
        default: return undefined;
      }
    },
  },
  'spec/unknown-rule': {
    title: '未知的规则类型',
    detail: (r) => (r.p('value') === undefined ? undefined : `未知的规则类型 ${r.p('value') || '（不显示该值）'}${r.p('guess') ? `；是不是想写“${r.p('guess')}”？` : ''}（规则类型见 docs/spec.md）`),
  },
  'spec/unknown-column': {
    title: '引用的列不在 spec 中',
    detail: (r) => (r.p('name') === undefined ? undefined : `引用的列 ${r.p('name') || '（不显示列名）'} 不是 spec 中的列`),
  },
  'spec/unknown-key': {
    title: 'keys: 下没有这个名字的密钥',
    detail: (r) => (r.p('name') === undefined ? undefined : `keys: 下没有名为 ${r.p('name') || '（不显示该名字）'} 的密钥：请在 keys: 下添加，例如 { env: TUOMIN_KEY }`),
  },
  'spec/inline-key': {
    title: 'key: 处写的像是密钥本身',
    detail: () => 'key: 处写的像是密钥本身，而不是 keys: 下的密钥名（不显示其值）：请视该密钥为已泄露，重新生成一个，放进环境变量或权限 600 的密钥文件，再写 key: { env: 变量名 } 或 key: { file: 路径 }',
  },
  'spec/reserved-key': {
    title: '不能使用名为 "__proto__" 的键',
    detail: () => '不能使用名为 "__proto__" 的键（JavaScript 会把它当作对象的原型而丢弃）：请删除该键；源数据中名为 __proto__ 的列请在源文件中改名，或用 unlistedColumns: drop 略去',
  },
  'spec/duplicate-output-name': {
    title: '输出列名重复',
    detail: (r) => (r.p('name') === undefined ? undefined : `输出列名 ${r.p('name') || '（不显示列名）'} 也被列 ${r.p('other') || '（不显示列名）'} 使用`),
  },
  'spec/suppress-after-change': {
    title: 'suppress-rows 检查的列已被前面的规则改写',
    detail: (r) => {
      const by = r.p('by');
      if (by === undefined) return undefined;
      return `suppress-rows 检查的列 ${r.p('name') || '（不显示列名）'} 已被它前面的 ${by} 规则改写，会匹配改写后的值而不是源数据的值：请把 suppress-rows 规则移到 ${by} 规则之前（放在该列规则的最前面，或放在排在它前面的列上）`;
    },
  },
  'spec/lossy-number': {
    title: '不加引号的长数字',
    detail: () => '这里是一个不加引号的数字，YAML 无法按原样保存（有前导零或超过 2^53），不显示其值：请加引号（\'…\'）让它保持为文本，标识符、代码和电话号码都应如此',
  },
};

const ZOD_FIGURES = ['issue', 'expected', 'origin', 'format', 'minimum', 'maximum', 'divisor', 'exclusive'] as const;
const FIX_RISK = '请泛化、删除或完全遮盖该列，或在有法律依据时声明为 public';
const FIX_QI = '请泛化、删除或完全遮盖上面列出的列，或把它们声明为 privacy.quasiIdentifiers 并给出层级，让隐私搜索达到 k';
const fixNote = (r: ReasonView): string => (r.p('fix') ? `（具体建议：${r.p('fix')}）` : '');
const kSourceZh = (r: ReasonView): string => (r.p('kSource') === 'privacy.k' ? '（privacy.k）' : r.p('kSource') ? `（${r.p('kSource') === 'conditional' ? '有条件开放' : '无条件开放'}发布的默认值）` : '');
