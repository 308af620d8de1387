import { counties } from '../../db/schema/index.js';
import type { CountyRowT } from '../../schemas/bulk.js';
import { divisions } from '../divisions.js';
import { issue, withoutNulls, type Collection, type ItemIssue } from './collection.js';
import { townCollection } from './towns.js';
import { writeCollection } from './writer.js';

export const countyCollection: Collection<CountyRowT> = {
  name: 'counties',
  entity: 'county',
  spec: { table: counties, keys: ['countyCode'] },
  keyFields: ['countyCode'],
  // What the item leaves out of a county in the division data is the data's; a local county without a
  // name is refused by `validate` before anything is written.
  toRow: (c) => {
    const known = divisions().county(c.countyCode);
    return {
      countyCode: c.countyCode,
      name: c.name ?? known?.name ?? null,
      cityCode: c.cityCode ?? known?.cityCode ?? null,
      provinceCode: c.provinceCode ?? known?.provinceCode ?? null,
    };
  },
  fromRow: (r) => withoutNulls(r),
  async validate(_db, items, ctx) {
    const issues: ItemIssue[] = [];
    items.forEach((c, i) => {
      const known = divisions().county(c.countyCode);
      if (!known) {
        if (!ctx.localDivisionCodes)
          issues.push(issue(i, '/countyCode', `county ${c.countyCode} is not in the division data (${divisions().label}); codes outside it need LOCAL_DIVISION_CODES=true`));
        else if (c.name === undefined) issues.push(issue(i, '/name', `county ${c.countyCode} is not in the division data, so its name is required`));
        return;
      }
      // The city and province group the roll-ups: for a county of the data they are the data's.
      if (c.cityCode !== undefined && c.cityCode !== known.cityCode)
        issues.push(issue(i, '/cityCode', `county ${c.countyCode} (${known.name}) is in city ${known.cityCode}, not ${c.cityCode}, by the division data`));
      if (c.provinceCode !== undefined && c.provinceCode !== known.provinceCode)
        issues.push(issue(i, '/provinceCode', `county ${c.countyCode} (${known.name}) is in province ${known.provinceCode}, not ${c.provinceCode}`));
    });
    return issues;
  },
  /** A county of the division data comes with its towns when it is created (audited like any write). */
  async afterWrite(db, changes, ctx) {
    const towns = changes
      .filter((c) => c.before === null)
      .flatMap((c) => {
        const countyCode = String(c.after.countyCode);
        return divisions()
          .townsOf(countyCode)
          .map((t) => ({ townCode: t.townCode, name: t.name, countyCode }));
      });
    if (towns.length === 0) return;
    const outcome = await writeCollection(db, townCollection, towns, ctx);
    const [refused] = outcome.issues;
    if (refused) throw new Error(`town ${towns[refused.index]?.townCode} of the division data was refused: ${refused.message}`);
  },
  counties: async (_db, rows) => rows.map((r) => String(r.countyCode)),
};
