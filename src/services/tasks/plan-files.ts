// The county plans shipped with the service: `plans/<countyCode>/tasks.json` and `responsible-units.json`
// (docs/tasks.md). Read and checked once, at start-up; any problem in any file stops the service with
// every problem listed, as the policy files do (docs/policies.md, "Validation").

import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Value } from 'typebox/value';
import { INDICATOR_IDS, catalogueText, type IndicatorId } from '../../rules/indicators/catalogue.js';
import { readDeadline, type IsoDate } from '../../rules/tasks/deadline.js';
import { TasksFileSchema, UnitsFileSchema, type TasksFile, type UnitsFile } from './plan-file-schema.js';

export const TASKS_FILE = 'tasks.json';
export const UNITS_FILE = 'responsible-units.json';

export interface UnitRef {
  unitId: string;
  name: string;
}

export interface PlanUnit extends UnitRef {
  aliases: readonly string[];
  duties: string;
  dutiesSharedWith: readonly string[];
  indicators: readonly IndicatorId[];
}

export interface PlanTask {
  taskId: string;
  number: number;
  text: string;
  responsibleUnitsText: string;
  /** The units 责任单位 names, in its order, resolved through the units file's names and aliases. */
  responsibleUnits: readonly UnitRef[];
  deadlineText: string;
  /** The last day the deadline allows; null for an ongoing task (持续推进). */
  deadline: IsoDate | null;
  indicators: readonly IndicatorId[];
  indicatorsReading: string;
}

export interface CountyPlan {
  countyCode: string;
  tasksSource: string;
  unitsSource: string;
  /** In the table's order (序号). */
  tasks: readonly PlanTask[];
  taskById: ReadonlyMap<string, PlanTask>;
  /** In the units file's order. */
  units: readonly PlanUnit[];
  unitById: ReadonlyMap<string, PlanUnit>;
  /** Every name and alias of every unit. */
  unitByName: ReadonlyMap<string, PlanUnit>;
}

export interface PlanCatalog {
  dir: string;
  byCounty: ReadonlyMap<string, CountyPlan>;
}

export class PlanFileError extends Error {
  override readonly name = 'PlanFileError';
  constructor(
    readonly dir: string,
    readonly problems: readonly string[],
  ) {
    super(`plan files in ${dir}: ${problems.length} problem(s)\n  ${problems.join('\n  ')}`);
  }
}

/** The plans directory shipped with the service, found from this module (src/services/tasks or dist/src/services/tasks). */
export function shippedPlansDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const relative of ['../../../plans', '../../../../plans']) {
    const dir = path.resolve(here, relative);
    if (existsSync(dir) && statSync(dir).isDirectory()) return dir;
  }
  throw new PlanFileError(path.resolve(here, '../../../plans'), ['the shipped plans directory was not found next to the service']);
}

/** 责任单位 as the plan writes it: names separated by 、 or ， (and a line break in a table cell). */
export const splitUnitNames = (text: string): string[] =>
  text
    .split(/[、，,\n]/)
    .map((x) => x.trim())
    .filter((x) => x.length > 0);

function readJson(file: string, label: string, problems: string[]): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    problems.push(`${label}: cannot be read as JSON: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

function shapeProblems(schema: typeof TasksFileSchema | typeof UnitsFileSchema, value: unknown, label: string): string[] {
  if (Value.Check(schema, value)) return [];
  return [...Value.Errors(schema, value)].map((e) => `${label} ${e.instancePath || '/'}: ${e.keyword === 'additionalProperties' ? 'has a field the file does not take' : e.message}`);
}

/** The units of a units file; duplicate ids or names, unknown `dutiesSharedWith` and indicators that disagree with 附件1 are problems. */
function readUnits(file: UnitsFile, label: string, problems: string[]) {
  const unitById = new Map<string, PlanUnit>();
  const unitByName = new Map<string, PlanUnit>();
  const units: PlanUnit[] = [];
  file.units.forEach((u, i) => {
    const unit: PlanUnit = {
      unitId: u.unitId,
      name: u.name,
      aliases: u.aliases ?? [],
      duties: u.duties,
      dutiesSharedWith: u.dutiesSharedWith ?? [],
      indicators: u.indicators,
    };
    if (unitById.has(u.unitId)) problems.push(`${label} /units/${i}/unitId: ${u.unitId} is already the id of another unit`);
    unitById.set(u.unitId, unit);
    for (const name of [u.name, ...unit.aliases]) {
      const other = unitByName.get(name);
      if (other && other !== unit) problems.push(`${label} /units/${i}: the name ${name} is already unit ${other.unitId}'s`);
      unitByName.set(name, unit);
    }
    units.push(unit);
  });
  units.forEach((u, i) => {
    for (const other of u.dutiesSharedWith)
      if (!unitById.has(other) || other === u.unitId) problems.push(`${label} /units/${i}/dutiesSharedWith: ${other} is not another unit of the file`);
  });
  // 附件1 names each indicator's responsible units (the catalogue holds them): a unit answers for exactly
  // the indicators whose units name it, and every name there must be a unit of the file.
  const expected = new Map<string, Set<IndicatorId>>();
  for (const t of INDICATOR_IDS.map(catalogueText)) {
    for (const name of t.responsibleUnits) {
      const unit = unitByName.get(name);
      if (!unit) {
        problems.push(`${label} /units: the indicator catalogue names ${name} responsible for ${t.id}; no unit has that name or alias`);
        continue;
      }
      let set = expected.get(unit.unitId);
      if (!set) expected.set(unit.unitId, (set = new Set()));
      set.add(t.id);
    }
  }
  units.forEach((u, i) => {
    const want = expected.get(u.unitId) ?? new Set<IndicatorId>();
    const missing = INDICATOR_IDS.filter((id) => want.has(id) && !u.indicators.includes(id));
    const extra = u.indicators.filter((id) => !want.has(id));
    if (missing.length > 0) problems.push(`${label} /units/${i}/indicators: the indicator catalogue makes ${u.name} responsible for ${missing.join(', ')} too`);
    if (extra.length > 0) problems.push(`${label} /units/${i}/indicators: the indicator catalogue does not name ${u.name} for ${extra.join(', ')}`);
  });
  return { units, unitById, unitByName };
}

