/**
 * A release's reports record what the reader said about the source, but not the names of the
 * workbook's sheets it did not read: they are not published, and their names can be a person's
 * (王芳档案) or a raw sheet's (原始数据, xlsx-input's leak check in the fresh-clone run).
 */
import { describe, expect, it } from 'vitest';
import { readerWarningReasons } from '../packages/publish/src/review/reader-warnings.js';
import { reasonLine } from '../packages/cli/src/messages/render.js';
import { setLang } from '../packages/cli/src/messages/lang.js';

describe('reader warnings in a release', () => {
  it('other sheets by their count only, in English and in Chinese', () => {
    const [one, two, kept] = readerWarningReasons([
      'read the sheet "志愿服务"; not read: "原始数据"',
      'read the sheet "汇总"; not read: "王芳档案", "李娜档案"',
      'sheet "汇总": hidden columns C not read',
    ]);
    expect(one!.message).toBe('read the sheet "志愿服务"; not read: 1 other sheet');
    expect(two!.message).toBe('read the sheet "汇总"; not read: 2 other sheets');
    expect(kept!.message).toBe('sheet "汇总": hidden columns C not read');
    setLang('zh');
    try {
      expect(reasonLine(two!)).toContain('另有 2 个工作表未读取');
    } finally {
      setLang('en');
    }
  });
});
