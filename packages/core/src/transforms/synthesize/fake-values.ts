import { Faker, base, zh_CN } from '@faker-js/faker';
import type { SeededRandom } from './seeded-random.js';

export type FakeKind = 'name' | 'address' | 'phone' | 'company';

// Mobile segments per MIIT as listed in reference/cn-identifiers.md §4 (13x, 145-149, 15x, 165-167, 17x, 18x, 19x).
const MOBILE_PREFIXES = [
  '130', '131', '132', '133', '134', '135', '136', '137', '138', '139', '145', '146', '147', '149',
  '150', '151', '152', '153', '155', '156', '157', '158', '159', '165', '166', '167',
  '170', '171', '172', '173', '174', '175', '176', '177', '178', '180', '181', '182', '183', '184',
  '185', '186', '187', '188', '189', '190', '191', '192', '195', '196', '197', '198', '199',
];

/** A zh_CN faker driven by `random`; returns the generator of one kind of fake value. */
export function fakeMaker(kind: FakeKind, random: SeededRandom): () => string {
  const f = new Faker({ locale: [zh_CN, base], randomizer: random });
  switch (kind) {
    case 'name': return () => f.person.fullName();
    case 'address': return () => `${f.location.state()}${f.location.city()}${f.location.streetAddress()}`;
    case 'company': return () => f.company.name();
    case 'phone': return () => {
      let s = MOBILE_PREFIXES[Math.floor(random.next() * MOBILE_PREFIXES.length)]!;
      for (let i = 0; i < 8; i++) s += String(Math.floor(random.next() * 10));
      return s;
    };
  }
}
