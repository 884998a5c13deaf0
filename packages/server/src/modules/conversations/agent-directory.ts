import type { AgentInfo } from '@parley/shared';
import type { UsersService } from '../users/index.js';

interface Entry {
  info: AgentInfo;
  /** May be given conversations: active, with the agent or bot role. */
  canServe: boolean;
  /** A bot (and not also a human agent): exempt from capacity. */
  isBot: boolean;
}

/**
 * Names and emails of agents for conversation views, and whether a user may serve conversations —
 * read on every assignment — cached until the user changes.
 */
export class AgentDirectory {
  private readonly cache = new Map<string, Entry>();

  constructor(private readonly users: UsersService) {}

  /** The user changed (name, roles, active): read them again next time. */
  forget(userId: string): void {
    this.cache.delete(userId);
  }

  async info(ids: Array<string | null>): Promise<Map<string, AgentInfo>> {
    const wanted = [...new Set(ids.filter((x): x is string => x !== null))];
    const missing = wanted.filter((id) => !this.cache.has(id));
    if (missing.length > 0) {
      for (const u of await this.users.byIds(missing)) {
        this.cache.set(u.id, {
          info: { id: u.id, name: u.name, username: u.username, email: u.email },
          canServe: u.active && (u.roles.includes('agent') || u.roles.includes('bot')),
          isBot: u.roles.includes('bot') && !u.roles.includes('agent'),
        });
      }
    }
    if (this.cache.size > 10_000) this.cache.clear();
    return new Map(wanted.filter((id) => this.cache.has(id)).map((id) => [id, this.cache.get(id)!.info]));
  }

  /** Whether the user may serve conversations now (undefined: no such user). */
  async serving(id: string): Promise<{ canServe: boolean; isBot: boolean } | undefined> {
    await this.info([id]);
    return this.cache.get(id);
  }

  async one(id: string | null): Promise<AgentInfo | null> {
    if (!id) return null;
    return (await this.info([id])).get(id) ?? null;
  }
}
