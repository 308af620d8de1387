import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { yearCheck } from './columns.js';
import { counties } from './geography.js';

/** Shipped profiles are written here at start-up so that assignments and runs can reference them. */
export const policyProfiles = pgTable(
  'policy_profiles',
  {
    policyId: text('policy_id').primaryKey(),
    name: text('name').notNull(),
    builtin: boolean('builtin').notNull().default(false),
    definition: jsonb('definition').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    createdBy: text('created_by'),
  },
  (t) => [check('policy_profiles_id_format', sql`${t.policyId} ~ '^[a-z0-9][a-z0-9-]{1,63}$'`)],
);

export const countyYearPolicies = pgTable(
  'county_year_policies',
  {
    countyCode: text('county_code')
      .notNull()
      .references(() => counties.countyCode),
    year: integer('year').notNull(),
    policyId: text('policy_id')
      .notNull()
      .references(() => policyProfiles.policyId),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.countyCode, t.year] }), check('county_year_policies_year', yearCheck('year'))],
);

/** A frozen calculation (docs/domain.md §8). Rows are never updated: a trigger refuses it. */
export const fundingRuns = pgTable(
  'funding_runs',
  {
    runId: uuid('run_id').primaryKey().defaultRandom(),
    countyCode: text('county_code')
      .notNull()
      .references(() => counties.countyCode),
    year: integer('year').notNull(),
    policyId: text('policy_id')
      .notNull()
      .references(() => policyProfiles.policyId),
    engineVersion: text('engine_version').notNull(),
    inputsHash: text('inputs_hash').notNull(),
    snapshot: jsonb('snapshot').notNull(),
    results: jsonb('results').notNull(),
    totalFen: bigint('total_fen', { mode: 'number' }).notNull(),
    /** sha256 of canonical JSON of { lines, totals, compliance }: verify compares a recomputation with it. */
    resultsHash: text('results_hash'),
    /** sha256 of canonical JSON of the creating request (county, year, policy override): an Idempotency-Key
     * replay with another request is refused. */
    requestHash: text('request_hash'),
    idempotencyKey: text('idempotency_key'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    createdBy: text('created_by').notNull(),
  },
  (t) => [
    check('funding_runs_year', yearCheck('year')),
    check('funding_runs_hash_format', sql`${t.inputsHash} ~ '^[0-9a-f]{64}$'`),
    check('funding_runs_total', sql`${t.totalFen} >= 0`),
    index('funding_runs_county_year_idx').on(t.countyCode, t.year),
    check('funding_runs_results_hash_format', sql`${t.resultsHash} IS NULL OR ${t.resultsHash} ~ '^[0-9a-f]{64}$'`),
    // One run per caller and Idempotency-Key, enforced by the database (NULL keys never collide).
    uniqueIndex('funding_runs_idempotency_uq').on(t.createdBy, t.idempotencyKey),
  ],
);

export const fundingRunLines = pgTable(
  'funding_run_lines',
  {
    runId: uuid('run_id')
      .notNull()
      .references(() => fundingRuns.runId),
    schoolCode: text('school_code').notNull(),
    component: text('component').notNull(),
    quantity: integer('quantity').notNull(),
    rateFen: bigint('rate_fen', { mode: 'number' }).notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    rule: text('rule').notNull(),
    explanation: text('explanation').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.runId, t.schoolCode, t.component] }),
    check('funding_run_lines_amounts', sql`${t.quantity} >= 0 AND ${t.rateFen} >= 0 AND ${t.amountFen} >= 0`),
  ],
);
