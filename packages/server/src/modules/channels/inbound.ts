import { Readable } from 'node:stream';
import type { Insertable } from 'kysely';
import type { Db } from '../../kernel/db/db.js';
import type { Clock } from '../../kernel/clock.js';
import { WIDGET_CHANNEL_ID } from '@parley/shared';
import { DomainError, fail } from '../../kernel/errors.js';
import type { BusEvent } from '../../kernel/events.js';
import type { VisitorActor } from '../../kernel/http.js';
import type { ChannelIdentities, ChannelPerson, VisitorsService } from '../contacts/index.js';
import type { ConversationsModule } from '../conversations/index.js';
import type { MessagesModule } from '../messages/index.js';
import type { ChannelsService } from './channels.service.js';
import type { ChannelInboundTable } from './channels.tables.js';
import './channels.tables.js';

const INBOUND_BAG = 'channels.inbound';
type InboundRow = Insertable<ChannelInboundTable>;

export interface InboundAttachment {
  filename: string;
  contentType: string;
  data: Buffer;
}

export interface InboundMessage {
  channelId: string;
  sender: ChannelPerson;
  text: string;
  /** Kept for the channel's own use (the email module's sanitised HTML); the timeline shows `text`. */
  html?: string;
  attachments?: InboundAttachment[];
  /** The caller's id for this message (an email's Message-ID, an API client's id): a repeat is stored once. */
  clientId: string;
  /** Post into this conversation when it is the sender's and still open (threading decided by the caller). */
  conversationId?: string;
  /** Do not continue the sender's active conversation: close it and start a new one. */
  startNew?: boolean;
}

export interface Received {
  conversationId: string;
  /** The first message stored (the text, else the first attachment); null when nothing was to store. */
  messageId: string | null;
  createdConversation: boolean;
  duplicate: boolean;
}

/**
 * Inbound for every channel other than the widget (email and API both call it; issue 22): finds or makes
 * the sender's channel identity (contacts), picks the conversation (the given one, the identity's active
 * one, or a new one started as the widget starts them: routing, queue, timers, webhooks), and adds the
 * visitor's message through the messages module, idempotent by `clientId` per channel.
 */
export class ChannelInbound {
  /** Identity → the conversation it last wrote to (a hint: the timeline refuses a closed one). */
  private readonly lastConversation = new Map<string, string>();

  constructor(
    private readonly d: {
      db: Db;
      clock: Clock;
      channels: ChannelsService;
      identities: ChannelIdentities;
      conv: ConversationsModule;
      messages: MessagesModule;
      visitors: VisitorsService;
    },
  ) {
    d.db.onBeforeCommit<InboundRow[]>(INBOUND_BAG, async (rows, trx) => {
      if (rows.length === 0) return;
      await trx
        .insertInto('channel_inbound')
        .values(rows)
        .onConflict((oc) => oc.columns(['channel_id', 'client_id']).doNothing())
        .execute();
    });
  }

  async receive(input: InboundMessage): Promise<Received> {
    const channel = await this.d.channels.row(input.channelId);
    if (channel.type === 'widget') fail('request.invalid', 'The widget has its own API', 'channelId');
    if (!channel.enabled) fail('channel.disabled');
    const attachments = input.attachments ?? [];
    const text = input.text.trim() ? input.text : '';
    if (!text && attachments.length === 0) fail('message.empty', undefined, 'body.text');
    if (text) this.d.messages.messages.checkVisitorText(text);
    if (attachments.length > 0) {
      this.d.messages.uploads.assertEnabled();
      for (const [i, a] of attachments.entries()) {
        if (a.data.length > this.d.messages.uploads.maxBytes)
          fail(
            'upload.too-large',
            `Files may be at most ${Math.floor(this.d.messages.uploads.maxBytes / 1024 / 1024)} MB`,
            `body.attachments.${i}`,
          );
      }
    }

    // Both reads at once: a repeat of this client id, and the sender's identity (made when new; a repeat's
    // sender exists already). A repeat is one whose LAST part was stored (parts are stored in order): when
    // the text was stored and a file failed, the retry stores the rest, the stored parts being found again
    // by their client ids in the conversation.
    const first = text ? input.clientId : `${input.clientId}#1`;
    const last = attachments.length > 0 ? `${input.clientId}#${attachments.length}` : input.clientId;
    const [earlier, { identity }] = await Promise.all([
      this.earlier(channel.id, first, last),
      this.d.identities.findOrCreate(channel.id, input.sender, channel.department_id),
    ]);
    if (earlier) return { ...earlier, createdConversation: false, duplicate: true };
    // A blocked channel identity is refused as the widget refuses it: as if nobody were available.
    if (identity.blocked) fail('conversation.no-agent-online');
    const actor: VisitorActor = { kind: 'visitor', visitorId: identity.id, contactId: identity.contact_id };
    // The conversation this person last wrote to, when it still takes messages: no read at all. A closed
    // one refuses the message in its transaction (`conversation.closed`), and the full lookup follows.
    const known =
      !input.conversationId && !input.startNew && attachments.length === 0
        ? this.lastConversation.get(identity.id)
        : undefined;
    if (known) {
      const sent = await this.d.messages.messages
        .sendAsVisitor(actor, known, text, input.clientId)
        .catch((err: unknown) => {
          if (
            err instanceof DomainError &&
            (err.code === 'conversation.closed' || err.code === 'conversation.not-found')
          )
            return undefined;
          throw err;
        });
      if (sent)
        return {
          conversationId: known,
          messageId: sent.message.id,
          createdConversation: false,
          duplicate: sent.duplicate,
        };
      this.lastConversation.delete(identity.id);
    }
    const { conversationId, created } = await this.conversationFor(actor, input, channel.department_id);
    if (this.lastConversation.size > 100_000) this.lastConversation.clear();
    this.lastConversation.set(identity.id, conversationId);

    let firstId: string | null = null;
    if (text) {
      const r = await this.d.messages.messages.sendAsVisitor(actor, conversationId, text, input.clientId);
      firstId = r.message.id;
    }
    if (attachments.length > 0) {
      const name = await this.d.visitors.displayName(identity.id);
      for (const [i, a] of attachments.entries()) {
        const r = await this.d.messages.messages.sendFile(
          { kind: 'visitor', actor, name },
          conversationId,
          {
            filename: a.filename,
            mimetype: a.contentType,
            stream: Readable.from([a.data]),
            truncated: () => false,
          },
          '',
          `${input.clientId}#${i + 1}`,
        );
        firstId ??= r.message.id;
      }
    }
    return { conversationId, messageId: firstId, createdConversation: created, duplicate: false };
  }

