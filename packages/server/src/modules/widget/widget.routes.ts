import type { QueuePosition, WidgetConfig } from '@parley/shared';
import { z } from 'zod';
import { fail } from '../../kernel/errors.js';
import { respond, route, type RouteDef, type VisitorActor } from '../../kernel/http.js';
import type { EventBus } from '../../kernel/bus.js';
import type { AgentsService } from '../agents/index.js';
import { toVisitorView, type VisitorsService } from '../contacts/index.js';
import type { CustomFieldsService } from '../custom-fields/index.js';
import type { DepartmentsService } from '../departments/index.js';
import type { OfflineMessagesService } from '../offline-messages/index.js';
import type { SettingsService } from '../settings/index.js';
import {
  clientIdSchema,
  historyQuery,
  textSchema,
  toVisitorConversationView,
  visitorPresentation,
  type ConversationDeps,
  type ConversationsModule,
  type ConversationRow,
} from '../conversations/index.js';

export interface WidgetDeps {
  settings: SettingsService;
  bus: EventBus;
  visitors: VisitorsService;
  departments: DepartmentsService;
  customFields: CustomFieldsService;
  agents: AgentsService;
  offline: OfflineMessagesService;
  conv: ConversationsModule;
  convDeps: ConversationDeps;
  /** Requests per minute per visitor (and ×20 per IP). */
  ratePerMinute: number;
  /** From routing: can a chat start now (in this department or its fallbacks)? */
  online: (departmentId: string | null) => Promise<boolean>;
  /** From routing: where the visitor stands in the queue. */
  queuePosition: (conversationId: string) => Promise<QueuePosition | null>;
}

const visitor = { visitor: true } as const;
const idParams = z.strictObject({ id: z.uuid() });
const messageParams = z.strictObject({ id: z.uuid(), messageId: z.uuid() });
const name = z.string().trim().max(120);
const email = z.string().trim().max(320);
const phone = z
  .string()
  .trim()
  .max(40)
  .regex(/^[+0-9 ()./-]*$/, 'digits, spaces and + ( ) . / - only');
const customFields = z
  .record(z.string().max(64), z.string().max(1000))
  .refine((r) => Object.keys(r).length <= 50, 'too many fields');

