import fc from 'fast-check';
import { fileTest } from '../helpers/file-test.js';
import type { GuardedRoute } from '../../src/plugins/auth.js';
import { createTestApp } from '../helpers/app.js';
import { county, school, schoolYear, teacherYear, town } from '../helpers/fixtures.js';
import { fingerprint, fullSnapshot, routesOf } from '../helpers/security.js';

const t = fileTest(import.meta);

// Thousands of generated and mutated bodies, path parameters and query strings at every write route:
// never a 5xx, and a rejected request leaves the database exactly as it was.
const h = await createTestApp();
t.teardown(() => h.close());
// The county comes with its towns from the division data, 441427100 among them (docs/divisions.md).
const SET_UP: [string, string, unknown][] = [
  ['PUT', '/v1/counties/441427', county],
  ['PUT', '/v1/schools/2144000001', school()],
  ['PUT', '/v1/schools/2144000001/years/2024', schoolYear()],
  ['PUT', '/v1/teachers/T001', { name: '李老师' }],
  ['PUT', '/v1/teachers/T001/years/2024', teacherYear()],
];
for (const [method, url, body] of SET_UP) {
  const r = await h.call(method as never, url, body);
  if (r.status !== 201) throw new Error(`set-up ${method} ${url}: ${r.status} ${r.text.slice(0, 300)}`);
}
const bound = (await h.makeKey({ name: 'fuzz-bound', scopes: ['read', 'write', 'funding:run', 'audit'], counties: ['441481'] })).token;

/** Percent-encodes anything, lone surrogates included (as the invalid UTF-8 a careless client would send). */
const enc = (s: string) => {
  try {
    return encodeURIComponent(s);
  } catch {
    return `${[...Buffer.from(s, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('')}%ED%A0%80`;
  }
};

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);

const nasty = fc.constantFrom(
  "'; DROP TABLE schools; --",
  '" OR 1=1 --',
  '{"$ne": null}',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff\ud800',
  '𠀀𠀁 蕉岭 🏫',
  '\u202e\u200b\ufeff',
  '../../etc/passwd',
  '%00%27',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, sent as plain text
  '${7*7}{{7*7}}',
  '<script>alert(1)</script>',
  'x'.repeat(5000),
  '',
  ' ',
  '-1',
  '1e309',
  'NaN',
  'null',
  '__proto__',
  'constructor',
);
const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), nasty);
const json: fc.Arbitrary<unknown> = fc.oneof(
  { depthSize: 'small' },
  fc.jsonValue(),
  text,
  fc.double(),
  fc.integer(),
  fc.constantFrom(null, true, false, [], {}, 0, -0, 1e308, -1, 2 ** 53, 0.001),
  fc.dictionary(text, fc.jsonValue(), { maxKeys: 5 }),
);

const SAMPLE: Record<string, string> = { countyCode: '441427', year: '2024', schoolCode: '2144000001', staffCode: 'T001', townCode: '441427100', policyId: 'jiaoling-2023', id: '00000000-0000-4000-8000-000000000000', runId: '00000000-0000-4000-8000-000000000000' };

/** A plausible body for each write route, which the fuzzer then mutates. */
function baseBody(route: GuardedRoute): unknown {
  const url = route.url;
  if (url.endsWith('/classes')) return [{ classCode: 'P1-1', stage: 'primary', grade: 1, students: 40 }];
  if (url === '/v1/bulk') return { counties: [{ countyCode: '441427', ...county }], schools: [{ schoolCode: '2144000002', ...school() }] };
  if (url === '/v1/api-keys') return { name: 'k', scopes: ['read'], counties: ['441427'] };
  if (url.startsWith('/v1/counties/:countyCode/years/:year/facts')) return { teacherAveragePayYuan: 98000 };
  if (url.endsWith('/policy')) return { policyId: 'jiaoling-2023' };
  if (url.startsWith('/v1/counties/')) return county;
  if (url.startsWith('/v1/towns/')) return town;
  if (url === '/v1/schools/:schoolCode') return school();
  if (url === '/v1/schools/:schoolCode/years/:year') return schoolYear();
  if (url === '/v1/teachers/:staffCode') return { name: '李老师', gender: 'female', birthYear: 1985 };
  if (url === '/v1/teachers/:staffCode/years/:year') return teacherYear();
  return {};
}

