import type { ContactChannel } from '@parley/shared';
import type { Clock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db/db.js';
import { fail } from '../../kernel/errors.js';
import type { StaffActor } from '../../kernel/http.js';
import type { AuditService } from '../audit/index.js';
import { channelView } from './contacts.service.js';
import './contacts.tables.js';

/**
 * Blocking one channel of a contact (issue 16 item 6). A blocked channel identity cannot start a
 * conversation, send, edit or delete messages, upload files or announce typing, through the widget's HTTP
 * API or its socket; the contact's other channels keep working. The widget is answered as if no agent
 * were available (`conversation.no-agent-online`, the answer it already gets when nobody is online), so
 * the answer says nothing about the block. Read from the database on each call (a primary-key read):
 * a block applies at once in every process, with no cache to forget.
 */
export class ChannelBlocks {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  block(actor: StaffActor, contactId: string, channelId: string, ip?: string): Promise<ContactChannel> {
    return this.set(actor, contactId, channelId, true, ip);
  }

  unblock(actor: StaffActor, contactId: string, channelId: string, ip?: string): Promise<ContactChannel> {
    return this.set(actor, contactId, channelId, false, ip);
  }

  async isBlocked(visitorId: string): Promise<boolean> {
    const row = await this.db.q
      .selectFrom('channel_identities')
      .select('blocked')
      .where('id', '=', visitorId)
      .executeTakeFirst();
    return row?.blocked ?? false;
  }

  /** Throws the widget's neutral refusal when the visitor's channel is blocked. */
  async assertMayWrite(visitorId: string): Promise<void> {
    if (await this.isBlocked(visitorId)) fail('conversation.no-agent-online');
  }

  private async set(
    actor: StaffActor,
    contactId: string,
    channelId: string,
    blocked: boolean,
    ip?: string,
  ): Promise<ContactChannel> {
    return this.db.tx(async (trx) => {
      const before = await trx
        .selectFrom('channel_identities')
        .selectAll()
        .where('id', '=', channelId)
        .where('contact_id', '=', contactId)
        .forUpdate()
        .executeTakeFirst();
      if (!before) fail('contact.not-found', 'No such channel of this contact', 'params.channelId');
      if (before.blocked === blocked) return channelView(before);
      const row = await trx
        .updateTable('channel_identities')
        .set({ blocked, updated_at: this.clock.now() })
        .where('id', '=', channelId)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.audit.record(
        actor,
        {
          action: blocked ? 'contact.channel-blocked' : 'contact.channel-unblocked',
          targetType: 'channel-identity',
          targetId: channelId,
          changes: { contactId, channel: row.channel, blocked: { from: !blocked, to: blocked } },
        },
        ip,
      );
      return channelView(row);
    });
  }
}
