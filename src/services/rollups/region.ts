// The counties a roll-up covers: those whose `province_code` (a province's roll-up) or `city_code` (a city's)
// is the code asked for, narrowed to the counties the caller's key may see.

import { asc, eq } from 'drizzle-orm';
import type { Queryable } from '../../db/connection.js';
import { counties } from '../../db/schema/index.js';
import type { RequestContext } from '../context.js';
import { ServiceError } from '../errors.js';
import { countyVisible } from '../visibility.js';

export type Region = { level: 'province'; provinceCode: string } | { level: 'city'; cityCode: string };

export interface RegionCounty {
  countyCode: string;
  name: string;
  cityCode: string | null;
}

export const regionCode = (region: Region): string => (region.level === 'province' ? region.provinceCode : region.cityCode);

/**
 * The region's counties the caller may see, by county code. A region without any (none recorded, or none
 * of the key's counties in it) is a 404, the same in both cases, so a county-bound key learns nothing
 * about counties outside its own.
 */
export async function regionCounties(db: Queryable, region: Region, visible: RequestContext['counties']): Promise<RegionCounty[]> {
  const where = region.level === 'province' ? eq(counties.provinceCode, region.provinceCode) : eq(counties.cityCode, region.cityCode);
  const rows = await db
    .select({ countyCode: counties.countyCode, name: counties.name, cityCode: counties.cityCode })
    .from(counties)
    .where(where)
    .orderBy(asc(counties.countyCode));
  const seen = rows.filter((r) => countyVisible(visible, r.countyCode));
  if (seen.length === 0) {
    throw new ServiceError(404, 'not-found', 'Not Found', `no county of ${region.level} ${regionCode(region)} was found`);
  }
  return seen;
}
