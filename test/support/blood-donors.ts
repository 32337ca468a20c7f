/**
 * A blood-donor register (献血者登记) as a blood centre exports it: one row per donation, Chinese
 * headers, resident IDs, mobiles, names, door-level addresses, remarks with identifiers inside, and
 * a column named innocently (备用字段) that a clerk filled with ID numbers. The date of birth,
 * gender and district together single most donors out (the attacker knows all three).
 * Seeded: the same rows for the same seed. Every raw identifier is listed in `direct` so a checker
 * can look for it in whatever was published.
 */
import { BINZHOU, Rng, residentId, mobile, toFullWidth } from '../../fixtures/lib/index.js';
import { dateBetween, isoDate } from '../../fixtures/lib/dates.js';

export const DONOR_HEADER = [
  '献血编号', '姓名', '性别', '出生日期', '身份证号', '手机号', '住址', '所在区县', '血型', '献血量',
  '献血日期', '献血类型', '检测结果', '备注', '备用字段', '紧急联系电话',
] as const;

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗'];
const GIVEN = ['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀兰', '霞', '平', '刚', '桂英', '建华', '志强'];
const STREETS = ['黄河五路', '渤海七路', '长江一路', '新立河西路', '中海路', '梧桐二路', '滨北街道张富路'];
const TESTS = ['合格', '合格', '合格', '合格', '合格', '合格', 'ALT偏高', 'HBsAg阳性', '梅毒阳性', 'HCV阳性'];

export interface DonorExtract {
  header: readonly string[];
  rows: string[][];
  /** Every raw direct identifier: IDs, mobiles, names, record numbers. */
  direct: Set<string>;
  /** The IDs only (18 characters). */
  ids: string[];
  /** The mobiles only. */
  mobiles: string[];
}

export function bloodDonors(n: number, seed: number): DonorExtract {
  const rng = new Rng(seed, 71);
  const rows: string[][] = [];
  const direct = new Set<string>();
  const ids: string[] = [];
  const mobiles: string[] = [];
  for (let i = 0; i < n; i++) {
    const county = rng.pick(BINZHOU);
    const male = rng.chance(0.55);
    const birth = dateBetween(rng, [1960, 1, 1], [2006, 12, 31]);
    const id = residentId(rng, county.code, birth, male);
    const phone = mobile(rng);
    const contact = mobile(rng);
    const name = rng.pick(SURNAMES) + rng.pick(GIVEN);
    const record = `XX${2024}${String(100000 + i)}`;
    const address = `山东省滨州市${county.county}${rng.pick(STREETS)}${rng.range(1, 300)}号${rng.range(1, 20)}号楼${rng.range(1, 4)}单元${rng.range(1, 18)}0${rng.range(1, 4)}室`;
    const when = isoDate(dateBetween(rng, [2024, 1, 1], [2024, 12, 31]));
    const remarkKind = rng.int(4);
    const remark = remarkKind === 0 ? `献血者${name}，身份证${id}，已核实`
      : remarkKind === 1 ? `联系电话${phone}，下次预约`
        : remarkKind === 2 ? '首次献血' : '';
    // The spare column: most rows carry the donor's ID again, some as a clerk typed it (spaced,
    // full-width), the rest are blank.
    const spelling = rng.int(20);
    const spare = !rng.chance(0.8) ? '' : spelling === 0 ? `${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}` : spelling === 1 ? toFullWidth(id) : id;
    rows.push([
      record, name, male ? '男' : '女', isoDate(birth), id, phone, address, county.county,
      rng.pick(['A', 'B', 'O', 'AB']), String(rng.pick([200, 300, 400])), when,
      rng.pick(['全血', '全血', '机采血小板']), rng.pick(TESTS), remark, spare, contact,
    ]);
    for (const v of [id, phone, contact, name, record]) direct.add(v);
    ids.push(id);
    mobiles.push(phone, contact);
  }
  return { header: DONOR_HEADER, rows, direct, ids, mobiles };
}

/** The extract as a UTF-8 CSV with a header row; no value needs quoting (no comma, quote or line break). */
export function donorCsv(x: DonorExtract): string {
  return [x.header.join(','), ...x.rows.map((r) => r.join(','))].join('\n') + '\n';
}
