import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../db/connection.js';
import { contextOf } from '../plugins/auth.js';
import { BulkBody, BulkQuery, BulkResult } from '../schemas/bulk.js';
import { problemResponses } from '../schemas/common.js';
import { runBulk } from '../services/bulk.js';
import { bodySchemaProblems } from './round-trip.js';

export const bulkRoutes: FastifyPluginAsyncTypebox<{ database: Database; localDivisionCodes?: boolean }> = async (app, opts) => {
  app.post(
    '/bulk',
    {
      config: { scope: 'write' },
      // Rows that fail the schema do not stop the others from being checked against the data (runBulk).
      attachValidation: true,
      schema: {
        tags: ['bulk'],
        summary: 'Load many records of many collections in one all-or-nothing transaction',
        description:
          'Collections are written in reference order (counties, towns, schools, schoolYears, classes, teachers, ' +
          'teacherYears, countyFacts), so rows may refer to rows earlier in the same load. Any problem in any row ' +
          'rejects the whole load with 422 and every problem listed with its JSON pointer; `dryRun=true` checks and ' +
          'counts without writing. Rows that do not match the schema make it a 400 that lists them together with the ' +
          'problems of the other rows (a row referring to a record of a rejected row is not checked further). ' +
          'Items of a list answer may be sent back as rows: their createdAt and updatedAt are ignored.',
        querystring: BulkQuery,
        body: BulkBody,
        response: { 200: BulkResult, ...problemResponses(400, 413, 422, 503) },
      },
    },
    async (request) => {
      const rejected = bodySchemaProblems(request);
      const { dryRun } = request.query;
      // With attachValidation the body may still hold rows that failed the schema (`rejected`): runBulk reads
      // it as unknown and checks none of those rows against the data.
      const ctx = { ...contextOf(request), localDivisionCodes: opts.localDivisionCodes === true };
      return runBulk(opts.database.db, request.body, dryRun ?? false, ctx, rejected);
    },
  );
};
