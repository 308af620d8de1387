import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database, Queryable } from '../db/connection.js';
import { assertCountyVisible } from '../plugins/auth.js';
import { jsonCsvOrXlsx, jsonOrCsv, problemResponses } from '../schemas/common.js';
import {
  Catalogue,
  CatalogueQuery,
  ClassSizes,
  CountyYearParams,
  IndicatorQuery,
  ResourceAllocation,
  ResourceAllocationQuery,
  SchoolIndicatorQuery,
  SchoolIndicators,
  SchoolYearParams,
  Scorecard,
} from '../schemas/indicators.js';
import {
  ALLOCATION_CSV_COLUMNS,
  CATALOGUE_CSV_COLUMNS,
  CLASS_SIZE_CSV_COLUMNS,
  SCORECARD_CSV_COLUMNS,
  allocationCsvRows,
  catalogue,
  catalogueCsvRows,
  classSizeCsvRows,
  classSizes,
  resourceAllocation,
  schoolIndicators,
  scorecard,
  scorecardCsvRows,
} from '../services/indicators/index.js';
import { countyYearDataVersion } from '../services/data-versions.js';
import { policyProfilesVersion } from '../services/answer-versions.js';
import { sendCsv, wantsCsv } from './csv.js';
import { schoolYearVersion, versioned } from './etag.js';
import { sendXlsx, wantsXlsx } from './xlsx.js';
import { allocationSheets, classSizeSheets, scorecardSheets } from './xlsx-sheets.js';

const TAG = 'indicators';

