// Short Chinese names of B1–B31 for headings, table rows and chart legends; the full wording of each
// indicator (附件1) comes with the answers (`text`) and is shown beside the short name where there is room.
// One table for every page and the plan's Chinese reasons (src/rules/planning/labels-zh.ts), so an
// indicator is named the same on the county, school and trends pages.

import { INDICATOR_SHORT, RESOURCE_UNIT_LABELS } from '../../rules/planning/labels-zh.js';

const SHORT_NAMES: Readonly<Record<string, string>> = INDICATOR_SHORT;

/** "B5 生均体育运动场馆面积"; an id without a short name is shown as it is. */
export const indicatorName = (id: string): string => (SHORT_NAMES[id] ? `${id} ${SHORT_NAMES[id]}` : id);

/** The short name alone (for a chart's legend, where the id is already in the label). */
export const shortName = (id: string): string => SHORT_NAMES[id] ?? id;

/** What B1–B7 are measured in, for tables of values against their standard. */
export const RESOURCE_UNITS: Readonly<Record<string, string>> = RESOURCE_UNIT_LABELS;
