export { widgetRoutes, type WidgetDeps } from './widget.routes.js';
export { originAllowed } from './origin.js';
