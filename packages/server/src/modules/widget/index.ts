export { widgetRoutes, type WidgetDeps } from './widget.routes.js';
export { isOwnOrigin, originAllowed, parseAllowedDomain, type OriginHeaders } from './origin.js';
