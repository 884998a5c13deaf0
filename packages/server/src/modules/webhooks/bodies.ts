import { CRM_ENDPOINT_ID, type CallView, type MessageView, type WebhookEvent } from '@parley/shared';
import type { Db } from '../../kernel/db/db.js';
import {
  callBody,
  offlineBody,
  roomBody,
  type ConversationFacts,
  type DeliverySource,
  type StaffFacts,
  type VisitorFacts,
} from './payloads.js';
import type { WebhookTargets } from './targets.js';
import './webhooks.tables.js';

/** What the bodies need from other modules, asked through their faces (wired in index.ts). */
export interface WebhookSources {
  conversation(id: string): Promise<ConversationFacts | undefined>;
  visitor(visitorId: string): Promise<VisitorFacts>;
  /** Staff by id (those that exist). */
  staff(userIds: string[]): Promise<StaffFacts[]>;
  /** The conversation's messages, oldest first (at most `limit`, the most recent ones). */
  messages(conversationId: string, limit: number): Promise<MessageView[]>;
  /** A call as it is now (in the event's transaction when built at the event). */
  call(callId: string): Promise<CallView | undefined>;
}

/** The reference sends every message; a very long conversation sends its most recent ones. */
const MAX_MESSAGES = 1000;

export class BodyBuilder {
  constructor(
    private readonly db: Db,
    private readonly sources: WebhookSources,
    private readonly targets: WebhookTargets,
    private readonly publicUrl: string,
  ) {}

  /**
   * `memo`: reads shared by the bodies of one line (one conversation), so a run of its messages reads the
   * room once.
   */
  async build(
    d: { endpoint_id: string; event: string; source: DeliverySource },
    memo: Map<string, Promise<unknown>> = new Map(),
  ): Promise<string> {
    const once = <T>(key: string, read: () => Promise<T>): Promise<T> => {
      let p = memo.get(key) as Promise<T> | undefined;
      if (!p) memo.set(key, (p = read()));
      return p;
    };
    const source = d.source;
    if (source.kind === 'offline') return JSON.stringify(offlineBody(source));
    if (source.kind === 'call') {
      const call = await this.sources.call(source.callId);
      if (!call) throw new Error(`call ${source.callId} no longer exists`);
      return JSON.stringify(callBody(call, source.phase));
    }
    const conversation = await once(`c:${source.conversationId}`, () =>
      this.sources.conversation(source.conversationId),
    );
    if (!conversation) throw new Error(`conversation ${source.conversationId} no longer exists`);
    const visitor = await once(`v:${conversation.visitorId}`, () => this.sources.visitor(conversation.visitorId));
    const event = d.event as WebhookEvent;
    const full = source.kind !== 'message' && event !== 'leadCapture';
    const messages = full ? await this.sources.messages(conversation.id, MAX_MESSAGES) : [];
    const staffIds = new Set<string>();
    const add = (id: string | null | undefined) => id && staffIds.add(id);
    add(conversation.agentId);
    if (source.kind === 'message') add(source.agentId);
    if (conversation.closedByType === 'agent') add(conversation.closedById);
    if (source.kind === 'taken') add(source.agentId);
    if (source.kind === 'forward') add(source.from.agentId);
    for (const m of source.kind === 'message' ? [source.message] : messages)
      if (m.author.type === 'agent' || m.author.type === 'bot') add(m.author.id);
    const staff = new Map<string, StaffFacts>();
    const ids = [...staffIds].sort();
    if (ids.length > 0)
      for (const s of await once(`s:${ids.join()}`, () => this.sources.staff(ids))) staff.set(s.id, s);
    // db.q: inside the event's transaction when the body is built at the event (recorder.ts).
    const crm =
      d.endpoint_id === CRM_ENDPOINT_ID
        ? await once(`crm:${conversation.id}`, () =>
            this.db.q
              .selectFrom('webhook_crm_data')
              .select('data')
              .where('conversation_id', '=', conversation.id)
              .executeTakeFirst(),
          )
        : undefined;
    const body = roomBody(
      event,
      source,
      {
        conversation,
        visitor,
        staff,
        messages,
        crmData: crm?.data ?? null,
        withNavigation: this.targets.withNavigation(d.endpoint_id),
      },
      this.publicUrl,
    );
    return JSON.stringify(body);
  }
}
