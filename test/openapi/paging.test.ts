import { fileTest } from '../helpers/file-test.js';
import { MAX_OFFSET } from '../../src/schemas/common.js';
import { assertProblem } from '../helpers/assert.js';
import { createTestApp } from '../helpers/app.js';

const t = fileTest(import.meta);

type Json = Record<string, any>;

const h = await createTestApp();
t.teardown(() => h.close());

const doc = h.app.swagger() as unknown as Json;
/** Every paged list, with example path values (records need not exist: validation comes first). */
const lists = Object.entries(doc.paths as Json)
  .filter(([, item]) => (item.get?.parameters ?? []).some((p: Json) => p.in === 'query' && p.name === 'offset'))
  .map(([path]) =>
    path
      .replace('{countyCode}', '441427')
      .replace('{year}', '2024')
      .replace('{schoolCode}', '2144012345')
      .replace('{staffCode}', 'T001')
      .replace('{runId}', '00000000-0000-4000-8000-000000000000'),
  );
/** Lists without path parameters answer a page even on an empty database. */
const plain = lists.filter((path) => !/\/(schools|teachers|counties|funding-runs)\/[^/]+/.test(path));

t.test('the paged lists', async (t) => {
  t.ok(lists.length >= 11, `${lists.length} lists`);
  t.ok(plain.length >= 7, `${plain.length} of them without path parameters`);
});

t.test('an offset beyond the maximum, however it is written, is a 400 naming offset, never a 500', async (t) => {
  for (const path of lists) {
    for (const offset of ['99999999999999999999', '1e19', '9223372036854775807', String(MAX_OFFSET + 1)]) {
      const r = await h.call('GET', `${path}?offset=${offset}`);
      assertProblem(t, r, 400);
      t.ok(
        (r.body?.errors ?? []).some((e: Json) => e.in === 'query' && e.pointer === '/offset'),
        `${path}?offset=${offset} names /offset`,
      );
    }
  }
});

t.test('without limit and offset a list answers its defaults; the largest offset is an empty page', async (t) => {
  for (const path of plain) {
    let r = await h.call('GET', path);
    t.equal(r.status, 200, `${path}: ${r.text.slice(0, 200)}`);
    t.equal(r.body.limit, 100, `${path}: default limit`);
    t.equal(r.body.offset, 0, `${path}: default offset`);
    r = await h.call('GET', `${path}?offset=${MAX_OFFSET}&limit=1000`);
    t.equal(r.status, 200, `${path}?offset=${MAX_OFFSET}`);
    t.equal(r.body.offset, MAX_OFFSET);
    t.same(r.body.items, [], 'nothing that far');
  }
});
