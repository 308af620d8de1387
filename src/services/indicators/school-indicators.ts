// One school's indicators for a year: its B1–B7 units (computed as in the county: a teaching point merged
// under `teachingPoints: merge` shows its central school's unit), B10 special rooms, B11 school size and
// B12 class sizes. Only the school and its teaching-point relatives are loaded. A private school has no
// B1–B7 unit (unless assessPrivateSchools) but B10, B11 and B12 apply to it like to a public one.

import { inArray, or } from 'drizzle-orm';
import type { Queryable } from '../../db/connection.js';
import { schools } from '../../db/schema/index.js';
import {
  assessClassSizes,
  assessSchoolSize,
  assessSpecialRooms,
  classSizeApplies,
  compulsoryClasses,
  type IndicatorStatus,
} from '../../rules/indicators/index.js';
import { STAGES } from '../../rules/vocabulary.js';
import type { SchoolIndicatorsT } from '../../schemas/indicators.js';
import { ServiceError } from '../errors.js';
import { classSizeFigures } from './class-sizes.js';
import { countyYearContext, schoolCounty } from './context.js';
import { loadIndicatorInputs } from './inputs.js';
import { computeAllocation, lookupOf, unitJson } from './resource-allocation.js';
import type { AssessmentUnit } from '../../rules/indicators/index.js';

const statusOf = (met: boolean | null): IndicatorStatus => (met === true ? 'met' : met === false ? 'not_met' : 'not_assessable');

/** GET /v1/schools/{schoolCode}/years/{year}/indicators; `visible` runs as soon as the school's county is known. */
export async function schoolIndicators(
  db: Queryable,
  schoolCode: string,
  year: number,
  options: { policyId?: string | undefined; visible?: (countyCode: string) => void } = {},
): Promise<SchoolIndicatorsT> {
  const { countyCode, centralSchoolCode } = await schoolCounty(db, schoolCode);
  options.visible?.(countyCode);
  const ctx = await countyYearContext(db, countyCode, year, options.policyId);
  const params = ctx.profile.indicators;

  // The school, its central school (if a teaching point) and the teaching points of either: enough to
  // build the same units the county view builds under any teachingPoints option.
  const anchors = centralSchoolCode ? [schoolCode, centralSchoolCode] : [schoolCode];
  const related = await db
    .select({ schoolCode: schools.schoolCode })
    .from(schools)
    .where(or(inArray(schools.schoolCode, anchors), inArray(schools.centralSchoolCode, anchors)));
  const inputs = await loadIndicatorInputs(db, countyCode, year, { schoolCodes: related.map((r) => r.schoolCode), classList: true });
  const school = inputs.schools.find((s) => s.schoolCode === schoolCode);
  const meta = inputs.meta.get(schoolCode);
  const classCount = school ? STAGES.reduce((a, s) => a + (school.stages[s]?.classes ?? 0), 0) : 0;
  if (!school || !meta || classCount === 0) {
    const record = meta?.hasSchoolYear ? '' : ' and no school-year record';
    throw new ServiceError(404, 'not-found', 'Not Found', `no classes recorded for school ${schoolCode} in ${year}${record}`, [], {
      missing: meta?.hasSchoolYear ? ['classes'] : ['classes', 'school-year'],
    });
  }

  const allocation = computeAllocation(inputs.schools, params);
  const lookup = lookupOf(inputs.schools, inputs.meta);
  const byId = new Map(allocation.units.map((u) => [u.unitId, u]));
  const units = (['primary', 'junior'] as const).flatMap((stage) =>
    allocation.stages[stage].units
      .filter((r) => r.memberSchools.includes(schoolCode))
      .map((r) => unitJson(byId.get(r.unitId) as AssessmentUnit, r, lookup)),
  );

  const notes: string[] = [];
  for (const e of allocation.excluded) if (e.schoolCode === schoolCode) notes.push(`B1–B7: no assessment unit (${e.reason})`);
  for (const u of units) {
    if (u.schoolCode !== schoolCode) notes.push(`B1–B7: merged into the ${u.stage} unit of central school ${u.schoolCode} (teachingPoints: merge)`);
  }

  const rooms = assessSpecialRooms(school, params);
  if (!rooms) {
    notes.push(
      params.specialRooms.exemptKinds.includes(school.kind)
        ? `B10: ${school.kind} is exempt (specialRooms.exemptKinds)`
        : compulsoryClasses(school) === 0
          ? 'B10: no compulsory classes'
          : 'B10: does not apply',
    );
  }
  const size = assessSchoolSize(school, params);
  if (!size) notes.push(`B11: no size limit for ${school.kind} schools`);
  const classesApply = classSizeApplies(school, params);
  if (!classesApply) notes.push(`B12: does not apply to ${school.kind} schools`);
  const cls = classesApply ? assessClassSizes([school], params) : null;

  const students: Record<string, number> = {};
  for (const s of STAGES) {
    const st = school.stages[s];
    if (st && st.students > 0) students[s] = st.students;
  }

  return {
    schoolCode,
    schoolName: meta.name,
    kind: school.kind,
    countyCode,
    year,
    policyId: ctx.policyId,
    policyName: ctx.policyName,
    policySource: ctx.policySource,
    students,
    units,
    B10: rooms
      ? {
          rule: rooms.rule,
          status: statusOf(rooms.met),
          compulsoryClasses: rooms.compulsoryClasses,
          classesPerRoom: rooms.classesPerRoom,
          required: rooms.required,
          music: rooms.music,
          art: rooms.art,
          met: rooms.met,
          missing: rooms.missing,
          explanation: rooms.explanation,
        }
      : null,
    B11: size
      ? {
          rule: size.rule,
          status: statusOf(size.met),
          compulsoryStudents: size.compulsoryStudents,
          limit: size.limit,
          met: size.met,
          explanation: size.explanation,
        }
      : null,
    B12: cls ? { status: statusOf(cls.met), ...classSizeFigures(cls, inputs.meta, params) } : null,
    notes,
  };
}
