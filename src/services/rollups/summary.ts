// GET /v1/provinces/{provinceCode}/years/{year}/summary and GET /v1/cities/{cityCode}/years/{year}/summary:
// one row per county of the region that the caller may see, and the totals over those rows.

import type { Queryable } from '../../db/connection.js';
import type { RegionSummaryT, RollupRowT } from '../../schemas/rollups.js';
import type { RequestContext } from '../context.js';
import { isUnbound } from '../visibility.js';
import { countyRow, totalsOf } from './figures.js';
import { loadRegionData, type CountyData } from './load.js';
import { regionCounties, type Region } from './region.js';

export interface RollupOptions {
  /** One policy profile for every county instead of each county-year's own (as `?policyId=` for one county). */
  policyId?: string | undefined;
  /** The counties the caller may see ('*' for all): the others are left out of the rows and the totals. */
  counties: RequestContext['counties'];
}

export async function regionSummary(db: Queryable, region: Region, year: number, options: RollupOptions): Promise<RegionSummaryT> {
  const counties = await regionCounties(db, region, options.counties);
  const data = await loadRegionData(
    db,
    counties.map((c) => c.countyCode),
    year,
    options.policyId,
  );
  const items: RollupRowT[] = [];
  for (const county of counties) {
    const d = data.get(county.countyCode) as CountyData;
    items.push(countyRow(county, d, await d.history));
  }
  return {
    level: region.level,
    // division codes nest: a city's province is its first two digits
    provinceCode: region.level === 'province' ? region.provinceCode : region.cityCode.slice(0, 2),
    cityCode: region.level === 'city' ? region.cityCode : null,
    year,
    restricted: !isUnbound(options.counties),
    items,
    totals: totalsOf(items),
  };
}
