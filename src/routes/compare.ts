import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database, Queryable } from '../db/connection.js';
import { assertCountyVisible } from '../plugins/auth.js';
import { jsonOrCsv, problemResponses } from '../schemas/common.js';
import {
  CompareQuery,
  CountyComparison,
  CountyParams,
  CountyYears,
  IndicatorSeries,
  SchoolComparison,
  SchoolParams,
  SeriesQuery,
  YearsQuery,
} from '../schemas/compare.js';
import { countyComparison } from '../services/compare/county.js';
import {
  COMPARE_CSV_COLUMNS,
  SERIES_CSV_COLUMNS,
  YEARS_CSV_COLUMNS,
  countyCompareCsvRows,
  schoolCompareCsvRows,
  seriesCsvRows,
  yearsCsvRows,
} from '../services/compare/csv.js';
import { schoolComparison } from '../services/compare/school.js';
import { indicatorSeries } from '../services/compare/series.js';
import { assertYearOrder, countyYears } from '../services/compare/years.js';
import { countyDataVersion } from '../services/answer-versions.js';
import { countyYearDataVersion } from '../services/data-versions.js';
import { sendCsv, wantsCsv } from './csv.js';
import { LAST_YEAR, schoolYearVersion, versioned } from './etag.js';

const TAG = 'comparison';

const compareNote =
  'Each figure is `{ from, to, delta }`: `delta` is to − from, the exact decimal difference of the figures as each year answers ' +
  'them (money taken in fen); null on a side without the figure. Verdicts are `{ from, to, changed }`. ' +
  '`from` must be before `to` (else 400 naming both); a year without classes is 404 naming it. ' +
  'CSV: one row per compared figure (section, id, stage, unitId, figure, from, to, delta, changed).';

// computed answers only: each reads the database readFresh chooses (src/plugins/read-routing.ts)
export const compareRoutes: FastifyPluginAsyncTypebox<{ database: Database }> = async (app) => {

  app.get(
    '/counties/:countyCode/years',
    {
      config: { scope: 'read', computed: true },
      schema: {
        tags: [TAG],
        summary: 'The years holding data for a county, with counts of schools, classes and teacher-years',
        description: 'Every year with a school-year record, a class, a teacher-year or county facts of the county, oldest first. CSV: one row per year.',
        params: CountyParams,
        querystring: YearsQuery,
        response: { ...jsonOrCsv(CountyYears, 'one row per year'), ...problemResponses(400, 404, 503) },
      },
    },
    async (request, reply) => {
      const { countyCode } = request.params;
      assertCountyVisible(request, countyCode, `county ${countyCode}`);
      // counts of the county's own records: only its own writes change them
      return versioned(request, reply, (db) => countyDataVersion(db, countyCode), (db) => countyYears(db, countyCode), (answer) => {
        if (wantsCsv(request)) return sendCsv(reply, YEARS_CSV_COLUMNS, yearsCsvRows(answer), `years-${countyCode}`);
        return answer;
      });
    },
  );

  app.get(
    '/schools/:schoolCode/compare',
    {
      config: { scope: 'read', computed: true },
      schema: {
        tags: [TAG],
        summary: 'One school in two years: inputs, B1–B7 of its units, B10–B12 and its entitlement by component, with the differences',
        description: `Each year is computed under its own policy unless \`policyId\` names one for both. ${compareNote}`,
        params: SchoolParams,
        querystring: CompareQuery,
        response: { ...jsonOrCsv(SchoolComparison, 'one row per compared figure'), ...problemResponses(400, 404, 422, 503) },
      },
    },
    async (request, reply) => {
      const { schoolCode } = request.params;
      const q = request.query;
      assertYearOrder(q.from, q.to, true);
      const visible = (countyCode: string) => assertCountyVisible(request, countyCode, `school ${schoolCode}`);
      // the version of the later year covers the earlier one's data as well (src/services/data-versions.ts)
      const version = (db: Queryable) => schoolYearVersion(db, schoolCode, q.to, visible);
      return versioned(request, reply, version, (db) => schoolComparison(db, schoolCode, q.from, q.to, { policyId: q.policyId, visible }), (answer) => {
        if (wantsCsv(request)) return sendCsv(reply, COMPARE_CSV_COLUMNS, schoolCompareCsvRows(answer), `compare-${schoolCode}-${q.from}-${q.to}`);
        return answer;
      });
    },
  );

  app.get(
    '/counties/:countyCode/compare',
    {
      config: { scope: 'read', computed: true },
      schema: {
        tags: [TAG],
        summary: 'A county in two years: inputs, the scorecard, the resource-allocation figures and the entitlements, with the differences',
        description: `Each year is computed under its own policy unless \`policyId\` names one for both. ${compareNote}`,
        params: CountyParams,
        querystring: CompareQuery,
        response: { ...jsonOrCsv(CountyComparison, 'one row per compared figure'), ...problemResponses(400, 404, 422, 503) },
      },
    },
    async (request, reply) => {
      const { countyCode } = request.params;
      const q = request.query;
      assertYearOrder(q.from, q.to, true);
      assertCountyVisible(request, countyCode, `county ${countyCode}`);
      const compute = (db: Queryable) => countyComparison(db, countyCode, q.from, q.to, { policyId: q.policyId });
      return versioned(request, reply, (db) => countyYearDataVersion(db, countyCode, q.to), compute, (answer) => {
        if (wantsCsv(request)) return sendCsv(reply, COMPARE_CSV_COLUMNS, countyCompareCsvRows(answer), `compare-${countyCode}-${q.from}-${q.to}`);
        return answer;
      });
    },
  );

  app.get(
    '/counties/:countyCode/indicator-series',
    {
      config: { scope: 'read', computed: true },
      schema: {
        tags: [TAG],
        summary: 'Each indicator over the years: the county-level figures (cv per stage, units meeting, county rates) and status',
        description:
          'Every year of `from`–`to` with classes (both default to the first and last such year), each under its own policy unless ' +
          '`policyId` names one: the scorecard entry of every indicator with its figures flattened to names (`primary.cv`, `value`, ' +
          '`large`), for B1–B7 also the units meeting the standard per stage, and the overall B1–B7 verdict per year. ' +
          'Years of the range without classes are listed in `yearsWithoutData`. CSV: one row per indicator, year and figure.',
        params: CountyParams,
        querystring: SeriesQuery,
        response: { ...jsonOrCsv(IndicatorSeries, 'one row per indicator, year and figure'), ...problemResponses(400, 404, 422, 503) },
      },
    },
    async (request, reply) => {
      const { countyCode } = request.params;
      const q = request.query;
      if (q.from !== undefined && q.to !== undefined) assertYearOrder(q.from, q.to, false);
      assertCountyVisible(request, countyCode, `county ${countyCode}`);
      // without `to` the range reaches the county's last year with classes, whichever that is: every year counts
      const version = (db: Queryable) => countyYearDataVersion(db, countyCode, q.to ?? LAST_YEAR);
      return versioned(request, reply, version, (db) => indicatorSeries(db, countyCode, { from: q.from, to: q.to, policyId: q.policyId }), (answer) => {
        if (wantsCsv(request)) return sendCsv(reply, SERIES_CSV_COLUMNS, seriesCsvRows(answer), `indicator-series-${countyCode}-${answer.from}-${answer.to}`);
        return answer;
      });
    },
  );
};
