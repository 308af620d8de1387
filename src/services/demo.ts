import type { Db } from '../db/connection.js';
import { buildJiaolingDemo, demoPolicies } from '../demo/jiaoling.js';
import type { BulkBodyT, BulkResultT } from '../schemas/bulk.js';
import { runBulk } from './bulk.js';
import { systemContext } from './context.js';
import { activePolicyCatalog } from './policies.js';

/**
 * Loads the synthetic Jiaoling county (441427, years 2023 and 2024) through the same bulk service the API
 * uses, so the demo passes every check a client's data would. It is generated against the county's
 * default profile of the policy files in use.
 */
export async function loadDemoCounty(db: Db, seed?: number): Promise<BulkResultT> {
  const bundle: BulkBodyT = buildJiaolingDemo(seed, demoPolicies(activePolicyCatalog()));
  return runBulk(db, bundle, false, systemContext('demo-load'));
}
