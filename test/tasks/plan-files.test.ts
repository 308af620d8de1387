// The shipped plan files (441427: 附件3's tasks, 附件2's units) and a directory with mistakes, every problem
// listed at once.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Test } from 'tap';
import { fileTest } from '../helpers/file-test.js';
import { INDICATOR_IDS, catalogueText } from '../../src/rules/indicators/catalogue.js';
import { PlanFileError, loadPlanCatalog, shippedPlansDir } from '../../src/services/tasks/plan-files.js';

const t = fileTest(import.meta);

const SHIPPED = shippedPlansDir();

function copyOfShipped(t: Test): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'edu-plans-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(SHIPPED, dir, { recursive: true });
  return dir;
}
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
const writeJson = (file: string, value: unknown) => writeFileSync(file, JSON.stringify(value, null, 2));

function problemsOf(dir: string): string[] {
  try {
    loadPlanCatalog(dir);
  } catch (err) {
    if (err instanceof PlanFileError) return [...err.problems];
    throw err;
  }
  return [];
}

t.test('the shipped plan of 441427: the 14 rows of 附件3 and the 38 units of 附件2', async (t) => {
  t.equal(path.basename(SHIPPED), 'plans');
  const catalog = loadPlanCatalog();
  t.same([...catalog.byCounty.keys()], ['441427'], 'one county has a plan');
  const plan = catalog.byCounty.get('441427')!;
  t.equal(plan.tasks.length, 14, '附件3 has 14 numbered rows');
  t.same(plan.tasks.map((x) => x.number), Array.from({ length: 14 }, (_, i) => i + 1), 'in the order of 序号');
  t.same(plan.tasks.map((x) => x.taskId), Array.from({ length: 14 }, (_, i) => `T${String(i + 1).padStart(2, '0')}`));
  t.equal(plan.units.length, 38, '35 paragraphs of 附件2, three of them naming two units');

  const t04 = plan.taskById.get('T04')!;
  t.match(t04.text, /^完成新建蕉岭中学桂岭校区项目，新增30个班，1500学位/);
  t.equal(t04.responsibleUnitsText, '县发改局、县教育局、县住房和城乡建设局、县自然资源局、县财政局');
  t.same(
    t04.responsibleUnits.map((u) => u.unitId),
    ['development-reform-bureau', 'education-bureau', 'housing-construction-bureau', 'natural-resources-bureau', 'finance-bureau'],
    'each name resolved, in the plan\'s order',
  );
  t.same([t04.deadlineText, t04.deadline], ['2023年9月', '2023-09-30']);
  t.same(t04.indicators, ['B4', 'B8', 'B11', 'B12']);
  const deadlines = Object.fromEntries(plan.tasks.map((x) => [x.taskId, x.deadline]));
  t.same(deadlines, {
    T01: '2023-04-30', T02: '2023-04-30', T03: '2023-05-31', T04: '2023-09-30', T05: '2023-12-31', T06: '2023-12-31', T07: '2024-09-30',
    T08: '2024-10-31', T09: null, T10: null, T11: null, T12: '2025-09-30', T13: '2025-12-31', T14: '2025-12-31',
  });
  t.same(plan.taskById.get('T11')!.responsibleUnits.map((u) => u.unitId), ['education-bureau', 'development-reform-bureau', 'towns'], '各镇人民政府 is 各镇');
  const silent = plan.tasks.filter((x) => x.indicators.length === 0).map((x) => x.taskId);
  t.same(silent, ['T02', 'T11', 'T13'], 'tasks whose text names no indicator');
  for (const id of silent) t.match(plan.taskById.get(id)!.indicatorsReading, /names no indicator/);

  const edu = plan.unitById.get('education-bureau')!;
  t.same(edu.indicators, [...INDICATOR_IDS], '县教育局 answers for every indicator');
  t.same(edu.dutiesSharedWith, ['education-work-committee']);
  t.match(edu.duties, /^县委教育工委、县教育局负责创建工作的统筹协调/);
  t.same(plan.unitById.get('finance-bureau')!.indicators, ['B4', 'B5', 'B6', 'B7', 'B8', 'B9', 'B10', 'B11', 'B13', 'B14', 'B15', 'B26']);
  t.same(plan.unitById.get('transport-bureau')!.indicators, [], 'a unit 附件1 does not name');
  t.notOk(plan.units.some((u) => u.duties.includes('bookmark')), 'no word-processor residue');
});

