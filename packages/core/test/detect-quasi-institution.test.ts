import { describe, expect, it } from 'vitest';
import { quasiByValues, quasiIdentifierHeader } from '../src/detect/index.js';

/**
 * An institution a person attends or belongs to (a kindergarten, a clinic of registration, a
 * volunteer team, a supply station) is attacker-known by its header and by its values, and is no
 * demographic: a list of such institutions as entities is no evidence that records describe persons.
 */
describe('institutions a neighbour knows, by header', () => {
  it('names a kindergarten, a class, a clinic, an organisation, a station and a utility account kind', () => {
    const cases: Array<[string, string]> = [
      ['幼儿园名称', 'school'], ['所在园所', 'school'], ['入托园所', 'school'], ['ymc', 'school'], ['yeymc', 'school'], ['yey', 'school'],
      ['kindergarten', 'school'], ['Kindergarten Name', 'school'], ['bj', 'school'],
      ['接种单位', 'place'], ['接种门诊', 'place'], ['预防接种点', 'place'], ['jzdw', 'place'], ['clinic', 'place'], ['clinicName', 'place'], ['vaccination_site', 'place'],
      ['所属组织', 'employer'], ['志愿组织', 'employer'], ['所属志愿服务队', 'employer'], ['team', 'employer'], ['team_name', 'employer'], ['organisation', 'employer'], ['Organization Name', 'employer'],
      ['供电所', 'place'], ['gds', 'place'], ['所属供电单位', 'place'], ['supply_station', 'place'],
      ['用户类别', 'occupation'], ['yhlb', 'occupation'], ['用电类别', 'occupation'], ['customer_type', 'occupation'],
    ];
    for (const [header, attribute] of cases) {
      const q = quasiIdentifierHeader(header);
      expect(q?.attribute ?? null, header).toBe(attribute);
      expect(q!.demographic, header).toBe(false);
      expect(q!.levels, header).toBe('plain');
    }
  });

  it('leaves a river, a park, a clinical phase and a monitoring point as they were', () => {
    // 所属河流 and 点位名称 are a water-quality station list's; 公园所在区县 is a county, not a kindergarten.
    expect(quasiIdentifierHeader('所属河流')).toBeNull();
    expect(quasiIdentifierHeader('点位名称')).toBeNull();
    expect(quasiIdentifierHeader('clinical_phase')).toBeNull();
    expect(quasiIdentifierHeader('teammate_count')).toBeNull();
    expect(quasiIdentifierHeader('公园所在区县')?.attribute).toBe('place');
    expect(quasiIdentifierHeader('公园所在区县')?.levels).toBe('region');
    // The older rules keep their demographics: a school header still says the records are persons'.
    expect(quasiIdentifierHeader('就读学校')).toMatchObject({ attribute: 'school', demographic: true });
  });
});

describe('institutions a neighbour knows, by values', () => {
  const cycle = (names: readonly string[], n: number): string[] => Array.from({ length: n }, (_, i) => names[i % names.length]!);

  it('reads kindergartens and schools as a school a person attends, in at least half the cells', () => {
    const q = quasiByValues(cycle(['滨州市实验幼儿园', '沾化区实验幼儿园（东园）', '博兴县乐安幼儿园', '滨州市第一中学', '惠民县第二实验小学'], 40));
    expect(q).toMatchObject({ attribute: 'school', demographic: false, share: 1 });
  });

  it('reads clinics, teams and supply stations as an institution a person belongs to', () => {
    const clinics = ['滨城区市中街道社区卫生服务中心预防接种门诊', '沾化区人民医院预防接种门诊', '里则镇卫生院', '市西街道社区卫生服务中心'];
    const teams = ['滨城区新时代文明实践志愿服务队', '滨州学院青年志愿者协会', '滨州市蓝天救援队', '市中街道巾帼志愿服务队'];
    const stations = ['市中供电所', '彭李供电所', '沾化供电中心'];
    const registries = ['滨城区婚姻登记处', '沾化区婚姻登记处', '邹平市婚姻登记中心'];
    for (const names of [clinics, teams, stations, registries]) {
      expect(quasiByValues(cycle(names, 30)), names[0]).toMatchObject({ attribute: 'employer', demographic: false, share: 1 });
    }
  });

  it('needs half the cells: a few schools among bureaus and companies name buyers, no person', () => {
    const buyers = ['滨州市教育局', '滨州市人民医院', '滨州市第一中学', '博兴县水利局', '山东正信招标有限公司', '滨城区第三小学', '沾化区农业农村局', '惠民县卫生健康局'];
    expect(quasiByValues(buyers)).toBeNull();
    // Water-quality monitoring points and rivers are no institution anyone attends.
    expect(quasiByValues(cycle(['黄河滨州大桥', '打渔张', '小开河入海口', '徒骇河富国', '秦口河'], 30))).toBeNull();
    // Nor are universities, hospitals and bureaus by their values alone (医院 is a place by header).
    expect(quasiByValues(cycle(['山东大学', '滨州医学院附属医院', '滨州市公安局'], 30))).toBeNull();
    // An enterprise register's authority (登记机关) is no office a person is registered with.
    expect(quasiByValues(cycle(['滨州市市场监督管理局', '滨城区市场监督管理局', '惠民县行政审批服务局'], 30))).toBeNull();
    expect(quasiIdentifierHeader('登记机关')).toBeNull();
  });

  it('reads full-width and spaced spellings as the same names', () => {
    const q = quasiByValues(cycle(['滨州市 实验幼儿园', '第１中学', '沾化区实验幼儿园(东园)'], 12));
    expect(q).toMatchObject({ attribute: 'school', share: 1 });
  });
});
