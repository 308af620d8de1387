// Funding entitlement of one school in one year (docs/domain.md §7): components with quantity, rate,
// amount and the clause applied; total; minimum training budget (B26). Integer fen throughout.

import {
  STAGES_BY_KIND,
  type AreaType,
  type CompulsoryStage,
  type SchoolKind,
} from '../vocabulary.js';
import type { FundingParams, FundingRate, TierBand } from '../policies/funding-params.js';
import { ceilShareFen, fenToYuan, formatFen, multiplyFen, sumFen, type Fen } from './money.js';
import { assertValidInput, compulsoryStudents, totalStudents, type FundingSchoolInput } from './inputs.js';

export const FUNDING_COMPONENTS = [
  'base_primary',
  'base_junior',
  'small_school_floor',
  'small_school_tier',
  'boarding',
  'special_education',
  'inclusion',
  'preschool',
  'senior',
] as const;
export type FundingComponentId = (typeof FUNDING_COMPONENTS)[number];

export interface EntitlementComponent {
  component: FundingComponentId;
  quantity: number;
  rateFen: Fen;
  amountFen: Fen;
  /** The policy clause applied. */
  rule: string;
  /** One line saying why. */
  explanation: string;
}

export interface SchoolEntitlement {
  schoolCode: string;
  /** False only for a private school under a policy with `privateSchoolsEntitled.enabled: false`. */
  entitled: boolean;
  /** In FUNDING_COMPONENTS order; components with amount 0 are left out. */
  components: EntitlementComponent[];
  totalFen: Fen;
  /** B26: share of the total, rounded up to the fen. */
  trainingMinimumFen: Fen;
  trainingMinimumRule: string;
  note?: string;
}

const KIND_LABEL: Record<SchoolKind, string> = {
  kindergarten: 'kindergarten',
  primary: 'primary school',
  teaching_point: 'teaching point',
  junior: 'junior school',
  nine_year: 'nine-year school',
  twelve_year: 'twelve-year school',
  complete_secondary: 'complete secondary school',
  senior: 'senior school',
  special: 'special school',
};

/** The lowest compulsory stage a school of this kind teaches (by kind), or null when it teaches none. */
export function lowestCompulsoryStage(kind: SchoolKind): CompulsoryStage | null {
  const stages = STAGES_BY_KIND[kind];
  if (stages.includes('primary')) return 'primary';
  if (stages.includes('junior')) return 'junior';
  return null;
}

export function isRural(areaType: AreaType, params: FundingParams): boolean {
  return params.ruralAreaTypes.areaTypes.includes(areaType);
}

/** Whether the small-school floor applies, and to how many compulsory students. */
function floorApplies(input: FundingSchoolInput, params: FundingParams): boolean {
  const f = params.smallSchoolFloor;
  const n = compulsoryStudents(input);
  return (
    f.enabled &&
    isRural(input.areaType, params) &&
    f.kinds.includes(input.kind) &&
    input.kind !== 'special' &&
    n > 0 &&
    n < f.floorStudents
  );
}

function tierBandFor(n: number, bands: readonly TierBand[]): TierBand | null {
  for (const b of bands) {
    const upper = b.upToInclusive ? n <= b.upToStudents : n < b.upToStudents;
    if (n > b.aboveStudents && upper) return b;
  }
  return null;
}

function bandText(b: TierBand): string {
  return `(${b.aboveStudents}, ${b.upToStudents}${b.upToInclusive ? ']' : ')'}`;
}

function component(
  id: FundingComponentId,
  quantity: number,
  rateFen: Fen,
  rule: string,
  explanation: string,
): EntitlementComponent {
  return { component: id, quantity, rateFen, amountFen: multiplyFen(quantity, rateFen), rule, explanation };
}

function perStudent(id: FundingComponentId, quantity: number, rate: FundingRate, what: string): EntitlementComponent {
  return component(id, quantity, rate.fen, rate.clause, `${quantity} ${what} × ${formatFen(rate.fen)}`);
}

