import { mentionListQuery, newNoteBody } from '@parley/shared';
import { z } from 'zod';
import { respond, route, type RouteDef } from '../../kernel/http.js';
import type { NotesService } from './notes.service.js';

/** Notes are written by staff who write in chats; monitors only read (they may be mentioned). */
const writers = { roles: ['admin', 'manager', 'agent'] } as const;
const staff = { roles: ['admin', 'manager', 'agent', 'monitor'] } as const;
const idParams = z.strictObject({ id: z.uuid() });
const mentionsQuery = z.strictObject({ conversationId: z.uuid().optional() });

/** Internal notes in a conversation, and each staff member's mentions. */
export function notesRoutes(notes: NotesService): RouteDef[] {
  return [
    route({
      method: 'POST',
      path: '/api/v1/conversations/:id/notes',
      summary:
        'Write an internal note (staff only, never shown to the visitor) in a conversation you may read; @username notifies a colleague who may read it too (others are not notified)',
      tags: ['conversations'],
      access: writers,
      params: idParams,
      body: newNoteBody,
      handler: async ({ actor, params, body }) => {
        const r = await notes.send(actor, params.id, body.text, body.clientId);
        return respond.json(r.duplicate ? 200 : 201, { message: r.message, mentioned: r.mentioned });
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/conversations/:id/mentionable',
      summary: 'Colleagues who may read the conversation (those a note can mention)',
      tags: ['conversations'],
      access: writers,
      params: idParams,
      handler: async ({ actor, params }) => notes.mentionable(actor, params.id),
    }),
    route({
      method: 'GET',
      path: '/api/v1/mentions',
      summary: 'My mentions in notes, newest first, with the number unread',
      tags: ['mentions'],
      access: staff,
      query: mentionListQuery,
      handler: async ({ actor, query }) => notes.list(actor.userId, query),
    }),
    route({
      method: 'POST',
      path: '/api/v1/mentions/:id/read',
      summary: 'Mark one of my mentions read',
      tags: ['mentions'],
      access: staff,
      params: idParams,
      handler: async ({ actor, params }) => notes.markRead(actor.userId, params.id),
    }),
    route({
      method: 'POST',
      path: '/api/v1/mentions/read',
      summary: 'Mark my mentions read: those of one conversation, or all',
      tags: ['mentions'],
      access: staff,
      body: mentionsQuery,
      handler: async ({ actor, body }) => notes.markAllRead(actor.userId, body.conversationId),
    }),
  ];
}
