import type { Clock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db/db.js';
import type { JobRunner } from '../../kernel/jobs.js';
import type { SettingsService } from '../settings/index.js';

const KIND = 'routing.tick';

/**
 * The dispatcher's safety net (#64, `queue.processingDelaySeconds`): one recurring job for the whole
 * cluster, not a timer per process. Whichever process claims a turn asks its dispatcher for a pass (the
 * pass itself is one at a time in the cluster) and books the next turn one interval later. A process
 * that dies leaves the row to the others; a restart finds it and does not add a second.
 */
export class DispatcherTick {
  constructor(
    private readonly d: { db: Db; jobs: JobRunner; clock: Clock; settings: SettingsService },
    pass: () => Promise<void>,
  ) {
    d.jobs.register({
      kind: KIND,
      run: async () => {
        d.db.afterCommit(() => void pass());
        return { runAgainAt: this.next() };
      },
    });
  }

  /** Books the first turn now, unless the cluster already has one. */
  start(): Promise<void> {
    return this.d.db.tx(() => this.d.jobs.enqueue(KIND, {}, { idempotencyKey: KIND }));
  }

  /** A changed interval applies from now: the next turn moves to now + the new interval. */
  async intervalChanged(): Promise<void> {
    await this.d.db.tx(() =>
      this.d.jobs.enqueue(KIND, {}, { idempotencyKey: KIND, runAt: this.next(), replace: true }),
    );
  }

  private next(): Date {
    return new Date(this.d.clock.now().getTime() + this.d.settings.get('queue.processingDelaySeconds') * 1000);
  }
}
