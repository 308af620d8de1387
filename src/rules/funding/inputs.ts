// The plain input of the funding engine: one school in one year. Services build it from the
// school, its school-year record and the sums of its class sizes per stage (docs/domain.md §1).

import { Type, type Static } from 'typebox';
import { AREA_TYPES, OWNERSHIPS, SCHOOL_KINDS } from '../vocabulary.js';
import { isYuanAmount } from './money.js';

const Count = Type.Integer({ minimum: 0 });
const OptionalYuan = Type.Optional(Type.Union([Type.Number({ minimum: 0 }), Type.Null()]));

const FundingSchoolInputSchema = Type.Object(
  {
    schoolCode: Type.String({ minLength: 1 }),
    kind: Type.Enum(SCHOOL_KINDS),
    areaType: Type.Enum(AREA_TYPES),
    ownership: Type.Enum(OWNERSHIPS),
    boarding: Type.Boolean(),
    students: Type.Object(
      { preschool: Count, primary: Count, junior: Count, senior: Count },
      { additionalProperties: false, description: 'sum of class sizes per stage' },
    ),
    boarders: Count,
    inclusionStudents: Count,
    /** Public funding (公用经费) allocated to the school for the year, yuan with ≤ 2 decimals. */
    publicFundingAllocatedYuan: OptionalYuan,
    /** Teacher-training spend of the year, yuan with ≤ 2 decimals. */
    trainingSpendYuan: OptionalYuan,
  },
  { additionalProperties: false },
);
export type FundingSchoolInput = Static<typeof FundingSchoolInputSchema>;

/** The input fields in a fixed order, as `diffInputs` names them. */
export const INPUT_FIELDS = [
  'kind',
  'areaType',
  'ownership',
  'boarding',
  'students.preschool',
  'students.primary',
  'students.junior',
  'students.senior',
  'boarders',
  'inclusionStudents',
  'publicFundingAllocatedYuan',
  'trainingSpendYuan',
] as const;
export type InputField = (typeof INPUT_FIELDS)[number];

export class FundingInputError extends Error {
  override readonly name = 'FundingInputError';
  constructor(readonly problems: string[]) {
    super(`invalid funding input: ${problems.join('; ')}`);
  }
}

function isCount(n: unknown): boolean {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

/** Problems with one input that the type system cannot rule out (counts, money precision). */
function inputProblems(input: FundingSchoolInput): string[] {
  const p: string[] = [];
  const at = `school ${input.schoolCode}`;
  if (typeof input.schoolCode !== 'string' || input.schoolCode.length === 0) p.push('schoolCode is empty');
  if (!(SCHOOL_KINDS as readonly string[]).includes(input.kind)) p.push(`${at}: unknown kind ${String(input.kind)}`);
  if (!(AREA_TYPES as readonly string[]).includes(input.areaType)) p.push(`${at}: unknown areaType ${String(input.areaType)}`);
  if (!(OWNERSHIPS as readonly string[]).includes(input.ownership)) p.push(`${at}: unknown ownership ${String(input.ownership)}`);
  for (const stage of ['preschool', 'primary', 'junior', 'senior'] as const) {
    if (!isCount(input.students[stage])) p.push(`${at}: students.${stage} must be a whole number ≥ 0`);
  }
  if (!isCount(input.boarders)) p.push(`${at}: boarders must be a whole number ≥ 0`);
  if (!isCount(input.inclusionStudents)) p.push(`${at}: inclusionStudents must be a whole number ≥ 0`);
  for (const field of ['publicFundingAllocatedYuan', 'trainingSpendYuan'] as const) {
    const v = input[field];
    if (v !== undefined && v !== null && (v < 0 || !isYuanAmount(v))) {
      p.push(`${at}: ${field} must be a yuan amount ≥ 0 with at most 2 decimals`);
    }
  }
  return p;
}

export function assertValidInput(input: FundingSchoolInput): void {
  const problems = inputProblems(input);
  if (problems.length > 0) throw new FundingInputError(problems);
}

/**
 * The normalized form stored in run snapshots: fixed fields, optional money omitted when absent
 * (undefined and null both mean "not declared"), so equal data always hashes the same.
 */
function normalizeInput(input: FundingSchoolInput): FundingSchoolInput {
  assertValidInput(input);
  const out: FundingSchoolInput = {
    schoolCode: input.schoolCode,
    kind: input.kind,
    areaType: input.areaType,
    ownership: input.ownership,
    boarding: input.boarding,
    students: {
      preschool: input.students.preschool,
      primary: input.students.primary,
      junior: input.students.junior,
      senior: input.students.senior,
    },
    boarders: input.boarders,
    inclusionStudents: input.inclusionStudents,
  };
  if (input.publicFundingAllocatedYuan !== undefined && input.publicFundingAllocatedYuan !== null) {
    out.publicFundingAllocatedYuan = input.publicFundingAllocatedYuan;
  }
  if (input.trainingSpendYuan !== undefined && input.trainingSpendYuan !== null) {
    out.trainingSpendYuan = input.trainingSpendYuan;
  }
  return out;
}

/** Normalizes every input and sorts by schoolCode; a school code given twice is an error. */
export function normalizeInputs(inputs: readonly FundingSchoolInput[]): FundingSchoolInput[] {
  const seen = new Set<string>();
  const dupes: string[] = [];
  for (const i of inputs) {
    if (seen.has(i.schoolCode)) dupes.push(`school ${i.schoolCode} appears more than once`);
    seen.add(i.schoolCode);
  }
  if (dupes.length > 0) throw new FundingInputError(dupes);
  return inputs.map(normalizeInput).sort((a, b) => compareCodes(a.schoolCode, b.schoolCode));
}

/** Code order by UTF-16 code units (locale-independent, deterministic). */
export function compareCodes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compulsoryStudents(input: FundingSchoolInput): number {
  return input.students.primary + input.students.junior;
}

export function totalStudents(input: FundingSchoolInput): number {
  const s = input.students;
  return s.preschool + s.primary + s.junior + s.senior;
}
