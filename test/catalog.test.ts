import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { main } from '@tuomin/cli';

function io(cwd: string) {
  let out = '';
  const stdout = new Writable({ write(c, _e, cb) { out += String(c); cb(); } });
  const stderr = new Writable({ write(_c, _e, cb) { cb(); } });
  return { io: { stdout, stderr, cwd, env: process.env }, out: () => out };
}

describe('open list and update reminders', () => {
  it('catalog lists specs and packages once each; due flags overdue datasets by frequency', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tuomin-cat-'));
    await copyFile(resolve('fixtures/samples/penalties.csv'), join(dir, 'penalties.csv'));
    const spec = (await readFile('fixtures/specs/penalties.yaml', 'utf8')).replace('path: ../samples/penalties.csv', 'path: penalties.csv').replace('folder: ../out', 'folder: out');
    await writeFile(join(dir, 'penalties.yaml'), spec);
    // A second dataset that is only a spec (not yet published), and not open.
    await writeFile(join(dir, 'secret.yaml'), spec.replace('id: binzhou-admin-penalties', 'id: internal-cases').replace('openAttribute: unconditional', 'openAttribute: not-open\nlegalBasis: [{ law: 中华人民共和国个人信息保护法, article: 第十三条 }]'));
    const run = io(dir);
    expect(await main(['run', 'penalties.yaml', '--json'], run.io)).toBe(0);

    const cat = io(dir);
    expect(await main(['catalog', '.', '--json'], cat.io)).toBe(0);
    const list = JSON.parse(cat.out());
    expect(list.entries.map((e: any) => `${e.id}:${e.status}`)).toEqual(['binzhou-admin-penalties:published', 'internal-cases:not-open']);
    const csv = await readFile(join(dir, 'open-list.csv'), 'utf8');
    expect(csv.split('\r\n')[0]).toBe('数据集标识,数据集名称,来源部门,重点领域,开放属性,更新频率,最新版本,状态,更新时间,下次更新,数据量');
    expect(csv).toContain('滨州市行政处罚决定信息');

    const today = new Date();
    const soon = io(dir);
    expect(await main(['due', '.', '--as-of', today.toISOString().slice(0, 10), '--json'], soon.io)).toBe(0);
    expect(JSON.parse(soon.out()).due).toEqual([]);
    const later = new Date(today.getTime() + 45 * 86_400_000).toISOString().slice(0, 10);
    const overdue = io(dir);
    expect(await main(['due', '.', '--as-of', later, '--json'], overdue.io)).toBe(5);
    const d = JSON.parse(overdue.out()).due;
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ id: 'binzhou-admin-penalties', state: 'overdue', updateFrequency: 'monthly' });
    expect(d[0].daysLeft).toBeLessThan(0);
  });
});
