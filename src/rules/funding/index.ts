// The pure funding engine (docs/domain.md §7, §8). See docs/funding.md.
export * from './money.js';
export * from './inputs.js';
export * from './entitlement.js';
export * from './compliance.js';
export * from './canonical.js';
export * from './run.js';
export * from './compare.js';
export * from './version.js';
export {
  FundingParamsSchema,
  parseFundingParams,
  fundingParamsProblems,
  FundingParamsError,
  yuanRate,
  type FundingParams,
  type FundingRate,
  type TierBand,
  type TierRateBasis,
} from '../policies/funding-params.js';
