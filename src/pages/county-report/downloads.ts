// The county report's data for the person reading it: the same five answers the page is drawn from, as
// JSON, CSV (UTF-8 with BOM) or an Excel workbook, under the page's own sign-in. The API serves them too
// (/v1/counties/{c}/years/{y}/…), but only to a request that carries an API key: a report-page session
// never authorises anything under /v1 (docs/security.md), so the page offers its own download links.
// Figures, columns and sheets are the API's: the same services, CSV columns and sheet builders.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { type TSchema, Type } from 'typebox';
import type { Database, Queryable } from '../../db/connection.js';
import { assertCountyVisible } from '../../plugins/auth.js';
import { readFresh } from '../../plugins/read-routing.js';
import { sendCsv } from '../../routes/csv.js';
import { sendXlsx, type Sheet } from '../../routes/xlsx.js';
import { allocationSheets, classSizeSheets, entitlementSheets, planSheets, scorecardSheets } from '../../routes/xlsx-sheets.js';
import { CountyCode, Year } from '../../schemas/common.js';
import { CountyEntitlements } from '../../schemas/funding.js';
import { ClassSizes, ResourceAllocation, Scorecard } from '../../schemas/indicators.js';
import { RemediationPlan } from '../../schemas/planning.js';
import { ENTITLEMENT_CSV_COLUMNS, countyEntitlements, entitlementCsvRows } from '../../services/funding/entitlements.js';
import {
  ALLOCATION_CSV_COLUMNS,
  CLASS_SIZE_CSV_COLUMNS,
  SCORECARD_CSV_COLUMNS,
  allocationCsvRows,
  classSizeCsvRows,
  classSizes,
  resourceAllocation,
  scorecard,
  scorecardCsvRows,
} from '../../services/indicators/index.js';
import { PLAN_CSV_COLUMNS, planCsvRows, remediationPlan } from '../../services/planning/remediation.js';
import { requireReader } from '../session.js';

export const DOWNLOAD_FORMATS = ['json', 'csv', 'xlsx'] as const;
type Format = (typeof DOWNLOAD_FORMATS)[number];

/** One answer behind the page: how it is computed and how it is written in each format. */
export interface Dataset {
  /** The last segment of its /v1 path, and of the page's download path. */
  path: string;
  label: string;
  /** The /v1 route's response schema: JSON is written by it, so it holds exactly the fields /v1 answers. */
  schema: TSchema;
  send(reply: FastifyReply, answer: object, format: Format, filename: string): FastifyReply | Promise<FastifyReply>;
  compute(db: Queryable, countyCode: string, year: number): Promise<object>;
}

function dataset<T extends object, R extends object>(
  path: string,
  label: string,
  schema: TSchema,
  compute: (db: Queryable, countyCode: string, year: number) => Promise<T>,
  sheets: (answer: T) => Sheet[],
  columns: readonly (keyof R & string)[],
  rows: (answer: T) => Iterable<R> | AsyncIterable<R>,
): Dataset {
  return {
    path,
    label,
    schema,
    compute,
    send(reply, answer, format, filename) {
      const a = answer as T;
      if (format === 'xlsx') return sendXlsx(reply, sheets(a), filename);
      if (format === 'csv') return sendCsv(reply, columns, rows(a), filename);
      return reply.type('application/json; charset=utf-8').send(reply.serializeInput(a as Record<string, unknown>, schema as unknown as Record<string, unknown>));
    },
  };
}

/** The answers the county report is drawn from, in the order the page shows them. */
export const DATASETS: readonly Dataset[] = [
  dataset('scorecard', 'B1–B31 评估总表', Scorecard, (db, c, y) => scorecard(db, c, y), scorecardSheets, SCORECARD_CSV_COLUMNS, scorecardCsvRows),
  dataset('resource-allocation', 'B1–B7 资源配置（各评估单位）', ResourceAllocation, (db, c, y) => resourceAllocation(db, c, y), allocationSheets, ALLOCATION_CSV_COLUMNS, allocationCsvRows),
  dataset('class-sizes', 'B12 班额', ClassSizes, (db, c, y) => classSizes(db, c, y), classSizeSheets, CLASS_SIZE_CSV_COLUMNS, classSizeCsvRows),
  dataset('entitlements', '公用经费测算', CountyEntitlements, (db, c, y) => countyEntitlements(db, c, y, {}), entitlementSheets, ENTITLEMENT_CSV_COLUMNS, entitlementCsvRows),
  dataset('remediation-plan', '整改方案', RemediationPlan, (db, c, y) => remediationPlan(db, c, y), planSheets, PLAN_CSV_COLUMNS, planCsvRows),
];

export const downloadPath = (countyCode: string, year: number, path: string, format: Format): string =>
  `/reports/counties/${countyCode}/years/${year}/data/${path}${format === 'json' ? '' : `?format=${format}`}`;

const Params = Type.Object(
  { countyCode: CountyCode, year: Year, dataset: Type.Union(DATASETS.map((d) => Type.Literal(d.path))) },
  { additionalProperties: false },
);
const Query = Type.Object({ format: Type.Optional(Type.Union(DOWNLOAD_FORMATS.map((f) => Type.Literal(f)))) }, { additionalProperties: false });

export const countyReportDownloads: FastifyPluginAsyncTypebox<{ database: Database }> = async (app) => {
  app.get('/reports/counties/:countyCode/years/:year/data/:dataset', { schema: { hide: true, params: Params, querystring: Query } }, async (request, reply) => {
    requireReader(request);
    const { countyCode, year } = request.params;
    assertCountyVisible(request, countyCode, `county ${countyCode}`);
    const set = DATASETS.find((d) => d.path === request.params.dataset) as Dataset;
    const answer = await readFresh(request, reply, (db) => set.compute(db, countyCode, year));
    // the reader's own figures: kept by no cache on the way
    reply.header('cache-control', 'no-store');
    return set.send(reply, answer, request.query.format ?? 'json', `${set.path}-${countyCode}-${year}`);
  });
};
