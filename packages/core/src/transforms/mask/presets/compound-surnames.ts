/**
 * Common two-character (compound) surnames, 复姓. A name starting with one keeps both characters.
 * Keyed as first * 0x110000 + second so the hot path looks up two code points without a string.
 */
export const COMPOUND_SURNAMES = [
  '欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒',
  '夏侯', '轩辕', '令狐', '钟离', '闾丘', '澹台', '公冶', '宗政', '濮阳', '淳于', '单于', '太叔',
  '申屠', '赫连', '端木', '万俟', '呼延', '南宫', '独孤', '西门', '东郭', '百里', '司空', '拓跋',
  '第五', '公羊', '谷梁', '梁丘', '左丘', '乐正', '南门', '夹谷', '宰父', '羊舌', '微生', '公良',
  '漆雕', '壤驷', '巫马', '鲜于', '闻人', '亓官', '司寇', '子车', '颛孙', '仲孙', '段干', '公西',
  '东门', '西方', '呼衍', '完颜', '耶律', '爱新', '叶赫', '纳兰', '歐陽', '司馬', '諸葛', '長孫',
] as const;

export const COMPOUND_SURNAME_KEYS: ReadonlySet<number> = new Set(
  COMPOUND_SURNAMES.map((s) => {
    const [a, b] = Array.from(s, (c) => c.codePointAt(0)!);
    return a! * 0x110000 + b!;
  }),
);
