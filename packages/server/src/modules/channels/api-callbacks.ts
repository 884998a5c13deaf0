import { createHmac } from 'node:crypto';
import type { ApiCallbackBody, ChannelStatus, MessageView } from '@parley/shared';
import type { Clock } from '../../kernel/clock.js';
import type { BusEvent } from '../../kernel/events.js';
import { uuidv7 } from '../../kernel/ids.js';
import type { JobRunner } from '../../kernel/jobs.js';
import type { Logger } from '../../kernel/logger.js';
import type { OutboundHttp } from '../../kernel/outbound-http.js';
import type { ChannelIdentities } from '../contacts/index.js';
import type { ApiChannels } from './api-channel.service.js';
import type { ChannelsService } from './channels.service.js';

export const API_CALLBACK_JOB = 'channels.api-callback';
/** The console's "failing jobs" family for channel deliveries. */
export const CHANNEL_JOBS = 'channels';
const MAX_ATTEMPTS = 12;
/** 10 s, 20 s, 40 s … capped at an hour: about 5 hours of trying in all. */
export const callbackRetryDelayMs = (attempt: number) => Math.min(10_000 * 2 ** (attempt - 1), 3_600_000);
const TIMEOUT_MS = 10_000;

/** `X-Parley-Signature: sha256=<hex>` of the raw body with the channel's secret (docs/channels.md). */
export function signCallback(secret: string, raw: string): string {
  return `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
}

/**
 * Agent replies and closes of API channel conversations, POSTed to the channel's callback URL (issue 22
 * item 3): a job written in the transaction of the message or the close (so it is never lost nor sent for
 * something that rolled back), sent after commit under a lease, retried with backoff when the receiver
 * does not answer 2xx. At least once: receivers de-duplicate on the body's `id` (also `X-Parley-Delivery`);
 * retries can reorder deliveries, so a message carries its `seq` in the conversation.
 */
export class ApiCallbacks {
  constructor(
    private readonly d: {
      jobs: JobRunner;
      clock: Clock;
      log: Logger;
      outbound: OutboundHttp;
      channels: ChannelsService;
      api: ApiChannels;
      identities: ChannelIdentities;
      publicUrl: string;
      /** The conversation's channel identity (the conversations module, through compose). */
      visitorOf: (conversationId: string) => Promise<string | undefined>;
    },
  ) {
    d.jobs.register<ApiCallbackBody>({
      kind: API_CALLBACK_JOB,
      transactional: false,
      maxAttempts: MAX_ATTEMPTS,
      retryDelayMs: callbackRetryDelayMs,
      leaseMs: TIMEOUT_MS * 3,
      category: CHANNEL_JOBS,
      run: (body) => this.send(body),
    });
  }

  /**
   * The channel's status in the console: failing while replies to it wait for another attempt (the last
   * error said), working otherwise. Deliveries given up on are not shown here (the log has them).
   */
  async statusOf(channelId: string): Promise<ChannelStatus | undefined> {
    const retrying = (await this.d.jobs.troubled(CHANNEL_JOBS, 200)).filter(
      (j) => j.status === 'pending' && (j.payload as Partial<ApiCallbackBody>).channelId === channelId,
    );
    const last = retrying[0];
    if (!last) return undefined;
    return {
      state: 'error',
      detail: `${retrying.length} ${retrying.length === 1 ? 'reply waits' : 'replies wait'} for another attempt: ${last.lastError ?? 'no answer'}`,
      ...(last.nextAttemptAt ? { at: last.nextAttemptAt.toISOString() } : {}),
    };
  }

  /** In the message's transaction: an agent's (or bot's) message in an API channel conversation. */
  async onMessage(e: BusEvent<'message.created'>): Promise<void> {
    const m = e.payload.message;
    if ((m.kind !== 'text' && m.kind !== 'file') || (m.author.type !== 'agent' && m.author.type !== 'bot')) return;
    const owner = await this.apiOwner(e.payload.visitorId);
    if (!owner) return;
    await this.enqueue({
      id: uuidv7(),
      type: 'message',
      channelId: owner.channel,
      conversationId: m.conversationId,
      externalId: owner.externalId,
      message: this.messageOf(m),
      at: e.at,
    });
  }

  /** In the close's transaction. */
  async onClosed(e: BusEvent<'conversation.closed'>): Promise<void> {
    const visitorId = await this.d.visitorOf(e.payload.conversationId);
    const owner = visitorId ? await this.apiOwner(visitorId) : undefined;
    if (!owner) return;
    await this.enqueue({
      id: uuidv7(),
      type: 'conversation.closed',
      channelId: owner.channel,
      conversationId: e.payload.conversationId,
      externalId: owner.externalId,
      at: e.at,
    });
  }

  private async apiOwner(visitorId: string) {
    const owner = await this.d.identities.channelOf(visitorId);
    if (!owner || owner.channel === 'widget') return undefined;
    return (await this.d.channels.typeOf(owner.channel)) === 'api' ? owner : undefined;
  }

  private async enqueue(body: ApiCallbackBody): Promise<void> {
    const target = await this.d.api.target(body.channelId);
    if (!target?.url) return; // no callback URL: the caller reads the conversation instead
    await this.d.jobs.enqueue(API_CALLBACK_JOB, body);
  }

  private messageOf(m: MessageView): NonNullable<ApiCallbackBody['message']> {
    return {
      id: m.id,
      seq: m.seq,
      text: m.text,
      author: { type: m.author.type, name: m.author.name },
      attachment: m.attachment
        ? {
            name: m.attachment.name,
            size: m.attachment.size,
            contentType: m.attachment.contentType,
            url: `${this.d.publicUrl.replace(/\/$/, '')}/api/v1/channel-api/conversations/${m.conversationId}/files/${m.attachment.id}`,
          }
        : null,
      createdAt: m.createdAt,
    };
  }

  /** One attempt: the URL and secret as they are now (a rotation or a new URL applies to pending deliveries). */
  private async send(body: ApiCallbackBody): Promise<void> {
    const channel = (await this.d.channels.rows()).find((c) => c.id === body.channelId);
    const target = await this.d.api.target(body.channelId);
    if (!channel || !target?.url) return; // the channel or its callback went: nothing to deliver to
    const raw = JSON.stringify(body);
    const res = await this.d.outbound.request({
      method: 'POST',
      url: target.url,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Parley-Channels/1',
        'x-parley-delivery': body.id,
        'x-parley-signature': signCallback(target.secret, raw),
      },
      body: raw,
      timeoutMs: TIMEOUT_MS,
      maxResponseBytes: 1024,
    });
    if (res.status < 200 || res.status >= 300) {
      this.d.log.warn({ channelId: body.channelId, status: res.status, delivery: body.id }, 'channel callback refused');
      throw new Error(`the callback URL answered ${res.status}`);
    }
  }
}
