// The shards `npm test` runs (test/helpers/shards.ts): every test file in exactly one, the same deal on
// every run, and every file written to run inside a shard (its tests on the test fileTest gives it).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileTest } from './file-test.js';
import { dealFiles, shardNames, testFiles } from './shards.js';

const t = fileTest(import.meta);

const files = testFiles();

t.test('every test file is in exactly one shard, and the deal is stable', async (t) => {
  t.ok(files.length > 50, `${files.length} test files`);
  t.ok(files.includes('helpers/shards.test.ts') && !files.some((f) => f.startsWith('shards/')), 'this file, not the shard files');
  const count = shardNames().length;
  t.ok(count >= 2, `${count} shards`);
  const deal = dealFiles(files, count);
  t.equal(deal.length, count);
  t.same(deal.flat().sort(), files, 'each file once');
  t.ok(deal.every((share) => share.length > 0), 'no empty shard');
  t.same(dealFiles([...files].reverse(), count), deal, 'the same deal whatever order the files are found in');
});

t.test('a shard with one file too many still deals each once', async (t) => {
  t.same(dealFiles(['a.test.ts', 'b.test.ts', 'c.test.ts'], 2).flat().sort(), ['a.test.ts', 'b.test.ts', 'c.test.ts']);
  t.same(dealFiles([], 3), [[], [], []]);
});

t.test('every test file adds its tests to fileTest(import.meta), not to tap\'s root', async (t) => {
  const root = path.resolve(import.meta.dirname, '..');
  const wrong = files.filter((file) => {
    const text = readFileSync(path.join(root, file), 'utf8');
    return !text.includes('const t = fileTest(import.meta);') || /^import t\b.*from 'tap'/m.test(text);
  });
  t.same(wrong, [], 'files that would put their tests on the root of a shard');
});