function readTasks(file: TasksFile, label: string, unitByName: ReadonlyMap<string, PlanUnit>, problems: string[]): PlanTask[] {
  const ids = new Set<string>();
  const numbers = new Set<number>();
  return file.tasks.map((t, i) => {
    if (ids.has(t.taskId)) problems.push(`${label} /tasks/${i}/taskId: ${t.taskId} is already another task's id`);
    if (numbers.has(t.number)) problems.push(`${label} /tasks/${i}/number: ${t.number} is already another task's number`);
    ids.add(t.taskId);
    numbers.add(t.number);
    const responsibleUnits: UnitRef[] = [];
    for (const name of splitUnitNames(t.responsibleUnitsText)) {
      const unit = unitByName.get(name);
      if (!unit) problems.push(`${label} /tasks/${i}/responsibleUnitsText: ${name} is no unit's name or alias in ${UNITS_FILE}`);
      else if (responsibleUnits.some((r) => r.unitId === unit.unitId)) problems.push(`${label} /tasks/${i}/responsibleUnitsText: ${name} names ${unit.unitId} twice`);
      else responsibleUnits.push({ unitId: unit.unitId, name: unit.name });
    }
    const reading = readDeadline(t.deadlineText);
    if (!reading.ok) problems.push(`${label} /tasks/${i}/deadlineText: ${reading.message}`);
    return {
      taskId: t.taskId,
      number: t.number,
      text: t.text,
      responsibleUnitsText: t.responsibleUnitsText,
      responsibleUnits,
      deadlineText: t.deadlineText,
      deadline: reading.ok ? reading.deadline : null,
      indicators: t.indicators,
      indicatorsReading: t.indicatorsReading,
    };
  });
}

function readCountyPlan(dir: string, countyCode: string, problems: string[]): CountyPlan | undefined {
  const before = problems.length;
  const tasksLabel = `${countyCode}/${TASKS_FILE}`;
  const unitsLabel = `${countyCode}/${UNITS_FILE}`;
  const load = (name: string, label: string) => {
    const file = path.join(dir, name);
    if (!existsSync(file)) {
      problems.push(`${label}: missing; a plan directory holds ${TASKS_FILE} and ${UNITS_FILE}`);
      return undefined;
    }
    return readJson(file, label, problems);
  };
  const tasksValue = load(TASKS_FILE, tasksLabel);
  const unitsValue = load(UNITS_FILE, unitsLabel);
  const tasksShape = tasksValue === undefined ? ['unread'] : shapeProblems(TasksFileSchema, tasksValue, tasksLabel);
  const unitsShape = unitsValue === undefined ? ['unread'] : shapeProblems(UnitsFileSchema, unitsValue, unitsLabel);
  problems.push(...[...tasksShape, ...unitsShape].filter((p) => p !== 'unread'));
  if (tasksShape.length > 0 || unitsShape.length > 0) return undefined;
  const tasksFile = tasksValue as TasksFile;
  const unitsFile = unitsValue as UnitsFile;
  if (tasksFile.countyCode !== countyCode) problems.push(`${tasksLabel} /countyCode: must be ${countyCode}, the directory's name`);
  if (unitsFile.countyCode !== countyCode) problems.push(`${unitsLabel} /countyCode: must be ${countyCode}, the directory's name`);
  const { units, unitById, unitByName } = readUnits(unitsFile, unitsLabel, problems);
  const tasks = readTasks(tasksFile, tasksLabel, unitByName, problems);
  if (problems.length > before) return undefined;
  return {
    countyCode,
    tasksSource: tasksFile.source,
    unitsSource: unitsFile.source,
    tasks,
    taskById: new Map(tasks.map((t) => [t.taskId, t])),
    units,
    unitById,
    unitByName,
  };
}

/**
 * Reads and checks every county directory of `dir`. Throws PlanFileError listing every problem of every
 * file: a directory not named by a county code, a missing file, a file that is not JSON or not of its
 * shape, a duplicate id or name, a 责任单位 that names no unit, a deadline the service cannot read, and
 * unit indicators that disagree with the indicator catalogue (附件1).
 */
export function loadPlanCatalog(dir: string = shippedPlansDir()): PlanCatalog {
  const absolute = path.resolve(dir);
  if (!existsSync(absolute) || !statSync(absolute).isDirectory()) throw new PlanFileError(absolute, ['is not a directory']);
  const problems: string[] = [];
  const byCounty = new Map<string, CountyPlan>();
  const entries = readdirSync(absolute, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  for (const name of entries) {
    if (!/^[0-9]{6}$/.test(name)) {
      problems.push(`${name}: a plan directory is named by its 6-digit county code`);
      continue;
    }
    const plan = readCountyPlan(path.join(absolute, name), name, problems);
    if (plan) byCounty.set(name, plan);
  }
  if (problems.length > 0) throw new PlanFileError(absolute, problems);
  return { dir: absolute, byCounty };
}
