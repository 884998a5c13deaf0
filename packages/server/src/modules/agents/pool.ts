import type { DepartmentView } from '@parley/shared';
import type { AgentsService } from './agents.service.js';
import { capacityOf } from './capacity.js';
import type { DepartmentsService } from '../departments/index.js';
import type { SettingsService } from '../settings/index.js';
import type { UsersService } from '../users/index.js';

/**
 * Business hours as routing needs them (behaviour §2: outside hours nobody is eligible in a department):
 * answered from memory, per department (undefined: a chat without one). Passed in by compose.ts.
 */
export interface OpenHours {
  isOpen(department: DepartmentView | undefined): boolean;
}

/** One agent as the router sees it during a dispatch pass. */
export interface Candidate {
  id: string;
  isBot: boolean;
  load: number;
  /** 0 = unlimited. */
  capacity: number;
  lastAssignedAt: number | null;
  /** Position in the department's agent list (ties), then the id. */
  position: number;
}

interface PoolAgent {
  id: string;
  isBot: boolean;
  /** Available, and present (online, or away when idle agents may take chats; bots always). */
  present: boolean;
  ownMax: number | null;
  lastAssignedAt: number | null;
  email: string;
  username: string;
}

/**
 * The agents a dispatch pass chooses from: loaded once per pass (a handful of queries, whatever the
 * queue length), then updated in memory as the pass assigns. The database re-checks every assignment
 * under a row lock, so a stale pool can cost a retry, never a wrong assignment.
 */
export class AgentPool {
  private readonly memberOf = new Map<string, DepartmentView[]>();

  private constructor(
    private readonly agents: Map<string, PoolAgent>,
    private readonly loads: Map<string, number>,
    private readonly departments: Map<string, DepartmentView>,
    private readonly globalMax: number,
    private readonly hours: OpenHours | undefined,
  ) {
    for (const d of departments.values()) {
      for (const m of d.agents) this.memberOf.set(m.userId, [...(this.memberOf.get(m.userId) ?? []), d]);
    }
  }

  static async load(d: {
    users: UsersService;
    agents: AgentsService;
    departments: DepartmentsService;
    settings: SettingsService;
    openChats: (ids: string[]) => Promise<Map<string, number>>;
    hours?: OpenHours;
  }): Promise<AgentPool> {
    const users = await d.users.withAnyRole(['agent', 'bot']);
    const ids = users.map((u) => u.id);
    const [states, loads, departments] = await Promise.all([
      d.agents.states(ids),
      d.openChats(ids),
      d.departments.list(),
    ]);
    const acceptWhenIdle = d.settings.get('general.acceptWhenIdle');
    const agents = new Map<string, PoolAgent>();
    for (const u of users) {
      const s = states.get(u.id);
      const isBot = u.roles.includes('bot') && !u.roles.includes('agent');
      const presenceOk = isBot || s?.presence === 'online' || (s?.presence === 'away' && acceptWhenIdle);
      agents.set(u.id, {
        id: u.id,
        isBot,
        present: s?.availability === 'available' && presenceOk,
        ownMax: s?.maxChats ?? null,
        lastAssignedAt: s?.lastAssignedAt?.getTime() ?? null,
        email: u.email.toLowerCase(),
        username: u.username.toLowerCase(),
      });
    }
    return new AgentPool(
      agents,
      loads,
      new Map(departments.map((x) => [x.id, x])),
      d.settings.get('queue.maxChatsPerAgent'),
      d.hours,
    );
  }

  department(id: string | null): DepartmentView | undefined {
    return id ? this.departments.get(id) : undefined;
  }

  /** Eligible for a conversation of this department, with room, as candidates (bots only when `bots`). */
  candidates(departmentId: string | null, opts: { bots: boolean }): Candidate[] {
    const dept = this.department(departmentId);
    // Asked at each call, not when the pool was loaded: a pool cached across an opening sees it open.
    if (this.hours && !this.hours.isOpen(dept)) return [];
    const members = dept ? new Map(dept.agents.map((a) => [a.userId, a.position])) : undefined;
    const out: Candidate[] = [];
    for (const a of this.agents.values()) {
      if (!a.present || (a.isBot && !opts.bots)) continue;
      if (members && !members.has(a.id)) continue;
      const c = this.candidate(a, dept, members?.get(a.id) ?? 0);
      if (c.isBot || c.capacity === 0 || c.load < c.capacity) out.push(c);
    }
    return out;
  }

  /**
   * Agents present for the department, whatever their load (for the wait estimate). None while it is
   * outside business hours: its agents take no chat until it opens, so they shorten no wait now.
   */
  presentCount(departmentId: string | null): { agents: number; capacity: number } {
    const dept = this.department(departmentId);
    if (this.hours && !this.hours.isOpen(dept)) return { agents: 0, capacity: 0 };
    const members = dept ? new Set(dept.agents.map((a) => a.userId)) : undefined;
    let agents = 0;
    let capacity = 0;
    for (const a of this.agents.values()) {
      if (!a.present || a.isBot || (members && !members.has(a.id))) continue;
      agents++;
      capacity += capacityOf({ agentMax: a.ownMax, department: dept, globalMax: this.globalMax, isBot: false }) || 1;
    }
    return { agents, capacity };
  }

  find(ref: { agentId?: string; username?: string; email?: string }): string | undefined {
    if (ref.agentId && this.agents.has(ref.agentId)) return ref.agentId;
    for (const a of this.agents.values()) {
      if (ref.username && a.username === ref.username.toLowerCase()) return a.id;
      if (ref.email && a.email === ref.email.toLowerCase()) return a.id;
    }
    return undefined;
  }

  isBot(id: string): boolean {
    return this.agents.get(id)?.isBot ?? false;
  }

  assigned(id: string, at: number): void {
    this.loads.set(id, (this.loads.get(id) ?? 0) + 1);
    const a = this.agents.get(id);
    if (a) a.lastAssignedAt = at;
  }

  /** An assignment the pool reserved did not happen. */
  unassigned(id: string): void {
    this.loads.set(id, Math.max(0, (this.loads.get(id) ?? 0) - 1));
  }

  /** Does any agent have room for one more chat (in any department)? */
  hasRoom(opts: { bots: boolean }): boolean {
    for (const a of this.agents.values()) {
      if (!a.present || (a.isBot && !opts.bots)) continue;
      if (a.isBot) return true;
      const load = this.loads.get(a.id) ?? 0;
      // The most generous capacity any of its departments could give it.
      const caps = [capacityOf({ agentMax: a.ownMax, department: undefined, globalMax: this.globalMax, isBot: false })];
      for (const d of this.memberOf.get(a.id) ?? []) {
        caps.push(capacityOf({ agentMax: a.ownMax, department: d, globalMax: this.globalMax, isBot: false }));
      }
      if (caps.some((c) => c === 0 || load < c)) return true;
    }
    return false;
  }

  /** The database said this agent is full: believe it for the rest of the pass. */
  full(id: string): void {
    const a = this.agents.get(id);
    if (a) a.present = false;
  }

  private candidate(a: PoolAgent, dept: DepartmentView | undefined, position: number): Candidate {
    return {
      id: a.id,
      isBot: a.isBot,
      load: this.loads.get(a.id) ?? 0,
      capacity: capacityOf({ agentMax: a.ownMax, department: dept, globalMax: this.globalMax, isBot: a.isBot }),
      lastAssignedAt: a.lastAssignedAt,
      position,
    };
  }
}
