import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { timestamps, yearCheck } from './columns.js';

export const counties = pgTable(
  'counties',
  {
    countyCode: text('county_code').primaryKey(),
    name: text('name').notNull(),
    cityCode: text('city_code'),
    provinceCode: text('province_code'),
    ...timestamps,
  },
  (t) => [
    check('counties_code_format', sql`${t.countyCode} ~ '^[0-9]{6}$'`),
    check('counties_city_format', sql`${t.cityCode} IS NULL OR ${t.cityCode} ~ '^[0-9]{6}$'`),
    check('counties_province_format', sql`${t.provinceCode} IS NULL OR ${t.provinceCode} ~ '^[0-9]{2}$'`),
    check('counties_name_nonblank', sql`length(btrim(${t.name})) > 0`),
  ],
);

export const towns = pgTable(
  'towns',
  {
    townCode: text('town_code').primaryKey(),
    countyCode: text('county_code')
      .notNull()
      .references(() => counties.countyCode),
    name: text('name').notNull(),
    ...timestamps,
  },
  (t) => [
    check('towns_code_format', sql`${t.townCode} ~ '^[0-9]{9}$'`),
    // A town code is its county's code followed by three digits (行政区划代码).
    check('towns_code_in_county', sql`left(${t.townCode}, 6) = ${t.countyCode}`),
    check('towns_name_nonblank', sql`length(btrim(${t.name})) > 0`),
    index('towns_county_idx').on(t.countyCode),
  ],
);

/** County-level declared inputs of docs/domain.md §6, validated by the API schema before they get here. */
export const countyFacts = pgTable(
  'county_facts',
  {
    countyCode: text('county_code')
      .notNull()
      .references(() => counties.countyCode),
    year: integer('year').notNull(),
    facts: jsonb('facts').notNull(),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.countyCode, t.year] }),
    check('county_facts_year', yearCheck('year')),
    check('county_facts_object', sql`jsonb_typeof(${t.facts}) = 'object'`),
  ],
);
