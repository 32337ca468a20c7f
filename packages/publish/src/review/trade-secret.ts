/**
 * Trade secrets (商业秘密, OPENING-RULES art. 23): a firm's own financial figures — revenue,
 * profit, tax paid, assets, liabilities, costs — published beside what names the firm. An
 * enterprise annual report publishes them only when the firm chooses to (企业信息公示暂行条例), so
 * an open release of them is refused unless the spec declares the column public with its reason
 * (`public: { reason }`: a listed company's disclosure, a firm's consent). Figures without a firm
 * beside them (an industry's totals) name no one's secret.
 */

/** Headers of a firm's financial figures; 纳税人识别号 and other numbers of a firm are codes, not figures. */
const FIGURE = /营业(?:总)?收入|主营业务收入|营收|销售(?:总)?额|销售收入|利润|净利|毛利|纳税(?:总)?额|缴纳税|缴税|实缴税|税收贡献|应纳税额|资产总额|总资产|负债|所有者权益|净资产|营业成本|研发(?:投入|费用)|revenue|turnover|profit|net.?income|tax.?paid|taxes.?paid|total.?assets|liabilit|owners?.?equity|net.?assets/i;
const CODE = /识别号|编号|代码|号码|账号|(?:^|[_\s])(?:id|no|code)$|number/i;

export function namesFirmFigure(headers: readonly string[]): boolean {
  return headers.some((h) => FIGURE.test(h) && !CODE.test(h));
}

/** Headers that name a firm (its name or its credit code). */
const FIRM_HEADER = /企业名称|单位名称|公司名称|市场主体名称|主体名称|商户名称|店铺名称|纳税人名称|统一社会信用代码|信用代码|注册号|company|enterprise|firm.?name|ent.?name|corp|uscc|credit.?code/i;
/** A firm's name by its ending. */
const FIRM_NAME = /(?:有限公司|有限责任公司|股份公司|公司|分公司|集团|厂|商行|商店|超市|酒店|饭店|餐厅|合作社|事务所|工作室|门市部|经营部|店)$/;

/** The column names a firm: by its header, by an allowed credit code, or most of its values end as a firm's name. */
export function namesFirm(headers: readonly string[], allow: readonly string[], texts: readonly string[]): boolean {
  if (allow.includes('cn_uscc') || headers.some((h) => FIRM_HEADER.test(h))) return true;
  if (texts.length === 0) return false;
  let n = 0;
  for (const t of texts) if (FIRM_NAME.test(t.trim())) n++;
  return n >= 0.5 * texts.length;
}
