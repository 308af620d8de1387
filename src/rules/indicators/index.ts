// Public API of the indicator engine (pure: inputs in, results with their explanation out).

export * from './inputs.js';
export * from './units.js';
export * from './resource.js';
export * from './dispersion.js';
export * from './resource-allocation.js';
export * from './rate.js';
export * from './special-rooms.js';
export * from './school-size.js';
export * from './class-size.js';
export * from './training.js';
export * from './rotation.js';
export * from './certification.js';
export * from './catalogue.js';
export * from './scorecard.js';
