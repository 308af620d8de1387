// A share decided exactly against a standard: numerator / denominator ≥ standard (or < for "低于").

import { div, fromDecimal, gte, lt, q, toNumber, type Exact } from '../exact.js';

export interface RateResult {
  rule: string;
  numerator: number | null;
  denominator: number | null;
  /** numerator / denominator (4 decimals); null when not computable. */
  value: number | null;
  standard: number;
  comparison: 'gte' | 'lt';
  met: boolean | null;
  missing: string[];
  explanation: string;
}

/**
 * numerator / denominator compared to the standard exactly. A missing or zero denominator makes the rate
 * not assessable, naming `what`.
 */
export function assessRate(args: {
  rule: string;
  what: string;
  numerator: Exact | null | undefined;
  denominator: Exact | null | undefined;
  standard: number;
  comparison?: 'gte' | 'lt';
}): RateResult {
  const comparison = args.comparison ?? 'gte';
  const base = { rule: args.rule, standard: args.standard, comparison };
  const num = args.numerator;
  const den = args.denominator;
  if (num === null || num === undefined || den === null || den === undefined) {
    return {
      ...base,
      numerator: num === null || num === undefined ? null : toNumber(num, 2),
      denominator: den === null || den === undefined ? null : toNumber(den, 2),
      value: null,
      met: null,
      missing: [args.what],
      explanation: `${args.rule}: ${args.what} not given`,
    };
  }
  if (q(den).n <= 0n) {
    return {
      ...base,
      numerator: toNumber(num, 2),
      denominator: toNumber(den, 2),
      value: null,
      met: null,
      missing: [`${args.what} (denominator is 0)`],
      explanation: `${args.rule}: ${args.what} has a zero denominator`,
    };
  }
  const value = div(num, den);
  const std = fromDecimal(args.standard);
  const met = comparison === 'gte' ? gte(value, std) : lt(value, std);
  return {
    ...base,
    numerator: toNumber(num, 2),
    denominator: toNumber(den, 2),
    value: toNumber(value, 4),
    met,
    missing: [],
    explanation: `${args.rule}: ${toNumber(num, 2)} / ${toNumber(den, 2)} = ${toNumber(value, 4)} ${
      comparison === 'gte' ? (met ? '≥' : '<') : met ? '<' : '≥'
    } ${args.standard}${met ? ': met' : ': not met'}`,
  };
}

/** Three-valued AND: false wins, then null (undecided), else true. */
export function allOf(values: readonly (boolean | null)[]): boolean | null {
  if (values.some((v) => v === false)) return false;
  if (values.some((v) => v === null)) return null;
  return true;
}
