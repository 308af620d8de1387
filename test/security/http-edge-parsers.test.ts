import fc from 'fast-check';
import { fileTest } from '../helpers/file-test.js';
import { parseDateTime } from '../../src/plugins/date-time.js';
import { duplicateMembers, repeatedMembers } from '../../src/plugins/json-body.js';
import { redactUrl, REDACTED, shortUrl } from '../../src/plugins/redact.js';
import { RouteMethods } from '../../src/plugins/route-methods.js';

const t = fileTest(import.meta);

// The pure pieces behind the HTTP edge (test/security/http-edges.test.ts sends the requests).

t.test('date-times: only instants Date and PostgreSQL both hold', async (t) => {
  const refused = [
    '0000-01-01T00:00:00Z', // year 0000
    '2023-12-31T23:59:60Z', // leap second
    '2024-01-01T08:59:60+09:00', // the same leap second, local time
    '0001-01-01T00:00:00+01:00', // year 0000 in UTC
    '9999-12-31T23:00:00-01:00', // year 10000 in UTC
    '2023-02-29T00:00:00Z',
    '2024-04-31T00:00:00Z',
    '2024-13-01T00:00:00Z',
    '2024-00-10T00:00:00Z',
    '2024-01-00T00:00:00Z',
    '2024-01-01T24:00:00Z',
    '2024-01-01T00:60:00Z',
    '2024-01-01T00:00:00+24:00',
    '2024-01-01T00:00:00+01:60',
    '2024-01-01T00:00:00', // no offset
    '2024-01-01',
    '+002024-01-01T00:00:00Z',
    '2024-01-01T00:00:00.Z',
    ' 2024-01-01T00:00:00Z',
    '2024-01-01\t00:00:00Z',
  ];
  for (const text of refused) t.equal(parseDateTime(text), undefined, `refused: ${text}`);
  const accepted: [string, string][] = [
    ['0001-01-01T00:00:00Z', '0001-01-01T00:00:00.000Z'],
    ['0001-01-01T00:59:59-01:00', '0001-01-01T01:59:59.000Z'],
    ['0050-06-01T00:00:00Z', '0050-06-01T00:00:00.000Z'], // Date.UTC would read the year as 1950
    ['9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z'],
    ['2024-02-29T12:00:00+08:00', '2024-02-29T04:00:00.000Z'],
    ['2000-02-29T00:00:00Z', '2000-02-29T00:00:00.000Z'],
    ['2024-01-01T00:00:00.123456789z', '2024-01-01T00:00:00.123Z'],
    ['2024-01-01t00:00:00-00:00', '2024-01-01T00:00:00.000Z'],
    ['2024-01-01 08:00:00+0800', '2024-01-01T00:00:00.000Z'],
    ['2024-01-01T08:00:00+08', '2024-01-01T00:00:00.000Z'],
  ];
  for (const [text, iso] of accepted) t.equal(parseDateTime(text)?.toISOString(), iso, `accepted: ${text}`);
  t.equal(parseDateTime('1900-02-29T00:00:00Z'), undefined, '1900 is not a leap year');
});

