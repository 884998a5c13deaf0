import type { ApiChannelInfo } from '@parley/shared';
import type { EventBus } from '../../kernel/bus.js';
import type { Clock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db/db.js';
import { fail } from '../../kernel/errors.js';
import type { Actor } from '../../kernel/http.js';
import { hashToken, secretToken } from '../../kernel/ids.js';
import type { AuditService } from '../audit/index.js';
import type { ApiCredentialsPart, ChannelRow, ChannelsService } from './channels.service.js';
import './channels.tables.js';

const TOKEN_PREFIX = 'pch_';
const SECRET_PREFIX = 'pcs_';
const hint = (s: string) => s.slice(0, 8);

/**
 * The API channel's credentials (issue 22 item 3): a token its caller authenticates with (only its
 * SHA-256 is stored, like access tokens), a signing secret for the callbacks (kept: it signs), and the
 * callback URL agent replies go to. Token and secret are shown once, at creation or rotation.
 */
export class ApiChannels implements ApiCredentialsPart {
  /** Token → channel id, so the hash is not looked up on every request; forgotten on `channel.changed`. */
  private readonly tokens = new Map<string, string>();

  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly channels: ChannelsService,
  ) {}

  async create(channelId: string, callbackUrl: string | null): Promise<{ token: string; secret: string }> {
    const token = secretToken(TOKEN_PREFIX);
    const secret = secretToken(SECRET_PREFIX);
    await this.db.q
      .insertInto('channel_api_credentials')
      .values({
        channel_id: channelId,
        token_hash: hashToken(token),
        token_hint: hint(token),
        secret,
        callback_url: callbackUrl,
        updated_at: this.clock.now(),
      })
      .execute();
    return { token, secret };
  }

  async setCallback(channelId: string, callbackUrl: string | null): Promise<void> {
    await this.db.q
      .updateTable('channel_api_credentials')
      .set({ callback_url: callbackUrl, updated_at: this.clock.now() })
      .where('channel_id', '=', channelId)
      .execute();
  }

  async info(channelIds: string[]): Promise<Map<string, ApiChannelInfo>> {
    if (channelIds.length === 0) return new Map();
    const rows = await this.db.q
      .selectFrom('channel_api_credentials')
      .select(['channel_id', 'token_hint', 'secret', 'callback_url'])
      .where('channel_id', 'in', channelIds)
      .execute();
    return new Map(
      rows.map((r) => [
        r.channel_id,
        { callbackUrl: r.callback_url, tokenHint: r.token_hint, secretHint: hint(r.secret) },
      ]),
    );
  }

  /** Where to post and what to sign with, for a delivery (read at each attempt: a rotation applies at once). */
  async target(channelId: string): Promise<{ url: string | null; secret: string } | undefined> {
    const row = await this.db.q
      .selectFrom('channel_api_credentials')
      .select(['callback_url', 'secret'])
      .where('channel_id', '=', channelId)
      .executeTakeFirst();
    return row ? { url: row.callback_url, secret: row.secret } : undefined;
  }

  /** A new token and/or signing secret; the old ones stop working at once (in every process). */
  async rotate(
    channelId: string,
    what: { token: boolean; secret: boolean },
    actor: Actor,
    ip?: string,
  ): Promise<{ token?: string; secret?: string }> {
    const row = await this.channels.row(channelId);
    if (row.type !== 'api') fail('channel.not-found', 'Only API channels have a token', 'params.id');
    if (!what.token && !what.secret) fail('request.invalid', 'Say what to rotate: token, secret or both', 'body');
    const token = what.token ? secretToken(TOKEN_PREFIX) : undefined;
    const secret = what.secret ? secretToken(SECRET_PREFIX) : undefined;
    await this.db.tx(async (trx) => {
      await trx
        .updateTable('channel_api_credentials')
        .set({
          ...(token ? { token_hash: hashToken(token), token_hint: hint(token) } : {}),
          ...(secret ? { secret } : {}),
          updated_at: this.clock.now(),
        })
        .where('channel_id', '=', channelId)
        .execute();
      await this.audit.record(
        actor,
        {
          action: 'channel.credentials-rotated',
          targetType: 'channel',
          targetId: channelId,
          changes: { token: what.token ? 'rotated' : 'kept', secret: what.secret ? 'rotated' : 'kept' },
        },
        ip,
      );
      this.bus.emit('channel.changed', { channelId });
    });
    this.forgetTokens();
    return { ...(token ? { token } : {}), ...(secret ? { secret } : {}) };
  }

  /** The enabled API channel behind an `Authorization: Bearer <token>` header, or `channel.token-invalid` / `channel.disabled`. */
  async authenticate(header: string | undefined): Promise<ChannelRow> {
    const token = /^Bearer\s+(\S{1,200})$/i.exec(header?.trim() ?? '')?.[1];
    if (!token) fail('channel.token-invalid');
    let channelId = this.tokens.get(token);
    if (!channelId) {
      const row = await this.db.q
        .selectFrom('channel_api_credentials')
        .select('channel_id')
        .where('token_hash', '=', hashToken(token))
        .executeTakeFirst();
      if (!row) fail('channel.token-invalid');
      channelId = row.channel_id;
      if (this.tokens.size > 10_000) this.tokens.clear();
      this.tokens.set(token, channelId);
    }
    const channel = await this.channels.row(channelId).catch(() => undefined);
    if (!channel) fail('channel.token-invalid');
    if (!channel.enabled) fail('channel.disabled');
    return channel;
  }

  forgetTokens(): void {
    this.tokens.clear();
  }
}
