export * from './types.js';
export * from './catalog.js';
export * from './doc.js';