t.test('date-times: every representable instant round-trips, in any offset', async (t) => {
  const min = Date.parse('0001-01-01T00:00:00.000Z');
  const max = Date.parse('9999-12-31T23:59:59.999Z');
  fc.assert(
    fc.property(fc.integer({ min, max }), fc.integer({ min: -23 * 60 - 59, max: 23 * 60 + 59 }), (ms, offset) => {
      const at = new Date(ms);
      if (parseDateTime(at.toISOString())?.getTime() !== ms) return false;
      // The same instant written in another offset, when its local time stays in 0001–9999.
      const local = new Date(ms + offset * 60_000);
      const year = local.getUTCFullYear();
      if (year < 1 || year > 9999) return true;
      const sign = offset < 0 ? '-' : '+';
      const abs = Math.abs(offset);
      const text = `${local.toISOString().slice(0, -1)}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
      return parseDateTime(text)?.getTime() === ms;
    }),
    { numRuns: 2000 },
  );
  t.pass('2000 instants');
});

t.test('repeated JSON member names: found at any depth, never where there are none', async (t) => {
  t.same(duplicateMembers('{"name":"a","name":"b"}'), ['/name']);
  t.same(duplicateMembers('{"schools":[{"a":1},{"a":1,"b":{"x":1,"y":2,"x":3}}]}'), ['/schools/1/b/x']);
  t.same(duplicateMembers('{"n\\u0061me":"a","name":"b"}'), ['/name'], 'names are compared decoded');
  t.same(duplicateMembers('{"a/b":1,"a~b":2,"a/b":3,"a~b":4}'), ['/a~1b', '/a~0b'], 'pointers escape / and ~');
  t.same(duplicateMembers('{"a":"x\\":\\"","a":1}'), ['/a'], 'escaped quotes inside strings');
  t.same(duplicateMembers('{"a":"\\\\","a":1}'), ['/a'], 'a string ending in a backslash');
  t.same(duplicateMembers('{"a":1,"a":2,"a":3}'), ['/a', '/a'], 'each repeat is reported');
  t.same(duplicateMembers('[{"a":1},{"a":1}]'), [], 'the same name in two objects');
  t.same(duplicateMembers('{"a":{"a":{"a":1}}}'), [], 'the same name at several depths');

  // The fast path gives the same answer as the scan, with and without colons inside strings.
  const member = fc.oneof(fc.constantFrom('a', 'b', 'name', 'x:y', 'time', ''), fc.string({ maxLength: 4 }));
  const leaf = fc.oneof(fc.string(), fc.constantFrom('08:00', 'a:b:c', '\\u003a', ':'), fc.integer(), fc.boolean(), fc.constant(null));
  const { tree } = fc.letrec((tie) => ({
    tree: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('tree'), { maxLength: 4 }), fc.array(fc.tuple(member, tie('tree')), { maxLength: 5 })),
  }));
  /** Writes pairs as an object, so member names may repeat (JSON.stringify of an object never repeats them). */
  const write = (v: unknown): string => {
    if (Array.isArray(v) && v.every((p) => Array.isArray(p) && p.length === 2 && typeof p[0] === 'string'))
      return `{${(v as [string, unknown][]).map(([k, x]) => `${JSON.stringify(k)}:${write(x)}`).join(',')}}`;
    if (Array.isArray(v)) return `[${v.map(write).join(',')}]`;
    return JSON.stringify(v);
  };
  let withRepeats = 0;
  fc.assert(
    fc.property(tree, (v) => {
      const text = write(v);
      const scanned = duplicateMembers(text);
      if (scanned.length > 0) withRepeats++;
      return JSON.stringify(repeatedMembers(text, JSON.parse(text))) === JSON.stringify(scanned);
    }),
    { numRuns: 3000 },
  );
  t.ok(withRepeats > 50, `${withRepeats} generated bodies repeated a name`);
  // An escaped colon cannot hide a repeat from the fast path.
  const sneaky = '{"a":1,"a":2,"b":"\\u003a"}';
  t.same(repeatedMembers(sneaky, JSON.parse(sneaky)), ['/a']);
});

t.test('URL redaction: secret parameters and token-like values', async (t) => {
  const token = 'edu_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcd';
  const cases: [string, string][] = [
    [`/v1/counties?access_token=${token}`, `/v1/counties?access_token=${REDACTED}`],
    [`/v1/counties?limit=5&token=abc&offset=0`, `/v1/counties?limit=5&token=${REDACTED}&offset=0`],
    [`/v1/x?api_key=1&apikey=2&API-KEY=3&Key=4&authorization=Bearer%20x`, `/v1/x?api_key=${REDACTED}&apikey=${REDACTED}&API-KEY=${REDACTED}&Key=${REDACTED}&authorization=${REDACTED}`],
    [`/v1/x?q=${token}`, `/v1/x?q=${REDACTED}`],
    [`/v1/x?q=Bearer%20${token}`, `/v1/x?q=${REDACTED}`],
    [`/v1/x?q=edu%5F${token.slice(4)}`, `/v1/x?q=${REDACTED}`],
    [`/v1/x?q=%zz${token}`, `/v1/x?q=${REDACTED}`],
    [`/v1/x?${token}`, `/v1/x?${REDACTED}`],
    [`/v1/x?${token}=1&a=2`, `/v1/x?${REDACTED}&a=2`],
    [`/v1/x?acc%65ss_token=abc`, `/v1/x?acc%65ss_token=${REDACTED}`],
    [`/v1/x?keyId=abc&entityKey=2144000001%2F2024`, `/v1/x?keyId=abc&entityKey=2144000001%2F2024`],
    [`/v1/x`, `/v1/x`],
    [`/v1/x?`, `/v1/x?`],
  ];
  for (const [url, expected] of cases) t.equal(redactUrl(url), expected, url);
  const long = shortUrl(`/v1/x?access_token=${token}&q=${'%41'.repeat(1000)}`, 100);
  t.ok(long.length <= 100 && !long.includes(token) && !/%[0-9A-F]?$/.test(long), `cut after redaction: ${long}`);
});

t.test('route methods: a path matching a route pattern lists its methods', async (t) => {
  const routes = new RouteMethods();
  routes.add(['GET', 'HEAD'], '/v1/schools/:schoolCode');
  routes.add('PUT', '/v1/schools/:schoolCode');
  routes.add('DELETE', '/v1/schools/:schoolCode');
  routes.add('GET', '/v1/indicators');
  routes.add('GET', '/docs/*');
  routes.add('OPTIONS', '*');
  routes.add('GET', '/v1/a.b/:id(^\\d+)');
  t.same(routes.allowed('/v1/schools/2144012345'), ['GET', 'HEAD', 'PUT', 'DELETE']);
  t.same(routes.allowed('/v1/indicators'), ['GET']);
  t.same(routes.allowed('/docs/static/x.js'), ['GET']);
  t.same(routes.allowed('/v1/a.b/7'), ['GET']);
  t.same(routes.allowed('/v1/aXb/7'), [], 'a dot is a dot');
  t.same(routes.allowed('/v1/schools/2144012345/extra'), []);
  t.same(routes.allowed('/v1/schools/'), ['GET', 'HEAD', 'PUT', 'DELETE'], 'a parameter may be empty, as in the router');
  t.same(routes.allowed('/v1/nowhere'), [], 'the catch-all says nothing about paths');
});
