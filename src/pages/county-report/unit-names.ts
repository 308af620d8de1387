import { UNIT_STAGES_BY_KIND } from '../../rules/indicators/units.js';
import type { SchoolKind } from '../../rules/vocabulary.js';
import { stageLabel } from '../format.js';
import { html, type Html } from '../html.js';

interface UnitLike {
  schoolCode: string;
  schoolName: string;
  kind: SchoolKind;
  stage: string;
}

/** A school that is two assessment units (nine-year, twelve-year) is named with the stage of the unit. */
export const unitLabel = (u: UnitLike): string =>
  UNIT_STAGES_BY_KIND[u.kind].length > 1 ? `${u.schoolName}（${stageLabel(u.stage)}）` : u.schoolName;

/**
 * A chart label without the county's own name in front ("蕉岭县城东小学" → "城东小学"): every school on the
 * page is of that county, and shorter labels keep the bars readable. Tables keep the full name.
 */
export function chartLabel(u: UnitLike, countyName: string): string {
  const name = unitLabel(u);
  return countyName.length > 0 && name.startsWith(countyName) && name.length > countyName.length ? name.slice(countyName.length) : name;
}

export const schoolPath = (schoolCode: string, year: number): string => `/reports/schools/${schoolCode}/years/${year}`;

/** The unit's name linking to its school's page. */
export const unitLink = (u: UnitLike, year: number): Html => html`<a href="${schoolPath(u.schoolCode, year)}">${unitLabel(u)}</a>`;

export const schoolLink = (schoolCode: string, schoolName: string, year: number): Html =>
  html`<a href="${schoolPath(schoolCode, year)}">${schoolName || schoolCode}</a>`;
