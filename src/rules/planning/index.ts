export * from './actions.js';
export * from './costs.js';
export * from './dispersion-step.js';
export * from './needs.js';
export * from './plan.js';
export * from './school-steps.js';
export * from './unit-step.js';
export * from './verdict.js';
