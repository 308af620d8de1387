// B16 teacher training (docs/domain.md §5): 5 years, 360 hours, prorated to the years on record.

import { add, fromHundredths, gte, mul, q, toNumber, ZERO, type Rational } from '../exact.js';
import type { IndicatorParams } from '../policies/indicator-params.js';
import type { TrainingCounts } from './inputs.js';
import { assessRate, type RateResult } from './rate.js';

export interface TrainingHistory {
  /**
   * Training hours per year, keyed by the years in which the teacher has a teacher-year record (a year
   * with a record and no training is 0). Hours may carry 2 decimals.
   */
  hoursByYear: Readonly<Record<number, number>>;
}

export interface TrainingCompletion {
  rule: string;
  /** First and last year of the window: Y − (windowYears − 1) … Y. */
  windowFrom: number;
  windowTo: number;
  /** Years of the window with a teacher-year record. */
  recordYears: number;
  hours: number;
  /** hoursPerYear × recordYears (360 over a full 5-year cycle). */
  requiredHours: number;
  completed: boolean;
  explanation: string;
}

/**
 * Whether a full-time teacher of year Y has completed the training requirement:
 *
 *     Σ hours over years Y−(windowYears−1) … Y  ≥  hoursPerYear × (number of those years with a record)
 *
 * The same arithmetic in SQL: `sum(training_hours) >= 72 * count(distinct year)` over the teacher's
 * teacher-years with year between Y−4 and Y. A teacher with 3 years of records needs 216 hours.
 */
export function trainingCompleted(history: TrainingHistory, year: number, params: IndicatorParams): TrainingCompletion {
  const { hoursPerYear, windowYears } = params.training;
  const from = year - (windowYears - 1);
  let hours: Rational = ZERO;
  let recordYears = 0;
  for (let y = from; y <= year; y++) {
    const h = history.hoursByYear[y];
    if (h === undefined) continue;
    recordYears++;
    hours = add(hours, fromHundredths(h));
  }
  const required = mul(q(hoursPerYear), recordYears);
  const completed = gte(hours, required);
  const hoursN = toNumber(hours, 2);
  const requiredN = toNumber(required, 2);
  return {
    rule: 'docs/domain.md §5.5 B16',
    windowFrom: from,
    windowTo: year,
    recordYears,
    hours: hoursN,
    requiredHours: requiredN,
    completed,
    explanation: `B16 ${from}–${year}: ${hoursN} hours over ${recordYears} recorded years, needs ${hoursPerYear} × ${recordYears} = ${requiredN}${
      completed ? ': completed' : ': not completed'
    }`,
  };
}

/** B16 rate: completed / full-time teachers ≥ completionRateMin (100 %). */
export function assessTraining(counts: TrainingCounts | null | undefined, params: IndicatorParams): RateResult {
  return assessRate({
    rule: 'docs/domain.md §5.5 B16',
    what: 'training completion counts (fullTime, completed)',
    numerator: counts?.completed,
    denominator: counts?.fullTime,
    standard: params.training.completionRateMin,
  });
}