// computed answers only: each reads the database readFresh chooses (src/plugins/read-routing.ts)
export const indicatorRoutes: FastifyPluginAsyncTypebox<{ database: Database }> = async (app) => {

  app.get(
    '/indicators',
    {
      config: { scope: 'read', computed: true },
      schema: {
        tags: [TAG],
        summary: 'The B1–B31 catalogue: group, Chinese text, standard per stage under a policy, responsible units',
        description: 'Standards are those of `policyId` (default national-2017). CSV: one row per indicator.',
        querystring: CatalogueQuery,
        response: { ...jsonOrCsv(Catalogue, 'one row per indicator'), ...problemResponses(400, 404, 503) },
      },
    },
    async (request, reply) => {
      const q = request.query;
      return versioned(request, reply, (db) => policyProfilesVersion(db), (db) => catalogue(db, q.policyId), (answer) => {
        if (wantsCsv(request)) return sendCsv(reply, CATALOGUE_CSV_COLUMNS, catalogueCsvRows(answer), `indicators-${answer.policyId}`);
        return answer;
      });
    },
  );

  app.get(
    '/counties/:countyCode/years/:year/resource-allocation',
    {
      config: { scope: 'read', computed: true },
      schema: {
        tags: [TAG],
        summary: 'B1–B7 per assessment unit, inter-school dispersion and the county verdict',
        description:
          'With `stage` the answer carries that stage\'s `dispersion` and `composite` at the top level; without it both stages ' +
          'are answered: `units` of both, each stage\'s figures under `stages`, and `passes` is the county verdict (both stages pass). ' +
          'Every unit shows its inputs (teacher counts after the policy, facilities of each contributing school and the share ' +
          'apportioned to the unit). `failing=true` keeps only the units that do not pass. CSV: one row per unit, with each ' +
          "indicator's floor and shortfall to the standard and the unit's indicators below their floor (`belowFloor`). " +
          'xlsx: the same units, the county figures per stage and the excluded schools.',
        params: CountyYearParams,
        querystring: ResourceAllocationQuery,
        response: {
          ...jsonCsvOrXlsx(ResourceAllocation, 'one row per unit', 'sheets units (the CSV), county (dispersion, composite and verdict per stage) and excluded'),
          ...problemResponses(400, 404, 422, 503),
        },
      },
    },
    async (request, reply) => {
      const { countyCode, year } = request.params;
      const q = request.query;
      assertCountyVisible(request, countyCode, `county ${countyCode}`);
      const compute = async (db: Queryable) => {
        const whole = await resourceAllocation(db, countyCode, year, { stage: q.stage, policyId: q.policyId });
        return q.failing ? { ...whole, units: whole.units.filter((u) => u.passes === false) } : whole;
      };
      return versioned(request, reply, (db) => countyYearDataVersion(db, countyCode, year), compute, (answer) => {
        const filename = `resource-allocation-${countyCode}-${year}${q.stage ? `-${q.stage}` : ''}`;
        if (wantsXlsx(request)) return sendXlsx(reply, allocationSheets(answer), filename);
        if (wantsCsv(request)) return sendCsv(reply, ALLOCATION_CSV_COLUMNS, allocationCsvRows(answer), filename);
        return answer;
      });
    },
  );

  app.get(
    '/counties/:countyCode/years/:year/class-sizes',
    {
      config: { scope: 'read', computed: true },
      schema: {
        tags: [TAG],
        summary: 'B12 class sizes: classes above the stage limit, 大班额 and 超大班额',
        description: 'CSV: one row per class above its stage limit (the violations). xlsx: the same violations and the county summary.',
        params: CountyYearParams,
        querystring: IndicatorQuery,
        response: {
          ...jsonCsvOrXlsx(ClassSizes, 'one row per class above its limit', 'sheets violations (the CSV) and summary (counts, shares, verdict, limits)'),
          ...problemResponses(400, 404, 422, 503),
        },
      },
    },
    async (request, reply) => {
      const { countyCode, year } = request.params;
      const q = request.query;
      assertCountyVisible(request, countyCode, `county ${countyCode}`);
      const compute = (db: Queryable) => classSizes(db, countyCode, year, { policyId: q.policyId });
      return versioned(request, reply, (db) => countyYearDataVersion(db, countyCode, year), compute, (answer) => {
        const filename = `class-sizes-${countyCode}-${year}`;
        if (wantsXlsx(request)) return sendXlsx(reply, classSizeSheets(answer), filename);
        if (wantsCsv(request)) return sendCsv(reply, CLASS_SIZE_CSV_COLUMNS, classSizeCsvRows(answer), filename);
        return answer;
      });
    },
  );

  app.get(
    '/counties/:countyCode/years/:year/scorecard',
    {
      config: { scope: 'read', computed: true },
      schema: {
        tags: [TAG],
        summary: 'The B1–B31 scorecard: met, not_met or not_assessable (naming what is missing), with responsible units',
        description: '`resourceAllocation` is the overall B1–B7 verdict. CSV: one row per indicator. xlsx: the same indicators and the summary.',
        params: CountyYearParams,
        querystring: IndicatorQuery,
        response: {
          ...jsonCsvOrXlsx(Scorecard, 'one row per indicator', 'sheets indicators (the CSV) and summary (counts and the B1–B7 verdict)'),
          ...problemResponses(400, 404, 422, 503),
        },
      },
    },
    async (request, reply) => {
      const { countyCode, year } = request.params;
      const q = request.query;
      assertCountyVisible(request, countyCode, `county ${countyCode}`);
      const compute = (db: Queryable) => scorecard(db, countyCode, year, { policyId: q.policyId });
      return versioned(request, reply, (db) => countyYearDataVersion(db, countyCode, year), compute, (answer) => {
        const filename = `scorecard-${countyCode}-${year}`;
        if (wantsXlsx(request)) return sendXlsx(reply, scorecardSheets(answer), filename);
        if (wantsCsv(request)) return sendCsv(reply, SCORECARD_CSV_COLUMNS, scorecardCsvRows(answer), filename);
        return answer;
      });
    },
  );

  app.get(
    '/schools/:schoolCode/years/:year/indicators',
    {
      config: { scope: 'read', computed: true },
      schema: {
        tags: [TAG],
        summary: "One school's B1–B7 units, B10 special rooms, B11 school size and B12 class sizes",
        params: SchoolYearParams,
        querystring: SchoolIndicatorQuery,
        response: { 200: SchoolIndicators, ...problemResponses(400, 404, 422, 503) },
      },
    },
    async (request, reply) => {
      const { schoolCode, year } = request.params;
      const q = request.query;
      const visible = (countyCode: string) => assertCountyVisible(request, countyCode, `school ${schoolCode}`);
      const version = (db: Queryable) => schoolYearVersion(db, schoolCode, year, visible);
      return versioned(request, reply, version, (db) => schoolIndicators(db, schoolCode, year, { policyId: q.policyId, visible }), (answer) => answer);
    },
  );
};
