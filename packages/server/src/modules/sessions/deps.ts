import type { Clock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db/db.js';
import type { JobRunner } from '../../kernel/jobs.js';
import type { AgentsService } from '../agents/index.js';
import type { ConversationsModule } from '../conversations/index.js';
import type { SettingsService } from '../settings/index.js';
import type { QueueTimeoutTimer } from './timers.js';

/** What the session timers use: jobs for durability, conversations for the actions they take. */
export interface SessionsDeps {
  db: Db;
  jobs: JobRunner;
  clock: Clock;
  settings: SettingsService;
  conv: ConversationsModule;
  /** Whether an agent is still offline when the agent-offline timer runs. */
  agents: AgentsService;
  /** Routing's queue max wait, for the timers agents see (routing comes after sessions: passed in). */
  queueTimeout: QueueTimeoutTimer;
}
