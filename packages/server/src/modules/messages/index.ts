import type { EventBus } from '../../kernel/bus.js';
import type { Clock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db/db.js';
import type { JobRunner } from '../../kernel/jobs.js';
import type { Mailer } from '../../kernel/mailer.js';
import type { VisitorsService } from '../contacts/index.js';
import type { SettingsService } from '../settings/index.js';
import { messagesListeners } from './messages.listeners.js';
import { MessagesService } from './messages.service.js';
import { notesRoutes } from './notes.routes.js';
import { NotesService, type NoteAccess } from './notes.service.js';
import { Timeline, type ConversationCounters } from './timeline.js';
import { Transcripts } from './transcripts.js';
import { MessageSearch } from './search.js';
import { UploadsService } from './uploads.service.js';
import './messages.tables.js';

export type { MessagesService, HistoryQuery } from './messages.service.js';
export type { UploadsService } from './uploads.service.js';
export { allowedContentTypes } from './uploads.service.js';
export type { Timeline, Appended, NewMessage, SendCheck, AppendState, ConversationCounters } from './timeline.js';
export type { Transcripts } from './transcripts.js';
export type { MessageSearch, SearchAudience } from './search.js';
export { hasSearchableWords } from './search.js';
export type { NotesService, NoteAccess } from './notes.service.js';
export {
  toMessageView,
  toVisitorMessage,
  visitorPresentation,
  type MessageRow,
  type VisitorPresentation,
} from './presenters.js';

export interface MessagesModuleInput {
  db: Db;
  bus: EventBus;
  clock: Clock;
  settings: SettingsService;
  visitors: VisitorsService;
  jobs: JobRunner;
  mailer: Mailer;
  /** The conversations' side of an append (their counters), given by the conversations module. */
  counters: ConversationCounters;
  /** Who may read a conversation (the conversations module's rule): for notes and their mentions. */
  noteAccess: NoteAccess;
  uploadDir: string;
  uploadMaxBytes: number;
}

export type MessagesModule = ReturnType<typeof createMessagesModule>;

/**
 * Every conversation's timeline: messages (chat, files, system, internal notes and their mentions), their edits, attachments and the
 * transcripts emailed from them. Who may read or write a conversation is the conversations module's
 * question; this module stores and presents what it is given.
 */
export function createMessagesModule(d: MessagesModuleInput) {
  const timeline = new Timeline(d.db, d.bus, d.clock, d.counters, {
    maxBatch: 500,
    maxInFlight: d.db.dialect === 'pglite' ? 1 : 2,
  });
  const uploads = new UploadsService(d.db, d.settings, d.clock, d.uploadDir, d.uploadMaxBytes);
  const messages = new MessagesService({ ...d, timeline }, uploads);
  const transcripts = new Transcripts(d.db, d.settings, d.jobs, d.mailer);
  const notes = new NotesService(d.db, d.bus, d.clock, timeline, d.noteAccess);
  const search = new MessageSearch(d.db);
  return {
    search,
    timeline,
    messages,
    uploads,
    transcripts,
    notes,
    routes: notesRoutes(notes),
    listeners: messagesListeners(transcripts),
  };
}
