import type { Availability, Presence } from '@parley/shared';
import type { Generated } from 'kysely';

export interface AgentsTable {
  user_id: string;
  availability: Generated<Availability>;
  presence: Generated<Presence>;
  max_chats: number | null;
  last_assigned_at: Date | null;
  presence_changed_at: Date | null;
  updated_at: Date;
}

export interface PresenceConnectionsTable {
  id: string;
  user_id: string;
  instance_id: string;
  idle: boolean;
  heartbeat_at: Date;
}

/** One row per running Parley process: its last beat says whether its connections still count. */
export interface PresenceInstancesTable {
  id: string;
  started_at: Date;
  last_beat: Date;
}

declare module '../../kernel/db/schema.js' {
  interface Database {
    agents: AgentsTable;
    presence_connections: PresenceConnectionsTable;
    presence_instances: PresenceInstancesTable;
  }
}
