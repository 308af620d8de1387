import type { IndicatorStatus } from '../../rules/indicators/index.js';

/** A rule's `met` as the scorecard's status words: undecided (missing inputs) is not_assessable. */
export const statusOfMet = (met: boolean | null): IndicatorStatus => (met === true ? 'met' : met === false ? 'not_met' : 'not_assessable');
