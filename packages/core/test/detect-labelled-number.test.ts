/**
 * A number the text labels as a person's own (个人编号, 社保卡, 考生号 …) has no shape of its own to
 * find it by: a 社保 roster's remark 个人编号371632052786转入 and 原社保卡N50336841已挂失 were redacted
 * around and published, exit 0. The label right before it decides; a number after a clause break,
 * or in a text without such a label, is none.
 */
import { describe, expect, it } from 'vitest';
import { detectValue } from '../src/internal.js';

const found = (s: string): string[] => detectValue(s).map((f) => `${f.type}[${s.slice(f.start, f.end)}]`);

describe('a person\'s number named by its label', () => {
  it.each([
    ['个人编号371632052786转入，原单位滨州某公司', 'personal_number[371632052786]'],
    ['原社保卡N50336841已挂失', 'personal_number[N50336841]'],
    ['社会保障卡号码：A01234567', 'personal_number[A01234567]'],
    ['考生号 26370101000123', 'personal_number[26370101000123]'],
    ['住院号:ZY20250012345', 'personal_number[ZY20250012345]'],
    // A property certificate's serial: the owner's key in the land register (a rental register's remarks).
    ['产权证鲁(2023)滨州市不动产权第0012345号，已核验', 'personal_number[0012345]'],
    ['鲁（2021）济南市不动产权第45678号', 'personal_number[45678]'],
  ])('%s', (text, expected) => {
    expect(found(text)).toEqual([expected]);
  });

  it.each([
    ['个人编号有误，请核对20250101', 'a clause break before the number'],
    ['缴费年月202501，金额12345678', 'no label'],
    ['社保卡 2025', 'too short'],
    ['社保卡ABCDEFGHIJ', 'no digits'],
    ['不动产权第123号', 'too short for a certificate serial'],
  ])('%s: none (%s)', (text) => {
    expect(found(text).filter((f) => f.startsWith('personal_number'))).toEqual([]);
  });

  it('a number another detector claims keeps its type (an ID after 社保卡号 is an ID)', () => {
    expect(found('社保卡号11010519491231002X')).toEqual(['cn_id[11010519491231002X]']);
  });
});
