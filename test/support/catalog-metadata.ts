import { parseDocument } from 'yaml';

/**
 * What a publisher fills into a `profile --write-spec` draft, and nothing else: title,
 * description, publisher, contact, domain, update frequency and the conditions' text. The tests
 * of the draft path (profile → draft → catalog metadata only → run) all use this one filling.
 */
export function fillCatalogMetadata(draft: string): string {
  const doc = parseDocument(draft);
  doc.setIn(['dataset', 'title'], '测试数据集（脱敏）');
  doc.setIn(['dataset', 'description'], '按草稿规则脱敏后的测试数据集。');
  doc.setIn(['dataset', 'publisher'], { name: '滨州市测试局', uscc: '11371600004301234X' });
  doc.setIn(['dataset', 'contact'], { phone: '0543-3160000', email: 'data@test.gov.cn' });
  doc.setIn(['dataset', 'domain'], '其他');
  doc.setIn(['dataset', 'updateFrequency'], 'annual');
  doc.setIn(['conditions', 0, 'text'], '仅限统计分析使用，不得尝试识别个人。');
  return doc.toString();
}
