// The policy files: the shipped directory, a directory with mistakes (every problem listed at once), the
// POLICIES_DIR setting, and start-up refusing a bad directory before touching the database.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Test } from 'tap';
import { fileTest } from '../../helpers/file-test.js';
import { loadConfig } from '../../../src/config.js';
import { loadPolicyCatalog, PolicyFileError, shippedPoliciesDir } from '../../../src/services/policy-files.js';
import { prepareDatabase } from '../../../src/startup.js';

const t = fileTest(import.meta);

const SHIPPED = shippedPoliciesDir();

/** A copy of the shipped directory to break. */
function copyOfShipped(t: Test): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'edu-policies-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(SHIPPED, dir, { recursive: true });
  return dir;
}
const readJson = (dir: string, file: string) => JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
const writeJson = (dir: string, file: string, value: unknown) => writeFileSync(path.join(dir, file), JSON.stringify(value, null, 2));

function problemsOf(dir: string): string[] {
  try {
    loadPolicyCatalog(dir);
  } catch (err) {
    if (err instanceof PolicyFileError) return [...err.problems];
    throw err;
  }
  return [];
}

t.test('the shipped directory: three profiles and the defaults', async (t) => {
  t.equal(path.basename(SHIPPED), 'policies');
  const catalog = loadPolicyCatalog();
  t.equal(catalog.dir, SHIPPED);
  t.same(catalog.definitions.map((d) => d.id), ['national-2017', 'guangdong-2018', 'jiaoling-2023'], 'by first school year, then id');
  t.same(catalog.defaults, { byCounty: { '441427': 'jiaoling-2023' }, fallback: 'national-2017' });
  const jiaoling = catalog.byId.get('jiaoling-2023');
  t.equal(jiaoling?.extends, 'national-2017');
  t.ok(jiaoling?.parameters['indicators.resourceStandards.B1.primary'], 'the parent\'s parameters are applied');
  t.same(problemsOf(SHIPPED), []);
});

t.test('a directory with mistakes: every problem of every file at once', async (t) => {
  const dir = copyOfShipped(t);
  writeFileSync(path.join(dir, 'broken.json'), '{ "id": "broken", ');
  const misnamed = readJson(dir, 'guangdong-2018.json');
  writeJson(dir, 'guangdong.json', { ...misnamed, id: 'guangdong-copy' });
  const orphan = readJson(dir, 'guangdong-2018.json');
  writeJson(dir, 'orphan-2020.json', { ...orphan, id: 'orphan-2020', extends: 'no-such-parent' });
  writeJson(dir, 'loop-a.json', { ...orphan, id: 'loop-a', extends: 'loop-b' });
  writeJson(dir, 'loop-b.json', { ...orphan, id: 'loop-b', extends: 'loop-a' });
  const national = readJson(dir, 'national-2017.json');
  delete national.parameters['funding.senior'];
  national.parameters['funding.boarding'].values.push({ from: '2016-01-01', value: 10000 });
  writeJson(dir, 'national-2017.json', national);
  writeJson(dir, 'defaults.json', { '441427': 'jiaoling-2099' });
  writeFileSync(path.join(dir, 'README.txt'), 'not a policy');

  const problems = problemsOf(dir);
  t.match(problems, [
    /^broken\.json: cannot be read as JSON/,
    /^guangdong\.json \/id: the file of policy guangdong-copy must be named guangdong-copy\.json$/,
    /^loop-b\.json \/extends: loop-a → loop-b → loop-a is a cycle$/,
    /^orphan-2020\.json \/extends: no file defines policy no-such-parent$/,
  ]);
  t.equal(problems.filter((p) => p.includes('cycle')).length, 1, 'a cycle is reported once');
  const rest = problems.slice(4);
  t.ok(rest.includes('national-2017.json /parameters: missing parameter funding.senior (fen per student per year)'), 'a missing parameter');
  t.ok(rest.includes('national-2017.json /parameters/funding.boarding/values/1/from: dates must ascend: 2016-01-01 does not follow 2017-09-01'), 'dates out of order');
  t.ok(rest.some((p) => p.startsWith('guangdong-2018.json /parameters: missing parameter funding.senior')) === false, 'a child restating the parameter is not blamed');
  t.ok(rest.some((p) => p.startsWith('jiaoling-2023.json /parameters: missing parameter funding.senior')) === false, 'jiaoling states its own senior rate');
  t.ok(rest.includes('defaults.json /441427: names policy jiaoling-2099, which no file defines'));
  t.ok(rest.includes('defaults.json /: needs "*": the profile of every county not listed'));
  t.notOk(problems.some((p) => p.includes('README')), 'files that are not .json are not policies');

  const err = (() => {
    try {
      loadPolicyCatalog(dir);
    } catch (e) {
      return e as Error;
    }
    return undefined;
  })();
  t.type(err, PolicyFileError);
  t.match(err?.message, new RegExp(`^policy files in ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: \\d+ problem\\(s\\)\\n  broken\\.json`));
});

t.test('a missing directory or defaults file', async (t) => {
  t.same(problemsOf(path.join(tmpdir(), 'edu-policies-does-not-exist')), ['is not a directory']);
  const dir = copyOfShipped(t);
  rmSync(path.join(dir, 'defaults.json'));
  t.match(problemsOf(dir), [/^defaults\.json: missing/]);
});

t.test('POLICIES_DIR names the directory; unset means the shipped one', async (t) => {
  t.equal(loadConfig({}).policiesDir, undefined);
  t.equal(loadConfig({ POLICIES_DIR: 'some/dir' }).policiesDir, path.resolve('some/dir'));
});

t.test('start-up stops on a bad policy directory before opening the database', async (t) => {
  const dir = copyOfShipped(t);
  const national = readJson(dir, 'national-2017.json');
  national.parameters['funding.boarding'].unit = 'yuan per boarder per year';
  writeJson(dir, 'national-2017.json', national);
  const dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'edu-data-')), 'data');
  t.teardown(() => rmSync(path.dirname(dataDir), { recursive: true, force: true }));
  await t.rejects(
    prepareDatabase({ databaseUrl: undefined, dataDir, demoData: false, databasePoolSize: 1, policiesDir: dir }, { info: () => {}, warn: () => {} }),
    { name: 'PolicyFileError', message: /national-2017\.json \/parameters\/funding\.boarding\/unit: must be equal to constant "fen per boarder per year"/ },
  );
  t.notOk(existsSync(dataDir), 'the data directory was never created');
});

t.test('the server process exits with code 2 and lists the problems', async (t) => {
  const dir = copyOfShipped(t);
  writeJson(dir, 'defaults.json', { '*': 'nope-2017' });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'edu-proc-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: path.resolve(import.meta.dirname, '../../..'),
    env: { ...process.env, POLICIES_DIR: dir, DATA_DIR: dataDir, DATABASE_URL: '', PORT: '0', DEMO_DATA: 'false', LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  t.equal(code, 2, output);
  t.match(output, /policy files in .*: 1 problem\(s\)\n {2}defaults\.json \/\*: names policy nope-2017, which no file defines/);
  t.notMatch(output, /at .*\.ts:\d+/, 'a message, not a stack trace');
});
