import type { TestParley } from './harness.js';

/** Small helpers shared by the routing tests. */
export function kit(p: TestParley) {
  return {
    /** A visitor starts a chat (in a department); returns the conversation id. */
    async chat(opts: { departmentId?: string; agentId?: string; text?: string } = {}): Promise<string> {
      const v = await p.visitor(opts.departmentId ? { departmentId: opts.departmentId } : {});
      const res = await v.api.post('/api/v1/widget/conversations', {
        text: opts.text ?? 'hello',
        ...(opts.agentId ? { agentId: opts.agentId } : {}),
      });
      if (res.status >= 300) throw new Error(`start failed: ${JSON.stringify(res.body)}`);
      return res.body.conversation.id;
    },
    async agentOf(conversationId: string): Promise<string | null> {
      const r = await p.db.kysely
        .selectFrom('conversations')
        .select('agent_id')
        .where('id', '=', conversationId)
        .executeTakeFirstOrThrow();
      return r.agent_id;
    },
    async statusOf(conversationId: string): Promise<string> {
      const r = await p.db.kysely
        .selectFrom('conversations')
        .select('status')
        .where('id', '=', conversationId)
        .executeTakeFirstOrThrow();
      return r.status;
    },
    async openCount(agentId: string): Promise<number> {
      const r = await p.db.kysely
        .selectFrom('conversations')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('agent_id', '=', agentId)
        .where('status', '=', 'open')
        .executeTakeFirstOrThrow();
      return r.n;
    },
    async set(values: Record<string, unknown>): Promise<void> {
      const changed = await p.settings.update(values, { kind: 'anonymous' });
      void changed;
      await p.settle();
    },
  };
}
