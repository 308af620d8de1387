import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database, Queryable } from '../db/connection.js';
import { contextOf } from '../plugins/auth.js';
import { jsonCsvOrXlsx, problemResponses } from '../schemas/common.js';
import { CityYearParams, ProvinceYearParams, RegionSummary, RollupQuery, type RegionSummaryT } from '../schemas/rollups.js';
import { ROLLUP_CSV_COLUMNS, regionCode, regionSummary, rollupCsvRows, rollupTotalsRow, type Region } from '../services/rollups/index.js';
import { yearDataVersion } from '../services/answer-versions.js';
import { sendCsv, wantsCsv } from './csv.js';
import { versioned } from './etag.js';
import { sendXlsx, wantsXlsx, type Sheet } from './xlsx.js';

const TAG = 'roll-ups';

/** The workbook: "counties" (the CSV) and "totals" (one row of counts and sums over the counties). */
export function rollupSheets(answer: RegionSummaryT): Sheet[] {
  const totals = rollupTotalsRow(answer);
  return [
    { name: 'counties', columns: ROLLUP_CSV_COLUMNS, rows: rollupCsvRows(answer) },
    { name: 'totals', columns: Object.keys(totals), rows: [totals] },
  ];
}

const DESCRIPTION =
  'One row per county: B1–B7 (the verdict overall and per stage, each stage\'s cvs and the number of failing units, as ' +
  'GET /v1/counties/{countyCode}/years/{year}/resource-allocation answers them), B12 class sizes (classes above the limit, ' +
  '大班额 and 超大班额, as …/class-sizes), B11 schools above their cap, the total entitlement in fen and yuan (as …/entitlements) ' +
  'and the scorecard\'s met / not met / not assessable counts (as …/scorecard), each under the county-year\'s own policy ' +
  '(or `policyId` for all); then `totals`, sums and counts over the rows. A county without classes in the year is a row ' +
  'with `hasClasses` false and no figures. A key bound to counties gets only the rows of its counties (the others are left ' +
  'out, not refused; `restricted` is true and the totals are over its rows); 404 when none of the region\'s counties is ' +
  'left. CSV: one row per county. xlsx: sheets counties (the CSV) and totals.';

// computed answers only: each reads the database readFresh chooses (src/plugins/read-routing.ts)
export const rollupRoutes: FastifyPluginAsyncTypebox<{ database: Database }> = async (app) => {
  async function answer(request: FastifyRequest, reply: FastifyReply, region: Region, year: number, query: { policyId?: string | undefined }) {
    const { counties } = contextOf(request);
    const compute = (db: Queryable) => regionSummary(db, region, year, { policyId: query.policyId, counties });
    // a key bound to counties gets only their rows: its counties are part of what the answer depends on
    const visibleCounties = counties === '*' ? '*' : [...counties].sort();
    return versioned(request, reply, (db) => yearDataVersion(db, year), compute, (summary) => {
      const filename = `summary-${region.level}-${regionCode(region)}-${year}`;
      if (wantsXlsx(request)) return sendXlsx(reply, rollupSheets(summary), filename);
      if (wantsCsv(request)) return sendCsv(reply, ROLLUP_CSV_COLUMNS, rollupCsvRows(summary), filename);
      return summary;
    }, { counties: visibleCounties });
  }

  const response = {
    ...jsonCsvOrXlsx(RegionSummary, 'one row per county', 'sheets counties (the CSV) and totals (one row)'),
    ...problemResponses(400, 404, 422, 503),
  };

  app.get(
    '/provinces/:provinceCode/years/:year/summary',
    {
      config: { scope: 'read', computed: true },
      schema: {
        tags: [TAG],
        summary: "A province's counties side by side: B1–B7, class sizes, B11, entitlement and scorecard counts per county, with totals",
        description: `The counties whose province is \`provinceCode\`. ${DESCRIPTION}`,
        params: ProvinceYearParams,
        querystring: RollupQuery,
        response,
      },
    },
    async (request, reply) => {
      const { provinceCode, year } = request.params;
      return answer(request, reply, { level: 'province', provinceCode }, year, request.query);
    },
  );

  app.get(
    '/cities/:cityCode/years/:year/summary',
    {
      config: { scope: 'read', computed: true },
      schema: {
        tags: [TAG],
        summary: "A city's counties side by side: B1–B7, class sizes, B11, entitlement and scorecard counts per county, with totals",
        description: `The counties whose city is \`cityCode\`. ${DESCRIPTION}`,
        params: CityYearParams,
        querystring: RollupQuery,
        response,
      },
    },
    async (request, reply) => {
      const { cityCode, year } = request.params;
      return answer(request, reply, { level: 'city', cityCode }, year, request.query);
    },
  );
};
