import { inArray, sql } from 'drizzle-orm';
import { classes, schools, teacherYears } from '../../db/schema/index.js';
import type { SchoolRowT } from '../../schemas/bulk.js';
import { STAGES_BY_KIND, type SchoolKind, type Stage } from '../../rules/vocabulary.js';
import { issue, withoutNulls, type Collection, type ItemIssue } from './collection.js';
import { existingCounties, schoolFacts, townCounties } from './lookups.js';

/** Kinds that have a primary unit, so a teaching point can be attached to them (docs/domain.md §2 `merge`). */
export const CENTRAL_SCHOOL_KINDS: readonly SchoolKind[] = ['primary', 'nine_year', 'twelve_year'];

export const schoolCollection: Collection<SchoolRowT> = {
  name: 'schools',
  entity: 'school',
  spec: { table: schools, keys: ['schoolCode'] },
  keyFields: ['schoolCode'],
  references: [
    { field: 'countyCode', collection: 'counties' },
    { field: 'townCode', collection: 'towns' },
    { field: 'centralSchoolCode', collection: 'schools' },
  ],
  toRow: (s) => ({
    schoolCode: s.schoolCode,
    name: s.name,
    countyCode: s.countyCode,
    townCode: s.townCode ?? null,
    kind: s.kind,
    areaType: s.areaType,
    ownership: s.ownership,
    boarding: s.boarding,
    centralSchoolCode: s.centralSchoolCode ?? null,
  }),
  fromRow: (r) => withoutNulls(r),
  async validate(db, items) {
    const issues: ItemIssue[] = [];
    const codes = items.map((s) => s.schoolCode);
    // One query at a time: `db` is a transaction's single connection during a write.
    const countiesKnown = await existingCounties(db, items.map((s) => s.countyCode));
    const townsKnown = await townCounties(db, items.flatMap((s) => (s.townCode ? [s.townCode] : [])));
    const stored = await schoolFacts(db, items.flatMap((s) => (s.centralSchoolCode ? [s.centralSchoolCode] : [])));
    // A central school may arrive in the same batch; the batch's version wins over the stored one.
    const batch = new Map(items.map((s) => [s.schoolCode, { kind: s.kind, countyCode: s.countyCode }]));
    const usedStages = await stagesInUse(db, codes);
    const centralFor = await teachingPointsOf(db, codes);

    items.forEach((s, i) => {
      if (!countiesKnown.has(s.countyCode)) issues.push(issue(i, '/countyCode', `county ${s.countyCode} does not exist`));
      if (s.townCode) {
        const townCounty = townsKnown.get(s.townCode);
        if (townCounty === undefined) issues.push(issue(i, '/townCode', `town ${s.townCode} does not exist`));
        else if (townCounty !== s.countyCode)
          issues.push(issue(i, '/townCode', `town ${s.townCode} belongs to county ${townCounty}, not ${s.countyCode}`));
      }
      if (s.centralSchoolCode) {
        const central = batch.get(s.centralSchoolCode) ?? stored.get(s.centralSchoolCode);
        if (s.kind !== 'teaching_point')
          issues.push(issue(i, '/centralSchoolCode', `only a teaching_point has a central school; this school is a ${s.kind}`));
        else if (s.centralSchoolCode === s.schoolCode)
          issues.push(issue(i, '/centralSchoolCode', 'a teaching point cannot be its own central school'));
        else if (!central) issues.push(issue(i, '/centralSchoolCode', `central school ${s.centralSchoolCode} does not exist`));
        else if (!CENTRAL_SCHOOL_KINDS.includes(central.kind))
          issues.push(
            issue(i, '/centralSchoolCode', `central school ${s.centralSchoolCode} is a ${central.kind}; it must be one of ${CENTRAL_SCHOOL_KINDS.join(', ')}`),
          );
        else if (central.countyCode !== s.countyCode)
          issues.push(issue(i, '/centralSchoolCode', `central school ${s.centralSchoolCode} is in county ${central.countyCode}, not ${s.countyCode}`));
      }
      const allowed = STAGES_BY_KIND[s.kind];
      const inUse = usedStages.get(s.schoolCode) ?? [];
      const misfits = inUse.filter((stage) => !allowed.includes(stage));
      if (misfits.length > 0)
        issues.push(issue(i, '/kind', `a ${s.kind} does not teach ${misfits.join(', ')}, but this school has classes or teachers of that stage`));
      const points = centralFor.get(s.schoolCode);
      if (points && !CENTRAL_SCHOOL_KINDS.includes(s.kind))
        issues.push(issue(i, '/kind', `teaching points ${points.join(', ')} name this school as central, so it must be one of ${CENTRAL_SCHOOL_KINDS.join(', ')}`));
    });
    return issues;
  },
  counties: async (_db, rows) => rows.map((r) => String(r.countyCode)),
};

/** Stages each school already has classes or teacher-years in: a new kind must still teach them. */
async function stagesInUse(db: Parameters<Collection<SchoolRowT>['validate']>[0], codes: string[]) {
  const used = new Map<string, Stage[]>();
  if (codes.length === 0) return used;
  const rows = await db.execute<{ school_code: string; stage: Stage }>(sql`
    SELECT DISTINCT school_code, stage::text AS stage FROM ${classes} WHERE ${inArray(classes.schoolCode, codes)}
    UNION
    SELECT DISTINCT school_code, stage::text AS stage FROM ${teacherYears} WHERE ${inArray(teacherYears.schoolCode, codes)}`);
  for (const r of rows.rows) used.set(r.school_code, [...(used.get(r.school_code) ?? []), r.stage]);
  return used;
}

async function teachingPointsOf(db: Parameters<Collection<SchoolRowT>['validate']>[0], codes: string[]) {
  const result = new Map<string, string[]>();
  if (codes.length === 0) return result;
  const rows = await db
    .select({ code: schools.schoolCode, central: schools.centralSchoolCode })
    .from(schools)
    .where(inArray(schools.centralSchoolCode, codes));
  for (const r of rows) if (r.central) result.set(r.central, [...(result.get(r.central) ?? []), r.code]);
  return result;
}

export const schoolCounties = async (db: Parameters<Collection<SchoolRowT>['validate']>[0], rows: { schoolCode?: unknown }[]) => {
  const facts = await schoolFacts(db, rows.map((r) => String(r.schoolCode)));
  return rows.map((r) => facts.get(String(r.schoolCode))?.countyCode ?? null);
};