t.test('every responsible unit the indicator catalogue names is a unit of the plan, answering for that indicator', async (t) => {
  const plan = loadPlanCatalog().byCounty.get('441427')!;
  for (const id of INDICATOR_IDS) {
    for (const name of catalogueText(id).responsibleUnits) {
      const unit = plan.unitByName.get(name);
      t.ok(unit, `${id}: ${name} is a unit`);
      t.ok(unit?.indicators.includes(id), `${id}: ${name} answers for it`);
    }
  }
});

t.test('a directory with mistakes: every problem of every file at once', async (t) => {
  const dir = copyOfShipped(t);
  const tasksFile = path.join(dir, '441427', 'tasks.json');
  const unitsFile = path.join(dir, '441427', 'responsible-units.json');
  const tasks = readJson(tasksFile);
  tasks.tasks[1].taskId = 'T01'; // a duplicate id
  tasks.tasks[2].responsibleUnitsText = '县教育局、县体育局'; // a unit the plan does not have
  tasks.tasks[3].deadlineText = '尽快'; // not a deadline
  writeJson(tasksFile, tasks);
  const units = readJson(unitsFile);
  const finance = units.units.find((u: { unitId: string }) => u.unitId === 'finance-bureau');
  finance.indicators = finance.indicators.filter((id: string) => id !== 'B26').concat(['B31']); // disagrees with 附件1
  writeJson(unitsFile, units);
  mkdirSync(path.join(dir, 'jiaoling'));
  mkdirSync(path.join(dir, '441481'));
  writeJson(path.join(dir, '441481', 'tasks.json'), { countyCode: '441427', source: 's', tasks: [{ taskId: 'X1' }] });

  const problems = problemsOf(dir);
  const expect = [
    /^441427\/tasks\.json \/tasks\/1\/taskId: T01 is already another task's id$/,
    /^441427\/tasks\.json \/tasks\/2\/responsibleUnitsText: 县体育局 is no unit's name/,
    /^441427\/tasks\.json \/tasks\/3\/deadlineText: "尽快" is not a deadline/,
    /^441427\/responsible-units\.json \/units\/\d+\/indicators: the indicator catalogue makes 县财政局 responsible for B26 too$/,
    /^441427\/responsible-units\.json \/units\/\d+\/indicators: the indicator catalogue does not name 县财政局 for B31$/,
    /^441481\/responsible-units\.json: missing/,
    /^441481\/tasks\.json \/tasks\/0/,
    /^jiaoling: a plan directory is named by its 6-digit county code$/,
  ];
  for (const re of expect) t.ok(problems.some((p) => re.test(p)), `reports ${re}`);
  t.notOk(problems.some((p) => p.startsWith('441481/tasks.json /countyCode')), 'a file of the wrong shape is not checked further');
  t.throws(() => loadPlanCatalog(dir), PlanFileError);
});

t.test('a wrong county code in a file and an unknown shared-duties unit', async (t) => {
  const dir = copyOfShipped(t);
  const unitsFile = path.join(dir, '441427', 'responsible-units.json');
  const units = readJson(unitsFile);
  units.countyCode = '441481';
  units.units[0].dutiesSharedWith = ['no-such-unit'];
  units.units[1].aliases = ['县教育局']; // another unit's name
  writeJson(unitsFile, units);
  const problems = problemsOf(dir);
  t.ok(problems.includes('441427/responsible-units.json /countyCode: must be 441427, the directory\'s name'));
  t.ok(problems.includes('441427/responsible-units.json /units/0/dutiesSharedWith: no-such-unit is not another unit of the file'));
  t.ok(problems.some((p) => /\/units\/\d+: the name 县教育局 is already unit/.test(p)), 'a name given to two units');
});

t.test('not a directory', async (t) => {
  t.throws(() => loadPlanCatalog(path.join(tmpdir(), 'no-such-plans-dir-xyz')), PlanFileError);
});
