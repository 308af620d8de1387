// Roll-ups of a city or a province: one row per county, from the services' batched readers and the rules.
export * from './region.js';
export * from './load.js';
export * from './figures.js';
export * from './summary.js';
export * from './table.js';