/** Computes the entitlement of one school-year under one policy. Pure; throws on invalid input. */
export function computeEntitlement(input: FundingSchoolInput, params: FundingParams): SchoolEntitlement {
  assertValidInput(input);
  const trainingMinimumRule = params.trainingMinimum.clause;

  if (input.ownership === 'private' && !params.privateSchoolsEntitled.enabled) {
    return {
      schoolCode: input.schoolCode,
      entitled: false,
      components: [],
      totalFen: 0,
      trainingMinimumFen: 0,
      trainingMinimumRule,
      note: `private school not entitled under this policy (${params.privateSchoolsEntitled.clause})`,
    };
  }

  const s = input.students;
  const all: EntitlementComponent[] = [];
  const area = input.areaType;
  const kindLabel = KIND_LABEL[input.kind];

  if (input.kind === 'special') {
    // A special school is funded per student at the special-education rate, all stages, instead of
    // the base, preschool and senior rates.
    const n = totalStudents(input);
    const r = params.specialEducation;
    all.push(
      component(
        'special_education',
        n,
        r.fen,
        r.clause,
        `special school: ${n} students × ${formatFen(r.fen)} instead of the base rates`,
      ),
    );
  } else {
    all.push(perStudent('base_primary', s.primary, params.baseRate.primary, 'primary students'));
    all.push(perStudent('base_junior', s.junior, params.baseRate.junior, 'junior students'));

    const n = compulsoryStudents(input);
    if (floorApplies(input, params)) {
      const f = params.smallSchoolFloor;
      const rate = params.baseRate.primary;
      const q = f.floorStudents - n;
      all.push(
        component(
          'small_school_floor',
          q,
          rate.fen,
          f.clause,
          `${area} ${kindLabel} with ${n} students (<${f.floorStudents}) funded as ${f.floorStudents}: ${q} × ${formatFen(rate.fen)}`,
        ),
      );
    }

    const t = params.smallSchoolTier;
    const lowest = lowestCompulsoryStage(input.kind);
    if (t.enabled && isRural(area, params) && t.kinds.includes(input.kind) && lowest !== null) {
      const band = tierBandFor(n, t.bands);
      if (band !== null) {
        const stage: CompulsoryStage = t.rateBasis === 'primary' ? 'primary' : lowest;
        const rate = params.baseRate[stage];
        const q = band.fundedAs - n;
        all.push(
          component(
            'small_school_tier',
            q,
            rate.fen,
            t.clause,
            `${area} ${kindLabel} with ${n} students (in ${bandText(band)}) funded as ${band.fundedAs}: ${q} × ${formatFen(rate.fen)} (${stage} rate)`,
          ),
        );
      }
    }
  }

  all.push(perStudent('boarding', input.boarders, params.boarding, 'boarders'));

  if (input.kind !== 'special' && params.inclusion.enabled) {
    const lowest = lowestCompulsoryStage(input.kind);
    if (lowest !== null) {
      const base = params.baseRate[lowest].fen;
      const special = params.specialEducation.fen;
      const topUp = Math.max(0, special - base);
      const q = input.inclusionStudents;
      all.push(
        component(
          'inclusion',
          q,
          topUp,
          params.inclusion.clause,
          `${q} disabled students in regular classes topped up to the special rate: ${q} × (${formatFen(special)} − ${formatFen(base)} ${lowest} rate)`,
        ),
      );
    }
  }

  if (input.kind !== 'special') {
    all.push(perStudent('preschool', s.preschool, params.preschool, 'preschool children'));
    all.push(perStudent('senior', s.senior, params.senior, 'senior students'));
  }

  const components = all
    .filter((c) => c.amountFen !== 0)
    .sort((a, b) => FUNDING_COMPONENTS.indexOf(a.component) - FUNDING_COMPONENTS.indexOf(b.component));
  const totalFen = sumFen(components.map((c) => c.amountFen));
  return {
    schoolCode: input.schoolCode,
    entitled: true,
    components,
    totalFen,
    trainingMinimumFen: ceilShareFen(totalFen, params.trainingMinimum.basisPoints),
    trainingMinimumRule,
  };
}

/** API §2 answer shape of `GET /v1/schools/{schoolCode}/years/{year}/entitlement` (yuan at the edge). */
export interface EntitlementJson {
  totalYuan: number;
  trainingMinimumYuan: number;
  components: {
    component: FundingComponentId;
    quantity: number;
    rateYuan: number;
    amountYuan: number;
    rule: string;
    explanation: string;
  }[];
}

/** One component line in yuan, as the API shows it. */
export const componentToJson = (c: EntitlementComponent): EntitlementJson['components'][number] => ({
  component: c.component,
  quantity: c.quantity,
  rateYuan: fenToYuan(c.rateFen),
  amountYuan: fenToYuan(c.amountFen),
  rule: c.rule,
  explanation: c.explanation,
});

export function entitlementToJson(e: SchoolEntitlement): EntitlementJson {
  return {
    totalYuan: fenToYuan(e.totalFen),
    trainingMinimumYuan: fenToYuan(e.trainingMinimumFen),
    components: e.components.map(componentToJson),
  };
}