const mutation = (base: unknown): fc.Arbitrary<unknown> => {
  const obj = base !== null && typeof base === 'object' && !Array.isArray(base) ? (base as Record<string, unknown>) : undefined;
  const fields = obj ? Object.keys(obj) : [];
  const options: fc.Arbitrary<unknown>[] = [fc.constant(base), json];
  if (fields.length > 0) {
    options.push(
      fc.tuple(fc.constantFrom(...fields), json).map(([f, v]) => ({ ...obj, [f]: v })),
      fc.tuple(fc.constantFrom(...fields), text).map(([f, v]) => ({ ...obj, [f]: v })),
      fc.constantFrom(...fields).map((f) => Object.fromEntries(Object.entries(obj!).filter(([k]) => k !== f))),
      fc.tuple(text, json).map(([f, v]) => ({ ...obj, [f]: v })),
    );
  }
  if (Array.isArray(base)) options.push(fc.array(fc.oneof(json, fc.constant(base[0])), { maxLength: 5 }));
  return fc.oneof(...options);
};

const param = (name: string) => fc.oneof(fc.constant(SAMPLE[name] ?? 'x'), text, fc.integer().map(String));
const query = fc.oneof(
  fc.constant(''),
  fc.constant('?dryRun=true'),
  fc.dictionary(fc.oneof(fc.constantFrom('dryRun', 'limit', 'format', 'x'), fc.string()), text, { maxKeys: 3 }).map(
    (d) => `?${Object.entries(d).map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&')}`,
  ),
  fc.string().map((s) => `?${s}`),
);
const payload = fc.oneof(
  { weight: 8, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.constantFrom('{"a":', '[', 'null', '"', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}', '\u0000', '{}'.repeat(10)) },
);

const writes = routesOf(h).filter((r) => r.method !== 'GET');
let requests = 0;
let accepted = 0;
const snapshotBefore = await fullSnapshot(h.database.db, ['audit_events', 'api_keys']);

for (const route of writes) {
  t.test(`${route.method} ${route.url}`, async (t) => {
    const names = [...route.url.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1] as string);
    let current = await fingerprint(h.database.db);
    await fc.assert(
      fc.asyncProperty(
        fc.tuple(...names.map(param)),
        query,
        mutation(baseBody(route)),
        payload,
        fc.boolean(),
        async (values, q, body, raw, asBound) => {
          let path = route.url;
          for (const [i, n] of names.entries()) path = path.replace(`:${n}`, enc(values[i] as string));
          const send = asBound ? h.as(bound) : h.call;
          const r = await send(route.method as never, path + q, raw ?? (body === undefined ? {} : body));
          requests++;
          if (r.status >= 500) throw new Error(`${r.status} for ${route.method} ${path + q} ${JSON.stringify(raw ?? body).slice(0, 300)}: ${r.text.slice(0, 300)}`);
          const now = await fingerprint(h.database.db);
          if (r.status >= 300 && now !== current) throw new Error(`${r.status} but the database changed: ${route.method} ${path + q}`);
          if (r.status < 300) accepted++;
          current = now;
        },
      ),
      { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20261129) },
    );
    t.pass(`${RUNS} generated requests: no 5xx, rejected ones changed nothing`);
  });
}

t.test('in total', async (t) => {
  t.ok(requests >= 1000, `${requests} requests sent`);
  // Both paths were exercised: the unmutated bodies are valid, so some writes went through.
  t.ok(accepted > 0, `${accepted} accepted`);
  t.ok(requests - accepted > 0, `${requests - accepted} rejected`);
  const after = await fullSnapshot(h.database.db, ['audit_events', 'api_keys']);
  const changed = Object.keys(after).filter((k) => after[k] !== snapshotBefore[k]);
  t.ok(changed.length > 0, `tables changed by accepted requests: ${changed.join(', ')}`);
});
