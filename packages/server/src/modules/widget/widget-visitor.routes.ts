import {
  newOfflineMessageBody,
  pageViewBody,
  visitorPatchBody,
  visitorRegistrationBody,
  widgetConfigQuery,
  type WidgetConfig,
} from '@parley/shared';
import { HttpResult, respond, route, type RouteDef } from '../../kernel/http.js';
import { toVisitorView } from '../contacts/index.js';
import { visitor, widgetKit, type WidgetDeps } from './widget.deps.js';

/** The widget API around the visitor: configuration, registration, navigation, offline messages. */
export function widgetVisitorRoutes(w: WidgetDeps): RouteDef[] {
  const { rl, present } = widgetKit(w);
  return [
    route({
      method: 'GET',
      path: '/api/v1/widget/config',
      summary: 'Everything the widget needs to draw itself (and, with a token, the visitor and their conversation)',
      tags: ['widget'],
      access: { public: true },
      checkOrigin: true,
      rateLimit: rl(600),
      query: widgetConfigQuery,
      handler: async ({ query, req }) => {
        const departments = (await w.departments.list()).filter(
          (d) => d.enabled && (d.showOnRegistration || d.showOnOfflineForm),
        );
        const config: WidgetConfig = {
          settings: w.settings.publicValues(),
          departments: departments.map((d) => ({
            id: d.id,
            name: d.name,
            showOnRegistration: d.showOnRegistration,
            showOnOfflineForm: d.showOnOfflineForm,
          })),
          customFields: (await w.customFields.list('visitor')).filter((f) => f.visible),
          online: await w.online(query.departmentId ?? null),
          nextOpenAt: null,
          enabled: w.settings.get('omnichannel.enabled'),
          emailEnabled: w.emailEnabled(),
          usualReplySeconds: w.settings.get('livechat.greeting').trim() ? await w.conv.queue.usualReplySeconds() : null,
        };
        // Offline because of business hours: say when it is back.
        if (!config.online)
          config.nextOpenAt = (await w.nextOpening(query.departmentId ?? null))?.toISOString() ?? null;
        const token = req.header('x-parley-visitor-token');
        const actor = token ? await w.visitors.resolveToken(token) : undefined;
        if (actor) {
          config.visitor = toVisitorView(await w.visitors.get(actor.visitorId));
          const active = await w.conv.conversations.activeForVisitor(actor);
          config.conversation = active ? await present(active) : null;
        }
        // The loader asks from the site's page (checkOrigin above allowed that Origin) to draw the
        // launcher before the chat frame exists. No credentials: the token travels as a header.
        return req.origin
          ? new HttpResult(200, config, { 'access-control-allow-origin': req.origin, vary: 'Origin' })
          : config;
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/widget/visitors',
      summary: 'Register a visitor (the pre-chat form); returns the visitor token to send as X-Parley-Visitor-Token',
      tags: ['widget'],
      access: { public: true },
      checkOrigin: true,
      rateLimit: rl(30),
      body: visitorRegistrationBody,
      handler: async ({ body, req }) =>
        respond.created(
          await w.visitors.register(body, {
            ip: req.ip,
            userAgent: req.userAgent,
            referer: req.header('x-parley-page-url') ?? req.referer,
          }),
        ),
    }),
    route({
      method: 'GET',
      path: '/api/v1/widget/visitor',
      summary: 'Me',
      tags: ['widget'],
      access: visitor,
      checkOrigin: true,
      handler: async ({ actor }) => toVisitorView(await w.visitors.get(actor.visitorId)),
    }),
    route({
      method: 'PATCH',
      path: '/api/v1/widget/visitor',
      summary: 'Update my name, email, phone, department, custom fields or consent',
      tags: ['widget'],
      access: visitor,
      checkOrigin: true,
      rateLimit: rl(300),
      body: visitorPatchBody,
      handler: async ({ actor, body, req }) => {
        const v = await w.visitors.update(actor.visitorId, body, {
          ip: req.ip,
          userAgent: req.userAgent,
          referer: req.referer,
        });
        return v;
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/widget/page-views',
      summary: 'The visitor opened a page of the host site (navigation history)',
      tags: ['widget'],
      access: visitor,
      checkOrigin: true,
      rateLimit: rl(600),
      body: pageViewBody,
      handler: async ({ actor, body }) => {
        const active = await w.conv.conversations.activeForVisitor(actor);
        await w.visitors.recordPageView(actor.visitorId, active?.id ?? null, body.url, body.title);
        return respond.accepted({ ok: true });
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/widget/offline-messages',
      summary: 'Leave a message while nobody is available (the offline form)',
      tags: ['widget'],
      access: { public: true },
      checkOrigin: true,
      rateLimit: rl(10),
      body: newOfflineMessageBody,
      handler: async ({ body, req }) => {
        const token = req.header('x-parley-visitor-token');
        const actor = token ? await w.visitors.resolveToken(token) : undefined;
        return respond.created(await w.offline.submit(body, actor?.visitorId ?? null, req.ip));
      },
    }),
  ];
}
