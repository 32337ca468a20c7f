import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { TuominError } from '@tuomin/core';
import { parseCsv } from '../src/index.js';
import { findUtf8Line } from '../src/csv/mixed-encoding.js';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const gbk = (s: string): Uint8Array => new Uint8Array(iconv.encode(s, 'gbk'));
const join2 = (...parts: Uint8Array[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => [...p]));

function errorOf(bytes: Uint8Array, options: Parameters<typeof parseCsv>[1] = {}): TuominError {
  try {
    parseCsv(bytes, options);
  } catch (e) {
    expect(e).toBeInstanceOf(TuominError);
    return e as TuominError;
  }
  throw new Error('expected an error');
}

describe('a CSV mixing GBK and UTF-8 rows', () => {
  // 当事人张三丰 in UTF-8 is 18 bytes that decode as GB18030 without error, to 褰撲簨浜哄紶涓変赴.
  const head = gbk('编号,当事人,事由\n1,李四,超标排放\n2,王五,无证经营\n');
  const utf8Row = utf8('3,当事人张三丰,未按规定公示信息\n');

  it('fails naming the UTF-8 line, instead of publishing mojibake', () => {
    const err = errorOf(join2(head, utf8Row, gbk('4,赵六,其他\n')));
    expect(err.code).toBe('BAD_INPUT');
    expect(err.message).toContain('this line is UTF-8 but the file is read as GB18030');
    expect(err.location).toMatchObject({ line: 4, byteOffset: head.length });
    expect(err.message).not.toContain('张三丰');
  });
  it('also when GBK is asked for explicitly, and across read chunks', () => {
    const bytes = join2(head, utf8Row);
    expect(errorOf(bytes, { encoding: 'gbk' }).location).toMatchObject({ line: 4 });
    expect(errorOf(bytes, { chunkSize: 7 } as never).location).toMatchObject({ line: 4 });
  });
  it('UTF-8 rows first, then GBK: refused too (read as the UTF-8 its first lines are, it names the first GBK line)', () => {
    const err = errorOf(join2(utf8('编号,当事人\n1,张三丰\n'), gbk('2,李四\n')));
    expect(err.message).toContain('mixes encodings');
    expect(err.location).toMatchObject({ line: 3 });
  });
  it('the committed GBK sample reads without a false alarm', () => {
    const sample = readFileSync(join(import.meta.dirname, '../../../fixtures/samples/penalties-gbk.csv'));
    expect(() => parseCsv(new Uint8Array(sample))).not.toThrow();
  });
  it('200,000 random GB2312 words in GBK raise no false alarm', () => {
    // Seeded: the same words every run.
    let seed = 12345;
    const next = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    const parts: number[] = [];
    let lines = 0;
    for (let w = 0; w < 200_000; w++) {
      const len = 1 + (next() % 6);
      for (let k = 0; k < len; k++) parts.push(0xb0 + (next() % 40), 0xa1 + (next() % 94));
      parts.push(w % 4 === 3 ? 10 : 44);
      if (w % 4 === 3) lines++;
    }
    expect(findUtf8Line(Uint8Array.from(parts))).toBe(-1);
    expect(lines).toBe(50_000);
  });
  it('UTF-8 Chinese lines are found whatever their length', () => {
    for (const s of ['张三丰当事人', '行政处罚决定书', '滨州市市场监督管理局', '中华人民共和国']) {
      expect(findUtf8Line(utf8(`1,${s}\n`))).toBe(0);
    }
  });
});
