export * from './enums.js';
export * from './geography.js';
export * from './schools.js';
export * from './teachers.js';
export * from './funding.js';
export * from './access.js';
export * from './versions.js';
export * from './plan-tasks.js';
