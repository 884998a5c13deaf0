import type { SettingKey } from '@parley/shared';
import { sql } from 'kysely';
import { DomainError } from '../../kernel/errors.js';
import type { JobOutcome } from '../../kernel/jobs.js';
import type { SessionsDeps } from './deps.js';
import './sessions.tables.js';

const KIND = 'sessions.abandonment-sweep';
const SWEEP = 'visitor-abandonment';
const REASON = 'abandonment';
/** Conversations read per scan and acted on per turn; a page full of due ones books the next turn at once. */
const PAGE = 200;
const LAST_ID = 'ffffffff-ffff-ffff-ffff-ffffffffffff';

interface Position {
  at: Date;
  id: string;
}

const isAfter = (a: Position, b: Position) =>
  a.at.getTime() > b.at.getTime() || (a.at.getTime() === b.at.getTime() && a.id > b.id);

/**
 * `sessions.visitorAbandonment.seconds` / `.action` / `.closeMessage`: a chat whose visitor has been silent
 * this long after an agent's message is closed (a system close with the reason `abandonment`; the visitor
 * reads the custom message) or placed on hold (as an agent's hold, by nobody).
 *
 * The message path pays nothing for it. The conversation row already says when the agent last wrote
 * (`last_agent_message_at`) and whether the visitor wrote since (`unanswered_since`), so the due time is
 * that + the wait; a visitor's message cancels it and every agent's message re-arms it, by the writes the
 * message makes anyway. ONE recurring job for the cluster (`sessions.abandonment-sweep`) reads the open
 * conversations waiting on their visitor, oldest first, and acts on the due ones, each in its own
 * transaction under the row lock, so one that fails never holds back the others.
 *
 * The sweep keeps a position (table `session_sweeps`): each agent message is considered once, when it
 * falls due, as a timer armed by it would fire once. A chat that was not open then (queued, on hold) is
 * left alone until its agent writes again, and one the sweep could not act on is not tried again.
 *
 * Settings: while the feature is on, the sweep exists and books its next turn at the earliest due time
 * (not sooner than `gap` after this one, so the scans stay rare), or a wait from now when nothing is
 * waiting (an agent message written later falls due no sooner). A changed wait applies to the chats
 * already waiting (the sweep runs at once with it); `0` or the action `none` drops the sweep; turning it
 * on counts from then: chats already waiting are left alone until their agent writes again.
 */
export class VisitorAbandonment {
  private ensured: Promise<void> | undefined;

  constructor(private readonly d: SessionsDeps) {
    d.settings.declareEnforced(
      'sessions.visitorAbandonment.seconds',
      'sessions.visitorAbandonment.action',
      'sessions.visitorAbandonment.closeMessage',
    );
    d.jobs.register({
      kind: KIND,
      // Not one transaction for the whole turn: each conversation is acted on in its own, so a failure
      // rolls back that one alone (a savepoint would not take back the events it had emitted).
      transactional: false,
      leaseMs: 5 * 60_000,
      // A recurring job that must never give up: retried at most a minute apart.
      maxAttempts: 2_000_000_000,
      retryDelayMs: (attempt) => Math.min(1000 * 2 ** (attempt - 1), 60_000),
      run: () => this.turn(),
    });
  }

  private async turn(): Promise<JobOutcome> {
    // From the database, not this process's cache: a change committed by another process may not have
    // reached it yet.
    const seconds = await this.d.settings.inTransaction('sessions.visitorAbandonment.seconds');
    const action = await this.d.settings.inTransaction('sessions.visitorAbandonment.action');
    if (seconds === 0 || action === 'none') return; // off: the sweep ends (turning it off deleted it already)
    const now = this.d.clock.now();
    const upTo = new Date(now.getTime() - seconds * 1000); // agent messages at or before this are due
    const page = await this.d.conv.conversations.awaitingVisitor(await this.position(), PAGE);
    const due = page.filter((r) => r.lastAgentMessageAt <= upTo);
    const message = this.d.settings.get('sessions.visitorAbandonment.closeMessage');
    const failed: string[] = [];
    for (const r of due) {
      await this.act(r.id, r.lastAgentMessageAt, action, message).catch((err: unknown) =>
        failed.push(`${r.id}: ${err instanceof Error ? err.message : String(err)}`),
      );
    }
    const full = due.length === PAGE;
    const last = due[due.length - 1];
    // A page with room left saw every waiting chat up to `upTo`: the position moves there.
    await this.advance(full && last ? { at: last.lastAgentMessageAt, id: last.id } : { at: upTo, id: LAST_ID });
    // The runner logs it and runs the sweep again after its retry delay; the position is past them.
    if (failed.length > 0) throw new Error(`visitor abandonment failed on ${failed.join('; ')}`);
    if (full) return { runAgainAt: now };
    // Changed while this turn ran: run again with the new wait.
    if ((await this.d.settings.inTransaction('sessions.visitorAbandonment.seconds')) !== seconds)
      return { runAgainAt: now };
    return { runAgainAt: nextTurn(now, seconds, page[due.length]?.lastAgentMessageAt) };
  }

