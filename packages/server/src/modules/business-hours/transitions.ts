import type { EventBus } from '../../kernel/bus.js';
import type { Clock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db/db.js';
import type { JobRunner } from '../../kernel/jobs.js';
import type { SettingsService } from '../settings/index.js';
import { readSchedules, toSchedule } from './business-hours.repo.js';
import { stateAt } from './calendar.js';

const KIND = 'business-hours.transition';

/**
 * The instants business hours open or close, as ONE recurring job for the cluster (design.md, Timers):
 * its row waits for the earliest next change among the schedules; its run emits `business-hours.changed`
 * (routing runs the dispatcher on it: opening is when queued chats get their agents) and books the change
 * after that. It runs in the transaction that moves its row, so once whatever the number of processes,
 * and a restart finds the row where it was. Edits and the settings move the row in their transaction.
 *
 * Being open is not stored anywhere: it is computed from the schedules and the clock whenever asked, so
 * a late or lost run can delay a dispatch, never leave hours "stuck" closed or open.
 */
export class HoursTransitions {
  constructor(private readonly d: { db: Db; jobs: JobRunner; bus: EventBus; settings: SettingsService; clock: Clock }) {
    d.jobs.register({
      kind: KIND,
      run: async () => {
        d.bus.emit('business-hours.changed', { scheduleId: null, reason: 'transition' });
        const next = await this.next();
        return next ? { runAgainAt: next } : undefined;
      },
    });
  }

  /** In the caller's transaction: books the next open/close instant, or drops the row (hours off, nothing changes). */
  async rearm(): Promise<void> {
    const next = await this.next();
    if (next) await this.d.jobs.enqueue(KIND, {}, { idempotencyKey: KIND, runAt: next, replace: true });
    else await this.d.jobs.cancel(KIND);
  }

  /** When the row waits for (what the tests and the admin can check). */
  async pendingAt(): Promise<Date | undefined> {
    return (await this.d.jobs.pending(KIND))?.runAt;
  }

  /** Read from the transaction, not a cache: another process's edit may not have reached this one's cache yet. */
  private async next(): Promise<Date | undefined> {
    if (!(await this.d.settings.inTransaction('businessHours.enabled'))) return undefined;
    const now = this.d.clock.now().getTime();
    let best: number | null = null;
    for (const s of await readSchedules(this.d.db)) {
      const at = stateAt(toSchedule(s), now).changesAt;
      if (at !== null && (best === null || at < best)) best = at;
    }
    return best === null ? undefined : new Date(best);
  }
}