/** The public widget API: no sign-in; the visitor token (header X-Parley-Visitor-Token) is the key. */
export function widgetRoutes(w: WidgetDeps): RouteDef[] {
  // Limits per minute at the default WIDGET_RATE_PER_MINUTE (600), scaled with it.
  const rl = (perMinute: number) => ({
    max: Math.max(1, Math.round((perMinute * w.ratePerMinute) / 600)),
    windowMs: 60_000,
  });
  const present = async (c: ConversationRow) => {
    const view = toVisitorConversationView(await w.conv.conversations.view(c), visitorPresentation(w.convDeps));
    if (c.status === 'queued') view.queue = await w.queuePosition(c.id);
    return view;
  };
  const own = async (actor: VisitorActor, id: string) => w.conv.conversations.forVisitor(actor, id);

  return [
    route({
      method: 'GET',
      path: '/api/v1/widget/config',
      summary: 'Everything the widget needs to draw itself (and, with a token, the visitor and their conversation)',
      tags: ['widget'],
      access: { public: true },
      checkOrigin: true,
      rateLimit: rl(600),
      query: z.strictObject({ departmentId: z.uuid().optional() }),
      handler: async ({ query, req }) => {
        const departments = (await w.departments.list()).filter(
          (d) => d.enabled && (d.showOnRegistration || d.showOnOfflineForm),
        );
        const config: WidgetConfig & { visitor?: unknown; conversation?: unknown } = {
          settings: w.settings.publicValues(),
          departments: departments.map((d) => ({
            id: d.id,
            name: d.name,
            showOnRegistration: d.showOnRegistration,
            showOnOfflineForm: d.showOnOfflineForm,
          })),
          customFields: (await w.customFields.list('visitor')).filter((f) => f.visible),
          online: await w.online(query.departmentId ?? null),
          enabled: w.settings.get('omnichannel.enabled'),
        };
        const token = req.header('x-parley-visitor-token');
        const actor = token ? await w.visitors.resolveToken(token) : undefined;
        if (actor) {
          config.visitor = toVisitorView(await w.visitors.get(actor.visitorId));
          const active = await w.conv.conversations.activeForVisitor(actor);
          config.conversation = active ? await present(active) : null;
        }
        return config;
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
      body: z.strictObject({
        name: name.optional(),
        email: email.optional(),
        phone: phone.optional(),
        departmentId: z.uuid().optional(),
        customFields: customFields.optional(),
        consent: z.boolean().optional(),
      }),
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
      body: z.strictObject({
        name: name.optional(),
        email: email.optional(),
        phone: phone.optional(),
        departmentId: z.uuid().optional(),
        customFields: customFields.optional(),
        consent: z.boolean().optional(),
      }),
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
      path: '/api/v1/widget/conversations',
      summary: 'Start my conversation (or get the one already active), optionally with its first message',
      tags: ['widget'],
      access: visitor,
      checkOrigin: true,
      rateLimit: rl(200),
      body: z
        .strictObject({
          departmentId: z.uuid().optional(),
          /** Ask for a specific agent (tried first when they can take it). */
          agentId: z.uuid().optional(),
          text: textSchema.optional(),
          clientId: clientIdSchema.optional(),
        })
        .default({}),
      handler: async ({ actor, body }) => {
        if (body.text !== undefined) w.conv.messages.checkVisitorText(body.text);
        const { conversation, created } = await w.conv.conversations.start(actor, {
          ...(body.departmentId ? { departmentId: body.departmentId } : {}),
          ...(body.agentId ? { agentId: body.agentId } : {}),
        });
        const first =
          body.text !== undefined
            ? await w.conv.messages.sendAsVisitor(actor, conversation.id, body.text, body.clientId)
            : undefined;
        const out = {
          conversation: await present(await w.conv.conversations.forVisitor(actor, conversation.id)),
          message: first ? w.conv.messages.visitorView(first.message) : undefined,
        };
        return respond.json(created ? 201 : 200, out);
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/widget/conversations/active',
      summary: 'My active conversation, or null',
      tags: ['widget'],
      access: visitor,
      checkOrigin: true,
      handler: async ({ actor }) => {
        const c = await w.conv.conversations.activeForVisitor(actor);
        return { conversation: c ? await present(c) : null };
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/widget/conversations/:id',
      summary: 'One of my conversations',
      tags: ['widget'],
      access: visitor,
      checkOrigin: true,
      params: idParams,
      handler: async ({ actor, params }) => present(await own(actor, params.id)),
    }),
    route({
      method: 'GET',
      path: '/api/v1/widget/conversations/:id/messages',
      summary: 'History of one of my conversations (what visitors may see)',
      tags: ['widget'],
      access: visitor,
      checkOrigin: true,
      rateLimit: rl(1200),
      params: idParams,
      query: historyQuery,
      handler: async ({ actor, params, query }) => {
        await own(actor, params.id);
        return { items: w.conv.messages.forVisitor(await w.conv.messages.history(params.id, query)) };
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/widget/conversations/:id/messages',
      summary: 'Send a message (a retried clientId is stored once)',
      tags: ['widget'],
      access: visitor,
      checkOrigin: true,
      rateLimit: rl(1200),
      params: idParams,
      body: z.strictObject({ text: textSchema, clientId: clientIdSchema.optional() }),
      handler: async ({ actor, params, body }) => {
        const r = await w.conv.messages.sendAsVisitor(actor, params.id, body.text, body.clientId);
        return respond.json(r.duplicate ? 200 : 201, w.conv.messages.visitorView(r.message));
      },
    }),
    route({
      method: 'PATCH',
      path: '/api/v1/widget/conversations/:id/messages/:messageId',
      summary: 'Edit my message',
      tags: ['widget'],
      access: visitor,
      checkOrigin: true,
      rateLimit: rl(300),
      params: messageParams,
      body: z.strictObject({ text: textSchema }),
      handler: async ({ actor, params, body }) => {
        await own(actor, params.id);
        const m = await w.conv.messages.change({ type: 'visitor', id: actor.visitorId }, params.id, params.messageId, {
          text: body.text,
        });
        return w.conv.messages.visitorView(m);
      },
    }),
    route({
      method: 'DELETE',
      path: '/api/v1/widget/conversations/:id/messages/:messageId',
      summary: 'Delete my message',
      tags: ['widget'],
      access: visitor,
      checkOrigin: true,
      rateLimit: rl(300),
      params: messageParams,
      handler: async ({ actor, params }) => {
        await own(actor, params.id);
        const m = await w.conv.messages.change({ type: 'visitor', id: actor.visitorId }, params.id, params.messageId, {
          delete: true,
        });
        return w.conv.messages.visitorView(m);
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/widget/conversations/:id/files',
      summary: 'Upload a file (multipart field "file", optional "text")',
      tags: ['widget'],
      access: visitor,
      checkOrigin: true,
      rateLimit: rl(100),
      params: idParams,
      upload: { maxBytes: () => w.conv.uploads.maxBytes },
      handler: async ({ actor, params, file }) => {
        await own(actor, params.id);
        w.conv.uploads.assertEnabled();
        const { file: f, fields } = await file();
        const v = await w.visitors.get(actor.visitorId);
        const r = await w.conv.messages.sendFile(
          { kind: 'visitor', actor, name: v.name ?? v.username },
          params.id,
          f,
          fields.text ?? '',
        );
        return respond.created(w.conv.messages.visitorView(r.message));
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/widget/conversations/:id/files/:fileId',
      summary: 'Download an attachment of my conversation',
      tags: ['widget'],
      access: visitor,
      params: z.strictObject({ id: z.uuid(), fileId: z.uuid() }),
      handler: async ({ actor, params }) => {
        await own(actor, params.id);
        const f = await w.conv.messages.openFile(params.id, params.fileId);
        return respond.stream(f.stream, f.headers);
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/widget/conversations/:id/typing',
      summary: 'I am (not) typing',
      tags: ['widget'],
      access: visitor,
      checkOrigin: true,
      rateLimit: rl(1200),
      params: idParams,
      body: z.strictObject({ typing: z.boolean() }),
      handler: async ({ actor, params, body }) => {
        const c = await own(actor, params.id);
        const v = await w.visitors.get(actor.visitorId);
        w.bus.emitEphemeral('typing', {
          conversationId: c.id,
          author: { type: 'visitor', id: actor.visitorId, name: v.name ?? v.username },
          typing: body.typing,
        });
        return { ok: true };
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/widget/conversations/:id/close',
      summary: 'End my conversation',
      tags: ['widget'],
      access: visitor,
      checkOrigin: true,
      rateLimit: rl(100),
      params: idParams,
      handler: async ({ actor, params }) => {
        await own(actor, params.id);
        return present(await w.conv.lifecycle.close(params.id, { type: 'visitor', visitorId: actor.visitorId }));
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/widget/conversations/:id/department',
      summary: 'Move my conversation to another department (livechat.allowSwitchDepartments)',
      tags: ['widget'],
      access: visitor,
      checkOrigin: true,
      rateLimit: rl(100),
      params: idParams,
      body: z.strictObject({ departmentId: z.uuid() }),
      handler: async ({ actor, params, body }) =>
        present(await w.conv.lifecycle.switchDepartment(actor.visitorId, params.id, body.departmentId)),
    }),
    route({
      method: 'POST',
      path: '/api/v1/widget/conversations/:id/transcript',
      summary: 'Email me the transcript (sent when the conversation is closed)',
      tags: ['widget'],
      access: visitor,
      checkOrigin: true,
      rateLimit: rl(5),
      params: idParams,
      body: z.strictObject({ email: z.email().max(320) }),
      handler: async ({ actor, params, body }) => {
        await own(actor, params.id);
        if (!w.settings.get('general.transcript.ask')) fail('request.invalid', 'Transcripts are not offered', 'body');
        await w.conv.conversations.requestTranscript(params.id, body.email);
        return respond.accepted({ ok: true });
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
      body: z.strictObject({
        url: z
          .string()
          .max(2000)
          .regex(/^https?:\/\//, 'must be an http(s) URL'),
        title: z.string().max(500).default(''),
      }),
      handler: async ({ actor, body }) => {
        const active = await w.conv.conversations.activeForVisitor(actor);
        await w.visitors.recordPageView(actor.visitorId, active?.id ?? null, body.url, body.title);
        if (active && w.settings.get('livechat.navigation.asMessage')) {
          await w.convDeps.timeline.append([
            {
              conversationId: active.id,
              author: { type: 'system', id: null, name: null },
              kind: 'system',
              systemType: 'navigation',
              text: '',
              data: { url: body.url, title: body.title },
            },
          ]);
        }
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
      body: z.strictObject({
        name: z.string().trim().min(1).max(120),
        email: z.string().trim().min(3).max(320),
        message: z.string().trim().min(1).max(5000),
        departmentId: z.uuid().optional(),
      }),
      handler: async ({ body, req }) => {
        const token = req.header('x-parley-visitor-token');
        const actor = token ? await w.visitors.resolveToken(token) : undefined;
        return respond.created(await w.offline.submit(body, actor?.visitorId ?? null, req.ip));
      },
    }),
  ];
}
