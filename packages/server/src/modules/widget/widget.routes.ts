import type { RouteDef } from '../../kernel/http.js';
import { verificationWidgetRoutes } from '../contacts/index.js';
import { withIdentityGate } from './identity-gate.js';
import { widgetConversationRoutes } from './widget-conversation.routes.js';
import { widgetVisitorRoutes } from './widget-visitor.routes.js';
import { widgetKit, type WidgetDeps } from './widget.deps.js';

export type { WidgetDeps } from './widget.deps.js';

/**
 * The public widget API: no sign-in; the visitor token (header X-Parley-Visitor-Token) is the key.
 * Every one of its routes is held to `livechat.allowedDomains` (file downloads and registration too),
 * here rather than route by route so a new route cannot forget it; so are `others`, the visitor routes
 * other modules define under /api/v1/widget/ (calls, ratings).
 */
export function widgetRoutes(w: WidgetDeps, others: RouteDef[] = []): RouteDef[] {
  const v = w.verification;
  const routes = [
    ...widgetVisitorRoutes(w),
    ...widgetConversationRoutes(w),
    ...(v ? verificationWidgetRoutes(v, widgetKit(w).rl) : []),
    ...others,
  ];
  // The signed identity is checked on every widget route, here for the same reason as the origin.
  return routes.map((r) => ({ ...(v ? withIdentityGate(r, v, w.visitors) : r), checkOrigin: true }));
}
