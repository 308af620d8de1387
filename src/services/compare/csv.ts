// CSV of the comparison and trend answers (written by src/routes/csv.ts): long tables of stable columns,
// one row per compared figure or per indicator, year and figure, since the figures differ by indicator.

import type { NumberChange, VerdictChange } from '../../rules/compare/delta.js';
import type { CountyComparisonT, CountyYearsT, IndicatorChangeT, IndicatorSeriesT, SchoolComparisonT } from '../../schemas/compare.js';
import { statusOfMet } from './status.js';

export const YEARS_CSV_COLUMNS = ['countyCode', 'year', 'schools', 'schoolYears', 'classes', 'students', 'teacherYears', 'countyFacts'] as const;

export function yearsCsvRows(answer: CountyYearsT) {
  return answer.items.map((i) => ({ countyCode: answer.countyCode, ...i }));
}

export const COMPARE_CSV_COLUMNS = [
  'countyCode',
  'schoolCode',
  'fromYear',
  'toYear',
  'section',
  'id',
  'stage',
  'unitId',
  'figure',
  'from',
  'to',
  'delta',
  'changed',
] as const;

export interface CompareCsvRow {
  countyCode: string;
  schoolCode: string | null;
  fromYear: number;
  toYear: number;
  section: 'inputs' | 'units' | 'indicators' | 'resourceAllocation' | 'dispersion' | 'entitlement';
  id: string | null;
  stage: string | null;
  unitId: string | null;
  figure: string;
  from: number | string | boolean | null;
  to: number | string | boolean | null;
  delta: number | null;
  changed: boolean;
}

type Where = Pick<CompareCsvRow, 'countyCode' | 'schoolCode' | 'fromYear' | 'toYear'>;
type Place = Pick<CompareCsvRow, 'section' | 'id' | 'stage' | 'unitId'>;

const numberRow = (where: Where, place: Place, figure: string, c: NumberChange): CompareCsvRow => ({
  ...where,
  ...place,
  figure,
  from: c.from,
  to: c.to,
  delta: c.delta,
  changed: c.from !== c.to,
});

const verdictRow = <T extends string | boolean>(where: Where, place: Place, figure: string, c: VerdictChange<T>): CompareCsvRow => ({
  ...where,
  ...place,
  figure,
  from: c.from,
  to: c.to,
  delta: null,
  changed: c.changed,
});

function* figureRows(where: Where, place: Place, figures: Readonly<Record<string, NumberChange>>): Generator<CompareCsvRow> {
  for (const [name, c] of Object.entries(figures)) yield numberRow(where, place, name, c);
}

function* indicatorRows(where: Where, section: 'indicators' | 'dispersion', list: readonly IndicatorChangeT[]): Generator<CompareCsvRow> {
  for (const i of list) {
    const place = { section, id: i.id, stage: i.stage, unitId: i.unitId };
    yield verdictRow(where, place, 'status', i.status);
    yield* figureRows(where, place, i.figures);
  }
}

const at = (section: Place['section'], over: Partial<Place> = {}): Place => ({ section, id: null, stage: null, unitId: null, ...over });

export function* schoolCompareCsvRows(a: SchoolComparisonT): Generator<CompareCsvRow> {
  const where = { countyCode: a.countyCode, schoolCode: a.schoolCode, fromYear: a.from, toYear: a.to };
  yield* figureRows(where, at('inputs'), a.inputs);
  for (const u of a.units) {
    const place = at('units', { stage: u.stage, unitId: u.unitId });
    yield numberRow(where, place, 'students', u.students);
    yield numberRow(where, place, 'metCount', u.metCount);
    yield verdictRow(where, place, 'passes', u.passes);
  }
  yield* indicatorRows(where, 'indicators', a.indicators);
  const money = at('entitlement');
  yield verdictRow(where, money, 'entitled', a.entitlement.entitled);
  yield numberRow(where, money, 'totalYuan', a.entitlement.totalYuan);
  yield numberRow(where, money, 'trainingMinimumYuan', a.entitlement.trainingMinimumYuan);
  for (const c of a.entitlement.components) {
    const place = at('entitlement', { id: c.component });
    yield numberRow(where, place, 'quantity', c.quantity);
    yield numberRow(where, place, 'rateYuan', c.rateYuan);
    yield numberRow(where, place, 'amountYuan', c.amountYuan);
  }
}

export function* countyCompareCsvRows(a: CountyComparisonT): Generator<CompareCsvRow> {
  const where = { countyCode: a.countyCode, schoolCode: null, fromYear: a.from, toYear: a.to };
  yield* figureRows(where, at('inputs'), a.inputs);
  yield* indicatorRows(where, 'indicators', a.indicators);
  yield verdictRow(where, at('resourceAllocation'), 'passes', a.resourceAllocation.passes);
  for (const s of a.resourceAllocation.stages) {
    const place = at('resourceAllocation', { stage: s.stage });
    yield verdictRow(where, place, 'passes', s.passes);
    yield* figureRows(where, place, s.figures);
    yield* indicatorRows(where, 'dispersion', s.dispersion);
  }
  const money = at('entitlement');
  yield numberRow(where, money, 'schools', a.entitlement.schools);
  yield numberRow(where, money, 'totalYuan', a.entitlement.totalYuan);
  yield numberRow(where, money, 'trainingMinimumYuan', a.entitlement.trainingMinimumYuan);
  for (const c of a.entitlement.components) {
    const place = at('entitlement', { id: c.component });
    yield numberRow(where, place, 'schools', c.schools);
    yield numberRow(where, place, 'quantity', c.quantity);
    yield numberRow(where, place, 'amountYuan', c.amountYuan);
  }
}

export const SERIES_CSV_COLUMNS = ['countyCode', 'id', 'year', 'policyId', 'status', 'figure', 'value'] as const;

export interface SeriesCsvRow {
  countyCode: string;
  id: string;
  year: number;
  policyId: string;
  status: string;
  figure: string | null;
  value: number | boolean | null;
}

/** One row per indicator, year and figure; an indicator-year without figures (a declared one) gets one row. */
export function* seriesCsvRows(a: IndicatorSeriesT): Generator<SeriesCsvRow> {
  for (const i of a.indicators) {
    for (const p of i.points) {
      const base = { countyCode: a.countyCode, id: i.id, year: p.year, policyId: p.policyId, status: p.status };
      const figures = Object.entries(p.figures);
      if (figures.length === 0) yield { ...base, figure: null, value: null };
      for (const [figure, value] of figures) yield { ...base, figure, value };
    }
  }
  for (const r of a.resourceAllocation) {
    const base = { countyCode: a.countyCode, id: 'resourceAllocation', year: r.year, policyId: r.policyId, status: statusOfMet(r.passes) };
    yield { ...base, figure: 'passes', value: r.passes };
    for (const stage of ['primary', 'junior'] as const) {
      for (const [name, value] of Object.entries(r[stage])) yield { ...base, figure: `${stage}.${name}`, value };
    }
  }
}
