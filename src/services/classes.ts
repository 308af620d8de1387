import { and, asc, eq, notInArray } from 'drizzle-orm';
import type { Db, Queryable } from '../db/connection.js';
import { classes, schools } from '../db/schema/index.js';
import type { ClassBodyT } from '../schemas/reference.js';
import { appendAudit } from './audit.js';
import type { RequestContext } from './context.js';
import { unprocessable } from './errors.js';
import { classCollection } from './reference/index.js';
import { classJson } from './reference/json.js';
import { schoolFacts } from './reference/lookups.js';
import { writeCollection } from './reference/writer.js';
import { notFound } from './errors.js';
import { countyVisible } from './visibility.js';
import type { Row } from './store/upsert.js';

/** The classes of one school-year; 404 when the school is absent or of a county the caller may not see. */
export async function listClasses(db: Db, schoolCode: string, year: number, counties: RequestContext['counties']) {
  const school = (await schoolFacts(db, [schoolCode])).get(schoolCode);
  if (!school || !countyVisible(counties, school.countyCode)) throw notFound(`school ${schoolCode}`);
  return classList(db, schoolCode, year);
}

/** The classes of one school-year as answered. */
async function classList(db: Queryable, schoolCode: string, year: number) {
  const rows = await db
    .select()
    .from(classes)
    .where(and(eq(classes.schoolCode, schoolCode), eq(classes.year, year)))
    .orderBy(asc(classes.classCode));
  const items = rows.map(classJson);
  return { items, total: items.length };
}

/**
 * Replaces every class of one school-year in one transaction: listed classes are upserted by class code,
 * the others deleted, each change audited. Problems point into the request array, found at `arrayPointer`
 * in the body (`/items` when the body was a GET answer sent back). A `precondition` (If-Match) is given
 * the classes as answered before the write.
 */
export async function replaceClasses(
  db: Db,
  schoolCode: string,
  year: number,
  body: ClassBodyT[],
  ctx: RequestContext,
  arrayPointer = '',
  precondition?: (current: Record<string, unknown>) => void,
) {
  const known = await schoolFacts(db, [schoolCode]);
  const school = known.get(schoolCode);
  if (!school || !countyVisible(ctx.counties, school.countyCode)) throw notFound(`school ${schoolCode}`);
  // The answer is read inside the transaction: a read after commit could fail (connection lost) and turn an
  // acknowledged write into an error, or show another writer's classes instead of this one's.
  return db.transaction(async (tx) => {
    // Replacements of the school's classes take turns on the school row (NO KEY UPDATE leaves the foreign
    // key checks of other writes free), so the classes a precondition saw are those the replacement replaces.
    await tx.select({ schoolCode: schools.schoolCode }).from(schools).where(eq(schools.schoolCode, schoolCode)).for('no key update');
    precondition?.(await classList(tx, schoolCode, year));
    const outcome = await writeCollection(tx, classCollection, body.map((c) => ({ ...c, schoolCode, year })), ctx);
    if (outcome.issues.length > 0) {
      throw unprocessable(
        outcome.issues.map((i) => ({ pointer: `${arrayPointer}/${i.index}${i.pointer}`, message: i.message, in: 'body' as const })),
        'classes cannot be stored',
      );
    }
    const keep = body.map((c) => c.classCode);
    const scope = and(eq(classes.schoolCode, schoolCode), eq(classes.year, year));
    const removed = await tx
      .delete(classes)
      .where(keep.length > 0 ? and(scope, notInArray(classes.classCode, keep)) : scope)
      .returning();
    await appendAudit(
      tx,
      ctx,
      removed.map((r) => ({
        action: 'delete' as const,
        entity: classCollection.entity,
        entityKey: `${r.schoolCode}/${r.year}/${r.classCode}`,
        countyCode: school.countyCode,
        before: r as unknown as Row,
        after: null,
      })),
    );
    return classList(tx, schoolCode, year);
  });
}
