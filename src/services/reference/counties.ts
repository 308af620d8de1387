import { counties } from '../../db/schema/index.js';
import type { CountyRowT } from '../../schemas/bulk.js';
import { withoutNulls, type Collection } from './collection.js';

export const countyCollection: Collection<CountyRowT> = {
  name: 'counties',
  entity: 'county',
  spec: { table: counties, keys: ['countyCode'] },
  keyFields: ['countyCode'],
  toRow: (c) => ({ countyCode: c.countyCode, name: c.name, cityCode: c.cityCode ?? null, provinceCode: c.provinceCode ?? null }),
  fromRow: (r) => withoutNulls(r),
  validate: async () => [],
  counties: async (_db, rows) => rows.map((r) => String(r.countyCode)),
};
