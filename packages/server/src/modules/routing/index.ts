import type { JobRunner } from '../../kernel/jobs.js';
import { fail } from '../../kernel/errors.js';
import type { AuditService } from '../audit/index.js';
import type { ConversationDeps } from '../conversations/index.js';
import { CatalogsService } from './catalogs.service.js';
import { Dispatcher, type DispatcherDeps } from './dispatcher.js';
import { AgentPool } from './pool.js';
import { routingRoutes } from './routing.routes.js';

export { Dispatcher } from './dispatcher.js';
export { pickAgent, type Candidate } from './pick.js';

const POOL_CACHE_MS = 1000;
const MAX_FALLBACK_HOPS = 3;

export type RoutingModule = ReturnType<typeof createRoutingModule>;

/**
 * Routing and the queue (behaviour §2): the dispatcher, who may start a chat now (and in which
 * department, following fallbacks), queue ordering by priority/SLA, queue positions for visitors, and
 * the maximum time in queue.
 */
export function createRoutingModule(
  d: DispatcherDeps & { audit: AuditService; jobs: JobRunner; convDeps: ConversationDeps },
) {
  const { settings, bus, conv } = d;
  settings.declareEnforced(
    'queue.processingDelaySeconds',
    'queue.waitingQueue.enabled',
    'queue.waitingQueue.message',
    'queue.maxChatsPerAgent',
    'queue.statistics.enabled',
    'queue.statistics.recentChats',
    'queue.maxWaitMinutes',
    'queue.sorting',
    'routing.method',
    'routing.acceptWithNoOnlineAgents',
    'routing.assignToBot',
    'routing.external.url',
    'routing.external.secretToken',
    'routing.lastChattedAgentPreferred',
    'routing.contactManagerPreferred',
    'general.acceptWhenIdle',
    'crm.httpTimeoutMs',
  );
  const catalogs = new CatalogsService(d.db, d.audit, d.clock);
  const dispatcher = new Dispatcher(d);

  let cached: { at: number; pool: Promise<AgentPool> } | undefined;
  const pool = () => {
    const now = Date.now();
    if (!cached || now - cached.at > POOL_CACHE_MS) {
      cached = { at: now, pool: AgentPool.load({ ...d, openChats: (ids) => conv.conversations.openCounts(ids) }) };
    }
    return cached.pool;
  };
  const forget = () => void (cached = undefined);

  /** The first department of the fallback chain (≤ 3 hops, no loops) with someone who can take a chat. */
  async function staffed(departmentId: string | null): Promise<string | null | undefined> {
    const p = await pool();
    const bots = settings.get('routing.assignToBot');
    const seen = new Set<string | null>();
    let dept: string | null = departmentId;
    for (let hop = 0; hop <= MAX_FALLBACK_HOPS; hop++) {
      if (p.candidates(dept, { bots }).length > 0) return dept;
      seen.add(dept);
      const next = p.department(dept)?.fallbackDepartmentId ?? null;
      if (!next || seen.has(next)) return undefined;
      dept = next;
    }
    return undefined;
  }

  // A new conversation: its department after fallbacks, or a refusal that makes the widget show the offline form.
  conv.conversations.startGate = async (departmentId) => {
    const found = await staffed(departmentId);
    if (found !== undefined) return found;
    if (settings.get('routing.acceptWithNoOnlineAgents') || settings.get('queue.waitingQueue.enabled'))
      return departmentId;
    fail('conversation.no-agent-online');
  };
  // A transfer to a department nobody can serve goes on down its fallback chain.
  conv.transfers.departmentFallback = async (departmentId) => (await staffed(departmentId)) ?? departmentId;
  d.convDeps.queueOrdering = async (priorityId, slaId, queuedAt) => {
    const weight = priorityId
      ? ((await catalogs.priority(priorityId, 'body.priorityId').catch(() => undefined))?.weight ?? 99)
      : 99;
    const sla = slaId ? await catalogs.sla(slaId, 'body.slaId').catch(() => undefined) : undefined;
    return { priorityWeight: weight, slaDueAt: sla ? new Date(queuedAt.getTime() + sla.dueMinutes * 60_000) : null };
  };
  d.convDeps.validateCatalogRefs = async (priorityId, slaId) => {
    if (priorityId) await catalogs.priority(priorityId, 'body.priorityId');
    if (slaId) await catalogs.sla(slaId, 'body.slaId');
  };

  // Run at once whenever capacity may have appeared, or the queue changed. Who is present changes the
  // start gate's answer at once; freed capacity can wait for its 1 s cache (a burst of starts must not
  // reload the pool each time).
  const dispatch = () => dispatcher.request();
  const reset = () => {
    forget();
    return dispatcher.request();
  };
  for (const name of [
    'conversation.queued',
    'conversation.closed',
    'conversation.on-hold',
    'conversation.transferred',
  ] as const) {
    bus.on(name, dispatch);
  }
  for (const name of [
    'agent.status-changed',
    'agent.capacity-changed',
    'department.changed',
    'user.updated',
  ] as const) {
    bus.on(name, reset);
  }
  bus.on('setting.changed', (e) => {
    if (/^(routing|queue|general)\./.test(e.payload.key)) return reset();
  });

  // An agent who can no longer serve (deactivated, or the agent role removed) leaves their open and
  // on-hold chats as "agent offline → forward" does: back to the queue, where the dispatcher gives each to
  // another eligible agent (or it waits). Local: once, in the process that made the change.
  const release = async (userId: string) => {
    const user = await d.users.repo.byId(userId);
    if (user?.active && (user.roles.includes('agent') || user.roles.includes('bot'))) return;
    await conv.transfers.releaseAgent(userId);
  };
  bus.on('user.deactivated', (e) => release(e.payload.userId));
  bus.on('user.updated', (e) => (e.payload.changed.includes('roles') ? release(e.payload.userId) : undefined));

  // queue.maxWaitMinutes: a durable timer per queued conversation; it closes only if still waiting since then.
  d.jobs.register<{ conversationId: string; queuedAt: string }>({
    kind: 'queue.max-wait',
    run: async ({ conversationId, queuedAt }) => {
      if (settings.get('queue.maxWaitMinutes') < 0) return;
      const c = await conv.conversations.peek(conversationId);
      if (!c || c.status !== 'queued' || c.queued_at?.toISOString() !== queuedAt) return;
      await conv.lifecycle.close(conversationId, { type: 'system', reason: 'queue-timeout' });
    },
  });
  bus.on('conversation.queued', async (e) => {
    const minutes = settings.get('queue.maxWaitMinutes');
    if (minutes < 0) return;
    const c = await conv.conversations.peek(e.payload.conversationId);
    if (!c?.queued_at || c.status !== 'queued') return;
    await d.db.tx(() =>
      d.jobs.enqueue(
        'queue.max-wait',
        { conversationId: c.id, queuedAt: c.queued_at!.toISOString() },
        {
          runAt: new Date(c.queued_at!.getTime() + minutes * 60_000),
          idempotencyKey: `max-wait:${c.id}`,
          replace: true,
        },
      ),
    );
  });

  return {
    catalogs,
    dispatcher,
    routes: routingRoutes(catalogs),
    /** Can a visitor start a chat now (in this department or its fallbacks)? */
    async online(departmentId: string | null): Promise<boolean> {
      if (!settings.get('omnichannel.enabled')) return false;
      if (settings.get('routing.acceptWithNoOnlineAgents') || settings.get('queue.waitingQueue.enabled')) return true;
      return (await staffed(departmentId)) !== undefined;
    },
    queuePosition: (conversationId: string) => dispatcher.positionOf(conversationId),
  };
}
