import { Type } from 'typebox';
import { BULK_COLLECTIONS } from './bulk.js';
import { CountyCode, Paging, Strict, Timestamp } from './common.js';

/**
 * What the change feed reports changes of, by the API's collection names: the bulk load's collections,
 * then custom policy profiles, county-year policy assignments, funding runs and plan-task progress.
 */
export const CHANGE_ENTITIES = [...BULK_COLLECTIONS, 'policies', 'countyYearPolicies', 'fundingRuns', 'tasks'] as const;
export type ChangeEntity = (typeof CHANGE_ENTITIES)[number];

/** A position in the feed: the writing transaction, the change and a check of its time, in fixed-width hex. */
export const CURSOR_PATTERN = '^[0-9a-f]{16}\\.[0-9a-f]{16}\\.[0-9a-f]{8}$';

const Cursor = (description: string) => Type.String({ pattern: CURSOR_PATTERN, description, examples: ['00000000000002f4.000000000000001c.5e0f3a21'] });

export const ChangesQuery = Strict({
  since: Type.Optional(
    Cursor('a `nextCursor` (or an item\'s `changeVersion`) of an earlier answer: changes after it; absent: from the first change'),
  ),
  limit: Paging.limit,
  countyCode: Type.Optional(CountyCode),
  entity: Type.Optional(Type.Enum(CHANGE_ENTITIES, { description: 'only changes of this collection', examples: ['schools'] })),
});

export const Change = Type.Object({
  changeVersion: Cursor(
    'this change\'s position; a later change has a greater one (compare as text), and `since` takes it to resume right after this change',
  ),
  entity: Type.Enum(CHANGE_ENTITIES),
  key: Type.String({
    description: 'the record\'s natural key, parts joined by "/" in path order (e.g. schoolCode/year/classCode); a funding run\'s id',
    examples: ['2144012345/2024'],
  }),
  countyCode: Type.Union([Type.String(), Type.Null()], { description: 'the record\'s county after the change (before it, for a delete); null for teachers and policy profiles' }),
  operation: Type.Enum(['upsert', 'delete'], { description: 'upsert: created or changed (a funding run: created); delete: removed' }),
  at: Type.With(Timestamp, { description: 'when the writing transaction began' }),
});

export const ChangesPage = Type.Object({
  items: Type.Array(Change, { description: 'in (transaction, change) order; every committed change once' }),
  nextCursor: Cursor('pass as `since` for the next page; present even when `items` is empty'),
  hasMore: Type.Boolean({ description: 'true: more changes are ready, ask again at once; false: caught up, ask again after a pause' }),
});
