import { fileTest } from '../helpers/file-test.js';
import { csvCell } from '../../src/routes/csv.js';
import { School } from '../../src/schemas/reference.js';
import { createTestApp } from '../helpers/app.js';
import { county, school, town } from '../helpers/fixtures.js';

const t = fileTest(import.meta);

// Every CSV answer goes through src/routes/csv.ts: BOM, header, quoting, booleans spelled out, and texts a
// spreadsheet would run as a formula neutralized. The JSON answer keeps the text exactly as stored.

/** RFC 4180 records of a CSV text (quoted cells may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  const endCell = () => {
    record.push(cell);
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (quoted) cell += c;
    else if (c === ',') endCell();
    else if (c === '\n') {
      endCell();
      records.push(record);
      record = [];
    } else cell += c;
  }
  if (cell !== '' || record.length > 0) {
    endCell();
    records.push(record);
  }
  return records;
}

t.test('csvCell: formula texts get an apostrophe, numbers and plain texts do not', async (t) => {
  t.equal(csvCell('=HYPERLINK("http://x","y")'), `'=HYPERLINK("http://x","y")`);
  t.equal(csvCell('+1+1'), "'+1+1");
  t.equal(csvCell('-2+3'), "'-2+3");
  t.equal(csvCell('@SUM(A1:A2)'), "'@SUM(A1:A2)");
  t.equal(csvCell('\t=1'), "'\t=1");
  t.equal(csvCell('\r=1'), "'\r=1");
  t.equal(csvCell('-12.50'), '-12.50', 'a negative amount written as text is a number, not a formula');
  t.equal(csvCell('+3'), '+3');
  t.equal(csvCell('1e-3'), '1e-3');
  t.equal(csvCell('a=b'), 'a=b', 'only the first character counts');
  t.equal(csvCell('蕉岭县'), '蕉岭县');
  t.equal(csvCell(-5), -5, 'numbers stay numbers');
  t.equal(csvCell(false), false, 'booleans stay booleans (the writer spells them out)');
  t.equal(csvCell(null), '');
  t.equal(csvCell(undefined), '');
  t.equal(csvCell(['=1', 'b']), "'=1;b", 'arrays joined with ; then checked');
  t.equal(csvCell({ a: 1 }), '{"a":1}');
  t.equal(csvCell(new Date('2024-09-01T00:00:00Z')), '2024-09-01T00:00:00.000Z');
});

t.test('a list as CSV: BOM, header, quoting, booleans and formula-safe cells; JSON unchanged', async (t) => {
  const h = await createTestApp();
  t.teardown(() => h.close());
  t.equal((await h.call('PUT', '/v1/counties/441427', county)).status, 201);
  // The county came with its towns (docs/divisions.md): the town is already there, unchanged.
  t.equal((await h.call('PUT', '/v1/towns/441427100', town)).status, 200);
  const names = {
    '2144000001': '=HYPERLINK("http://example.invalid","点击")',
    '2144000002': '第二小学, "分校"\n新址',
    '2144000003': '@SUM(A1)',
  };
  for (const [code, name] of Object.entries(names)) {
    const r = await h.call('PUT', `/v1/schools/${code}`, school({ name, boarding: code === '2144000002' }));
    t.equal(r.status, 201, JSON.stringify(r.body));
  }

  const json = await h.call('GET', '/v1/schools?countyCode=441427');
  t.same(
    json.body.items.map((s: { schoolCode: string; name: string }) => [s.schoolCode, s.name]),
    Object.entries(names),
    'JSON answers the names exactly as stored',
  );

  const csv = await h.call('GET', '/v1/schools?countyCode=441427&format=csv');
  t.equal(csv.status, 200);
  t.match(String(csv.headers['content-type']), /^text\/csv; charset=utf-8/);
  t.equal(csv.headers['content-disposition'], 'attachment; filename="schools.csv"');
  t.ok(csv.text.startsWith('\uFEFF'), 'BOM');
  const [header, ...rows] = parseCsv(csv.text.slice(1));
  t.same(header, Object.keys(School.properties), 'a header of the JSON field names, in the schema order');
  const at = (name: string) => header?.indexOf(name) ?? -1;
  t.same(
    rows.map((r) => [r[at('schoolCode')], r[at('name')], r[at('boarding')]]),
    [
      ['2144000001', `'=HYPERLINK("http://example.invalid","点击")`, 'false'],
      ['2144000002', '第二小学, "分校"\n新址', 'true'],
      ['2144000003', "'@SUM(A1)", 'false'],
    ],
    'formulas neutralized, commas, quotes and line breaks quoted, false spelled out',
  );
  t.ok(csv.text.includes('"第二小学, ""分校""\n新址"'), 'the quoted cell as written');

  const viaAccept = await h.call('GET', '/v1/schools?countyCode=441427', undefined, { accept: 'text/csv' });
  t.equal(viaAccept.text, csv.text, 'Accept: text/csv gives the same file');
});

t.test('a list with a path parameter answers CSV through the same writer', async (t) => {
  const h = await createTestApp();
  t.teardown(() => h.close());
  await h.call('PUT', '/v1/counties/441427', county);
  await h.call('PUT', '/v1/towns/441427100', town);
  t.equal((await h.call('PUT', '/v1/teachers/T001', { name: '-李老师+1', gender: 'female', birthYear: 1985 })).status, 201);
  const csv = await h.call('GET', '/v1/teachers?format=csv');
  const [header, row] = parseCsv(csv.text.slice(1));
  t.equal(row?.[header?.indexOf('name') ?? -1], "'-李老师+1");
  const years = await h.call('GET', '/v1/teachers/T001/years?format=csv');
  t.equal(years.status, 200);
  t.equal(years.headers['content-disposition'], 'attachment; filename="teacherYears.csv"');
  t.same(parseCsv(years.text.slice(1)).length, 1, 'a header and no rows for a teacher without years');
  const bad = await h.call('GET', '/v1/teachers/T001/years?format=xml');
  t.equal(bad.status, 400);
});
