export { CustomFieldsService, CUSTOM_VALUE_MAX } from './custom-fields.service.js';
export { customFieldsRoutes } from './custom-fields.routes.js';
export { customFieldsListeners } from './custom-fields.listeners.js';
