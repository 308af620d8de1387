// Where a POST /v1/bulk batch of teacher-years spends its time: the service's own steps, each timed on
// the same batch inside a transaction that is rolled back (so the table is unchanged afterwards), and the
// whole service call without HTTP (runBulk with dryRun, which also rolls back). Read-only use of the
// service internals: nothing here changes how they work.
import type { Db } from '../src/db/connection.js';
import type { TeacherYearRowT } from '../src/schemas/bulk.js';
import { appendAudit, changesToAudit } from '../src/services/audit.js';
import { runBulk } from '../src/services/bulk.js';
import { systemContext } from '../src/services/context.js';
import { teacherYearCollection } from '../src/services/reference/teachers.js';
import { fetchExisting, upsertRows } from '../src/services/store/upsert.js';

class Rollback extends Error {}

export interface BulkPhases {
  /** teacherYearCollection.validate: the teacher and school lookups. */
  validateMs: number;
  /** Looking up existing rows by natural key (the first half of upsertRows). */
  fetchExistingMs: number;
  /** upsertRows as a whole (fetch again + INSERT … ON CONFLICT in chunks of 1,000). */
  upsertMs: number;
  /** The county of each changed row for the audit trail (another school lookup). */
  auditCountiesMs: number;
  /** Inserting one audit event per row, with the row as JSON. */
  auditInsertMs: number;
  /** runBulk(dryRun) on the same batch: the whole service without HTTP, JSON parsing or schema checks. */
  serviceMs: number;
}

export async function profileBulkBatch(db: Db, items: TeacherYearRowT[]): Promise<BulkPhases> {
  const ctx = systemContext('bench-profile');
  const phases: BulkPhases = { validateMs: 0, fetchExistingMs: 0, upsertMs: 0, auditCountiesMs: 0, auditInsertMs: 0, serviceMs: 0 };
  const time = async <T>(key: keyof BulkPhases, f: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const out = await f();
    phases[key] = performance.now() - t0;
    return out;
  };
  try {
    await db.transaction(async (tx) => {
      const c = teacherYearCollection;
      await time('validateMs', () => c.validate(tx, items, ctx));
      const rows = items.map((i) => c.toRow(i));
      await time('fetchExistingMs', () => fetchExisting(tx, c.spec, rows));
      const outcome = await time('upsertMs', () => upsertRows(tx, c.spec, rows));
      const counties = await time('auditCountiesMs', () => c.counties(tx, outcome.changes.map((ch) => ch.after)));
      const entries = changesToAudit(c.entity, outcome.changes, () => null).map((e, i) => ({ ...e, countyCode: counties[i] ?? null }));
      await time('auditInsertMs', () => appendAudit(tx, ctx, entries));
      throw new Rollback();
    });
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
  await time('serviceMs', () => runBulk(db, { teacherYears: items }, true, ctx));
  return phases;
}
