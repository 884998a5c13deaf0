import type { AgentInfo } from '@parley/shared';
import type { EventBus } from '../../kernel/bus.js';
import type { UsersService } from '../users/index.js';

/** Names and emails of agents for conversation views, cached until a user changes. */
export class AgentDirectory {
  private readonly cache = new Map<string, AgentInfo>();

  constructor(
    private readonly users: UsersService,
    bus: EventBus,
  ) {
    bus.on('user.updated', (e) => void this.cache.delete(e.payload.userId), 'broadcast');
  }

  async info(ids: Array<string | null>): Promise<Map<string, AgentInfo>> {
    const wanted = [...new Set(ids.filter((x): x is string => x !== null))];
    const missing = wanted.filter((id) => !this.cache.has(id));
    if (missing.length > 0) {
      for (const u of await this.users.repo.byIds(missing)) {
        this.cache.set(u.id, { id: u.id, name: u.name, username: u.username, email: u.email });
      }
    }
    if (this.cache.size > 10_000) this.cache.clear();
    return new Map(wanted.filter((id) => this.cache.has(id)).map((id) => [id, this.cache.get(id)!]));
  }

  async one(id: string | null): Promise<AgentInfo | null> {
    if (!id) return null;
    return (await this.info([id])).get(id) ?? null;
  }
}
