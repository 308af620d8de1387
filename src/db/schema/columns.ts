import { sql } from 'drizzle-orm';
import { bigint, integer, numeric, timestamp } from 'drizzle-orm/pg-core';

/** Years are school years by their start year; the database refuses anything outside 2000–2100. */
export const YEAR_MIN = 2000;
export const YEAR_MAX = 2100;

export const yearCheck = (column: string) =>
  sql.raw(`"${column}" BETWEEN ${YEAR_MIN} AND ${YEAR_MAX}`);

/** Areas in m² with two decimals, exact in the database. */
export const area = (name: string) => numeric(name, { precision: 12, scale: 2, mode: 'number' });

/** Money in integer fen (分); yuan only at the API edge. */
export const fen = (name: string) => bigint(name, { mode: 'number' });

export const count = (name: string) => integer(name);

export const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
};
