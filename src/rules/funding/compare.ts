// Comparing funding figures, the pure part (docs/domain.md §8): a frozen run against the live inputs of its
// county-year (verify), and one frozen run against another (diff). Both come down to comparing two sides,
// each a set of school inputs with the per-school lines computed from them: which schools were added,
// removed or changed, which input fields changed (with both values), and the money effect per school,
// per component and in total. Integer fen throughout; the service turns fen into yuan at the edge.
//
// A stored run is JSON read back from the database, so before it is compared `frozenRunProblems` checks
// that it still has the shape the engine wrote. A run that fails the check cannot be compared, and the
// caller must say so rather than answer "nothing changed".

import { parseFundingParams, FundingParamsError } from '../policies/funding-params.js';
import { computeEntitlement, FUNDING_COMPONENTS, type FundingComponentId, type SchoolEntitlement } from './entitlement.js';
import { FundingInputError, INPUT_FIELDS, compareCodes, normalizeInputs, type FundingSchoolInput, type InputField } from './inputs.js';
import { sumFen, type Fen } from './money.js';
import { hashSnapshot, inputFieldValue, type RunSnapshot } from './run.js';

export type InputValue = string | number | boolean | null;

/** One input field that differs between the two sides; `null` where the school or the amount is absent. */
export interface FieldChange {
  field: InputField;
  from: InputValue;
  to: InputValue;
}

export type SchoolChange = 'added' | 'removed' | 'changed';

export interface ComponentFigures {
  quantity: number;
  rateFen: Fen;
  amountFen: Fen;
}

/** One component of one school on both sides; null on a side where the school has no such component. */
export interface ComponentDifference {
  component: FundingComponentId;
  from: ComponentFigures | null;
  to: ComponentFigures | null;
  /** to amount − from amount (an absent component counts 0). */
  differenceFen: Fen;
}

export interface SchoolDifference {
  schoolCode: string;
  /** added: only on the `to` side; removed: only on the `from` side; changed: on both, inputs or lines differ. */
  change: SchoolChange;
  /** Every input field whose value differs (for an added or removed school: every field it declares). */
  inputChanges: FieldChange[];
  fromTotalFen: Fen;
  toTotalFen: Fen;
  differenceFen: Fen;
  /** Every component present on either side, in FUNDING_COMPONENTS order. */
  components: ComponentDifference[];
}

export interface ComponentTotalDifference {
  component: FundingComponentId;
  fromFen: Fen;
  toFen: Fen;
  differenceFen: Fen;
}

export interface TotalsDifference {
  fromFen: Fen;
  toFen: Fen;
  differenceFen: Fen;
  /** Components present on either side, in FUNDING_COMPONENTS order. */
  byComponent: ComponentTotalDifference[];
}

/** One side of a comparison: normalized inputs and the lines computed from them, one per school. */
export interface ComparisonSide {
  inputs: readonly FundingSchoolInput[];
  lines: readonly SchoolEntitlement[];
}

const difference = (from: Fen, to: Fen): Fen => sumFen([to, -from]);

/** The fields whose values differ; a missing school has no value (null) for every field. */
export function fieldChanges(from: FundingSchoolInput | undefined, to: FundingSchoolInput | undefined): FieldChange[] {
  const value = (i: FundingSchoolInput | undefined, f: InputField): InputValue => (i === undefined ? null : inputFieldValue(i, f));
  const out: FieldChange[] = [];
  for (const field of INPUT_FIELDS) {
    const a = value(from, field);
    const b = value(to, field);
    if (!Object.is(a, b)) out.push({ field, from: a, to: b });
  }
  return out;
}

const figures = (line: SchoolEntitlement | undefined, id: FundingComponentId): ComponentFigures | null => {
  const c = line?.components.find((x) => x.component === id);
  return c === undefined ? null : { quantity: c.quantity, rateFen: c.rateFen, amountFen: c.amountFen };
};

/** Component by component, every component present on either side. */
function componentDifferences(from: SchoolEntitlement | undefined, to: SchoolEntitlement | undefined): ComponentDifference[] {
  const out: ComponentDifference[] = [];
  for (const component of FUNDING_COMPONENTS) {
    const a = figures(from, component);
    const b = figures(to, component);
    if (a === null && b === null) continue;
    out.push({ component, from: a, to: b, differenceFen: difference(a?.amountFen ?? 0, b?.amountFen ?? 0) });
  }
  return out;
}

/** Whether two lines of one school carry the same figures (explanations and clause texts aside). */
function sameFigures(a: SchoolEntitlement, b: SchoolEntitlement): boolean {
  if (a.totalFen !== b.totalFen || a.trainingMinimumFen !== b.trainingMinimumFen || a.entitled !== b.entitled) return false;
  if (a.components.length !== b.components.length) return false;
  return a.components.every((c, i) => {
    const d = b.components[i];
    return d !== undefined && c.component === d.component && c.quantity === d.quantity && c.rateFen === d.rateFen && c.amountFen === d.amountFen;
  });
}

