import type { ColumnSuggestion } from '@tuomin/publish';
import { REVIEW_ZH } from './errors.js';
import { lang } from './lang.js';

/**
 * What `tuomin profile` proposes for a column, in Chinese, from the suggestion's structured
 * fields (role, drop, rule, quasi-identifier, sensitive). The English `note` is the library's,
 * with its evidence (shares, distinct counts); in Chinese it follows this line as the original.
 */
export function suggestionZh(s: ColumnSuggestion): string {
  const rules = (Array.isArray(s.rule) ? s.rule : s.rule ? [s.rule] : []).map((r) => String(r.type));
  switch (s.role) {
    case 'direct':
      return '直接标识符或不宜发布的内容：建议删除该列（如需保持可关联，改用带密钥的假名化）';
    case 'text':
      return '自由文本中含有标识信息：建议用 redact 去除';
    case 'quasi':
      if (s.drop) return '准标识符，不同值过多，任何等价类都无法保留它：建议删除，或发布更粗的形式';
      if (rules.includes('mask')) return '准标识符（地址）：先遮盖到区县，再由隐私搜索泛化';
      if (rules.includes('redact')) return '准标识符，其中含有标识信息：先用 redact 去除，再由隐私搜索泛化';
      return '准标识符：由隐私搜索泛化';
    case 'sensitive':
      return '敏感属性（个人信息保护法第二十八条）：在每个等价类中满足 l 多样性';
    case 'measure':
      return rules.includes('round') ? `度量值：建议取整（不同值过多会单独识别出记录）` : '度量值';
    case 'keep':
      return '保留';
  }
}

/** The suggestion as `tuomin profile` prints it after the arrow: the library's note, or in Chinese the line above and the note as the original. */
export function suggestionText(s: ColumnSuggestion): string {
  return lang() === 'zh' ? `${suggestionZh(s)}\n      ${REVIEW_ZH.english.replace('{text}', s.note)}` : s.note;
}
