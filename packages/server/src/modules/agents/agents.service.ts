import type { AgentView, Availability, Presence } from '@parley/shared';
import { sql } from 'kysely';
import type { EventBus } from '../../kernel/bus.js';
import type { Clock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db/db.js';
import { fail } from '../../kernel/errors.js';
import type { Actor } from '../../kernel/http.js';
import type { AuditService } from '../audit/index.js';
import type { DepartmentsService } from '../departments/index.js';
import type { UsersService } from '../users/index.js';
import './agents.tables.js';

/**
 * Process liveness: every process beats every PRESENCE_TICK_MS and sweeps then; one silent for
 * INSTANCE_DEAD_MS is dead. Its connections stop counting at once (routing skips its agents), and the
 * next sweep of a survivor clears them: a crash is undone within INSTANCE_DEAD_MS + PRESENCE_TICK_MS
 * of the last beat, so within 15 s of the crash.
 */
export const PRESENCE_TICK_MS = 5_000;
export const INSTANCE_DEAD_MS = 10_000;

/** The most agents one listing returns. */
const LIST_CAP = 10_000;

export interface AgentState {
  userId: string;
  availability: Availability;
  presence: Presence;
  maxChats: number | null;
  lastAssignedAt: Date | null;
}

/**
 * Agents' availability (their own switch) and presence (derived from their realtime connections:
 * online while one is active, away when all are idle, offline when none is left). Both are stored, so
 * routing in any process sees them.
 */
export class AgentsService {
  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly audit: AuditService,
    private readonly users: UsersService,
    private readonly departments: DepartmentsService,
    private readonly clock: Clock,
    /** Open conversations per agent (from the conversations module). */
    private readonly openChats: (userIds: string[]) => Promise<Map<string, number>>,
  ) {}

  private async ensure(userId: string): Promise<void> {
    await this.db.q
      .insertInto('agents')
      .values({ user_id: userId, updated_at: this.clock.now() })
      .onConflict((oc) => oc.column('user_id').doNothing())
      .execute();
  }

  /** This process: its own connections always count (it is alive, whatever the clock says). */
  private get self(): string {
    return this.bus.transport.instanceId;
  }

  /** SQL: the presence_connections row in scope is held by a live process. */
  private liveConnection() {
    const cutoff = new Date(this.clock.now().getTime() - INSTANCE_DEAD_MS);
    return sql<boolean>`(presence_connections.instance_id = ${this.self} or exists (
      select 1 from presence_instances where presence_instances.id = presence_connections.instance_id
      and presence_instances.last_beat >= ${cutoff}))`;
  }

  /**
   * Availability and presence; presence is 'offline' when no connection of the agent is on a live
   * process (its process died and the sweep has not come yet), so routing never picks them.
   */
  async state(userId: string): Promise<AgentState> {
    return (
      (await this.states([userId])).get(userId) ?? {
        userId,
        availability: 'unavailable',
        presence: 'offline',
        maxChats: null,
        lastAssignedAt: null,
      }
    );
  }

  async states(userIds: string[]): Promise<Map<string, AgentState>> {
    if (userIds.length === 0) return new Map();
    const rows = await this.db.q
      .selectFrom('agents')
      .selectAll()
      .select(
        sql<boolean>`exists (select 1 from presence_connections
          where presence_connections.user_id = agents.user_id and ${this.liveConnection()})`.as('live'),
      )
      .where('user_id', 'in', userIds)
      .execute();
    return new Map(
      rows.map((r) => [
        r.user_id,
        {
          userId: r.user_id,
          availability: r.availability,
          presence: r.live ? r.presence : 'offline',
          maxChats: r.max_chats,
          lastAssignedAt: r.last_assigned_at,
        },
      ]),
    );
  }

  async setAvailability(userId: string, availability: Availability, actor: Actor): Promise<AgentState> {
    const user = await this.users.get(userId);
    if (!user.roles.includes('agent') && !user.roles.includes('bot')) fail('agent.not-found', undefined, 'userId');
    return this.db.tx(async (trx) => {
      await this.ensure(userId);
      const before = await this.state(userId);
      if (before.availability !== availability) {
        await trx
          .updateTable('agents')
          .set({ availability, updated_at: this.clock.now() })
          .where('user_id', '=', userId)
          .execute();
        if (actor.kind === 'staff' && actor.userId !== userId) {
          await this.audit.record(actor, {
            action: 'agent.availability-set',
            targetType: 'user',
            targetId: userId,
            changes: { from: before.availability, to: availability },
          });
        }
        this.bus.emit('agent.status-changed', { userId, presence: before.presence, availability });
      }
      return { ...before, availability };
    });
  }

  async setMaxChats(userId: string, maxChats: number | null, actor: Actor): Promise<AgentState> {
    await this.users.get(userId);
    return this.db.tx(async (trx) => {
      await this.ensure(userId);
      const before = await this.state(userId);
      await trx
        .updateTable('agents')
        .set({ max_chats: maxChats, updated_at: this.clock.now() })
        .where('user_id', '=', userId)
        .execute();
      await this.audit.record(actor, {
        action: 'agent.capacity-set',
        targetType: 'user',
        targetId: userId,
        changes: { from: before.maxChats, to: maxChats },
      });
      this.bus.emit('agent.capacity-changed', { userId, maxChats });
      return { ...before, maxChats };
    });
  }

  /**
   * Locks the agent's row until the transaction ends: every assignment to this agent, in any process,
   * waits here, so the capacity check that follows cannot be raced. The account is read again under the
   * lock: an agent deactivated (or no longer an agent) meanwhile is refused, whatever a cache said.
   */
  async lockForAssignment(userId: string): Promise<AgentState> {
    const row = await this.lock(userId);
    const user = await this.users.byId(userId);
    if (!user?.active || !(user.roles.includes('agent') || user.roles.includes('bot'))) {
      fail('agent.not-found', undefined, 'agentId');
    }
    return {
      userId,
      availability: row.availability,
      presence: row.presence,
      maxChats: row.max_chats,
      lastAssignedAt: row.last_assigned_at,
    };
  }

  /**
   * `lockForAssignment` for several agents at once (a dispatch batch): locks their rows in id order (two
   * batches never deadlock on them) until the transaction ends, and reads their accounts again under the
   * lock. Answers the states of those who may still be given chats (active, with the agent or bot role);
   * the others, and agents without a row (never connected), are left out.
   */
  async lockManyForAssignment(userIds: string[]): Promise<Map<string, AgentState & { isBot: boolean }>> {
    const ids = [...new Set(userIds)].sort();
    if (ids.length === 0) return new Map();
    const rows = await this.db.q
      .selectFrom('agents')
      .selectAll()
      .where('user_id', 'in', ids)
      .orderBy('user_id')
      .forUpdate()
      .execute();
    const users = new Map((await this.users.byIds(ids)).map((u) => [u.id, u]));
    const out = new Map<string, AgentState & { isBot: boolean }>();
    for (const row of rows) {
      const user = users.get(row.user_id);
      if (!user?.active || !(user.roles.includes('agent') || user.roles.includes('bot'))) continue;
      out.set(row.user_id, {
        userId: row.user_id,
        availability: row.availability,
        presence: row.presence,
        maxChats: row.max_chats,
        lastAssignedAt: row.last_assigned_at,
        isBot: user.roles.includes('bot') && !user.roles.includes('agent'),
      });
    }
    return out;
  }

  /** `markAssigned` for the agents of a dispatch batch: one statement. */
  async markManyAssigned(userIds: string[], at: Date): Promise<void> {
    if (userIds.length === 0) return;
    await this.db.q
      .updateTable('agents')
      .set({ last_assigned_at: at })
      .where('user_id', 'in', [...new Set(userIds)])
      .execute();
  }

  async markAssigned(userId: string, at: Date): Promise<void> {
    await this.db.q.updateTable('agents').set({ last_assigned_at: at }).where('user_id', '=', userId).execute();
  }

  /**
   * Locks the agent's row (creating it if needed) until the transaction ends. Assignments, presence
   * changes and the release of a departing agent's chats are serialised on it: two connections closing
   * at once must not each compute presence from a view that still holds the other.
   */
  async lock(userId: string) {
    await this.ensure(userId);
    return (await this.db.q
      .selectFrom('agents')
      .selectAll()
      .where('user_id', '=', userId)
      .forUpdate()
      .executeTakeFirst())!;
  }

  private async lockPresence(userId: string): Promise<void> {
    await this.lock(userId);
  }

  /** Also used again for every open connection when this process learns it was presumed dead. */
  async connectionOpened(connectionId: string, userId: string, instanceId: string): Promise<void> {
    await this.db.tx(async (trx) => {
      await this.lockPresence(userId);
      await trx
        .insertInto('presence_connections')
        .values({
          id: connectionId,
          user_id: userId,
          instance_id: instanceId,
          idle: false,
          heartbeat_at: this.clock.now(),
        })
        .onConflict((oc) => oc.column('id').doUpdateSet({ instance_id: instanceId, heartbeat_at: this.clock.now() }))
        .execute();
      await this.recompute(userId);
    });
  }

  async connectionIdle(connectionId: string, userId: string, idle: boolean): Promise<void> {
    await this.db.tx(async (trx) => {
      await this.lockPresence(userId);
      await trx
        .updateTable('presence_connections')
        .set({ idle, heartbeat_at: this.clock.now() })
        .where('id', '=', connectionId)
        .execute();
      await this.recompute(userId);
    });
  }

  async connectionClosed(connectionId: string, userId: string): Promise<void> {
    await this.db.tx(async (trx) => {
      await this.lockPresence(userId);
      await trx.deleteFrom('presence_connections').where('id', '=', connectionId).execute();
      await this.recompute(userId);
    });
  }

  /**
   * A process says it is alive. False when it had no row: its first beat, or survivors presumed it dead
   * and cleared its connections — the caller then announces its open connections again.
   */
  async heartbeat(instanceId: string): Promise<boolean> {
    const now = this.clock.now();
    const beat = await this.db.q
      .updateTable('presence_instances')
      .set({ last_beat: now })
      .where('id', '=', instanceId)
      .executeTakeFirst();
    if (Number(beat.numUpdatedRows) > 0) return true;
    await this.db.q
      .insertInto('presence_instances')
      .values({ id: instanceId, started_at: now, last_beat: now })
      .onConflict((oc) => oc.column('id').doUpdateSet({ last_beat: now }))
      .execute();
    return false;
  }

  /**
   * Clears the connections of processes that stopped beating (killed, frozen) and recomputes their
   * agents' presence. Each dead process is claimed (SKIP LOCKED), so one survivor does the work.
   */
  async sweepStale(): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - INSTANCE_DEAD_MS);
    return this.db.tx(async (trx) => {
      const dead = (
        await trx
          .selectFrom('presence_instances')
          .select('id')
          .where('last_beat', '<', cutoff)
          .where('id', '!=', this.self)
          .forUpdate()
          .skipLocked()
          .execute()
      ).map((r) => r.id);
      if (dead.length > 0) await trx.deleteFrom('presence_instances').where('id', 'in', dead).execute();
      const gone = await trx
        .deleteFrom('presence_connections')
        .where((eb) =>
          eb.or([
            ...(dead.length > 0 ? [eb('instance_id', 'in', dead)] : []),
            // Rows of a process that never beat (died at once) or was cleared already.
            eb.and([
              eb('instance_id', '!=', this.self),
              eb('heartbeat_at', '<', cutoff),
              eb.not(
                eb.exists(
                  eb
                    .selectFrom('presence_instances')
                    .select('presence_instances.id')
                    .whereRef('presence_instances.id', '=', 'presence_connections.instance_id'),
                ),
              ),
            ]),
          ]),
        )
        .returning('user_id')
        .execute();
      const users = [...new Set(gone.map((g) => g.user_id))].sort();
      for (const u of users) {
        await this.lockPresence(u);
        await this.recompute(u);
      }
      // Agents shown present with no live connection (e.g. every process restarted).
      const orphans = await trx
        .selectFrom('agents')
        .select('user_id')
        .where('presence', '!=', 'offline')
        .where(
          sql<boolean>`not exists (select 1 from presence_connections
            where presence_connections.user_id = agents.user_id and ${this.liveConnection()})`,
        )
        .orderBy('user_id')
        .execute();
      for (const o of orphans) {
        await this.lockPresence(o.user_id);
        await this.recompute(o.user_id);
      }
      return users.length + orphans.length;
    });
  }

  /** Drops this process's connections at shutdown. */
  async dropInstance(instanceId: string): Promise<void> {
    await this.db.tx(async (trx) => {
      const gone = await trx
        .deleteFrom('presence_connections')
        .where('instance_id', '=', instanceId)
        .returning('user_id')
        .execute();
      await trx.deleteFrom('presence_instances').where('id', '=', instanceId).execute();
      for (const u of new Set(gone.map((g) => g.user_id))) await this.recompute(u);
    });
  }

  private async recompute(userId: string): Promise<void> {
    const conns = await this.db.q
      .selectFrom('presence_connections')
      .select('idle')
      .where('user_id', '=', userId)
      .where(this.liveConnection())
      .execute();
    const presence: Presence = conns.length === 0 ? 'offline' : conns.some((c) => !c.idle) ? 'online' : 'away';
    await this.ensure(userId);
    const row = await this.db.q
      .updateTable('agents')
      .set({ presence, presence_changed_at: this.clock.now(), updated_at: this.clock.now() })
      .where('user_id', '=', userId)
      .where('presence', '!=', presence)
      .returning(['availability'])
      .executeTakeFirst();
    if (row) this.bus.emit('agent.status-changed', { userId, presence, availability: row.availability });
  }

  /**
   * Agents who could take a chat now by availability and presence (behaviour §2), optionally only the
   * members of a department. Capacity and business hours are the router's business.
   */
  async availableAgentIds(opts: { departmentId?: string | null; acceptWhenIdle: boolean }): Promise<string[]> {
    const presences = opts.acceptWhenIdle ? (['online', 'away'] as const) : (['online'] as const);
    const rows = await this.db.q
      .selectFrom('agents')
      .select('user_id')
      .where('availability', '=', 'available')
      .where('presence', 'in', [...presences])
      .where(
        sql<boolean>`exists (select 1 from presence_connections
          where presence_connections.user_id = agents.user_id and ${this.liveConnection()})`,
      )
      .execute();
    let ids = rows.map((r) => r.user_id);
    if (opts.departmentId) {
      const dept = await this.departments.find(opts.departmentId);
      const members = new Set(dept?.agents.map((a) => a.userId) ?? []);
      ids = ids.filter((id) => members.has(id));
    }
    const users = await this.users.byIds(ids);
    return users.filter((u) => u.active && (u.roles.includes('agent') || u.roles.includes('bot'))).map((u) => u.id);
  }

  // ── listing ─────────────────────────────────────────────────────────────
  /** Active agents by name; `total` counts every match. Without `limit`, all of them up to `LIST_CAP`. */
  async list(
    opts: { limit?: number; offset?: number; search?: string } = {},
  ): Promise<{ items: AgentView[]; total: number }> {
    const { items, total } = await this.users.list({
      limit: opts.limit ?? LIST_CAP,
      offset: opts.offset ?? 0,
      search: opts.search,
      role: 'agent',
      active: true,
    });
    const ids = items.map((u) => u.id);
    const [states, counts, departments] = await Promise.all([
      ids.length ? this.db.q.selectFrom('agents').selectAll().where('user_id', 'in', ids).execute() : [],
      this.openChats(ids),
      this.departments.list({ includeArchived: false }),
    ]);
    const byId = new Map(states.map((s) => [s.user_id, s]));
    const views = items.map((u): AgentView => {
      const s = byId.get(u.id);
      return {
        userId: u.id,
        name: u.name,
        username: u.username,
        email: u.email,
        availability: s?.availability ?? 'unavailable',
        presence: s?.presence ?? 'offline',
        maxChats: s?.max_chats ?? null,
        openChats: counts.get(u.id) ?? 0,
        departmentIds: departments.filter((d) => d.agents.some((a) => a.userId === u.id)).map((d) => d.id),
        lastAssignedAt: s?.last_assigned_at?.toISOString() ?? null,
      };
    });
    return { items: views, total };
  }
}
