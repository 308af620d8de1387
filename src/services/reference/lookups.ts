import { inArray } from 'drizzle-orm';
import type { Queryable } from '../../db/connection.js';
import { counties, schools, teachers, towns } from '../../db/schema/index.js';
import type { SchoolKind } from '../../rules/vocabulary.js';

const unique = <T>(values: T[]) => [...new Set(values)];

export async function existingCounties(db: Queryable, codes: string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db.select({ code: counties.countyCode }).from(counties).where(inArray(counties.countyCode, unique(codes)));
  return new Set(rows.map((r) => r.code));
}

export async function townCounties(db: Queryable, codes: string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .select({ code: towns.townCode, countyCode: towns.countyCode })
    .from(towns)
    .where(inArray(towns.townCode, unique(codes)));
  return new Map(rows.map((r) => [r.code, r.countyCode]));
}

export interface SchoolFacts {
  kind: SchoolKind;
  countyCode: string;
  boarding: boolean;
}

export async function schoolFacts(db: Queryable, codes: string[]): Promise<Map<string, SchoolFacts>> {
  const result = new Map<string, SchoolFacts>();
  const all = unique(codes);
  for (let i = 0; i < all.length; i += 5000) {
    const rows = await db
      .select({ code: schools.schoolCode, kind: schools.kind, countyCode: schools.countyCode, boarding: schools.boarding })
      .from(schools)
      .where(inArray(schools.schoolCode, all.slice(i, i + 5000)));
    for (const r of rows) result.set(r.code, { kind: r.kind, countyCode: r.countyCode, boarding: r.boarding });
  }
  return result;
}

export async function existingTeachers(db: Queryable, codes: string[]): Promise<Set<string>> {
  const result = new Set<string>();
  const all = unique(codes);
  for (let i = 0; i < all.length; i += 5000) {
    const rows = await db
      .select({ code: teachers.staffCode })
      .from(teachers)
      .where(inArray(teachers.staffCode, all.slice(i, i + 5000)));
    for (const r of rows) result.add(r.code);
  }
  return result;
}
