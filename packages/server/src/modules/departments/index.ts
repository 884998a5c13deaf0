export { DepartmentsService, type DepartmentInput } from './departments.service.js';
export { departmentsRoutes } from './departments.routes.js';
export { departmentsListeners } from './departments.listeners.js';
