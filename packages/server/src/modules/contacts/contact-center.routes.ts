import {
  contactChannelParams,
  contactChannelSchema,
  contactDetailsSchema,
  contactHistoryQuery,
  contactHistorySchema,
  contactListQuery,
  contactPageSchema,
  contactPatchBody,
  newContactBody,
  type ConversationView,
} from '@parley/shared';
import { z } from 'zod';
import { respond, route, type RouteDef, type StaffActor } from '../../kernel/http.js';
import type { ChannelBlocks } from './blocking.service.js';
import type { ContactsService } from './contacts.service.js';

/** Every staff role reads the Contact Center; monitors only read (issue 16 item 12). */
const readers = { roles: ['admin', 'manager', 'agent', 'monitor'] } as const;
const writers = { roles: ['admin', 'manager', 'agent'] } as const;
const idParams = z.strictObject({ id: z.uuid() });

export interface ContactCenterDeps {
  contacts: ContactsService;
  blocks: ChannelBlocks;
  /**
   * The contact's conversations the actor may read (the conversations module's access rule), newest
   * first: passed in by compose.ts, as conversations come after contacts in the module order.
   */
  history(actor: StaffActor, contactId: string, limit: number): Promise<ConversationView[]>;
}

export function contactCenterRoutes(d: ContactCenterDeps): RouteDef[] {
  return [
    route({
      method: 'GET',
      path: '/api/v1/contacts',
      summary: 'Contacts: search (name, username, email, phone, searchable custom fields), filters, sort, paging',
      tags: ['contacts'],
      access: readers,
      query: contactListQuery,
      response: contactPageSchema,
      handler: async ({ actor, query }) => d.contacts.list(actor, query),
    }),
    route({
      method: 'POST',
      path: '/api/v1/contacts',
      summary: 'New Contact (known): name, emails, phones (stored in E.164), custom fields, contact manager',
      tags: ['contacts'],
      access: writers,
      body: newContactBody,
      response: contactDetailsSchema,
      handler: async ({ actor, body, req }) => respond.created(await d.contacts.create(actor, body, req.ip)),
    }),
    route({
      method: 'GET',
      path: '/api/v1/contacts/:id',
      summary: "A contact's details and channels",
      tags: ['contacts'],
      access: readers,
      params: idParams,
      response: contactDetailsSchema,
      handler: async ({ params }) => d.contacts.details(params.id),
    }),
    route({
      method: 'PATCH',
      path: '/api/v1/contacts/:id',
      summary: 'Edit a contact (the pencil, or Add contact from a chat): it becomes known',
      tags: ['contacts'],
      access: writers,
      params: idParams,
      body: contactPatchBody,
      response: contactDetailsSchema,
      handler: async ({ actor, params, body, req }) => d.contacts.update(actor, params.id, body, req.ip),
    }),
    route({
      method: 'GET',
      path: '/api/v1/contacts/:id/history',
      summary: "The contact's conversations across channels that I may read, newest first",
      tags: ['contacts'],
      access: readers,
      params: idParams,
      query: contactHistoryQuery,
      response: contactHistorySchema,
      handler: async ({ actor, params, query }) => {
        await d.contacts.row(params.id);
        return { items: await d.history(actor, params.id, query.limit ?? 50) };
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/contacts/:id/channels/:channelId/block',
      summary: 'Block one channel of the contact (audited); its other channels keep working',
      tags: ['contacts'],
      access: writers,
      params: contactChannelParams,
      response: contactChannelSchema,
      handler: async ({ actor, params, req }) => d.blocks.block(actor, params.id, params.channelId, req.ip),
    }),
    route({
      method: 'POST',
      path: '/api/v1/contacts/:id/channels/:channelId/unblock',
      summary: 'Unblock one channel of the contact (audited)',
      tags: ['contacts'],
      access: writers,
      params: contactChannelParams,
      response: contactChannelSchema,
      handler: async ({ actor, params, req }) => d.blocks.unblock(actor, params.id, params.channelId, req.ip),
    }),
  ];
}
