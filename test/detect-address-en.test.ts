/**
 * English-spelled door-level addresses (packages/core/src/detect/address-en.ts): recall on
 * generated addresses in several spellings and placements, false positives on ordinary English
 * sentences that use the same words (room, unit, building, No.) with numbers. Figures in
 * docs/detection.md.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../fixtures/lib/rng.js';
import { detectValue } from '../packages/core/src/detect/index.js';

const pick = <T>(r: Rng, xs: readonly T[]): T => xs[r.int(xs.length)]!;
const NAMES = ['Zhongshan', 'Renmin', 'Jiefang', 'Xinhua', 'Huanghe', 'Nanjing', 'Changan', 'Jianshe', 'Heping', 'Yanan', 'Beijing', 'Wenhua'];
const ROADS = ['Rd', 'Rd.', 'Road', 'St', 'Street', 'Ave', 'Avenue', 'Lu', 'Jie', 'Lane', 'Hutong'];
function street(r: Rng): string {
  const name = pick(r, NAMES);
  const mid = r.int(5) === 0 ? ` ${1 + r.int(9)}th` : r.int(6) === 0 ? ` ${pick(r, ['N', 'S', 'E', 'W'])}` : r.int(6) === 0 ? ` ${pick(r, ['West', 'East', 'Middle'])}` : '';
  return `${name}${mid} ${pick(r, ROADS)}`;
}
const room = (r: Rng): string => `${1 + r.int(30)}0${1 + r.int(4)}`;
const house = (r: Rng): string => String(1 + r.int(400));

/** Spellings of one address; each is a generator of the value alone. */
const SPELLINGS: { name: string; gen: (r: Rng) => string }[] = [
  { name: 'Rm n, Bldg n, n … Rd', gen: (r) => `Rm ${room(r)}, Bldg ${1 + r.int(30)}, ${house(r)} ${street(r)}` },
  { name: 'Room n, Building n, No. n … Road', gen: (r) => `Room ${room(r)}, Building ${1 + r.int(30)}, No. ${house(r)} ${street(r)}` },
  { name: 'Flat nX, n … St', gen: (r) => `Flat ${1 + r.int(30)}${pick(r, ['A', 'B', 'C', ''])}, ${house(r)} ${street(r)}` },
  { name: 'Apt. n, Bldg. n (no street)', gen: (r) => `Apt. ${room(r)}, Bldg. ${1 + r.int(30)}` },
  { name: 'Unit n-n, No.n … Lu', gen: (r) => `Unit ${1 + r.int(6)}-${room(r)}, No.${house(r)} ${pick(r, NAMES)} Lu` },
  { name: 'Rm. n Blk n n … Rd (no commas)', gen: (r) => `Rm. ${room(r)} Blk ${1 + r.int(30)} ${house(r)} ${street(r)}` },
  { name: 'Room #n, n … Ave', gen: (r) => `Room #${room(r)}, ${house(r)} ${street(r)}` },
  { name: 'Building n, Room n', gen: (r) => `Building ${1 + r.int(30)}, Room ${room(r)}` },
  { name: 'n … Rd, Bldg n, Rm n (street first)', gen: (r) => `${house(r)} ${street(r)}, Bldg ${1 + r.int(30)}, Rm ${room(r)}` },
];
const PLACEMENTS: { name: string; column: string; wrap: (v: string) => string }[] = [
  { name: 'cell', column: 'col_3', wrap: (v) => v },
  { name: 'English text', column: 'notes', wrap: (v) => `Please deliver to ${v} before Friday.` },
  { name: 'Chinese text, labelled', column: '备注', wrap: (v) => `外籍人员登记，Address: ${v}，待复核。` },
];

/** Every letter and digit of `v` (at code-point `at` in the text) is inside an address finding. */
function covered(text: string, column: string, v: string): boolean {
  const at = [...text.slice(0, text.indexOf(v))].length;
  const fs = detectValue(text, { column }).filter((f) => f.type === 'address');
  const chars = [...v];
  return chars.every((c, k) => !/[0-9A-Za-z]/.test(c) || fs.some((f) => f.start <= at + k && f.end > at + k));
}

describe('recall on 400 generated English addresses of each spelling, in every placement', () => {
  for (const s of SPELLINGS) {
    it(s.name, () => {
      for (const p of PLACEMENTS) {
        const r = new Rng(11);
        let hits = 0;
        const n = 400;
        for (let k = 0; k < n; k++) {
          const v = s.gen(r);
          if (covered(p.wrap(v), p.column, v)) hits++;
        }
        expect(hits, `${s.name} in ${p.name}`).toBe(n);
      }
    });
  }
});

/** Ordinary English with the door words before numbers: nobody's address. */
const SENTENCES: ((r: Rng) => string)[] = [
  (r) => `Room ${1 + r.int(30)} is free after lunch.`,
  (r) => `No. ${1 + r.int(50)} in the list was removed.`,
  (r) => `Unit ${1 + r.int(12)} test results are attached.`,
  (r) => `Building ${1 + r.int(20)} permits issued this week.`,
  (r) => `The meeting moved to Room ${room(r)} at ${1 + r.int(11)} pm.`,
  (r) => `See No. ${1 + r.int(40)}, Unit ${1 + r.int(9)} for the exercises.`,
  (r) => `Flat ${1 + r.int(9)} percent growth is expected in Q${1 + r.int(4)}.`,
  (r) => `Apt ${1 + r.int(9)} reviews were mostly positive.`,
  (r) => `Block ${1 + r.int(9)} of the schedule is still empty.`,
  (r) => `Room ${1 + r.int(30)} and Room ${1 + r.int(30)} are booked for ${1 + r.int(20)} people.`,
  (r) => `Unit ${1 + r.int(9)}, chapter ${1 + r.int(9)} covers fractions.`,
  (r) => `Ranked No. ${1 + r.int(100)} by ${pick(r, NAMES)} Daily in ${2000 + r.int(25)}.`,
  (r) => `Unit ${1 + r.int(9)} Main Test passed ${1 + r.int(99)} of ${100 + r.int(50)} cases.`,
  (r) => `Building ${1 + r.int(9)} Phase ${1 + r.int(3)} opens in ${pick(r, ['May', 'June', 'July'])}.`,
  (r) => `No. ${1 + r.int(9)} St Patrick's Day parade starts at noon.`,
  (r) => `Unit ${1 + r.int(99)} price rose ${1 + r.int(9)}% on ${pick(r, ['Monday', 'Friday'])}.`,
  (r) => `In ${2000 + r.int(25)} ${pick(r, NAMES)} Road reopened after ${1 + r.int(9)} months.`,
  (r) => `Top ${1 + r.int(20)} ${pick(r, NAMES)} Street snacks, ranked.`,
  (r) => `About ${10 + r.int(90)} Beijing Lu residents joined; Room ${1 + r.int(9)} was full.`,
];

describe('false positives on 2,600 ordinary English sentences with door words and numbers', () => {
  it('reads none of them as an address', () => {
    const r = new Rng(23);
    const fps: string[] = [];
    const n = 2600;
    for (let k = 0; k < n; k++) {
      const text = SENTENCES[k % SENTENCES.length]!(r);
      if (detectValue(text, { column: 'notes' }).some((f) => f.type === 'address')) fps.push(text);
    }
    expect(fps.length, fps.slice(0, 3).join(' | ')).toBe(0);
  });
});
