// What a roll-up reads, for all its counties at once, with the services' own batched readers: the contexts
// (`countyYearContexts`), the indicator inputs per distinct policy (`loadIndicatorInputsOfCounties`, one
// scan of each table for all counties of a policy), the funding inputs (`loadCountiesInputs`, the read of
// `countiesEntitlements`), the county facts (one query) and B16 / B18 (`teacherHistoryCounts`, the
// scorecard's statement, county by county, a few at a time on the pool: each is an index-driven read of
// one county's teachers' histories, and side by side on the pool they finish sooner than one statement
// over the province, which PostgreSQL runs on a single core).

import { and, eq, inArray } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Queryable } from '../../db/connection.js';
import { countyFacts } from '../../db/schema/index.js';
import type { FundingSchoolInput } from '../../rules/funding/index.js';
import type { CountyFactsInput } from '../../rules/indicators/index.js';
import type { IndicatorParams } from '../../rules/policies/indicator-params.js';
import { loadCountiesInputs } from '../funding/inputs.js';
import { countyYearContexts, type CountyYearContext } from '../indicators/context.js';
import { loadIndicatorInputsOfCounties, type IndicatorInputs } from '../indicators/inputs.js';
import { teacherHistoryCounts, type TeacherHistoryCounts } from '../indicators/teacher-history.js';

export interface CountyData {
  ctx: CountyYearContext;
  /** With the class list (B12) and the room areas (B10), the teacher counts filtered by the county's policy. */
  indicators: IndicatorInputs;
  /** Every school with classes in the year, as the entitlements and the scorecard's B13 / B14 / B26 read them. */
  funding: FundingSchoolInput[];
  facts: CountyFactsInput | null;
  /** B16 / B18 counts, still being read while the rows of the counties before are computed. */
  history: Promise<TeacherHistoryCounts>;
}

/**
 * B16 / B18 statements in flight at once. Each worker sends its next statement only when the last one has
 * answered, so other requests waiting for a connection of the pool (first in, first out) get one between
 * two statements; 2 at a time left the histories the slowest part of a province's roll-up, 4 to 8 were
 * alike on 2 cores.
 */
const HISTORY_CONCURRENCY = 6;

/**
 * `f` over `items`, at most `limit` at a time and in their order, as one promise per item: a caller can
 * use the first results while the later ones are still being read. A failure is kept for the caller that
 * awaits its item, not reported as unhandled before that.
 */
function eachLimited<T, R>(items: readonly T[], limit: number, f: (item: T) => Promise<R>): Promise<R>[] {
  const settle: { resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  const promises = items.map(
    () =>
      new Promise<R>((resolve, reject) => {
        settle.push({ resolve, reject });
      }),
  );
  for (const p of promises) p.catch(() => {});
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      const s = settle[i] as (typeof settle)[number];
      await f(items[i] as T).then(s.resolve, s.reject);
    }
  };
  for (let w = 0; w < Math.min(limit, items.length); w++) void worker();
  return promises;
}

async function loadFacts(db: Queryable, countyCodes: readonly string[], year: number): Promise<Map<string, CountyFactsInput>> {
  const rows = await db
    .select({ countyCode: countyFacts.countyCode, facts: countyFacts.facts })
    .from(countyFacts)
    .where(and(eq(countyFacts.year, year), inArray(countyFacts.countyCode, [...countyCodes])));
  // as `loadCountyFacts` reads them: a driver may hand JSONB over as text
  return new Map(rows.map((r) => [r.countyCode, (typeof r.facts === 'string' ? JSON.parse(r.facts) : r.facts) as CountyFactsInput]));
}

async function loadIndicators(db: Queryable, contexts: Map<string, CountyYearContext>, year: number): Promise<Map<string, IndicatorInputs>> {
  const byPolicy = new Map<IndicatorParams, string[]>();
  for (const [code, ctx] of contexts) {
    const group = byPolicy.get(ctx.profile.indicators);
    if (group) group.push(code);
    else byPolicy.set(ctx.profile.indicators, [code]);
  }
  const out = new Map<string, IndicatorInputs>();
  for (const [policy, group] of byPolicy) {
    for (const [code, inputs] of await loadIndicatorInputsOfCounties(db, group, year, { classList: true, policy })) out.set(code, inputs);
  }
  return out;
}

/**
 * Everything the figures of the counties are computed from, by county code (every county asked for that
 * exists). `policyId` applies one profile to all of them, as `?policyId=` does for one county. The B16 /
 * B18 counts come as one promise per county, in the order asked, so that the rules can run on the first
 * counties while PostgreSQL reads the histories of the next.
 */
export async function loadRegionData(
  db: Queryable,
  countyCodes: readonly string[],
  year: number,
  policyId: string | undefined,
): Promise<Map<string, CountyData>> {
  const contexts = await countyYearContexts(db, countyCodes, year, policyId);
  const codes = countyCodes.filter((c) => contexts.has(c));
  const history = (code: string) => teacherHistoryCounts(db, code, year, (contexts.get(code) as CountyYearContext).profile.indicators);
  // A transaction holds one connection that runs one statement at a time: there the reads go in turn.
  const inTx = db instanceof PgTransaction;
  const indicatorsQ = () => loadIndicators(db, contexts, year);
  const fundingQ = () => loadCountiesInputs(db, codes, year);
  const factsQ = () => loadFacts(db, codes, year);
  let histories: Promise<TeacherHistoryCounts>[];
  let indicators: Map<string, IndicatorInputs>;
  let funding: Awaited<ReturnType<typeof fundingQ>>;
  let facts: Map<string, CountyFactsInput>;
  if (inTx) {
    [indicators, funding, facts] = [await indicatorsQ(), await fundingQ(), await factsQ()];
    histories = eachLimited(codes, 1, history);
  } else {
    // The reads are queued on the pool before the histories, so that they are not left waiting behind them;
    // the histories take the connections the reads give back as they finish.
    const reads = Promise.all([indicatorsQ(), fundingQ(), factsQ()]);
    histories = eachLimited(codes, HISTORY_CONCURRENCY, history);
    [indicators, funding, facts] = await reads;
  }
  const out = new Map<string, CountyData>();
  codes.forEach((code, i) => {
    out.set(code, {
      ctx: contexts.get(code) as CountyYearContext,
      indicators: indicators.get(code) as IndicatorInputs,
      funding: funding.get(code)?.inputs ?? [],
      facts: facts.get(code) ?? null,
      history: histories[i] as Promise<TeacherHistoryCounts>,
    });
  });
  return out;
}
