// B13, B14 and B26 of the scorecard, decided by the funding engine's `assessCompliance`.
//
// `loadFundingSchoolInputs(db, countyCode, year)` builds `FundingSchoolInput[]` in one SQL query: students
// per stage are sums of class sizes (DOMAIN §1); boarders, inclusion students, allocated public funding and
// training spend come from the school-year record; kind, area type, ownership and boarding from the school.
// Schools taking part: every school of the county with at least one class in the year (a school without
// classes has no students and nothing to fund). A school with classes but no school-year record takes part
// with 0 boarders and inclusion students and no declared money, so its checks are not assessable.

import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/connection.js';
import {
  assessCompliance,
  fenToYuan,
  type ComplianceCheckId,
  type CountyCheckVerdict,
  type CountyCompliance,
  type FundingParams,
  type FundingSchoolInput,
} from '../../rules/funding/index.js';
import type { ComputedIndicatorInput } from '../../rules/indicators/index.js';
import type { AreaType, Ownership, SchoolKind } from '../../rules/vocabulary.js';

interface Row extends Record<string, unknown> {
  school_code: string;
  kind: SchoolKind;
  area_type: AreaType;
  ownership: Ownership;
  boarding: boolean;
  preschool: number;
  primary_students: number;
  junior: number;
  senior: number;
  boarders: number;
  inclusion_students: number;
  allocated_fen: string | null;
  training_fen: string | null;
}

/** Funding-engine inputs of every school of a county-year that has classes, sorted by school code. */
export async function loadFundingSchoolInputs(db: Queryable, countyCode: string, year: number): Promise<FundingSchoolInput[]> {
  const { rows } = await db.execute<Row>(sql`
    WITH cls AS (
      SELECT c.school_code,
             coalesce(sum(c.students) FILTER (WHERE c.stage = 'preschool'), 0)::int AS preschool,
             coalesce(sum(c.students) FILTER (WHERE c.stage = 'primary'), 0)::int AS primary_students,
             coalesce(sum(c.students) FILTER (WHERE c.stage = 'junior'), 0)::int AS junior,
             coalesce(sum(c.students) FILTER (WHERE c.stage = 'senior'), 0)::int AS senior
        FROM classes c
        JOIN schools s ON s.school_code = c.school_code
       WHERE s.county_code = ${countyCode} AND c.year = ${year}
       GROUP BY c.school_code
    )
    SELECT s.school_code, s.kind::text AS kind, s.area_type::text AS area_type, s.ownership::text AS ownership, s.boarding,
           cls.preschool, cls.primary_students, cls.junior, cls.senior,
           coalesce(sy.boarders, 0)::int AS boarders,
           coalesce(sy.inclusion_students, 0)::int AS inclusion_students,
           sy.public_funding_allocated_fen::text AS allocated_fen,
           sy.training_spend_fen::text AS training_fen
      FROM cls
      JOIN schools s ON s.school_code = cls.school_code
      LEFT JOIN school_years sy ON sy.school_code = s.school_code AND sy.year = ${year}
     ORDER BY s.school_code`);
  return rows.map((r) => {
    const input: FundingSchoolInput = {
      schoolCode: r.school_code,
      kind: r.kind,
      areaType: r.area_type,
      ownership: r.ownership,
      boarding: r.boarding === true,
      students: {
        preschool: Number(r.preschool),
        primary: Number(r.primary_students),
        junior: Number(r.junior),
        senior: Number(r.senior),
      },
      boarders: Number(r.boarders),
      inclusionStudents: Number(r.inclusion_students),
    };
    if (r.allocated_fen !== null) input.publicFundingAllocatedYuan = fenToYuan(Number(r.allocated_fen));
    if (r.training_fen !== null) input.trainingSpendYuan = fenToYuan(Number(r.training_fen));
    return input;
  });
}

export type FundingIndicatorId = Extract<ComplianceCheckId, 'B13' | 'B14' | 'B26'>;

export interface FundingIndicators {
  compliance: CountyCompliance;
  /** The scorecard's input: null when not assessable (then `missing` names why). */
  computed: Record<FundingIndicatorId, ComputedIndicatorInput | null>;
  /** Per indicator, `schoolCode.field` of every missing input. */
  missing: Record<FundingIndicatorId, string[]>;
  verdicts: Record<FundingIndicatorId, CountyCheckVerdict>;
}

const DESCRIBE: Readonly<Record<FundingIndicatorId, string>> = {
  B13: 'rural primary schools and teaching points under the floor funded as the floor',
  B14: 'special schools funded at the per-student minimum',
  B26: 'schools spending at least the training share of their public-funding budget',
};

function computed(id: FundingIndicatorId, v: CountyCheckVerdict): ComputedIndicatorInput | null {
  if (v.status === 'not_assessable') return null;
  const detail =
    v.schools === 0
      ? `no school to which the check applies (${DESCRIBE[id]})`
      : `${v.met} of ${v.schools} schools meet it (${DESCRIBE[id]})` +
        (v.notMet > 0 ? `; ${v.notMet} do not, shortfall ${fenToYuan(v.shortfallFen)} yuan` : '') +
        (v.notAssessable > 0 ? `; ${v.notAssessable} not assessable (${v.missing.join(', ')})` : '');
  return { met: v.status === 'met', detail };
}

/** B13, B14, B26 of a county-year under a funding policy. */
export async function assessFundingIndicators(
  db: Queryable,
  countyCode: string,
  year: number,
  params: FundingParams,
): Promise<FundingIndicators> {
  const inputs = await loadFundingSchoolInputs(db, countyCode, year);
  const compliance = assessCompliance(inputs, params);
  const ids: FundingIndicatorId[] = ['B13', 'B14', 'B26'];
  const out = { compliance, computed: {}, missing: {}, verdicts: {} } as FundingIndicators;
  for (const id of ids) {
    const v = compliance.verdicts[id];
    out.verdicts[id] = v;
    out.computed[id] = computed(id, v);
    out.missing[id] = v.status === 'not_assessable' ? v.missing : [];
  }
  return out;
}
