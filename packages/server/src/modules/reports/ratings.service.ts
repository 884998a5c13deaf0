import type { RatingView } from '@parley/shared';
import type { Clock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db/db.js';
import { fail } from '../../kernel/errors.js';
import type { StaffActor, VisitorActor } from '../../kernel/http.js';
import type { ConversationsService } from '../conversations/index.js';
import type { SettingsService } from '../settings/index.js';
import type { ReportsRecorder } from './recorder.js';
import { ratingView } from './reports.service.js';
import './reports.tables.js';

/**
 * CSAT (`livechat.csat.enabled`, `livechat.csat.question`): the visitor rates their own closed
 * conversation once, 1–5 with a comment; the rating counts in the rollups for the conversation's agent and
 * department at the instant it was given, in the same transaction.
 */
export class RatingsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly settings: SettingsService,
    private readonly conversations: ConversationsService,
    private readonly recorder: ReportsRecorder,
  ) {
    settings.declareEnforced('livechat.csat.enabled', 'livechat.csat.question');
  }

  async rate(
    actor: VisitorActor,
    conversationId: string,
    input: { rating: number; comment: string },
  ): Promise<RatingView> {
    if (!this.settings.get('livechat.csat.enabled')) fail('rating.disabled');
    const c = await this.conversations.forVisitor(actor, conversationId);
    if (c.status !== 'closed') fail('rating.not-closed', undefined, 'params.id');
    const now = this.clock.now();
    return this.db.tx(async () => {
      const row = await this.db.q
        .insertInto('conversation_ratings')
        .values({
          conversation_id: c.id,
          visitor_id: actor.visitorId,
          agent_id: c.agent_id,
          department_id: c.department_id,
          rating: input.rating,
          comment: input.comment.trim(),
          created_at: now,
        })
        .onConflict((oc) => oc.column('conversation_id').doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!row) fail('rating.already-rated', undefined, 'params.id');
      await this.recorder.rated(
        now,
        { departmentId: c.department_id, agentId: c.agent_id, channel: c.channel },
        input.rating,
      );
      return ratingView(row);
    });
  }

  /** The question and the visitor's own rating of their conversation (for the widget's form). */
  async forVisitor(
    actor: VisitorActor,
    conversationId: string,
  ): Promise<{
    enabled: boolean;
    question: string;
    rating: { rating: number; comment: string } | null;
  }> {
    const c = await this.conversations.forVisitor(actor, conversationId);
    const row = await this.db.q
      .selectFrom('conversation_ratings')
      .select(['rating', 'comment'])
      .where('conversation_id', '=', c.id)
      .executeTakeFirst();
    return {
      enabled: this.settings.get('livechat.csat.enabled'),
      question: this.settings.get('livechat.csat.question'),
      rating: row ? { rating: Number(row.rating), comment: row.comment } : null,
    };
  }

  /** The rating of a conversation the staff member may read. */
  async ofConversation(actor: StaffActor, conversationId: string): Promise<RatingView | null> {
    await this.conversations.forStaff(actor, conversationId);
    const row = await this.db.q
      .selectFrom('conversation_ratings')
      .selectAll()
      .where('conversation_id', '=', conversationId)
      .executeTakeFirst();
    return row ? ratingView(row) : null;
  }
}
