// The indicator services: SQL aggregation into the rules' inputs, then the rules (src/rules/indicators).
export * from './inputs.js';
export * from './context.js';
export * from './teacher-rates.js';
export * from './funding-checks.js';
export * from './resource-allocation.js';
export * from './class-sizes.js';
export * from './scorecard.js';
export * from './school-indicators.js';
export * from './catalogue.js';
