import type { QueuePosition } from '@parley/shared';
import { sql } from 'kysely';
import type { EventBus } from '../../kernel/bus.js';
import type { Clock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db/db.js';
import { DomainError } from '../../kernel/errors.js';
import type { Logger } from '../../kernel/logger.js';
import type { AgentsService, OpenHours } from '../agents/index.js';
import type { VisitorsService } from '../contacts/index.js';
import type { ConversationsModule } from '../conversations/index.js';
import type { DepartmentsService } from '../departments/index.js';
import type { SettingsService } from '../settings/index.js';
import type { UsersService } from '../users/index.js';
import type { OutboundHttp } from '../../kernel/outbound-http.js';
import { askExternalRouter } from './external.js';
import { pickAgent, type Candidate, type Method as PickMethod } from './pick.js';
import { AgentPool } from '../agents/index.js';

const DISPATCH_LOCK = 7_261_845_303;
/** Queue entries read per round of assignments (with their visitors' preferences). */
const CHUNK = 200;
/** Queue entries a pass reads first; the whole queue only when agents still have room after them. */
const FIRST_PAGE = 1000;
const POSITIONS_EVERY_MS = 1000;
/** Another process holds the pass: ask again this much later. */
const RETRY_MS = 100;
/** A pass failed: ask again this much later (the tick would, later still). */
const FAILED_RETRY_MS = 1000;
/** Freed capacity with no chat known to wait: one pass at most this often (see `capacityFreed`). */
const EMPTY_QUEUE_RECHECK_MS = 250;

export interface DispatcherDeps {
  db: Db;
  bus: EventBus;
  clock: Clock;
  log: Logger;
  settings: SettingsService;
  users: UsersService;
  agents: AgentsService;
  departments: DepartmentsService;
  visitors: VisitorsService;
  conv: ConversationsModule;
  /** Business hours (nobody is eligible in a closed department); passed to the pool it loads. */
  hours?: OpenHours;
  /** Calls `routing.external.url` (private addresses refused unless the operator allows them). */
  outbound: OutboundHttp;
}

type Method = PickMethod | 'external' | 'manual';
type Entry = Awaited<ReturnType<ConversationsModule['queue']['entries']>>[number];
type Pref = { lastAgentId: string | null; contactManagerId: string | null };
type Prefs = Map<string, Pref>;

/**
 * The dispatcher (behaviour §2): drains the whole queue in `queue.sorting` order, giving each
 * conversation to an eligible agent with room (preferred agents first, then the routing method). It
 * runs at once whenever capacity may have appeared, and at least every `queue.processingDelaySeconds`.
 * One pass at a time per process; with PostgreSQL one pass at a time in the cluster (an advisory lock;
 * the others ask again shortly). Assignment itself is atomic in the database (a chunk of the queue per
 * transaction, conversations and agents locked, capacity counted there), so even overlapping passes
 * could never double-assign or overfill an agent.
 */
export class Dispatcher {
  private running: Promise<void> | undefined;
  private again = false;
  private waiting: Array<() => void> = [];
  private lastPositions = new Map<string, string>();
  private cachedPositions: { at: number; positions: Map<string, QueuePosition> } | undefined;
  private positionsTimer: NodeJS.Timeout | undefined;
  private lastPublished = 0;
  private stopped = false;
  /** The last pass found the queue empty, and no chat was queued here since. */
  private queueEmpty = false;
  private recheck: { timer: NodeJS.Timeout; done: Promise<void>; resolve: () => void } | undefined;
  /** Assignments this pass has counted in its pool (see `assignedAt`). */
  private passAssignments = 0;

  constructor(private readonly d: DispatcherDeps) {}

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.positionsTimer) clearTimeout(this.positionsTimer);
    if (this.recheck) {
      // Whoever waits on it (the bus draining a close's listener) must not wait forever.
      clearTimeout(this.recheck.timer);
      this.recheck.resolve();
      this.recheck = undefined;
    }
    await this.running;
  }

  /** Resolves when no pass is running or asked for (tests settle on it). */
  async idle(): Promise<void> {
    while (this.running || this.recheck) await (this.running ?? this.recheck?.done);
  }

  /**
   * Capacity may have appeared (a chat closed, put on hold or transferred away): a pass at once when chats
   * are waiting. When the last pass found the queue empty and nothing was queued here since, there is
   * almost surely nothing to give: one pass within EMPTY_QUEUE_RECHECK_MS covers a chat another process
   * queued meanwhile (that process dispatched it at once; this only matters if it found no room then),
   * instead of a pass per close (a burst of timers closes hundreds a second).
   */
  capacityFreed(): Promise<void> {
    if (!this.queueEmpty || this.stopped) return this.request();
    if (!this.recheck) {
      let resolve!: () => void;
      const done = new Promise<void>((r) => (resolve = r));
      const timer = setTimeout(() => {
        this.recheck = undefined;
        void this.request().then(resolve);
      }, EMPTY_QUEUE_RECHECK_MS);
      timer.unref();
      this.recheck = { timer, done, resolve };
    }
    return this.recheck.done;
  }

  /** Asks for a pass; resolves when a pass that started after this call has finished. */
  request(): Promise<void> {
    this.queueEmpty = false;
    const done = new Promise<void>((resolve) => this.waiting.push(resolve));
    if (this.running) this.again = true;
    else this.running = this.loop();
    return done;
  }

  private async loop(): Promise<void> {
    try {
      do {
        this.again = false;
        const waiters = this.waiting;
        this.waiting = [];
        try {
          const ran = await this.withClusterLock(() => this.pass());
          // Another process holds the pass: it may have read the queue before our change; ask again soon.
          if (!ran && !this.stopped) this.askSoon();
        } catch (err) {
          this.d.log.error({ err }, 'dispatch pass failed');
          // A batch that failed (a deadlock the database broke, a connection lost) left its chats queued.
          if (!this.stopped) this.askSoon(FAILED_RETRY_MS);
        }
        for (const w of waiters) w();
      } while (this.again && !this.stopped);
    } finally {
      this.running = undefined;
      const left = this.waiting;
      this.waiting = [];
      for (const w of left) w();
    }
  }

  private askSoon(ms = RETRY_MS): void {
    setTimeout(() => void this.request(), ms).unref();
  }

  private async withClusterLock(fn: () => Promise<void>): Promise<boolean> {
    if (this.d.db.dialect === 'pglite') {
      await fn();
      return true;
    }
    return this.d.db.kysely.connection().execute(async (conn) => {
      const got = await sql<{ ok: boolean }>`select pg_try_advisory_lock(${DISPATCH_LOCK}) as ok`.execute(conn);
      if (!got.rows[0]?.ok) return false;
      try {
        await fn();
        return true;
      } finally {
        await sql`select pg_advisory_unlock(${DISPATCH_LOCK})`.execute(conn);
      }
    });
  }

  /**
   * One pass: give waiting conversations, in queue order, to agents with room — chosen in memory from a
   * pool loaded once per pass, written a chunk at a time (one transaction per chunk, which locks the
   * conversations and the agents and checks capacity in the database). Stops early when no agent has room.
   */
  async pass(): Promise<void> {
    const method = this.d.settings.get('routing.method');
    this.passAssignments = 0;
    // The head of the queue first: freed capacity is usually far less than a long queue, and reading
    // (and parsing) all of it on every pass cost more than the assignments. The rest only if room is left.
    const entries = await this.d.conv.queue.entries(FIRST_PAGE);
    this.queueEmpty = entries.length === 0 && !this.again;
    if (entries.length > 0 && method !== 'manual') {
      const pool = await AgentPool.load({ ...this.d, openChats: (ids) => this.d.conv.conversations.openCounts(ids) });
      const roomLeft = await this.assignAll(entries, pool, method);
      if (roomLeft && entries.length === FIRST_PAGE && !this.stopped)
        await this.assignAll(await this.d.conv.queue.entries(), pool, method);
    }
    this.positionsChanged();
  }

  /**
   * Gives the queue, chunk by chunk, to agents with room. The routing method's choices are made in memory
   * against the pool (each reserving its agent, so later choices see it), then a chunk's assignments are
   * written in one transaction (`assignMany`: conversations and agents locked, capacity checked in the
   * database). The external method asks its service per conversation, several at a time on PostgreSQL.
   * Answers whether some agent still has room.
   */
  private async assignAll(entries: Entry[], pool: AgentPool, method: Exclude<Method, 'manual'>): Promise<boolean> {
    const bots = this.d.settings.get('routing.assignToBot');
    for (let i = 0; i < entries.length && !this.stopped; i += CHUNK) {
      if (!pool.hasRoom({ bots })) return false;
      const chunk = entries.slice(i, i + CHUNK);
      const prefs = await this.d.visitors.preferences([...new Set(chunk.map((e) => e.visitorId))]);
      if (method === 'external') await this.assignEach(chunk, pool, prefs);
      else await this.assignBatch(chunk, pool, method, prefs);
    }
    return pool.hasRoom({ bots });
  }

  /**
   * One chunk, in queue order: choose, then write the whole chunk's assignments at once. A choice the
   * database refuses because the agent is full (or may no longer serve) is made again without that agent
   * (at most 3 rounds, as a single assignment retries); one no longer queued is someone else's.
   */
  private async assignBatch(chunk: Entry[], pool: AgentPool, method: PickMethod, prefs: Prefs): Promise<void> {
    let todo = chunk;
    for (let round = 0; round < 3 && todo.length > 0 && !this.stopped; round++) {
      const pairs: Array<{ conversationId: string; agentId: string }> = [];
      const entryOf = new Map<string, Entry>();
      for (const e of todo) {
        const chosen = this.choose(e, pool, method, prefs.get(e.visitorId));
        if (!chosen) continue;
        pool.assigned(chosen.id, this.assignedAt());
        pairs.push({ conversationId: e.conversationId, agentId: chosen.id });
        entryOf.set(e.conversationId, e);
      }
      if (pairs.length === 0) return;
      const { refused } = await this.d.conv.lifecycle.assignMany(pairs);
      todo = [];
      for (const r of refused) {
        pool.unassigned(r.agentId);
        if (r.reason === 'full' || r.reason === 'not-found') {
          pool.full(r.agentId);
          todo.push(entryOf.get(r.conversationId)!);
        }
      }
    }
  }

  /**
   * When the pool counts an assignment of this pass as made: now, plus a microsecond per assignment so far,
   * so that within one pass (where the clock may not move) "assigned least recently" still rotates.
   */
  private assignedAt(): number {
    return this.d.clock.now().getTime() + this.passAssignments++ / 1000;
  }

  /** The external method: one conversation at a time (each asks the service), several at once on PostgreSQL. */
  private async assignEach(chunk: Entry[], pool: AgentPool, prefs: Prefs): Promise<void> {
    const parallel = this.d.db.dialect === 'pglite' ? 1 : 8;
    const inFlight = new Set<Promise<unknown>>();
    for (const e of chunk) {
      if (this.stopped) break;
      const p: Promise<unknown> = this.dispatchOne(e, pool, prefs.get(e.visitorId)).finally(() => inFlight.delete(p));
      inFlight.add(p);
      if (inFlight.size >= parallel) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
  }

  /**
   * The agent for this conversation by the rules (behaviour §2), from the pool's eligible agents with room:
   * the preferred ones in order (the requested agent, a bot when bots take chats first, the contact
   * manager, the last agent), one who cannot take it now skipped, never waited for; otherwise the routing
   * method. Never the agent a timer took it from.
   */
  private choose(
    e: Entry,
    pool: AgentPool,
    method: PickMethod | 'external',
    pref: Pref | undefined,
  ): Candidate | undefined {
    const s = this.d.settings;
    const withBots = s.get('routing.assignToBot');
    const candidates = pool.candidates(e.departmentId, { bots: withBots }).filter((c) => c.id !== e.excludedAgentId);
    if (candidates.length === 0) return undefined;
    const byId = new Map(candidates.map((c) => [c.id, c]));
    const preferred = [
      e.requestedAgentId,
      withBots ? candidates.find((c) => c.isBot)?.id : undefined,
      s.get('routing.contactManagerPreferred') ? pref?.contactManagerId : undefined,
      s.get('routing.lastChattedAgentPreferred') ? pref?.lastAgentId : undefined,
    ].find((id) => id && byId.has(id));
    if (preferred) return byId.get(preferred);
    if (method === 'external') return undefined;
    return pickAgent(
      method,
      candidates.filter((c) => !c.isBot),
    );
  }

  private async dispatchOne(e: Entry, pool: AgentPool, pref: Pref | undefined): Promise<boolean> {
    const withBots = () => this.d.settings.get('routing.assignToBot');
    for (let attempt = 0; attempt < 3; attempt++) {
      if (pool.candidates(e.departmentId, { bots: withBots() }).every((c) => c.id === e.excludedAgentId)) return false;
      let chosen = this.choose(e, pool, 'external', pref);
      if (!chosen) {
        const id = await this.external(e, pool);
        // The pool may have changed while the service answered: it must still have room now.
        chosen =
          id && id !== e.excludedAgentId
            ? pool.candidates(e.departmentId, { bots: withBots() }).find((c) => c.id === id)
            : undefined;
        if (!chosen) {
          if (id)
            this.d.log.warn(
              { conversationId: e.conversationId, agentId: id },
              'external router named an agent who cannot take it now',
            );
          return false;
        }
      }
      pool.assigned(chosen.id, this.assignedAt()); // reserved before the await: parallel choices see it
      try {
        await this.d.conv.lifecycle.assign(e.conversationId, chosen.id);
        return true;
      } catch (err) {
        pool.unassigned(chosen.id);
        if (err instanceof DomainError && (err.code === 'agent.capacity-reached' || err.code === 'agent.not-found')) {
          pool.full(chosen.id);
          continue;
        }
        if (err instanceof DomainError) return false; // taken, closed: someone else handled it
        throw err;
      }
    }
    return false;
  }

  private async external(e: Entry, pool: AgentPool): Promise<string | undefined> {
    const url = this.d.settings.get('routing.external.url');
    if (!url) return undefined;
    const answer = await askExternalRouter(this.d.outbound, {
      url,
      secret: this.d.settings.get('routing.external.secretToken'),
      timeoutMs: this.d.settings.get('crm.httpTimeoutMs'),
      departmentId: e.departmentId,
      conversationId: e.conversationId,
    });
    if ('error' in answer) {
      this.d.log.warn({ conversationId: e.conversationId, error: answer.error }, 'external router gave no agent');
      return undefined;
    }
    const id = pool.find(answer);
    if (!id) this.d.log.warn({ conversationId: e.conversationId, answer }, 'external router named an unknown agent');
    return id;
  }

  /**
   * Positions are pushed on every change, debounced to at most once a second (behaviour §2): a burst of
   * passes costs one recomputation, and a quiet queue answers at once.
   */
  private positionsChanged(): void {
    if (this.positionsTimer || this.stopped) return;
    const wait = Math.max(0, this.lastPublished + POSITIONS_EVERY_MS - this.d.clock.now().getTime());
    this.positionsTimer = setTimeout(() => {
      this.positionsTimer = undefined;
      this.lastPublished = this.d.clock.now().getTime();
      void this.publishPositions().catch((err: unknown) => this.d.log.warn({ err }, 'queue positions failed'));
    }, wait);
    this.positionsTimer.unref();
  }

  /**
   * Queue position = rank in dispatch order among the conversations waiting for the same pool (the
   * same department, or no department); estimated wait = position / (agents × capacity, at least 1) ×
   * the average handling time of the last `queue.statistics.recentChats` closed chats (behaviour §2).
   * Pushed to visitors only when it changed.
   */
  private async publishPositions(): Promise<void> {
    if (!this.d.settings.get('queue.statistics.enabled')) return;
    const entries = await this.d.conv.queue.entries();
    const positions = await this.positionsOf(entries, undefined);
    const next = new Map<string, string>();
    for (const [conversationId, queue] of positions) {
      const key = JSON.stringify(queue);
      next.set(conversationId, key);
      if (this.lastPositions.get(conversationId) !== key)
        this.d.bus.emitEphemeral('queue.position', { conversationId, queue });
    }
    // Left the queue (taken or closed): tell the visitor once.
    for (const conversationId of this.lastPositions.keys()) {
      if (!next.has(conversationId)) this.d.bus.emitEphemeral('queue.position', { conversationId, queue: null });
    }
    this.lastPositions = next;
    this.cachedPositions = { at: this.d.clock.now().getTime(), positions };
  }

  async positionsOf(entries: Entry[], pool: AgentPool | undefined): Promise<Map<string, QueuePosition>> {
    const out = new Map<string, QueuePosition>();
    if (entries.length === 0) return out;
    const p =
      pool ?? (await AgentPool.load({ ...this.d, openChats: (ids) => this.d.conv.conversations.openCounts(ids) }));
    const avg = await this.d.conv.queue.averageHandlingSeconds(this.d.settings.get('queue.statistics.recentChats'));
    const rank = new Map<string, number>();
    const globalMessage = this.d.settings.get('queue.waitingQueue.message');
    for (const e of entries) {
      const key = e.departmentId ?? '';
      const position = (rank.get(key) ?? 0) + 1;
      rank.set(key, position);
      const { capacity } = p.presentCount(e.departmentId);
      const slots = Math.max(1, capacity);
      out.set(e.conversationId, {
        position,
        estimatedWaitSeconds: avg === null ? null : Math.round((position / slots) * avg),
        message: p.department(e.departmentId)?.waitingQueueMessage || globalMessage,
      });
    }
    return out;
  }

  /**
   * The visitor's place in the queue, from the last published positions (at most a second old). A
   * conversation not there yet gets null now and its position pushed within a second: a burst of starts
   * must not each read the whole queue.
   */
  async positionOf(conversationId: string): Promise<QueuePosition | null> {
    if (!this.d.settings.get('queue.statistics.enabled')) return null;
    const known = this.cachedPositions?.positions.get(conversationId);
    if (!known) this.positionsChanged();
    return known ?? null;
  }

  /** Publishes pending position changes now (tests; shutdown). */
  async flushPositions(): Promise<void> {
    if (this.positionsTimer) {
      clearTimeout(this.positionsTimer);
      this.positionsTimer = undefined;
    }
    this.lastPublished = this.d.clock.now().getTime();
    await this.publishPositions();
  }
}
