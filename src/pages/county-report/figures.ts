import type { ResourceIndicatorId } from '../../rules/indicators/resource.js';

/** Decimals a B1–B7 value is shown with: yuan per student whole, the others to the hundredth. */
export const RESOURCE_DIGITS: Record<ResourceIndicatorId, number> = { B1: 2, B2: 2, B3: 2, B4: 2, B5: 2, B6: 0, B7: 2 };