  /** One conversation, in its own transaction; a change committed in the same instant wins. */
  private async act(id: string, lastAgentMessageAt: Date, action: 'close' | 'on-hold', message: string) {
    try {
      await this.d.db.tx(async () => {
        const c = await this.d.conv.conversations.lockForTimer(id);
        if (!c || c.status !== 'open' || c.unanswered_since) return; // closed, held, queued, or answered
        if (c.last_agent_message_at?.getTime() !== lastAgentMessageAt.getTime()) return; // re-armed since
        if (action === 'close')
          await this.d.conv.lifecycle.close(c.id, { type: 'system', reason: REASON }, { message });
        else await this.d.conv.lifecycle.placeOnHold(c.id, null, REASON);
      });
    } catch (err) {
      // A refusal is an outcome, not a failure: e.g. no hold when the agent's last message was deleted
      // (`sessions.onHold.onlyAfterAgentEngagement`).
      if (!(err instanceof DomainError)) throw err;
    }
  }

  /**
   * In the transaction of a settings change (the cache takes it after commit: read what it wrote).
   * Off drops the sweep; a change while on runs it now (a shorter wait applies at once); turning it on
   * books it and starts the position now.
   */
  async settingChanged(key: SettingKey): Promise<void> {
    if (key !== 'sessions.visitorAbandonment.seconds' && key !== 'sessions.visitorAbandonment.action') return;
    const seconds = await this.d.settings.inTransaction('sessions.visitorAbandonment.seconds');
    const action = await this.d.settings.inTransaction('sessions.visitorAbandonment.action');
    if (seconds === 0 || action === 'none') {
      await this.d.jobs.cancel(KIND);
      return;
    }
    const now = this.d.clock.now();
    if (!(await this.d.jobs.pending(KIND))) await this.startPosition(now, true);
    await this.d.jobs.enqueue(KIND, {}, { idempotencyKey: KIND, runAt: now, replace: true });
  }

  /**
   * After an agent's message, once per process: books the sweep if the feature is on and it has none (an
   * install whose settings were made before this timer existed). Every later message pays one comparison.
   */
  ensureSweep(): Promise<void> | undefined {
    if (this.ensured || !this.enabled()) return undefined;
    this.ensured = this.d.db
      .tx(async () => {
        await this.startPosition(this.d.clock.now(), false);
        await this.d.jobs.enqueue(KIND, {}, { idempotencyKey: KIND }); // kept if it exists
      })
      .catch((err: unknown) => {
        this.ensured = undefined; // the next agent message tries again
        throw err;
      });
    return this.ensured;
  }

  enabled(): boolean {
    return (
      this.d.settings.get('sessions.visitorAbandonment.seconds') > 0 &&
      this.d.settings.get('sessions.visitorAbandonment.action') !== 'none'
    );
  }

  /**
   * When the sweep will act on this conversation (its due time; the sweep acts within its gap of it), or
   * undefined when it will not: off, not open, not waiting on the visitor, or already considered.
   */
  async dueAt(conversationId: string): Promise<Date | undefined> {
    if (!this.enabled()) return undefined;
    const c = await this.d.conv.conversations.peek(conversationId);
    if (!c || c.status !== 'open' || c.unanswered_since || !c.last_agent_message_at) return undefined;
    const from = await this.position();
    if (from && !isAfter({ at: c.last_agent_message_at, id: c.id }, from)) return undefined;
    return new Date(
      c.last_agent_message_at.getTime() + this.d.settings.get('sessions.visitorAbandonment.seconds') * 1000,
    );
  }

  /** When the sweep's next turn is booked (undefined: it is not, the feature is off). */
  async sweepAt(): Promise<Date | undefined> {
    return (await this.d.jobs.pending(KIND))?.runAt;
  }

  private async position(): Promise<Position | undefined> {
    const r = await this.d.db.q
      .selectFrom('session_sweeps')
      .select(['after_at', 'after_id'])
      .where('name', '=', SWEEP)
      .executeTakeFirst();
    return r ? { at: r.after_at, id: r.after_id } : undefined;
  }

  /** Forward only: a turn that overlapped a newer one never moves the position back. */
  private async advance(to: Position): Promise<void> {
    await sql`insert into session_sweeps (name, after_at, after_id) values (${SWEEP}, ${to.at}, ${to.id}::uuid)
      on conflict (name) do update set after_at = excluded.after_at, after_id = excluded.after_id
      where (session_sweeps.after_at, session_sweeps.after_id) < (excluded.after_at, excluded.after_id)`.execute(
      this.d.db.q,
    );
  }

  /**
   * The position at which a sweep turned on starts: agent messages from `now` on count (1 ms back, so one
   * written in the same millisecond as the change does too); `reset` false keeps one already there.
   */
  private async startPosition(now: Date, reset: boolean): Promise<void> {
    const at = new Date(now.getTime() - 1);
    await sql`insert into session_sweeps (name, after_at, after_id) values (${SWEEP}, ${at}, ${LAST_ID}::uuid)
      on conflict (name) do ${reset ? sql`update set after_at = excluded.after_at, after_id = excluded.after_id` : sql`nothing`}`.execute(
      this.d.db.q,
    );
  }
}

/**
 * The next turn: at the earliest due time, but not sooner than `gap` after this one (1% of the wait,
 * 1 s to 60 s: a scan reads every open conversation, so scans are kept rare and a chat may be acted on
 * that much after its due time); with nothing waiting, one wait from now (what is written later falls due
 * no sooner).
 */
function nextTurn(now: Date, seconds: number, earliest: Date | undefined): Date {
  const wait = seconds * 1000;
  if (!earliest) return new Date(now.getTime() + wait);
  const gap = Math.min(60_000, Math.max(1000, wait / 100));
  return new Date(Math.min(now.getTime() + wait, Math.max(earliest.getTime() + wait, now.getTime() + gap)));
}
