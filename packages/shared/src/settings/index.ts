export * from './types.js';
export * from './catalog.js';
export * from './doc.js';
export * from './view.js';
export * from './client-effects.js';
