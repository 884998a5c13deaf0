export * from './errors.js';
export * from './roles.js';
export * from './settings/index.js';
export * from './omnichannel.js';
export * from './realtime.js';
