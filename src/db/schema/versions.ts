import { bigint, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

/**
 * How often the data behind a county-year's answers has changed: a counter per (county, year), raised by
 * triggers in the writing transaction (migrations/0004), read by answer caches (the scorecard's). Year 0
 * stands for data of every year of the county (the county row, its schools); county '*' year 0 for data
 * of every county (policy profiles). A teacher-year raises the counter of its school's county and its
 * year only, though the B16 / B18 windows of the teacher's later years read it wherever they are taught:
 * so a cached answer of county C and year Y is current while the sum of the counters of (C, 0…Y), of
 * every county's years 1…Y−1 and of ('*', 0) is the one it was computed under. Counters only grow, so
 * any committed change of that data raises the sum. No foreign key: a deleted county's rows still count.
 */
export const dataVersions = pgTable(
  'data_versions',
  {
    countyCode: text('county_code').notNull(),
    year: integer('year').notNull(),
    version: bigint('version', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.countyCode, t.year] })],
);
