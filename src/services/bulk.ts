import type { Db } from '../db/connection.js';
import {
  BULK_COLLECTIONS,
  READ_ONLY_ROW_FIELDS,
  type BulkBodyT,
  type BulkCollection,
  type BulkResultT,
  type CollectionSummaryT,
} from '../schemas/bulk.js';
import type { RequestContext } from './context.js';
import { ServiceError, type Issue } from './errors.js';
import type { Collection } from './reference/collection.js';
import { COLLECTIONS } from './reference/index.js';
import { writeCollection } from './reference/writer.js';
import type { Row } from './store/upsert.js';

class Rollback extends Error {}

type RowError = CollectionSummaryT['errors'][number] & { index: number };

const isRow = (value: unknown): value is Row => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The body's schema problems, sorted by where they sit: a whole collection, one of its rows, or neither. */
class SchemaProblems {
  readonly unreadable = new Set<BulkCollection>();
  readonly failedRows = new Map<BulkCollection, Set<number>>();
  readonly byCollection = new Map<BulkCollection, RowError[]>();
  readonly elsewhere: Issue[] = [];

  constructor(readonly all: Issue[]) {
    for (const problem of all) {
      const [first, second] = problem.pointer.split('/').slice(1);
      const name = BULK_COLLECTIONS.find((c) => c === first);
      if (!name) {
        this.elsewhere.push(problem);
        continue;
      }
      const index = second !== undefined && /^[0-9]+$/.test(second) ? Number(second) : -1;
      if (index < 0) this.unreadable.add(name);
      else this.failedRows.set(name, (this.failedRows.get(name) ?? new Set()).add(index));
      this.byCollection.set(name, [...(this.byCollection.get(name) ?? []), { index, pointer: problem.pointer, message: problem.message }]);
    }
  }
}

/**
 * Keys of records a load meant to write but cannot (their rows failed the schema), by collection. A row
 * that refers to one of them is not domain-checked: the check could only say the record does not exist.
 */
class Unwritten {
  private readonly keys = new Map<BulkCollection, Set<string>>();
  constructor(private readonly unreadable: ReadonlySet<BulkCollection>) {}

  get empty(): boolean {
    return this.keys.size === 0 && this.unreadable.size === 0;
  }

  add(name: BulkCollection, collection: Collection<never>, row: unknown): void {
    const field = collection.keyFields.length === 1 ? collection.keyFields[0] : undefined;
    if (field === undefined || !isRow(row) || row[field] === undefined || row[field] === null) return;
    this.keys.set(name, (this.keys.get(name) ?? new Set()).add(String(row[field])));
  }

  blocks(collection: Collection<never>, row: unknown): boolean {
    if (!isRow(row)) return false;
    return (collection.references ?? []).some(({ field, collection: target }) => {
      const value = row[field];
      if (value === undefined || value === null) return false;
      return this.unreadable.has(target) || (this.keys.get(target)?.has(String(value)) ?? false);
    });
  }
}

/** Read-only members a list answer carries (timestamps) are dropped before the row is written. */
function writable(row: Row): Row {
  if (!READ_ONLY_ROW_FIELDS.some((f) => f in row)) return row;
  return Object.fromEntries(Object.entries(row).filter(([f]) => !READ_ONLY_ROW_FIELDS.includes(f)));
}

/**
 * Loads every collection of the body in one transaction, in reference order, so rows may refer to rows
 * earlier in the same load. Nothing is kept when any row has a problem or when `dryRun` is set; the
 * summary says what was (or would have been) created, updated and left unchanged.
 *
 * `rejected` are the body's schema problems (the route's 400). The rows they name are not domain-checked,
 * nor are rows that refer to a record such a row holds; every other row is, so one answer lists both
 * kinds of problem, each with its pointer.
 */
export async function runBulk(db: Db, body: BulkBodyT, dryRun: boolean, ctx: RequestContext, rejected: Issue[] = []): Promise<BulkResultT> {
  const input: unknown = body;
  if (!isRow(input)) throw validationFailed(rejected, {});
  const schema = new SchemaProblems(rejected);
  const unwritten = new Unwritten(schema.unreadable);
  const summaries: Partial<Record<BulkCollection, CollectionSummaryT>> = {};
  let domainProblems = 0;
  try {
    await db.transaction(async (tx) => {
      for (const name of BULK_COLLECTIONS) {
        const items = input[name];
        if (items === undefined) continue;
        const collection = COLLECTIONS[name];
        const schemaErrors = schema.byCollection.get(name) ?? [];
        if (schema.unreadable.has(name) || !Array.isArray(items)) {
          summaries[name] = { created: 0, updated: 0, unchanged: 0, errors: schemaErrors.map(({ pointer, message }) => ({ pointer, message })) };
          continue;
        }
        const checked = rowsToCheck(name, collection, items, schema.failedRows.get(name) ?? new Set(), unwritten);
        const outcome = await writeCollection(tx, collection, checked.map((i) => writable(items[i] as Row)) as never[], ctx);
        const domainErrors: RowError[] = outcome.issues.map((issue) => {
          const index = checked[issue.index] as number;
          return { index, pointer: `/${name}/${index}${issue.pointer}`, message: issue.message };
        });
        domainProblems += domainErrors.length;
        const errors = [...schemaErrors, ...domainErrors].sort((a, b) => a.index - b.index).map(({ pointer, message }) => ({ pointer, message }));
        summaries[name] = { created: outcome.created, updated: outcome.updated, unchanged: outcome.unchanged, errors };
      }
      if (rejected.length > 0 || domainProblems > 0 || dryRun) throw new Rollback();
    });
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
  const problems = [
    ...schema.elsewhere,
    ...BULK_COLLECTIONS.flatMap((name) => (summaries[name]?.errors ?? []).map((e) => ({ ...e, in: 'body' as const }))),
  ];
  const extensions = { dryRun, committed: false, ...summaries };
  if (rejected.length > 0) throw validationFailed(problems, extensions);
  if (problems.length > 0) {
    throw new ServiceError(422, 'bulk-rejected', 'Bulk load rejected', `${problems.length} row problem(s); nothing was written`, problems, extensions);
  }
  return { dryRun, committed: !dryRun, ...summaries };
}

/**
 * Indexes of the rows to domain-check: not those that failed the schema, nor those that refer to a record
 * of such a row (or of a row left out for that reason: a teaching point whose central school failed).
 */
function rowsToCheck(name: BulkCollection, collection: Collection<never>, items: unknown[], failed: ReadonlySet<number>, unwritten: Unwritten): number[] {
  if (failed.size === 0 && unwritten.empty) return items.map((_, i) => i);
  for (const i of failed) unwritten.add(name, collection, items[i]);
  const skipped = new Set<number>();
  for (let grew = true; grew; ) {
    grew = false;
    items.forEach((row, i) => {
      if (failed.has(i) || skipped.has(i) || !unwritten.blocks(collection, row)) return;
      skipped.add(i);
      unwritten.add(name, collection, row);
      grew = true;
    });
  }
  return items.flatMap((_, i) => (failed.has(i) || skipped.has(i) ? [] : [i]));
}

const validationFailed = (problems: Issue[], extensions: Record<string, unknown>) =>
  new ServiceError(400, 'validation', 'Validation failed', `${problems.length} problem(s) in the body; nothing was written`, problems, extensions);
