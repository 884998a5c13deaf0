export { widgetRoutes, type WidgetDeps } from './widget.routes.js';
export { originAllowed, parseAllowedDomain } from './origin.js';
