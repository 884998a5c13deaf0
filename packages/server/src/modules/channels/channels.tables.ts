import type { ColumnType } from 'kysely';

type Json<T> = ColumnType<T, string, string>;

export interface ChannelsTable {
  id: string;
  type: 'widget' | 'email' | 'api';
  name: string;
  department_id: string | null;
  enabled: boolean;
  settings: Json<Record<string, unknown>>;
  created_at: Date;
  updated_at: Date;
}

/** An API channel's credentials (0025_channels.sql): the token's hash only; the secret signs callbacks. */
export interface ChannelApiCredentialsTable {
  channel_id: string;
  token_hash: string;
  token_hint: string;
  secret: string;
  callback_url: string | null;
  updated_at: Date;
}

/** Inbound messages by the caller's client id, per channel (idempotence across conversations). */
export interface ChannelInboundTable {
  channel_id: string;
  client_id: string;
  conversation_id: string;
  message_id: string | null;
  created_at: Date;
}

declare module '../../kernel/db/schema.js' {
  interface Database {
    channels: ChannelsTable;
    channel_api_credentials: ChannelApiCredentialsTable;
    channel_inbound: ChannelInboundTable;
  }
}