const byCode = <T extends { schoolCode: string }>(items: readonly T[]): Map<string, T> => new Map(items.map((x) => [x.schoolCode, x]));

/**
 * The schools that differ between two sides, sorted by school code: added, removed, or on both sides with
 * a changed input or changed figures. Schools identical on both sides are left out.
 */
export function compareSides(from: ComparisonSide, to: ComparisonSide): SchoolDifference[] {
  const inputsFrom = byCode(from.inputs);
  const inputsTo = byCode(to.inputs);
  const linesFrom = byCode(from.lines);
  const linesTo = byCode(to.lines);
  const codes = [...new Set([...inputsFrom.keys(), ...inputsTo.keys()])].sort(compareCodes);
  const out: SchoolDifference[] = [];
  for (const schoolCode of codes) {
    const a = inputsFrom.get(schoolCode);
    const b = inputsTo.get(schoolCode);
    const la = linesFrom.get(schoolCode);
    const lb = linesTo.get(schoolCode);
    const change: SchoolChange = a === undefined ? 'added' : b === undefined ? 'removed' : 'changed';
    const inputChanges = fieldChanges(a, b);
    const linesDiffer = la === undefined || lb === undefined ? la !== lb : !sameFigures(la, lb);
    if (change === 'changed' && inputChanges.length === 0 && !linesDiffer) continue;
    const fromTotalFen = la?.totalFen ?? 0;
    const toTotalFen = lb?.totalFen ?? 0;
    out.push({
      schoolCode,
      change,
      inputChanges,
      fromTotalFen,
      toTotalFen,
      differenceFen: difference(fromTotalFen, toTotalFen),
      components: componentDifferences(la, lb),
    });
  }
  return out;
}

/** Totals of both sides' lines, overall and per component. */
export function compareTotals(from: readonly SchoolEntitlement[], to: readonly SchoolEntitlement[]): TotalsDifference {
  const amount = (lines: readonly SchoolEntitlement[], id: FundingComponentId | null): Fen =>
    sumFen(lines.flatMap((l) => (id === null ? [l.totalFen] : l.components.filter((c) => c.component === id).map((c) => c.amountFen))));
  const present = (lines: readonly SchoolEntitlement[], id: FundingComponentId) => lines.some((l) => l.components.some((c) => c.component === id));
  const byComponent: ComponentTotalDifference[] = [];
  for (const component of FUNDING_COMPONENTS) {
    if (!present(from, component) && !present(to, component)) continue;
    const fromFen = amount(from, component);
    const toFen = amount(to, component);
    byComponent.push({ component, fromFen, toFen, differenceFen: difference(fromFen, toFen) });
  }
  const fromFen = amount(from, null);
  const toFen = amount(to, null);
  return { fromFen, toFen, differenceFen: difference(fromFen, toFen), byComponent };
}

// ── a stored run read back ──────────────────────────────────────────────────────────────────────────

