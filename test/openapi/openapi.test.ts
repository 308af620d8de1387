import { readFileSync } from 'node:fs';
import t from 'tap';
import { renderOpenApi } from '../../scripts/openapi-document.js';

t.test('openapi/openapi.json is what the route schemas generate (run `npm run openapi` after changing a route)', async (t) => {
  const committed = readFileSync(new URL('../../openapi/openapi.json', import.meta.url), 'utf8');
  const generated = await renderOpenApi();
  t.equal(committed, generated, 'the committed OpenAPI document is stale');
  const doc = JSON.parse(generated);
  t.equal(doc.openapi, '3.1.0');
  for (const path of ['/v1/schools', '/v1/schools/{schoolCode}', '/v1/bulk', '/v1/counties/{countyCode}/years/{year}/facts'])
    t.ok(doc.paths[path], `documents ${path}`);
  t.ok(doc.components.schemas.Problem, 'the problem schema is a named component');
  t.notOk(JSON.stringify(doc).includes('def-0'), 'shared schemas keep their names');
});
