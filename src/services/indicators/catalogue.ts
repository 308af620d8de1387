// GET /v1/indicators: the B1–B31 catalogue with the current standards of a policy (the "*" default of
// policies/defaults.json unless asked).

import type { Queryable } from '../../db/connection.js';
import { indicatorCatalogue } from '../../rules/indicators/index.js';
import type { CatalogueT } from '../../schemas/indicators.js';
import { fallbackPolicyId, getPolicy, latestYear, resolveForYear } from '../policies.js';

export async function catalogue(db: Queryable, policyId?: string): Promise<CatalogueT> {
  const { definition } = await getPolicy(db, policyId ?? fallbackPolicyId());
  const profile = resolveForYear(definition, latestYear(definition));
  return {
    policyId: profile.id,
    policyName: profile.name,
    policySource: policyId ? 'override' : 'default',
    indicators: indicatorCatalogue(profile.indicators).map((e) => ({
      id: e.id,
      group: e.group,
      groupName: e.groupName,
      text: e.text,
      responsibleUnits: [...e.responsibleUnits],
      source: e.source,
      standard: e.standard === null ? null : { ...e.standard, ...(e.standard.byKind ? { byKind: { ...e.standard.byKind } } : {}) },
    })),
  };
}

export const CATALOGUE_CSV_COLUMNS = ['policyId', 'id', 'group', 'groupName', 'source', 'comparison', 'primary', 'junior', 'value', 'byKind', 'unit', 'note', 'responsibleUnits', 'text'];

export function catalogueCsvRows(answer: CatalogueT): Record<string, unknown>[] {
  return answer.indicators.map((e) => ({
    policyId: answer.policyId,
    id: e.id,
    group: e.group,
    groupName: e.groupName,
    source: e.source,
    comparison: e.standard?.comparison ?? 'declared',
    primary: e.standard?.primary,
    junior: e.standard?.junior,
    value: e.standard?.value,
    byKind: e.standard?.byKind ? Object.entries(e.standard.byKind).map(([k, v]) => `${k}=${v}`).join(';') : undefined,
    unit: e.standard?.unit,
    note: e.standard?.note,
    responsibleUnits: e.responsibleUnits,
    text: e.text,
  }));
}