  /**
   * The person's conversation without a message (the API channel's "create a conversation"): the active
   * one, or a new one.
   */
  async start(channelId: string, sender: ChannelPerson): Promise<{ conversationId: string; created: boolean }> {
    const channel = await this.d.channels.row(channelId);
    if (!channel.enabled) fail('channel.disabled');
    const { identity } = await this.d.identities.findOrCreate(channel.id, sender, channel.department_id);
    if (identity.blocked) fail('conversation.no-agent-online');
    const actor: VisitorActor = { kind: 'visitor', visitorId: identity.id, contactId: identity.contact_id };
    return this.conversationFor(actor, {}, channel.department_id);
  }

  /**
   * In the message's transaction (a listener of `message.created`): a visitor message of a channel other
   * than the widget is remembered by its client id, so a repeat finds it even after its conversation
   * closed — written with the message, at no extra commit.
   */
  async remember(e: BusEvent<'message.created'>): Promise<void> {
    const m = e.payload.message;
    if (m.author.type !== 'visitor' || !m.clientId) return;
    const owner = await this.d.identities.channelOf(e.payload.visitorId);
    if (!owner || owner.channel === WIDGET_CHANNEL_ID) return;
    // Gathered and written in one statement just before the commit (a batch of messages, one insert).
    this.d.db
      .bag<InboundRow[]>(INBOUND_BAG, () => [])
      .push({
        channel_id: owner.channel,
        client_id: m.clientId,
        conversation_id: m.conversationId,
        message_id: m.id,
        created_at: this.d.clock.now(),
      });
  }

  /**
   * The first result stored for a message whose last part was stored (keys: a message's client id; its
   * files' are `<clientId>#1`, `#2` …), else undefined.
   */
  private async earlier(channelId: string, firstKey: string, lastKey: string) {
    const rows = await this.d.db.q
      .selectFrom('channel_inbound')
      .select(['client_id', 'conversation_id', 'message_id'])
      .where('channel_id', '=', channelId)
      .where('client_id', 'in', [...new Set([firstKey, lastKey])])
      .execute();
    if (!rows.some((r) => r.client_id === lastKey)) return undefined;
    const row = rows.find((r) => r.client_id === firstKey) ?? rows[0]!;
    return { conversationId: row.conversation_id, messageId: row.message_id };
  }

  private async conversationFor(
    actor: VisitorActor,
    input: { conversationId?: string; startNew?: boolean },
    departmentId: string | null,
  ): Promise<{ conversationId: string; created: boolean }> {
    if (input.conversationId) {
      const c = await this.d.conv.conversations.peek(input.conversationId);
      if (c && c.visitor_id === actor.visitorId && c.status !== 'closed')
        return { conversationId: c.id, created: false };
    }
    // The person's active conversation (one read; start() would read the identity again first).
    const active = await this.d.conv.conversations.activeForVisitor(actor);
    if (active && !input.startNew) return { conversationId: active.id, created: false };
    if (active) {
      await this.d.conv.lifecycle.close(active.id, {
        type: 'system',
        reason: 'A new conversation was started on the channel',
      });
    }
    const { conversation, created } = await this.d.conv.conversations.start(actor, {
      ...(departmentId ? { departmentId } : {}),
      fromChannel: true,
    });
    return { conversationId: conversation.id, created };
  }
}
