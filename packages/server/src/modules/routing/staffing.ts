import type { Clock } from '../../kernel/clock.js';
import { fail } from '../../kernel/errors.js';
import { AgentPool, type AgentsService, type OpenHours } from '../agents/index.js';
import type { RoutingPolicy } from '../conversations/index.js';
import type { DepartmentsService } from '../departments/index.js';
import type { SettingsService } from '../settings/index.js';
import type { UsersService } from '../users/index.js';

const POOL_CACHE_MS = 1000;
const MAX_FALLBACK_HOPS = 3;

export interface StaffingDeps {
  clock: Clock;
  settings: SettingsService;
  users: UsersService;
  agents: AgentsService;
  departments: DepartmentsService;
  /** Open conversations per agent (their load). */
  openChats: (ids: string[]) => Promise<Map<string, number>>;
  /** Business hours: a closed department has nobody eligible, and takes no new chat even to queue it. */
  hours?: OpenHours;
}

/**
 * Who can take a chat now, department by department (behaviour §2): the answer to "may this visitor
 * start a chat, and where does it land" — the routing policy conversations ask — and to the widget's
 * online/offline. Reads a pool of agents cached for a second (a burst of starts must not reload it each
 * time); presence changes forget it at once.
 */
export class Staffing implements RoutingPolicy {
  private cached: { at: number; pool: Promise<AgentPool> } | undefined;

  constructor(private readonly d: StaffingDeps) {}

  pool(): Promise<AgentPool> {
    const now = this.d.clock.now().getTime();
    if (!this.cached || now - this.cached.at > POOL_CACHE_MS || now < this.cached.at) {
      this.cached = { at: now, pool: AgentPool.load(this.d) };
    }
    return this.cached.pool;
  }

  /** Someone's presence, capacity or membership changed, or a chat freed a place: read the pool again. */
  forget(): void {
    this.cached = undefined;
  }

  /**
   * A chat was given to an agent (in any process): the cached pool counts it at once. Without this, a
   * start within the cache's second of an agent filling up would be let in with the waiting queue off
   * (and then wait in a queue that is off) instead of getting the offline form.
   */
  async taken(agentId: string, previousAgentId: string | null): Promise<void> {
    const cached = this.cached;
    if (!cached) return;
    const pool = await cached.pool;
    pool.assigned(agentId, this.d.clock.now().getTime());
    if (previousAgentId) pool.unassigned(previousAgentId);
  }

  /** The first department of the fallback chain (≤ 3 hops, no loops) with someone who can take a chat. */
  async staffed(departmentId: string | null): Promise<string | null | undefined> {
    const p = await this.pool();
    const bots = this.d.settings.get('routing.assignToBot');
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

  private acceptsAnyway(): boolean {
    return this.d.settings.get('routing.acceptWithNoOnlineAgents') || this.d.settings.get('queue.waitingQueue.enabled');
  }

  /** Inside business hours (always, when they are off)? Asked by conversations for takes and transfers. */
  async insideHours(departmentId: string | null): Promise<boolean> {
    if (!this.d.hours) return true;
    return this.d.hours.isOpen(departmentId ? await this.d.departments.find(departmentId) : undefined);
  }

  async startDepartment(departmentId: string | null): Promise<string | null> {
    const found = await this.staffed(departmentId);
    if (found !== undefined) return found;
    if (this.acceptsAnyway() && (await this.insideHours(departmentId))) return departmentId;
    fail('conversation.no-agent-online');
  }

  async landingDepartment(departmentId: string): Promise<string> {
    return (await this.staffed(departmentId)) ?? departmentId;
  }

  /** Can a visitor start a chat now (in this department or its fallbacks)? */
  async online(departmentId: string | null): Promise<boolean> {
    if (!this.d.settings.get('omnichannel.enabled')) return false;
    if (this.acceptsAnyway() && (await this.insideHours(departmentId))) return true;
    return (await this.staffed(departmentId)) !== undefined;
  }
}
