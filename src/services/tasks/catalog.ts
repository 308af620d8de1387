import { loadPlanCatalog, type CountyPlan, type PlanCatalog } from './plan-files.js';

let active: PlanCatalog | undefined;

/** Makes `catalog` the plans the service answers from (start-up does this with the shipped files). */
export function usePlanCatalog(catalog: PlanCatalog): void {
  active = catalog;
}

/** The plans in use: the ones start-up read, or the shipped files (read once). */
export function activePlanCatalog(): PlanCatalog {
  active ??= loadPlanCatalog();
  return active;
}

/** The county's plan; undefined for a county without one (it has no tasks). */
export const countyPlan = (countyCode: string): CountyPlan | undefined => activePlanCatalog().byCounty.get(countyCode);
