import {
  contactChannelParams,
  contactChannelSchema,
  contactDetailsSchema,
  contactEraseBody,
  contactEraseResultSchema,
  contactMergeBody,
  contactMergePreviewQuery,
  contactMergePreviewSchema,
  contactResolveConflictBody,
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
import type { ContactMerge } from './merge.service.js';
import type { ContactPrivacy } from './privacy.service.js';

/** Every staff role reads the Contact Center; monitors only read (issue 16 item 12). */
const readers = { roles: ['admin', 'manager', 'agent', 'monitor'] } as const;
const writers = { roles: ['admin', 'manager', 'agent'] } as const;
const idParams = z.strictObject({ id: z.uuid() });
/** GDPR: exporting everything about a person is for admins and managers; erasing it for admins. */
const exporters = { roles: ['admin', 'manager'] } as const;
const erasers = { roles: ['admin'] } as const;

export interface ContactCenterDeps {
  contacts: ContactsService;
  blocks: ChannelBlocks;
  merge: ContactMerge;
  privacy: ContactPrivacy;
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
        const c = await d.contacts.row(params.id);
        return { items: await d.history(actor, c.id, query.limit ?? 50) };
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
    route({
      method: 'GET',
      path: '/api/v1/contacts/:id/merge-preview',
      summary: 'What merging otherId into this contact would do: the conflicting fields, the emails and phones',
      tags: ['contacts'],
      access: writers,
      params: idParams,
      query: contactMergePreviewQuery,
      response: contactMergePreviewSchema,
      handler: async ({ params, query }) => d.merge.preview(params.id, query.otherId),
    }),
    route({
      method: 'POST',
      path: '/api/v1/contacts/:id/merge',
      summary:
        'Merge otherId into this contact (channels, conversations, emails, phones, fields); choices pick whose value wins each conflict, the rest stay conflicts (audited)',
      tags: ['contacts'],
      access: writers,
      params: idParams,
      body: contactMergeBody,
      response: contactDetailsSchema,
      handler: async ({ actor, params, body, req }) => d.merge.merge(actor, params.id, body, req.ip),
    }),
    route({
      method: 'POST',
      path: '/api/v1/contacts/:id/conflicts/resolve',
      summary: 'Resolve a conflicting field: the current value or one kept as a conflict wins (audited)',
      tags: ['contacts'],
      access: writers,
      params: idParams,
      body: contactResolveConflictBody,
      response: contactDetailsSchema,
      handler: async ({ actor, params, body, req }) =>
        d.merge.resolve(actor, params.id, body.field, body.value, req.ip),
    }),
    route({
      method: 'GET',
      path: '/api/v1/contacts/:id/export',
      summary:
        'GDPR export: the profile, channels (consent, verification), page views, offline messages, conversations with messages and files (a JSON download)',
      tags: ['contacts'],
      access: exporters,
      params: idParams,
      handler: async ({ actor, params, req }) => {
        const out = await d.privacy.export(actor, params.id, req.ip);
        return respond.stream(out.stream, {
          'content-type': 'application/json; charset=utf-8',
          'content-disposition': `attachment; filename="${out.filename}"`,
          'cache-control': 'no-store',
        });
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/contacts/:id/erase',
      summary:
        "GDPR erasure: the contact's personal data removed or pseudonymised in every conversation, files deleted; the audit keeps that it happened",
      tags: ['contacts'],
      access: erasers,
      params: idParams,
      body: contactEraseBody,
      response: contactEraseResultSchema,
      handler: async ({ actor, params, req }) => d.privacy.erase(actor, params.id, req.ip),
    }),
  ];
}
