import { and, eq, exists, inArray, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../db/connection.js';
import { classes, counties, countyFacts, schools, schoolYears, teachers, teacherYears, towns } from '../db/schema/index.js';
import type { BulkCollection } from '../schemas/bulk.js';
import type { RequestContext } from './context.js';

/**
 * County binding of API keys (docs/security.md). A record belongs to a county: counties, county facts,
 * towns and schools name it; school-years, classes and teacher-years belong to their school's county. A
 * teacher belongs to the counties of its teacher-years: a county-bound key reads a teacher only when the
 * teacher has a teacher-year at a school of one of its counties, and may write a teacher that has no
 * teacher-year yet (as right after creating it) or one it can read.
 */
export type Counties = RequestContext['counties'];

export const isUnbound = (c: Counties): c is '*' => c === '*';
export const countyVisible = (c: Counties, countyCode: string | null | undefined): boolean =>
  c === '*' || (countyCode !== null && countyCode !== undefined && c.has(countyCode));

const list = (c: ReadonlySet<string>) => [...c];

/** Schools of the given counties, as a subquery for `school_code IN (…)`. */
const schoolsOf = (db: Queryable, c: ReadonlySet<string>) =>
  db.select({ code: schools.schoolCode }).from(schools).where(inArray(schools.countyCode, list(c)));

/** A teacher with a teacher-year at a school of one of the counties. */
export const teacherInCounties = (db: Queryable, c: ReadonlySet<string>): SQL =>
  exists(
    db
      .select({ one: sql`1` })
      .from(teacherYears)
      .innerJoin(schools, eq(schools.schoolCode, teacherYears.schoolCode))
      .where(and(eq(teacherYears.staffCode, teachers.staffCode), inArray(schools.countyCode, list(c)))),
  );

/** The condition a list of one collection gets so that a county-bound key sees only its counties' rows. */
export function visibleWhere(db: Queryable, collection: BulkCollection, c: Counties): SQL | undefined {
  if (isUnbound(c)) return undefined;
  if (c.size === 0) return sql`false`;
  switch (collection) {
    case 'counties':
      return inArray(counties.countyCode, list(c));
    case 'countyFacts':
      return inArray(countyFacts.countyCode, list(c));
    case 'towns':
      return inArray(towns.countyCode, list(c));
    case 'schools':
      return inArray(schools.countyCode, list(c));
    case 'schoolYears':
      return inArray(schoolYears.schoolCode, schoolsOf(db, c));
    case 'classes':
      return inArray(classes.schoolCode, schoolsOf(db, c));
    case 'teacherYears':
      return inArray(teacherYears.schoolCode, schoolsOf(db, c));
    case 'teachers':
      return teacherInCounties(db, c);
  }
}

export interface TeacherReach {
  /** Has at least one teacher-year in one of the counties. */
  readable: boolean;
  /** Readable, or has no teacher-year at all (a teacher just created, not yet placed). */
  writable: boolean;
}

/** For each staff code that exists: can a key bound to these counties read it, write it? */
export async function teacherReach(db: Queryable, staffCodes: string[], c: ReadonlySet<string>): Promise<Map<string, TeacherReach>> {
  const result = new Map<string, TeacherReach>();
  const all = [...new Set(staffCodes)];
  for (let i = 0; i < all.length; i += 5000) {
    const chunk = all.slice(i, i + 5000);
    const placed = await db
      .select({
        staffCode: teacherYears.staffCode,
        visible: c.size > 0 ? sql<boolean>`bool_or(${inArray(schools.countyCode, list(c))})` : sql<boolean>`false`,
      })
      .from(teacherYears)
      .innerJoin(schools, eq(schools.schoolCode, teacherYears.schoolCode))
      .where(inArray(teacherYears.staffCode, chunk))
      .groupBy(teacherYears.staffCode);
    const known = await db.select({ staffCode: teachers.staffCode }).from(teachers).where(inArray(teachers.staffCode, chunk));
    const byCode = new Map(placed.map((p) => [p.staffCode, p.visible === true || String(p.visible) === 't' || String(p.visible) === 'true']));
    for (const { staffCode } of known) {
      const years = byCode.get(staffCode);
      const readable = years === true;
      result.set(staffCode, { readable, writable: readable || years === undefined });
    }
  }
  return result;
}
