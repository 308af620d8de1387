// GET /reports/schools/{schoolCode}/years/{year}: one school in one year, for the people who answer for
// it: who the school is, its B1–B7 units against the standard and the floor, B10 special rooms, B11 size,
// B12 every class, the funding it is entitled to, and what changed since the year before. Every figure is
// the answer of the same service the API calls, so the page and the JSON always agree.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Database } from '../../db/connection.js';
import { assertCountyVisible } from '../../plugins/auth.js';
import { readFresh } from '../../plugins/read-routing.js';
import { SchoolCode, Year } from '../../schemas/common.js';
import type { SchoolComparisonT } from '../../schemas/compare.js';
import type { SchoolEntitlementT } from '../../schemas/funding.js';
import type { SchoolIndicatorsT } from '../../schemas/indicators.js';
import { listClasses } from '../../services/classes.js';
import { schoolComparison } from '../../services/compare/school.js';
import { ServiceError } from '../../services/errors.js';
import { schoolEntitlement } from '../../services/funding/entitlements.js';
import { countyYearContext, schoolIndicators, type CountyYearContext } from '../../services/indicators/index.js';
import { chinaTime } from '../format.js';
import { html, type Html } from '../html.js';
import { layout } from '../layout.js';
import { requireReader, sendPage } from '../session.js';
import { classesSection, type ClassRow } from './classes.js';
import { comparisonSection, noComparison } from './comparison.js';
import { entitlementSection } from './entitlement.js';
import { attempt, reason, type Outcome } from './outcome.js';
import { schoolProfile, schoolYearsWithClasses, type SchoolProfile } from './profile.js';
import { roomsAndSizeSection } from './rooms-and-size.js';
import { summarySection } from './summary.js';
import { unitsSection } from './units.js';

const Params = Type.Object({ schoolCode: SchoolCode, year: Year });
const FIRST_YEAR = (Year as unknown as { minimum: number }).minimum;


/** A section whose service refused: its heading and the reason. */
const refused = (title: string, id: string, outcome: { error: ServiceError }): Html =>
  html`<section class="card" id="${id}"><h2>${title}</h2>${reason(outcome.error)}</section>`;

interface Loaded {
  indicators: Outcome<SchoolIndicatorsT>;
  entitlement: Outcome<SchoolEntitlementT>;
  context: Outcome<CountyYearContext>;
  comparison: Outcome<SchoolComparisonT> | null;
  classes: ClassRow[];
}

function comparisonPart(profile: SchoolProfile, year: number, years: readonly number[], comparison: Loaded['comparison']): Html {
  const previous = year - 1;
  if (previous < FIRST_YEAR || !years.includes(previous) || comparison === null) {
    return noComparison(previous, year, `${profile.name}在 ${previous} 年没有班级数据（学生数按各班人数合计），没有可对比的上一年。`);
  }
  if (!comparison.ok) {
    if (comparison.error.status === 404) return noComparison(previous, year, `${previous} 年的数据不足以对比：${comparison.error.message}`);
    return noComparison(previous, year, reason(comparison.error));
  }
  return comparisonSection(comparison.value);
}

function body(profile: SchoolProfile, year: number, years: readonly number[], loaded: Loaded): Html {
  const { indicators, entitlement, context } = loaded;
  const limits = context.ok ? context.value.profile.indicators.classSize : null;
  return html`${summarySection(profile, year, years, loaded)}
    ${!indicators.ok ? refused('B1–B7 资源配置', 'units', indicators) : !context.ok ? refused('B1–B7 资源配置', 'units', context) : unitsSection(indicators.value, context.value.profile.indicators)}
    ${indicators.ok ? roomsAndSizeSection(indicators.value) : refused('B10 专用教室与 B11 学校规模', 'B10', indicators)}
    ${indicators.ok ? classesSection(indicators.value, loaded.classes, limits) : refused('B12 班额', 'B12', indicators)}
    ${entitlement.ok ? entitlementSection(entitlement.value) : refused('应拨公用经费', 'entitlement', entitlement)}
    ${comparisonPart(profile, year, years, loaded.comparison)}`;
}

// a computed answer: read from the database readFresh chooses (src/plugins/read-routing.ts)
export const schoolReportPages: FastifyPluginAsyncTypebox<{ database: Database }> = async (app) => {
  app.get('/reports/schools/:schoolCode/years/:year', { schema: { hide: true, params: Params } }, async (request, reply) => {
    const viewer = requireReader(request);
    const { schoolCode, year } = request.params;
    const previous = year - 1;
    const { profile, years, loaded } = await readFresh(request, reply, async (db) => {
      const profile = await schoolProfile(db, schoolCode);
      // A school of a county the key may not see does not exist for it, exactly as in the API.
      assertCountyVisible(request, profile.countyCode, `school ${schoolCode}`);
      const years = await schoolYearsWithClasses(db, schoolCode);
      if (!years.includes(year)) {
        const known = years.length > 0 ? `有班级数据的年度：${years.join('、')}` : '该校还没有任何班级数据';
        throw new ServiceError(404, 'not-found', 'Not Found', `${profile.name}（${schoolCode}）${year} 年没有班级数据，没有这一年的报告。${known}。`);
      }
      const canCompare = previous >= FIRST_YEAR && years.includes(previous);
      const [indicators, entitlement, context, comparison, classList] = await Promise.all([
        attempt(() => schoolIndicators(db, schoolCode, year)),
        attempt(() => schoolEntitlement(db, schoolCode, year, {}, () => {})),
        attempt(() => countyYearContext(db, profile.countyCode, year)),
        canCompare ? attempt(() => schoolComparison(db, schoolCode, previous, year)) : Promise.resolve(null),
        listClasses(db, schoolCode, year, '*'),
      ]);
      const loaded: Loaded = { indicators, entitlement, context, comparison, classes: classList.items };
      return { profile, years, loaded };
    });

    const { indicators } = loaded;
    const policy = indicators.ok ? `${indicators.value.policyName}（${indicators.value.policyId}）` : null;
    const footnote = html`<p>${policy ? `指标与经费按 ${policy} 计算；` : ''}生成于 ${chinaTime(new Date())}（北京时间）。
      同样的数字可通过 API 取得：<code>/v1/schools/${schoolCode}/years/${year}/indicators</code>、<code>/v1/schools/${schoolCode}/years/${year}/entitlement</code>、<code>/v1/schools/${schoolCode}/compare?from=${previous}&amp;to=${year}</code>。</p>`;
    const page = layout({
      title: `${profile.name} ${year} 年度报告`,
      viewer,
      crumbs: [
        { label: '首页', href: '/' },
        { label: `${profile.countyName} ${year} 年度报告`, href: `/reports/counties/${profile.countyCode}/years/${year}` },
        { label: profile.name },
      ],
      body: body(profile, year, years, loaded),
      footnote,
    });
    return sendPage(reply, page);
  });
};
