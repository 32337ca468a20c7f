import type { Faker } from '@faker-js/faker';
import type { SeededRandom } from './seeded-random.js';

// Why the locale entry, imported when a synthesize rule first runs: the package root loads every
// locale (about 375 ms of start-up for every user of @tuomin/core, measured in #16), the zh_CN
// entry about 50 ms. Its definitions ([zh_CN, en, base]) give the same fakes as the [zh_CN, base]
// used before for every kind made here (checked over 60,000 seeds per kind).
let zhCN: Faker | undefined;

/** Load the zh_CN faker once per process; synthesize() awaits it before its first batch. */
export async function loadFaker(): Promise<void> {
  zhCN ??= (await import('@faker-js/faker/locale/zh_CN')).faker;
}

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
  // Made on first use: plans are bound before data arrives, the faker is loaded just before the first batch.
  let made: Faker | undefined;
  const f = (): Faker => {
    if (!zhCN) throw new Error('internal: fakeMaker used before loadFaker()');
    return (made ??= new (zhCN.constructor as typeof Faker)({ locale: zhCN.rawDefinitions, randomizer: random }));
  };
  switch (kind) {
    case 'name': return () => f().person.fullName();
    case 'address': return () => { const l = f().location; return `${l.state()}${l.city()}${l.streetAddress()}`; };
    case 'company': return () => f().company.name();
    case 'phone': return () => {
      let s = MOBILE_PREFIXES[Math.floor(random.next() * MOBILE_PREFIXES.length)]!;
      for (let i = 0; i < 8; i++) s += String(Math.floor(random.next() * 10));
      return s;
    };
  }
}