/** A stored run whose snapshot and lines passed `frozenRunProblems`. */
export interface FrozenRun {
  snapshot: RunSnapshot;
  lines: SchoolEntitlement[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isFen = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);

function lineProblems(line: unknown, at: string): string[] {
  if (!isObject(line)) return [`${at} is not an object`];
  const p: string[] = [];
  if (typeof line.schoolCode !== 'string') p.push(`${at}.schoolCode is not a string`);
  if (typeof line.entitled !== 'boolean') p.push(`${at}.entitled is not a boolean`);
  if (!isFen(line.totalFen)) p.push(`${at}.totalFen is not a whole number of fen`);
  if (!isFen(line.trainingMinimumFen)) p.push(`${at}.trainingMinimumFen is not a whole number of fen`);
  if (!Array.isArray(line.components)) return [...p, `${at}.components is not a list`];
  const amounts: number[] = [];
  (line.components as unknown[]).forEach((c, i) => {
    const where = `${at}.components[${i}]`;
    if (!isObject(c)) {
      p.push(`${where} is not an object`);
      return;
    }
    if (!(FUNDING_COMPONENTS as readonly unknown[]).includes(c.component)) p.push(`${where}.component ${String(c.component)} is not a funding component`);
    for (const k of ['quantity', 'rateFen', 'amountFen'] as const) if (!isFen(c[k])) p.push(`${where}.${k} is not a whole number`);
    if (isFen(c.amountFen)) amounts.push(c.amountFen);
  });
  if (p.length === 0 && isFen(line.totalFen) && sumFen(amounts) !== line.totalFen) p.push(`${at}.totalFen is not the sum of its components`);
  return p;
}

/**
 * What keeps a stored run from being compared: a snapshot the engine refuses (inputs or policy), lines of
 * the wrong shape, or lines that do not cover exactly the snapshot's schools. Empty when it can be compared.
 */
export function frozenRunProblems(snapshot: unknown, lines: unknown): string[] {
  const p: string[] = [];
  let codes: string[] | null = null;
  if (!isObject(snapshot)) return ['the snapshot is not an object'];
  if (!Array.isArray(snapshot.inputs)) p.push('snapshot.inputs is not a list');
  else {
    try {
      codes = normalizeInputs(snapshot.inputs as FundingSchoolInput[]).map((i) => i.schoolCode);
    } catch (err) {
      if (err instanceof FundingInputError) p.push(...err.problems.map((x) => `snapshot.inputs: ${x}`));
      else p.push(`snapshot.inputs: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const policy = snapshot.policy;
  if (!isObject(policy) || typeof policy.id !== 'string') p.push('snapshot.policy has no id');
  else {
    try {
      parseFundingParams(policy.funding);
    } catch (err) {
      if (err instanceof FundingParamsError) p.push(...err.problems.map((x) => `snapshot.policy.funding ${x}`));
      else p.push(`snapshot.policy.funding: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (!Array.isArray(lines)) return [...p, 'results.lines is not a list'];
  const lineCodes: string[] = [];
  (lines as unknown[]).forEach((l, i) => {
    const q = lineProblems(l, `results.lines[${i}]`);
    p.push(...q);
    if (q.length === 0) lineCodes.push((l as SchoolEntitlement).schoolCode);
  });
  if (codes !== null && p.length === 0) {
    const want = new Set(codes);
    const have = new Set(lineCodes);
    for (const c of codes) if (!have.has(c)) p.push(`results.lines has no line for school ${c} of the snapshot`);
    for (const c of lineCodes) if (!want.has(c)) p.push(`results.lines has a line for school ${c}, which is not in the snapshot`);
    if (have.size !== lineCodes.length) p.push('results.lines has more than one line for a school');
  }
  return p;
}

/**
 * A stored snapshot and its lines as a `FrozenRun` (inputs normalized, sorted by school code), or every
 * problem that keeps it from being compared.
 */
export function readFrozenRun(snapshot: unknown, lines: unknown): { run: FrozenRun } | { problems: string[] } {
  const problems = frozenRunProblems(snapshot, lines);
  if (problems.length > 0) return { problems };
  const s = snapshot as RunSnapshot;
  return { run: { snapshot: { inputs: normalizeInputs(s.inputs), policy: s.policy }, lines: lines as SchoolEntitlement[] } };
}

// ── verify: a frozen run against the live inputs ───────────────────────────────────────────────────

export interface DriftEntry {
  schoolCode: string;
  /** The changed input fields, or ['added'] / ['removed'] (the names `diffInputs` gives). */
  fields: (InputField | 'added' | 'removed')[];
  /** Frozen and live value of every changed field (for an added or removed school: every field it declares). */
  changes: { field: InputField; frozen: InputValue; live: InputValue }[];
  /** The run's figure for the school (0 when added). */
  frozenTotalFen: Fen;
  /** The live inputs under the run's own policy (0 when removed). */
  liveTotalFen: Fen;
  differenceFen: Fen;
}

export interface LiveComparison {
  /** sha256 over { live inputs, the run's policy }: what a new run under that profile would hash to now. */
  liveInputsHash: string;
  /** Schools whose inputs drifted, sorted by school code. */
  drift: DriftEntry[];
  /** The run's total against the live inputs' total under the run's policy. */
  totals: TotalsDifference;
}

/**
 * Compares a frozen run with the live inputs of its county-year: drift is about inputs (a school whose
 * inputs are unchanged is never listed), the money is the live inputs computed under the run's own policy.
 * Throws when the live inputs are refused by the engine; the caller must not turn that into "no drift".
 */
export function compareWithLive(frozen: FrozenRun, liveInputs: readonly FundingSchoolInput[]): LiveComparison {
  const params = parseFundingParams(frozen.snapshot.policy.funding);
  const live = normalizeInputs(liveInputs);
  const liveLines = live.map((i) => computeEntitlement(i, params));
  const differences = compareSides({ inputs: frozen.snapshot.inputs, lines: frozen.lines }, { inputs: live, lines: liveLines });
  const drift: DriftEntry[] = [];
  for (const d of differences) {
    if (d.change === 'changed' && d.inputChanges.length === 0) continue;
    drift.push({
      schoolCode: d.schoolCode,
      fields: d.change === 'changed' ? d.inputChanges.map((c) => c.field) : [d.change],
      changes: d.inputChanges.map((c) => ({ field: c.field, frozen: c.from, live: c.to })),
      frozenTotalFen: d.fromTotalFen,
      liveTotalFen: d.toTotalFen,
      differenceFen: d.differenceFen,
    });
  }
  return {
    liveInputsHash: hashSnapshot({ inputs: live, policy: frozen.snapshot.policy }),
    drift,
    totals: compareTotals(frozen.lines, liveLines),
  };
}
