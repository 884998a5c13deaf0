import {
  departmentSwitchBody,
  historyQuery,
  messageEditBody,
  newMessageBody,
  startConversationBody,
  transcriptBody,
  typingBody,
} from '@parley/shared';
import { z } from 'zod';
import { fail } from '../../kernel/errors.js';
import { respond, route, type RouteDef } from '../../kernel/http.js';
import { clientIdOf } from '../conversations/index.js';
import { idParams, messageParams, visitor, widgetKit, type WidgetDeps } from './widget.deps.js';

/** The widget API of the visitor's conversations: start, messages, files, typing, close, department, transcript. */
export function widgetConversationRoutes(w: WidgetDeps): RouteDef[] {
  const { rl, present, own, mayWrite } = widgetKit(w);
  return [
    route({
      method: 'POST',
      path: '/api/v1/widget/conversations',
      summary: 'Start my conversation (or get the one already active), optionally with its first message',
      tags: ['widget'],
      access: visitor,
      checkOrigin: true,
      rateLimit: rl(200),
      body: startConversationBody,
      handler: async ({ actor, body }) => {
        await mayWrite(actor);
        if (body.text !== undefined) w.messages.messages.checkVisitorText(body.text);
        const { conversation, created } = await w.conv.conversations.start(actor, {
          ...(body.departmentId ? { departmentId: body.departmentId } : {}),
          ...(body.agentId ? { agentId: body.agentId } : {}),
        });
        const first =
          body.text !== undefined
            ? await w.messages.messages.sendAsVisitor(actor, conversation.id, body.text, body.clientId)
            : undefined;
        const out = {
          conversation: await present(await w.conv.conversations.forVisitor(actor, conversation.id)),
          message: first ? w.messages.messages.visitorView(first.message) : undefined,
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
        return { items: await w.messages.messages.visitorHistory(params.id, query) };
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
      body: newMessageBody,
      handler: async ({ actor, params, body }) => {
        await mayWrite(actor);
        const r = await w.messages.messages.sendAsVisitor(actor, params.id, body.text, body.clientId);
        return respond.json(r.duplicate ? 200 : 201, w.messages.messages.visitorView(r.message));
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
      body: messageEditBody,
      handler: async ({ actor, params, body }) => {
        await own(actor, params.id);
        await mayWrite(actor);
        const m = await w.messages.messages.change(
          { type: 'visitor', id: actor.visitorId },
          params.id,
          params.messageId,
          {
            text: body.text,
          },
        );
        return w.messages.messages.visitorView(m);
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
        await mayWrite(actor);
        const m = await w.messages.messages.change(
          { type: 'visitor', id: actor.visitorId },
          params.id,
          params.messageId,
          {
            delete: true,
          },
        );
        return w.messages.messages.visitorView(m);
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/widget/conversations/:id/files',
      summary:
        'Upload a file (multipart: optional "text" and "clientId" fields, then "file"; a repeated clientId is stored once)',
      tags: ['widget'],
      access: visitor,
      checkOrigin: true,
      rateLimit: rl(100),
      params: idParams,
      upload: { maxBytes: () => w.messages.uploads.maxBytes },
      handler: async ({ actor, params, file }) => {
        await own(actor, params.id);
        await mayWrite(actor);
        w.messages.uploads.assertEnabled();
        const { file: f, fields } = await file();
        const r = await w.messages.messages.sendFile(
          { kind: 'visitor', actor, name: await w.visitors.displayName(actor.visitorId) },
          params.id,
          f,
          fields.text ?? '',
          clientIdOf(fields),
        );
        return respond.json(r.duplicate ? 200 : 201, w.messages.messages.visitorView(r.message));
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
        const f = await w.messages.messages.openFile(params.id, params.fileId);
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
      body: typingBody,
      handler: async ({ actor, params, body }) => {
        const c = await own(actor, params.id);
        await mayWrite(actor);
        const name = await w.visitors.displayName(actor.visitorId);
        w.conv.conversations.announceTyping(c.id, { type: 'visitor', id: actor.visitorId, name }, body.typing);
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
      body: departmentSwitchBody,
      handler: async ({ actor, params, body }) => {
        await mayWrite(actor);
        return present(await w.conv.transfers.switchDepartment(actor.visitorId, params.id, body.departmentId));
      },
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
      body: transcriptBody,
      handler: async ({ actor, params, body }) => {
        await own(actor, params.id);
        if (!w.settings.get('general.transcript.ask')) fail('request.invalid', 'Transcripts are not offered', 'body');
        if (!w.emailEnabled()) fail('email.not-configured');
        await w.conv.conversations.requestTranscript(params.id, body.email);
        return respond.accepted({ ok: true });
      },
    }),
  ];
}
