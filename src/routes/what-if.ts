import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../db/connection.js';
import { assertCountyVisible, canSeeCounty } from '../plugins/auth.js';
import { readFresh } from '../plugins/read-routing.js';
import { problemResponses } from '../schemas/common.js';
import { CountyYearParams } from '../schemas/indicators.js';
import { WhatIf, WhatIfBody, WhatIfQuery } from '../schemas/what-if.js';
import { whatIf } from '../services/planning/what-if.js';

// reads the database readFresh chooses (src/plugins/read-routing.ts)
export const whatIfRoutes: FastifyPluginAsyncTypebox<{ database: Database }> = async (app) => {
  app.post(
    '/counties/:countyCode/years/:year/what-if',
    {
      config: { scope: 'read', computed: true },
      schema: {
        tags: ['planning'],
        summary: 'What-if scenario: changes applied to a copy of the county-year, every engine before and after; nothing is written',
        description:
          'Changes (`add_school`, `remove_school`, `move_students`, `add_teachers`, `set_facilities`, `apply_plan`) are applied in order ' +
          'to an in-memory copy of the county-year. The answer carries B1–B7 per unit and stage with the dispersion, B12 class sizes, ' +
          'B11 school sizes, B10 special rooms, the scorecard statuses and the entitlements, `before` and `after` the changes, and their ' +
          '`delta`; `plans` lists the actions each `apply_plan` applied (the remediation plan of the scenario as it stood). A change ' +
          'that does not fit (an unknown school or one of another county, a school removed earlier, a duplicate school code, more ' +
          'students moved than there are, a count below 1, a stage the school does not teach, an `apply_plan` whose plan costs more ' +
          'than the 9,999,999,999,999.99 yuan answered exactly) is a 422 naming every such change by its JSON pointer, and nothing is computed.',
        params: CountyYearParams,
        querystring: WhatIfQuery,
        body: WhatIfBody,
        response: { 200: WhatIf, ...problemResponses(400, 404, 413, 415, 422, 503) },
      },
    },
    async (request, reply) => {
      const { countyCode, year } = request.params;
      assertCountyVisible(request, countyCode, `county ${countyCode}`);
      return readFresh(request, reply, (db) =>
        whatIf(db, countyCode, year, request.body, {
          policyId: request.query.policyId,
          canSeeCounty: (c) => canSeeCounty(request.principal, c),
        }),
      );
    },
  );
};
