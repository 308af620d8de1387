import { towns } from '../../db/schema/index.js';
import type { TownRowT } from '../../schemas/bulk.js';
import { divisions } from '../divisions.js';
import { issue, withoutNulls, type Collection, type ItemIssue } from './collection.js';
import { existingCounties } from './lookups.js';

export const townCollection: Collection<TownRowT> = {
  name: 'towns',
  entity: 'town',
  spec: { table: towns, keys: ['townCode'] },
  keyFields: ['townCode'],
  references: [{ field: 'countyCode', collection: 'counties' }],
  toRow: (t) => ({ townCode: t.townCode, countyCode: t.countyCode, name: t.name }),
  fromRow: (r) => withoutNulls(r),
  async validate(db, items, ctx) {
    const known = await existingCounties(db, items.map((t) => t.countyCode));
    const issues: ItemIssue[] = [];
    items.forEach((t, i) => {
      if (!known.has(t.countyCode)) issues.push(issue(i, '/countyCode', `county ${t.countyCode} does not exist`));
      else if (!t.townCode.startsWith(t.countyCode))
        issues.push(issue(i, '/townCode', `town code ${t.townCode} does not start with its county code ${t.countyCode}`));
      else if (!ctx.localDivisionCodes && !divisions().hasTown(t.townCode))
        issues.push(issue(i, '/townCode', `town ${t.townCode} is not in the division data (${divisions().label}); codes outside it need LOCAL_DIVISION_CODES=true`));
    });
    return issues;
  },
  counties: async (_db, rows) => rows.map((r) => String(r.countyCode)),
};
