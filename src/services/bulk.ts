import type { Db } from '../db/connection.js';
import { BULK_COLLECTIONS, type BulkBodyT, type BulkResultT, type CollectionSummaryT } from '../schemas/bulk.js';
import type { RequestContext } from './context.js';
import { ServiceError, type Issue } from './errors.js';
import { COLLECTIONS } from './reference/index.js';
import { writeCollection } from './reference/writer.js';

class Rollback extends Error {}

/**
 * Loads every collection of the body in one transaction, in reference order, so rows may refer to rows
 * earlier in the same load. Nothing is kept when any row has a problem or when `dryRun` is set; the
 * summary says what was (or would have been) created, updated and left unchanged.
 */
export async function runBulk(db: Db, body: BulkBodyT, dryRun: boolean, ctx: RequestContext): Promise<BulkResultT> {
  const summaries: Partial<Record<(typeof BULK_COLLECTIONS)[number], CollectionSummaryT>> = {};
  const problems: Issue[] = [];
  try {
    await db.transaction(async (tx) => {
      for (const name of BULK_COLLECTIONS) {
        const items = body[name];
        if (!items) continue;
        const outcome = await writeCollection(tx, COLLECTIONS[name], items as never[], ctx);
        const errors = outcome.issues
          .sort((a, b) => a.index - b.index)
          .map((i) => ({ pointer: `/${name}/${i.index}${i.pointer}`, message: i.message }));
        summaries[name] = { created: outcome.created, updated: outcome.updated, unchanged: outcome.unchanged, errors };
        problems.push(...errors.map((e) => ({ ...e, in: 'body' as const })));
      }
      if (problems.length > 0 || dryRun) throw new Rollback();
    });
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
  if (problems.length > 0) {
    throw new ServiceError(
      422,
      'bulk-rejected',
      'Bulk load rejected',
      `${problems.length} row problem(s); nothing was written`,
      problems,
      { dryRun, committed: false, ...summaries },
    );
  }
  return { dryRun, committed: !dryRun, ...summaries };
}
