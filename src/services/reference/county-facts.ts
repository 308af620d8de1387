import { countyFacts } from '../../db/schema/index.js';
import type { CountyFactsRowT } from '../../schemas/bulk.js';
import { issue, type Collection, type ItemIssue } from './collection.js';
import { existingCounties } from './lookups.js';

const RATIOS = ['nearbyEnrolmentPrimary', 'nearbyEnrolmentJunior', 'qualityHighSchoolQuota', 'migrantChildrenInPublic', 'disabledEnrolment'] as const;

export const countyFactsCollection: Collection<CountyFactsRowT> = {
  name: 'countyFacts',
  entity: 'county-facts',
  spec: { table: countyFacts, keys: ['countyCode', 'year'] },
  keyFields: ['countyCode', 'year'],
  references: [{ field: 'countyCode', collection: 'counties' }],
  toRow: ({ countyCode, year, ...facts }) => ({ countyCode, year, facts }),
  fromRow: (r) => ({
    countyCode: r.countyCode,
    year: r.year,
    ...(r.facts as Record<string, unknown>),
    createdAt: (r.createdAt as Date).toISOString(),
    updatedAt: (r.updatedAt as Date).toISOString(),
  }),
  async validate(db, items) {
    const known = await existingCounties(db, items.map((f) => f.countyCode));
    const issues: ItemIssue[] = [];
    items.forEach((f, i) => {
      if (!known.has(f.countyCode)) issues.push(issue(i, '/countyCode', `county ${f.countyCode} does not exist`));
      for (const name of RATIOS) {
        const ratio = f[name];
        if (ratio && ratio.numerator > ratio.denominator)
          issues.push(issue(i, `/${name}/numerator`, `${ratio.numerator} is more than its denominator ${ratio.denominator}`));
      }
      const seen = new Set<string>();
      (f.declared ?? []).forEach((d, j) => {
        if (seen.has(d.indicatorId)) issues.push(issue(i, `/declared/${j}/indicatorId`, `${d.indicatorId} is declared twice`));
        seen.add(d.indicatorId);
      });
      const subjects = new Set<string>();
      (f.qualityMonitoring ?? []).forEach((m, j) => {
        if (subjects.has(m.subject)) issues.push(issue(i, `/qualityMonitoring/${j}/subject`, `${m.subject} is listed twice`));
        subjects.add(m.subject);
      });
    });
    return issues;
  },
  counties: async (_db, rows) => rows.map((r) => String(r.countyCode)),
};
