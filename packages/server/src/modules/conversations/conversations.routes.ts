import {
  clientIdSchema,
  closeConversationBody,
  conversationListQuery,
  historyQuery,
  messageEditBody,
  newMessageBody,
  roomInfoPatchBody,
  transcriptBody,
  transferBody,
} from '@parley/shared';
import { z } from 'zod';
import { DomainError, fail } from '../../kernel/errors.js';
import { respond, route, type RouteDef } from '../../kernel/http.js';
import type { ConversationsService } from './conversations.service.js';
import { decodeCursor } from './conversations.service.js';
import type { LifecycleService } from './lifecycle.service.js';
import type { TransferService } from './transfers.service.js';
import { Readable } from 'node:stream';
import { toMessageView, type MessagesService, type Transcripts, type UploadsService } from '../messages/index.js';

const staff = { roles: ['admin', 'manager', 'agent', 'monitor'] } as const;
const workers = { roles: ['admin', 'manager', 'agent', 'bot'] } as const;
const idParams = z.strictObject({ id: z.uuid() });
const messageParams = z.strictObject({ id: z.uuid(), messageId: z.uuid() });

/** The client id of a multipart upload (a text field), validated like the JSON one. */
export function clientIdOf(fields: Record<string, string>): string | undefined {
  if (fields.clientId === undefined) return undefined;
  const r = clientIdSchema.safeParse(fields.clientId);
  if (!r.success) fail('request.invalid', 'clientId must have 1 to 100 characters', 'body.clientId');
  return r.data;
}
export function conversationsRoutes(
  conversations: ConversationsService,
  lifecycle: LifecycleService,
  transfers: TransferService,
  messages: MessagesService,
  uploads: UploadsService,
  transcripts: Transcripts,
): RouteDef[] {
  const present = async (row: Parameters<ConversationsService['view']>[0]) => conversations.view(row);
  return [
    route({
      method: 'GET',
      path: '/api/v1/conversations',
      summary: 'Conversations, newest first, with filters (agents see theirs and the queue)',
      tags: ['conversations'],
      access: staff,
      query: conversationListQuery,
      handler: async ({ query, actor }) => {
        const cursor = query.cursor
          ? (decodeCursor(query.cursor) ?? fail('request.invalid', 'Bad cursor', 'query.cursor'))
          : undefined;
        return conversations.list(actor, {
          ...(query.status ? { status: query.status } : {}),
          ...(query.agentId ? { agentId: query.agentId } : {}),
          ...(query.departmentId ? { departmentId: query.departmentId } : {}),
          ...(query.channel ? { channel: query.channel } : {}),
          ...(query.tags ? { tags: query.tags } : {}),
          ...(query.from ? { from: new Date(query.from) } : {}),
          ...(query.to ? { to: new Date(query.to) } : {}),
          ...(query.q ? { q: query.q } : {}),
          ...(cursor ? { cursor } : {}),
          limit: query.limit,
        });
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/conversations/:id',
      summary: 'One conversation with visitor, agent and metrics',
      tags: ['conversations'],
      access: staff,
      params: idParams,
      handler: async ({ params, actor }) => present(await conversations.forStaff(actor, params.id)),
    }),
    route({
      method: 'GET',
      path: '/api/v1/conversations/:id/messages',
      summary: 'Message history, paged by sequence number (after / before / changedSince)',
      tags: ['conversations'],
      access: staff,
      params: idParams,
      query: historyQuery,
      handler: async ({ params, query, actor }) => {
        await conversations.forStaff(actor, params.id);
        return { items: (await messages.history(params.id, query)).map(toMessageView) };
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/conversations/:id/messages',
      summary: 'Send a message as the serving agent (a retried clientId is stored once)',
      tags: ['conversations'],
      access: workers,
      params: idParams,
      body: newMessageBody,
      handler: async ({ params, body, actor }) => {
        const r = await messages
          .sendAsAgent(actor, params.id, body.text, body.clientId)
          // The send path checks only "assigned to you" (one query less per message): someone who may not
          // even read the conversation must not learn that it exists.
          .catch(async (err: unknown) => {
            if (err instanceof DomainError && err.code === 'conversation.not-assigned-to-you')
              await conversations.forStaff(actor, params.id);
            throw err;
          });
        return respond.json(r.duplicate ? 200 : 201, r.message);
      },
    }),
    route({
      method: 'PATCH',
      path: '/api/v1/conversations/:id/messages/:messageId',
      summary: 'Edit my message',
      tags: ['conversations'],
      access: workers,
      params: messageParams,
      body: messageEditBody,
      handler: async ({ params, body, actor }) => {
        await conversations.forStaff(actor, params.id);
        return messages.change({ type: 'agent', id: actor.userId }, params.id, params.messageId, { text: body.text });
      },
    }),
    route({
      method: 'DELETE',
      path: '/api/v1/conversations/:id/messages/:messageId',
      summary: 'Delete my message (kept in the edit history for staff)',
      tags: ['conversations'],
      access: workers,
      params: messageParams,
      handler: async ({ params, actor }) => {
        await conversations.forStaff(actor, params.id);
        return messages.change({ type: 'agent', id: actor.userId }, params.id, params.messageId, { delete: true });
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/conversations/:id/messages/:messageId/edits',
      summary: 'Edit history of a message',
      tags: ['conversations'],
      access: staff,
      params: messageParams,
      handler: async ({ params, actor }) => {
        await conversations.forStaff(actor, params.id);
        return { items: await messages.edits(params.id, params.messageId) };
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/conversations/:id/files',
      summary:
        'Upload a file (multipart: optional "text" and "clientId" fields, then "file"; a repeated clientId is stored once)',
      tags: ['conversations'],
      access: workers,
      params: idParams,
      upload: { maxBytes: () => uploads.maxBytes },
      handler: async ({ params, actor, file }) => {
        const c = await conversations.forStaff(actor, params.id, 'act');
        if (c.agent_id !== actor.userId) fail('conversation.not-assigned-to-you');
        uploads.assertEnabled();
        const { file: f, fields } = await file();
        const r = await messages.sendFile(
          { kind: 'agent', actor },
          params.id,
          f,
          fields.text ?? '',
          clientIdOf(fields),
        );
        return respond.json(r.duplicate ? 200 : 201, r.message);
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/conversations/:id/files/:fileId',
      summary: 'Download an attachment',
      tags: ['conversations'],
      access: staff,
      params: z.strictObject({ id: z.uuid(), fileId: z.uuid() }),
      handler: async ({ params, actor }) => {
        await conversations.forStaff(actor, params.id);
        const f = await messages.openFile(params.id, params.fileId);
        return respond.stream(f.stream, f.headers);
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/conversations/:id/take',
      summary: 'Take a queued conversation (conversation.already-taken if someone was faster)',
      tags: ['conversations'],
      access: { roles: ['agent', 'bot'] },
      params: idParams,
      handler: async ({ params, actor }) => present(await lifecycle.assign(params.id, actor.userId, actor)),
    }),
    route({
      method: 'POST',
      path: '/api/v1/conversations/:id/close',
      summary: 'Close with a comment and tags (department closing tags and the comment setting apply)',
      tags: ['conversations'],
      access: workers,
      params: idParams,
      body: closeConversationBody,
      handler: async ({ params, body, actor }) =>
        present(
          await lifecycle.close(
            params.id,
            { type: 'agent', actor },
            { ...(body.comment ? { comment: body.comment } : {}), ...(body.tags ? { tags: body.tags } : {}) },
          ),
        ),
    }),
    route({
      method: 'PATCH',
      path: '/api/v1/conversations/:id',
      summary: 'Edit room information: topic, tags, priority, custom fields',
      tags: ['conversations'],
      access: workers,
      params: idParams,
      body: roomInfoPatchBody,
      handler: async ({ params, body, actor }) => present(await conversations.updateInfo(actor, params.id, body)),
    }),
    route({
      method: 'POST',
      path: '/api/v1/conversations/:id/transfer',
      summary: 'Transfer to an agent or a department (admins may force an agent transfer; it is logged)',
      tags: ['conversations'],
      access: workers,
      params: idParams,
      body: transferBody,
      handler: async ({ params, body, actor }) => present(await transfers.transfer(actor, params.id, body)),
    }),
    route({
      method: 'GET',
      path: '/api/v1/conversations/:id/transfers',
      summary: 'Transfer history',
      tags: ['conversations'],
      access: staff,
      params: idParams,
      handler: async ({ params, actor }) => {
        await conversations.forStaff(actor, params.id);
        return { items: await conversations.transfers(params.id) };
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/conversations/:id/transcript',
      summary: 'Email the transcript to an address (sent once the conversation is closed)',
      tags: ['conversations'],
      access: workers,
      params: idParams,
      body: transcriptBody,
      handler: async ({ params, body, actor }) => {
        await conversations.forStaff(actor, params.id, 'act');
        if (!transcripts.deliverable) fail('email.not-configured');
        await conversations.requestTranscript(params.id, body.email);
        return respond.accepted({ ok: true });
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/conversations/:id/transcript',
      summary: 'Download the transcript as plain text (what the visitor saw: no internal notes)',
      tags: ['conversations'],
      access: staff,
      params: idParams,
      handler: async ({ params, actor }) => {
        await conversations.forStaff(actor, params.id);
        const text = await transcripts.render(params.id);
        return respond.stream(Readable.from([Buffer.from(text, 'utf8')]), {
          'content-type': 'text/plain; charset=utf-8',
          'content-disposition': `attachment; filename="transcript-${params.id}.txt"`,
          'cache-control': 'no-store',
        });
      },
    }),
    route({
      method: 'DELETE',
      path: '/api/v1/conversations/:id',
      summary:
        'Delete a closed conversation for good (admins): its messages, notes and files go with it; the audit log keeps that it happened',
      tags: ['conversations'],
      access: { roles: ['admin'] },
      params: idParams,
      handler: async ({ params, actor, req }) => {
        await conversations.delete(actor, params.id, req.ip);
        return respond.noContent();
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/conversations/:id/hold',
      summary: 'Place on hold (sessions.onHold.* rules apply)',
      tags: ['conversations'],
      access: workers,
      params: idParams,
      handler: async ({ params, actor }) => present(await lifecycle.hold(actor, params.id)),
    }),
    route({
      method: 'POST',
      path: '/api/v1/conversations/:id/resume',
      summary: 'Resume a conversation on hold',
      tags: ['conversations'],
      access: workers,
      params: idParams,
      handler: async ({ params, actor }) => present(await lifecycle.resume(params.id, { actor })),
    }),
  ];
}
